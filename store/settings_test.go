package store

import (
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"wardpanel/model"
)

// TestPlainSettingFromAnOlderFile: a data file written before the plain
// setting existed (the schema 11 fixture) reads every user as plain off,
// without a migration; a user turns it on and off for themself, each
// change audited, and turning it on twice is refused.
func TestPlainSettingFromAnOlderFile(t *testing.T) {
	st, err := Open(copyFixture(t, filepath.Join("testdata", "schema-v11.db")), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	users, err := st.Users()
	if err != nil {
		t.Fatal(err)
	}
	if len(users) == 0 {
		t.Fatal("the fixture has no users")
	}
	for _, u := range users {
		if u.Plain {
			t.Errorf("%s reads as plain on from a file without the setting", u.Name)
		}
	}
	u := users[0]
	by := model.Actor{User: u, Fingerprint: "test"}
	for _, step := range []struct {
		on      bool
		refused bool
	}{{true, false}, {true, true}, {false, false}} {
		got, err := st.SetPlain(by, step.on)
		if step.refused != (err != nil) || err != nil && !errors.Is(err, model.ErrInvalid) {
			t.Fatalf("SetPlain(%v): %v, want refused %v", step.on, err, step.refused)
		}
		if err == nil && got.Plain != step.on {
			t.Errorf("SetPlain(%v) returned plain %v", step.on, got.Plain)
		}
		if again, _ := st.User(u.ID); again.Plain != step.on {
			t.Errorf("after SetPlain(%v) the user reads plain %v", step.on, again.Plain)
		}
	}
	entries, err := st.AuditFind(model.Operator.User, AuditQuery{Action: string(model.AuditUserEdit)})
	if err != nil {
		t.Fatal(err)
	}
	var plain []string
	for _, e := range entries {
		if strings.Contains(e.Summary, "plain mode") {
			plain = append(plain, e.Summary)
		}
	}
	if len(plain) != 2 {
		t.Errorf("audit entries for the setting: %q, want one on and one off", plain)
	}
}
