package tui

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"wardpanel/model"
)

// The housing officer has her action open while a police officer
// restricts its problem to the police and widens it again: her screen
// keeps the action throughout, as her actions list does.
func TestTheOwnersOpenActionStaysWhileItsProblemIsRestricted(t *testing.T) {
	st := realStore(t)
	enrolled := fuzzHousing
	enrolled.ID = 0
	if _, err := st.AddUser(model.Operator, enrolled); err != nil {
		t.Fatal(err)
	}
	asPolice := model.Actor{User: officer, Fingerprint: "SHA256:police"}
	p, err := st.CreateProblem(asPolice, model.Problem{Ward: wardA, Title: "Drug litter in the Elm Court stairwell", Category: "drugs"})
	if err != nil {
		t.Fatal(err)
	}
	a, err := st.CreateAction(asPolice, model.Action{Ward: wardA, ProblemID: p.ID, Title: "Deep-clean the Elm Court stairwell",
		OwnerAgency: "housing", Assignee: fuzzHousing.Name, Due: day(7)})
	if err != nil {
		t.Fatal(err)
	}
	u := fuzzHousing
	hs := newHarness(t, Options{Store: st, User: &u, Fingerprint: "SHA256:housing", Now: fixedNow, Live: true}, 100, 30)
	hs.keys("t")
	for range 20 {
		if cur, ok := hs.app.actions().Current(); ok && cur.ID == a.ID {
			break
		}
		hs.keys("down")
	}
	hs.keys("enter")
	if hs.app.active != screenAction || hs.app.action().a.ID != a.ID {
		t.Fatalf("the action is not open: %v #%d", hs.app.active, hs.app.action().a.ID)
	}
	for _, vis := range []model.Visibility{{Kind: model.VisAgencies, Agencies: []string{"police"}}, model.Panel} {
		cur, err := st.Problem(officer, p.ID)
		if err != nil {
			t.Fatal(err)
		}
		cur.Visibility = vis
		if _, err := st.UpdateProblem(asPolice, cur); err != nil {
			t.Fatal(err)
		}
		hs.send(StoreChangedMsg{Revision: st.Revision()})
		if v := ansi.Strip(hs.view()); hs.app.active != screenAction || !strings.Contains(v, a.Title) {
			t.Fatalf("with the problem %s, her action left the screen:\n%s", vis, v)
		}
	}
}
