package sshd

import (
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"

	"wardpanel/model"
)

// TestAMeetingIsFollowedOnEveryScreen is the meetings acceptance over SSH:
// a chair and three participants; the chair steps and every participant's
// screen shows the new item without a key pressed; one browses away and
// comes back with one key; attendance lists the connected users with their
// agencies.
func TestAMeetingIsFollowedOnEveryScreen(t *testing.T) {
	f := startServer(t, false)
	for _, a := range []string{"residents"} {
		if _, err := f.st.PutAgency(model.Operator, model.Agency{Code: a}); err != nil {
			t.Fatal(err)
		}
	}
	enrol := func(name, agency string, role model.Role) (model.User, gossh.Signer) {
		s := newSigner(t)
		u, err := f.st.AddUser(model.Operator, model.User{Name: name, Agency: agency, Role: role,
			Wards: []string{testWard}, Keys: []model.Key{model.KeyFrom(s.PublicKey(), "")}})
		if err != nil {
			t.Fatal(err)
		}
		return u, s
	}
	alex, chairKey := enrol("Alex Chair", "residents", model.RoleChair)
	_, ruthKey := enrol("Ruth Resident", "residents", model.RoleMember)
	if _, err := f.st.CreateMeeting(model.Actor{User: alex, Fingerprint: "test"}, model.Meeting{
		// Planned for four weeks on: started today, s asks first (issue 17).
		Ward: testWard, Title: "Testford Ward Panel", When: time.Now().UTC().Truncate(time.Hour).AddDate(0, 0, 28)}); err != nil {
		t.Fatal(err)
	}

	chairTerm := openTerminal(t, f.addr, chairKey, 80, 24)
	chairTerm.screen.WaitFor(t, "● live")
	chairTerm.press(t, "m")
	chairTerm.screen.WaitFor(t, "Testford Ward Panel")
	chairTerm.press(t, "\r")
	chairTerm.screen.WaitFor(t, "s start meeting")
	chairTerm.press(t, "s")
	chairTerm.screen.WaitFor(t, "press s again")
	chairTerm.press(t, "s")
	chairTerm.screen.WaitFor(t, "● LIVE")

	// Three participants join from their boards: m goes straight to the
	// meeting under way.
	var people []*terminal
	for _, key := range []gossh.Signer{f.police, f.housing, ruthKey} {
		term := openTerminal(t, f.addr, key, 80, 24)
		term.screen.WaitFor(t, "▶ meeting live")
		term.press(t, "m")
		term.screen.WaitFor(t, "1. Welcome and apologies")
		people = append(people, term)
	}
	dana, priya := people[0], people[1]

	// Attendance, on the first item's screen: everyone connected, with
	// their agency, marked present by connecting.
	for _, want := range []string{"Alex Chair — residents", "Dana Police — police", "Priya Housing — housing", "Ruth Resident — residents"} {
		chairTerm.screen.WaitFor(t, want)
	}
	got, err := f.st.Meeting(alex, 1)
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Attendance) != 4 {
		t.Fatalf("attendance %+v, want the chair and three participants", got.Attendance)
	}

	// The chair steps; each participant follows with no key pressed.
	step := func(key, want string) {
		t.Helper()
		marks := make([]int, len(people))
		for i, p := range people {
			marks[i] = p.screen.Mark()
		}
		chairTerm.press(t, key)
		for i, p := range people {
			p.screen.WaitForSince(t, marks[i], want)
		}
	}
	step("n", "2. Minutes and actions of the last meeting")

	// Priya browses two items down; the next step leaves her there...
	priya.press(t, "jj")
	priya.screen.WaitFor(t, "press f to follow")
	mark := dana.screen.Mark()
	chairTerm.press(t, "n")
	dana.screen.WaitForSince(t, mark, "3. Police actions on the previous")
	priya.screen.WaitFor(t, "4. Crime, ASB and survey picture")
	// ...and one key brings her back to where the meeting is.
	mark = priya.screen.Mark()
	priya.press(t, "f")
	priya.screen.WaitForSince(t, mark, "3. Police actions on the previous")
	priya.screen.WaitFor(t, "Following the chair")
	step("p", "2. Minutes and actions of the last meeting")
}
