package model

import "testing"

func TestStartWard(t *testing.T) {
	tests := []struct {
		name  string
		wards []string
		last  string
		want  string
	}{
		{"one ward", []string{"E05000001"}, "", "E05000001"},
		{"two wards, none used yet", []string{"E05000001", "E05000002"}, "", "E05000001"},
		{"two wards, the second used last", []string{"E05000001", "E05000002"}, "E05000002", "E05000002"},
		{"no longer a member of the last", []string{"E05000001", "E05000003"}, "E05000002", "E05000001"},
		{"no ward", nil, "E05000002", ""},
	}
	for _, tt := range tests {
		u := User{Wards: tt.wards, LastWard: tt.last}
		if got := u.StartWard(); got != tt.want {
			t.Errorf("%s: %q, want %q", tt.name, got, tt.want)
		}
	}
}
