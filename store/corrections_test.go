package store

import (
	"errors"
	"strings"
	"testing"

	"wardpanel/model"
)

// The keepers correct closed minutes until the next meeting agrees them:
// the original stays in the audit trail, as restricted as the entry it
// was; once agreed, the minutes stand.
func TestCorrectionsUntilTheMinutesAreAgreed(t *testing.T) {
	e := newEnv(t)
	m1 := e.planMeeting(t, "Sam Secretary", model.Meeting{})
	police := onlyAgencies("police")
	e.runMeeting(t, "Chris Chair", m1.ID, model.StartMeeting{})
	e.runMeeting(t, "Sam Secretary", m1.ID,
		model.AddNote{Item: 4, Kind: model.NoteDecision, Text: "Close the alley at night"},
		model.AddNote{Item: 4, Kind: model.NoteInformation, Text: "Warrant planned at 14 Heron Walk", Visibility: police})
	e.runMeeting(t, "Mo Member", m1.ID, model.Attend{})
	e.runMeeting(t, "Chris Chair", m1.ID, model.CloseMeeting{})

	e.runMeeting(t, "Sam Secretary", m1.ID,
		model.CorrectEntry{Item: 4, Note: 0, Text: "Gate the alley at night"},
		model.CorrectEntry{Item: 4, Note: 1, Strike: true},
		model.CorrectAttendance{Name: "Mo Member", Strike: true})
	got := e.readMeeting(t, "Mo Member", m1.ID)
	if n := got.Items[3].Notes; n[0].Text != "Gate the alley at night" || !n[0].Corrected || !n[1].Withheld {
		t.Errorf("a member reads %+v", n)
	}
	if !got.Attendance[0].Struck {
		t.Errorf("attendance %+v", got.Attendance)
	}
	// The originals are in the trail: the decision's for the panel, the
	// restricted entry's only for those who could read it.
	trail := func(who string) string {
		es, err := e.s.AuditFind(e.u[who], AuditQuery{Action: string(model.AuditMeetingCorrect)})
		if err != nil {
			t.Fatal(err)
		}
		return strings.Join(summaries(es), "\n")
	}
	if tr := trail("Pat Police"); !strings.Contains(tr, `it read: "Close the alley at night"`) || !strings.Contains(tr, "Warrant planned") {
		t.Errorf("the police officer's trail:\n%s", tr)
	}
	if tr := trail("Hana Housing"); !strings.Contains(tr, "Close the alley") || strings.Contains(tr, "Warrant") {
		t.Errorf("the housing officer's trail:\n%s", tr)
	}
	// An officer who is not a keeper cannot correct.
	_, err := e.s.ChangeMeeting(e.actor("Pat Police"), m1.ID, model.CorrectEntry{Item: 4, Note: 0, Text: "Something else"})
	wantIs(t, err, model.ErrForbidden)

	// The next meeting agrees them; from then they stand.
	m2 := e.planMeeting(t, "Sam Secretary", model.Meeting{PreviousID: m1.ID})
	e.runMeeting(t, "Chris Chair", m2.ID, model.StartMeeting{}, model.AgreeMinutes{Previous: m1.ID})
	if got := e.readMeeting(t, "Mo Member", m1.ID); got.AgreedIn != m2.ID {
		t.Fatalf("meeting 1 agreed in %d", got.AgreedIn)
	}
	err = wroteNothing(t, e, func() error {
		_, err := e.s.ChangeMeeting(e.actor("Sam Secretary"), m1.ID, model.CorrectEntry{Item: 4, Note: 0, Text: "Something else"})
		return err
	})
	if !errors.Is(err, model.ErrForbidden) || !strings.Contains(err.Error(), "agreed at meeting") {
		t.Errorf("a correction after agreement: %v", err)
	}
	_, err = e.s.ChangeMeeting(e.actor("Chris Chair"), m2.ID, model.AgreeMinutes{Previous: m1.ID})
	wantIs(t, err, model.ErrForbidden)
}
