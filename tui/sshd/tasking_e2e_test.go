package sshd

import (
	"fmt"
	"testing"

	"wardpanel/model"
)

// TestTaskingIsLiveOnEveryScreen is the tasking acceptance: three partners
// on one ward see a status change made by one of them without pressing a
// key; an edit that started before it is refused with the other person's
// name and keeps what was typed; an action closed over SSH shows at once.
func TestTaskingIsLiveOnEveryScreen(t *testing.T) {
	f := startServer(t, false)
	action, _ := f.withActions(t)
	sam := newSigner(t)
	if _, err := f.st.AddUser(model.Operator, model.User{Name: "Sam Police", Agency: "police", Role: model.RoleOfficer,
		Wards: []string{testWard}, Keys: []model.Key{model.KeyFrom(sam.PublicKey(), "")}}); err != nil {
		t.Fatal(err)
	}

	dana := openTerminal(t, f.addr, f.police, 80, 24)
	priya := openTerminal(t, f.addr, f.housing, 80, 24)
	samTerm := openTerminal(t, f.addr, sam, 80, 24)
	for _, term := range []*terminal{dana, priya, samTerm} {
		term.screen.WaitFor(t, "● live")
		term.press(t, "t") // the Actions screen
		term.screen.WaitFor(t, action.Title)
	}

	// Dana starts editing the action's title...
	dana.press(t, "e")
	dana.screen.WaitFor(t, "ctrl+s")
	dana.press(t, " before the meeting")

	// ...while Sam moves it on. Priya's screen follows with no key pressed.
	mark := priya.screen.Mark()
	samTerm.press(t, "s")
	samTerm.screen.WaitFor(t, "in-progress")
	samTerm.press(t, "\r")
	priya.screen.WaitForSince(t, mark, "in-progress")

	// Dana's save is refused, naming Sam, and her words are still there.
	mark = dana.screen.Mark()
	dana.press(t, "\x13") // ctrl+s
	dana.screen.WaitForSince(t, mark, "Changed by Sam Police")
	dana.screen.WaitFor(t, "before the meeting")
	got, err := f.st.Action(model.User{Agency: "police", Role: model.RoleOfficer, Wards: []string{testWard}}, action.ID)
	if err != nil || got.Title != action.Title || got.Status != model.ActionInProgress {
		t.Fatalf("after the refused save the action is %+v (%v); want Sam's status and the old title", got, err)
	}

	// Closing it over SSH reaches the open screens.
	marks := []int{priya.screen.Mark(), samTerm.screen.Mark()}
	_, errOut, code := sshRun(t, f.addr, f.police, fmt.Sprintf("action done %d --outcome 'Fly-tip cleared'", action.ID))
	if code != 0 {
		t.Fatalf("action done: exit %d, %s", code, errOut)
	}
	priya.screen.WaitForSince(t, marks[0], "done")
	samTerm.screen.WaitForSince(t, marks[1], "done")
}

func (h *terminal) press(t testing.TB, keys string) {
	t.Helper()
	if _, err := h.in.Write([]byte(keys)); err != nil {
		t.Fatalf("typing %q: %v", keys, err)
	}
}
