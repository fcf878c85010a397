package sshd

import (
	"fmt"
	"strings"
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

// TestAnActionAssignedThroughThePickerIsTheAssigneesOwn is issue 17's
// tasking acceptance: Dana raises an action from the Actions screen and
// picks Sam by typing part of his name; it is then in Sam's `actions
// --mine` and in his Actions screen's "mine" view, and not in Dana's.
func TestAnActionAssignedThroughThePickerIsTheAssigneesOwn(t *testing.T) {
	f := startServer(t, false)
	sam := newSigner(t)
	if _, err := f.st.AddUser(model.Operator, model.User{Name: "Sam Police", Agency: "police", Role: model.RoleOfficer,
		Wards: []string{testWard}, Keys: []model.Key{model.KeyFrom(sam.PublicKey(), "")}}); err != nil {
		t.Fatal(err)
	}
	const title = "Walk the Heron Walk stairwells nightly"

	dana := openTerminal(t, f.addr, f.police, 80, 24)
	dana.screen.WaitFor(t, "● live")
	dana.press(t, "t")
	dana.screen.WaitFor(t, "Actions")
	dana.press(t, "n")
	dana.screen.WaitFor(t, "ctrl+s")
	dana.press(t, title+"\t")
	dana.screen.WaitFor(t, "to choose from")
	dana.press(t, "sam")
	dana.screen.WaitFor(t, "< Sam Police · police >")
	mark := dana.screen.Mark()
	dana.press(t, "\x13") // ctrl+s
	dana.screen.WaitForSince(t, mark, "Raised action")

	out, errOut, code := sshRun(t, f.addr, sam, "actions --mine")
	if code != 0 || !strings.Contains(out, title) || !strings.Contains(out, "Sam Police") {
		t.Fatalf("Sam's actions --mine (exit %d):\n%s%s", code, out, errOut)
	}
	if out, _, _ := sshRun(t, f.addr, f.police, "actions --mine"); strings.Contains(out, title) {
		t.Fatalf("Dana's actions --mine lists Sam's action:\n%s", out)
	}

	samTerm := openTerminal(t, f.addr, sam, 80, 24)
	samTerm.screen.WaitFor(t, "● live")
	samTerm.press(t, "t")
	samTerm.screen.WaitFor(t, "Actions")
	samTerm.press(t, "v") // all → mine
	samTerm.screen.WaitFor(t, "mine")
	samTerm.screen.WaitFor(t, "Walk the Heron Walk")
}
