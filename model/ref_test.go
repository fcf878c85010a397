package model

import "testing"

func TestReferences(t *testing.T) {
	for _, tt := range []struct{ got, want string }{
		{ProblemRef(13), "P13"},
		{ActionRef(5), "A5"},
		{RecordRef(RecordProblem, 4), "P4"},
		{RecordRef(RecordAction, 4), "A4"},
		// Audit targets keep their stored form in the file and read as
		// references on screen, old entries and new alike.
		{TargetRef("problem/12"), "P12"},
		{TargetRef("action/3"), "A3"},
		{TargetRef("meeting/3"), "meeting/3"},
		{TargetRef("user/2"), "user/2"},
		{TargetRef("agency/police"), "agency/police"},
		{TargetRef("problem/"), "problem/"},
		{TargetRef("problem/0"), "problem/0"},
		{TargetRef("problem/x1"), "problem/x1"},
		{TargetRef(""), ""},
	} {
		if tt.got != tt.want {
			t.Errorf("got %q, want %q", tt.got, tt.want)
		}
	}
}

func TestCounted(t *testing.T) {
	for _, tt := range []struct {
		n         int
		one, many string
		want      string
	}{
		{0, "ballot", "ballots", "0 ballots"},
		{1, "ballot", "ballots", "1 ballot"},
		{2, "ballot", "ballots", "2 ballots"},
		{1, "apology", "apologies", "1 apology"},
		{3, "apology", "apologies", "3 apologies"},
		{1, "evidence entry", "evidence entries", "1 evidence entry"},
		{-2, "day", "days", "-2 days"},
	} {
		if got := Counted(tt.n, tt.one, tt.many); got != tt.want {
			t.Errorf("Counted(%d, %q, %q) = %q, want %q", tt.n, tt.one, tt.many, got, tt.want)
		}
	}
}
