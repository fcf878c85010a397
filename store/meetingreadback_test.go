package store

import (
	"reflect"
	"testing"
	"time"

	"wardpanel/model"
)

// Whoever changes a meeting is answered with the meeting as a read then
// shows it to them, though the answer is read without the ward's caches:
// the same items, the same links and matters arising they may see, and
// nothing they may not.
func TestChangeMeetingAnswersWhatAReadShows(t *testing.T) {
	e := newEnv(t)
	open := e.create(t, "Pat Police", model.Problem{Title: "Fly-tipping on Elm Road"})
	other := e.create(t, "Hana Housing", model.Problem{Title: "Burglary on the estate"})
	secret := e.create(t, "Pat Police", model.Problem{Title: "Dealing in Elm Court", Visibility: onlyAgencies("police")})
	m := e.planMeeting(t, "Sam Secretary", model.Meeting{})
	e.runMeeting(t, "Cass Police Chair", m.ID,
		model.EditItem{ID: 4, Title: "Crime, ASB and survey picture", Allotted: 10, Problems: []model.ID{secret.ID, open.ID}},
		model.StartMeeting{})
	e.raiseInMeeting(t, "Sam Secretary", m.ID, 5, model.Action{Title: "Fix the lights", OwnerAgency: "housing"})
	warrant := e.raiseInMeeting(t, "Pat Police", m.ID, 5, model.Action{Title: "Warrant on Flat 3", OwnerAgency: "police", ProblemID: secret.ID})

	for _, tc := range []struct {
		who string
		ch  model.MeetingChange
	}{
		{"Cass Police Chair", model.AddItem{Item: model.AgendaItem{Title: "Drugs on the estate", Allotted: 10, Problems: []model.ID{secret.ID}}, After: 6}},
		{"Sam Secretary", model.AddItem{Item: model.AgendaItem{Title: "Lighting", Allotted: 5, Problems: []model.ID{open.ID}}, After: 6}},
		{"Chris Chair", model.OpenVote{Candidates: []model.ID{open.ID, other.ID}}},
		{"Mo Member", model.CastVote{Choices: []model.ID{other.ID}}},
		{"Pat Police", model.CastVote{Choices: []model.ID{open.ID}}},
		{"Mo Member", model.CastVote{Choices: []model.ID{open.ID}}}, // refused: already voted
	} {
		got, err := e.s.ChangeMeeting(e.actor(tc.who), m.ID, tc.ch)
		if err != nil {
			if _, ok := tc.ch.(model.CastVote); ok {
				continue
			}
			t.Fatalf("%T by %s: %v", tc.ch, tc.who, err)
		}
		if want := e.readMeeting(t, tc.who, m.ID); !reflect.DeepEqual(got, want) {
			t.Errorf("%T by %s answered\n%+v\nwhere a read shows\n%+v", tc.ch, tc.who, got, want)
		}
	}
	got, err := e.s.ReviewAction(e.actor("Pat Police"), m.ID, warrant.ID, "Warrant executed", model.ActionDone)
	if err != nil {
		t.Fatal(err)
	}
	if want := e.readMeeting(t, "Pat Police", m.ID); !reflect.DeepEqual(got, want) {
		t.Errorf("ReviewAction answered\n%+v\nwhere a read shows\n%+v", got, want)
	}
}

// A change to a meeting is answered without waiting for the sessions
// reading the ward's cached meetings, problems and actions: with every
// one of those caches held by a reader, the change still returns.
func TestChangeMeetingWaitsForNoCacheReader(t *testing.T) {
	e := newEnv(t)
	open := e.create(t, "Pat Police", model.Problem{Title: "Fly-tipping on Elm Road"})
	m := e.planMeeting(t, "Sam Secretary", model.Meeting{})
	e.runMeeting(t, "Chris Chair", m.ID, model.StartMeeting{}, model.OpenVote{Candidates: []model.ID{open.ID}})
	e.readMeeting(t, "Mo Member", m.ID) // the caches filled, as a following session has them
	for _, held := range []interface{ Lock() }{&e.s.meetingCache.entry(north).mu, &e.s.problemCache.entry(north).mu, &e.s.actionCache.entry(north).mu} {
		held.Lock()
	}
	defer func() {
		e.s.meetingCache.entry(north).mu.Unlock()
		e.s.problemCache.entry(north).mu.Unlock()
		e.s.actionCache.entry(north).mu.Unlock()
	}()
	answered := make(chan error, 1)
	go func() {
		_, err := e.s.ChangeMeeting(e.actor("Mo Member"), m.ID, model.CastVote{Choices: []model.ID{open.ID}})
		answered <- err
	}()
	select {
	case err := <-answered:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(10 * time.Second): // a bound on failure, not a synchronisation
		t.Fatal("the ballot waited for the readers of the ward's caches")
	}
}
