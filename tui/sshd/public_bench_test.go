package sshd

import (
	"testing"

	"wardpanel/model"
)

// publicReaders publishes the fixture's ward and opens n public@ screens
// on its summary, each with a key of its own, left open for the benchmark.
func (f *fixture) publicReaders(b *testing.B, n int) {
	b.Helper()
	if n == 0 {
		return
	}
	chair, err := f.st.AddUser(model.Operator, model.User{Name: "Bench Chair", Agency: "police", Role: model.RoleChair, Wards: []string{testWard}})
	if err != nil {
		b.Fatal(err)
	}
	if _, err := f.st.PublishSummary(model.Actor{User: chair, Fingerprint: "bench"}, testWard); err != nil {
		b.Fatal(err)
	}
	for i := 0; i < n; i++ {
		term, _ := tappedAs(b, f.addr, publicUser, newSigner(b), 80, 24)
		scr, in := term.screen, term.in
		scr.WaitFor(b, "Choose a ward")
		_, _ = in.Write([]byte("\r"))
		scr.WaitFor(b, "Your priorities now")
	}
}
