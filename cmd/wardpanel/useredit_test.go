package main

import (
	"encoding/json"
	"strings"
	"testing"
)

// TestUserEditCommand changes an enrolled user's role, wards and e-mail,
// on the data folder and through the running server, with one exit
// status per kind of mistake.
func TestUserEditCommand(t *testing.T) {
	dir := t.TempDir()
	for _, args := range [][]string{
		{"ward", "add", "--code", "E05000001", "--name", "Testford"},
		{"ward", "add", "--code", "E05000002", "--name", "Otherby"},
		{"agency", "add", "--code", "police"},
		{"agency", "add", "--code", "housing"},
		{"user", "add", "--name", "Sam Lee", "--agency", "police", "--role", "officer", "--ward", "E05000001"},
		{"user", "add", "--name", "Kim", "--agency", "housing", "--role", "member", "--ward", "E05000001"},
	} {
		if _, errOut, code := wp(append(args, "--data", dir)...); code != 0 {
			t.Fatalf("%v: %s", args, errOut)
		}
	}
	out, errOut, code := wp("user", "edit", "Sam", "Lee", "--role", "Chair", "--add-ward", "E05000002", "--email", "sam@example.org", "--data", dir)
	if code != 0 || !strings.Contains(out, "Sam Lee is now chair, police, in E05000001, E05000002") {
		t.Fatalf("user edit: exit %d, %q, %q", code, out, errOut)
	}
	startServe(t, dir, false)
	for _, tt := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"user", "edit", "Sam Lee", "--remove-ward", "E05000001"}, 0, "Sam Lee is now chair, police, in E05000002"},
		{[]string{"user", "edit", "Sam Lee", "--role", "boss"}, 2, `unknown role "boss"`},
		{[]string{"user", "edit", "Sam Lee", "--agency", "nope"}, 2, `--agency "nope": no such agency`},
		{[]string{"user", "edit", "Sam Lee", "--add-ward", "E05000009"}, 2, "no such ward"},
		{[]string{"user", "edit", "Sam Lee", "--email", "sam at home"}, 2, "not an e-mail address"},
		{[]string{"user", "edit", "Kim", "--email", "SAM@example.org"}, 1, "already has the e-mail address"},
		{[]string{"user", "edit", "Nobody", "--role", "member"}, 1, `no user named "Nobody"`},
		{[]string{"user", "edit", "Sam Lee", "--role", "chair"}, 1, "already has that role"},
		{[]string{"user", "edit", "Sam Lee"}, 2, "say what to change"},
	} {
		out, errOut, code := wp(append(tt.args, "--data", dir)...)
		got := errOut
		if code == 0 {
			got = out
		}
		if code != tt.code || !strings.Contains(got, tt.want) {
			t.Errorf("%v: exit %d, %q %q; want %d and %q", tt.args, code, out, errOut, tt.code, tt.want)
		}
	}
	out, _, code = wp("user", "list", "--json", "--data", dir)
	var users []struct {
		Name  string   `json:"name"`
		Role  string   `json:"role"`
		Wards []string `json:"wards"`
		Email string   `json:"email"`
	}
	if err := json.Unmarshal([]byte(out), &users); code != 0 || err != nil || len(users) != 2 ||
		users[0].Role != "chair" || users[0].Email != "sam@example.org" || len(users[0].Wards) != 1 {
		t.Errorf("user list --json: exit %d, %v\n%s", code, err, out)
	}
	if out, _, code := wp("user", "list", "--csv", "--data", dir); code != 0 || !strings.HasPrefix(out, "name,role,agency,wards,keys,status,e-mail\n") {
		t.Errorf("user list --csv: exit %d\n%s", code, out)
	}
}
