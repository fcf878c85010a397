package store

import (
	"errors"
	"fmt"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"wardpanel/model"
)

// day is a due or occurred date in March 2025, around the test clock.
func day(d int) time.Time { return time.Date(2025, 3, d, 0, 0, 0, 0, time.UTC) }

// raise creates an action with defaults for what the test does not care about.
func (e *env) raise(t testing.TB, by string, a model.Action) model.Action {
	t.Helper()
	if a.Ward == "" {
		a.Ward = north
	}
	if a.Title == "" {
		a.Title = "Visit the block"
	}
	if a.OwnerAgency == "" {
		a.OwnerAgency = e.u[by].Agency
	}
	if a.Due.IsZero() {
		a.Due = day(20)
	}
	got, err := e.s.CreateAction(e.actor(by), a)
	if err != nil {
		t.Fatalf("CreateAction by %s: %v", by, err)
	}
	return got
}

func (e *env) logEvidence(t testing.TB, by string, ev model.Evidence) model.Evidence {
	t.Helper()
	if ev.Kind == "" {
		ev.Kind = model.EvidenceFact
	}
	if ev.Text == "" {
		ev.Text = "Twelve calls about it in February"
	}
	if ev.Occurred.IsZero() {
		ev.Occurred = day(1)
	}
	got, err := e.s.AddEvidence(e.actor(by), ev)
	if err != nil {
		t.Fatalf("AddEvidence by %s: %v", by, err)
	}
	return got
}

func actionIDs(as []model.Action) []model.ID {
	out := []model.ID{}
	for _, a := range as {
		out = append(out, a.ID)
	}
	return out
}

func evidenceIDs(es []model.Evidence) []model.ID {
	out := []model.ID{}
	for _, e := range es {
		out = append(out, e.ID)
	}
	return out
}

// wroteNothing runs a write that must be refused and checks it left no
// trace: no audit entry, no revision, nothing published.
func wroteNothing(t *testing.T, e *env, write func() error) error {
	t.Helper()
	sub := e.s.Subscribe()
	defer sub.Close()
	before, rev := auditCount(t, e.s), e.s.Revision()
	err := write()
	if err == nil {
		t.Fatal("the write succeeded")
	}
	if auditCount(t, e.s) != before || e.s.Revision() != rev {
		t.Error("a refused write left an audit entry or moved the revision")
	}
	if !empty(sub) {
		t.Error("a refused write was published")
	}
	return err
}

func TestTaskingRoundTrip(t *testing.T) {
	e := newEnv(t)
	pat, hana := e.actor("Pat Police"), e.actor("Hana Housing")
	p := e.create(t, "Pat Police", model.Problem{Title: "Dealing in Elm Court", Visibility: onlyAgencies("police", "housing")})

	// An action left without a visibility takes its problem's.
	a, err := e.s.CreateAction(pat, model.Action{
		Ward: "e05000001", ProblemID: p.ID, Title: "  Change the door locks ", Description: "Both entrances.\nAsk the caretaker.",
		OwnerAgency: "Housing", Assignee: "Hana Housing", Due: time.Date(2025, 3, 20, 15, 4, 5, 0, time.UTC), Status: "In Progress",
		// Bookkeeping the caller cannot set.
		ID: 77, Version: 9, CreatedBy: "someone", UpdatedBy: "someone",
	})
	if err != nil {
		t.Fatal(err)
	}
	if a.ID != 1 || a.Version != 1 || a.Ward != north || a.Title != "Change the door locks" || a.OwnerAgency != "housing" ||
		a.Status != model.ActionInProgress || !a.Due.Equal(day(20)) || a.Visibility.String() != "agencies:housing,police" ||
		a.CreatedBy != "Pat Police" || a.UpdatedBy != "Pat Police" || a.CreatedAt.IsZero() || !a.CreatedAt.Equal(a.UpdatedAt) {
		t.Errorf("created %+v", a)
	}
	same := func(what string, got, want any, err error) {
		t.Helper()
		if err != nil || !reflect.DeepEqual(got, want) {
			t.Errorf("%s:\n got  %+v, %v\n want %+v", what, got, err, want)
		}
	}
	got, err := e.s.Action(e.u["Hana Housing"], a.ID)
	same("Action", got, a, err)
	list, err := e.s.Actions(e.u["Hana Housing"], north)
	same("Actions", list, []model.Action{a}, err)
	list, err = e.s.ProblemActions(e.u["Hana Housing"], p.ID)
	same("ProblemActions", list, []model.Action{a}, err)

	edit := a
	edit.Due, edit.Description = day(27), "Both entrances."
	upd, err := e.s.UpdateAction(hana, edit)
	if err != nil || upd.Version != 2 || upd.UpdatedBy != "Hana Housing" || !upd.UpdatedAt.After(a.UpdatedAt) ||
		upd.CreatedBy != "Pat Police" || !upd.CreatedAt.Equal(a.CreatedAt) {
		t.Errorf("updated %+v, %v", upd, err)
	}
	got, err = e.s.Action(e.u["Pat Police"], a.ID)
	same("Action after update", got, upd, err)

	o, err := e.s.AddOutcome(hana, a.ID, model.Outcome{Text: "Locks changed on both doors.", Result: "Environmental Change", By: "someone", ID: 50})
	if err != nil || o.ID != 1 || o.ActionID != a.ID || o.By != "Hana Housing" || o.Agency != "housing" ||
		o.Result != "environmental-change" || o.At.IsZero() {
		t.Errorf("outcome %+v, %v", o, err)
	}
	done, err := e.s.SetActionStatus(pat, a.ID, model.ActionDone, &model.Outcome{Text: "Checked a week later: no more dealing seen."})
	if err != nil || done.Status != model.ActionDone || done.Version != 3 || done.UpdatedBy != "Pat Police" {
		t.Errorf("SetActionStatus: %+v, %v", done, err)
	}
	outs, err := e.s.Outcomes(e.u["Hana Housing"], a.ID)
	if err != nil || len(outs) != 2 || !reflect.DeepEqual(outs[0], o) || outs[1].ID != 2 || outs[1].By != "Pat Police" ||
		outs[1].Agency != "police" || outs[1].Result != "other" || !outs[1].At.Equal(done.UpdatedAt) {
		t.Errorf("Outcomes = %+v, %v", outs, err)
	}

	ev, err := e.s.AddEvidence(hana, model.Evidence{
		ProblemID: p.ID, Ward: south, Kind: "Fact", Text: "Nine reports of needles\x1b[2J in February.",
		Occurred: time.Date(2025, 2, 28, 18, 0, 0, 0, time.UTC), LoggedBy: "someone", Agency: "police",
	})
	if err != nil || ev.ID != 1 || ev.Ward != north || ev.Kind != model.EvidenceFact || ev.Text != "Nine reports of needles in February." ||
		!ev.Occurred.Equal(time.Date(2025, 2, 28, 0, 0, 0, 0, time.UTC)) || ev.LoggedBy != "Hana Housing" || ev.Agency != "housing" ||
		ev.LoggedAt.IsZero() || ev.Visibility.String() != "agencies:housing,police" {
		t.Errorf("evidence %+v, %v", ev, err)
	}
	evs, err := e.s.Evidence(e.u["Pat Police"], p.ID)
	same("Evidence", evs, []model.Evidence{ev}, err)

	// All of it survives a restart, exactly.
	if err := e.s.Close(); err != nil {
		t.Fatal(err)
	}
	e.s = openAt(t, e.dir, e.clock)
	got, err = e.s.Action(e.u["Hana Housing"], a.ID)
	same("Action after reopen", got, done, err)
	outs2, err := e.s.Outcomes(e.u["Hana Housing"], a.ID)
	same("Outcomes after reopen", outs2, outs, err)
	evs, err = e.s.Evidence(e.u["Hana Housing"], p.ID)
	same("Evidence after reopen", evs, []model.Evidence{ev}, err)
}

func TestTaskingCallerSlicesUntouched(t *testing.T) {
	e := newEnv(t)
	vis := []string{"Police", "HOUSING"}
	p := e.create(t, "Pat Police", model.Problem{Title: "Shared slices"})
	e.raise(t, "Pat Police", model.Action{ProblemID: p.ID, Visibility: model.Visibility{Kind: model.VisAgencies, Agencies: vis}})
	e.logEvidence(t, "Pat Police", model.Evidence{ProblemID: p.ID, Visibility: model.Visibility{Kind: model.VisAgencies, Agencies: vis}})
	if !reflect.DeepEqual(vis, []string{"Police", "HOUSING"}) {
		t.Errorf("caller's slice rewritten: %v", vis)
	}
}

func TestTaskingAuditEntries(t *testing.T) {
	e := newEnv(t)
	pat, hana := e.actor("Pat Police"), e.actor("Hana Housing")
	p := e.create(t, "Pat Police", model.Problem{Title: "Dealing in Elm Court", Visibility: onlyAgencies("police", "housing")})
	a := e.raise(t, "Pat Police", model.Action{ProblemID: p.ID, Title: "Change the door locks", Description: "SECRET PLAN", Due: day(20)})

	edit := a
	// The owner stays police: an action must stay visible to its owner agency.
	edit.Status, edit.Due, edit.Assignee = model.ActionInProgress, day(27), "Hana Housing"
	edit.Title, edit.Description, edit.Visibility = "Change the locks", "SECRET PLAN B", onlyAgencies("police")
	a, err := e.s.UpdateAction(pat, edit)
	if err != nil {
		t.Fatal(err)
	}
	a2 := a
	a2.Description = "SECRET PLAN C"
	if _, err := e.s.UpdateAction(pat, a2); err != nil {
		t.Fatal(err)
	}
	if _, err := e.s.AddOutcome(pat, a.ID, model.Outcome{Text: "SECRET OUTCOME", Result: "enforcement"}); err != nil {
		t.Fatal(err)
	}
	if _, err := e.s.SetActionStatus(pat, a.ID, model.ActionDone, &model.Outcome{Text: "SECRET OUTCOME 2", Result: "engagement"}); err != nil {
		t.Fatal(err)
	}
	if _, err := e.s.SetActionStatus(pat, a.ID, model.ActionOpen, nil); err != nil {
		t.Fatal(err)
	}
	ev, err := e.s.AddEvidence(hana, model.Evidence{ProblemID: p.ID, Kind: "opinion", Text: "SECRET EVIDENCE", Occurred: day(2)})
	if err != nil {
		t.Fatal(err)
	}

	entries, err := e.s.Audit(e.u["Pat Police"], 7)
	if err != nil || len(entries) != 7 {
		t.Fatalf("Audit = %d entries, %v", len(entries), err)
	}
	target := fmt.Sprintf("action/%d", a.ID)
	police, both := "agencies:police", "agencies:housing,police"
	want := []struct {
		action, target, by, vis, summary string
	}{
		{"evidence.add", fmt.Sprintf("problem/%d", p.ID), "Hana Housing", both,
			fmt.Sprintf(`evidence %d (opinion, occurred 2025-03-02) on problem %s "Dealing in Elm Court"`, ev.ID, model.ProblemRef(p.ID))},
		{"action.status", target, "Pat Police", police, `"Change the locks": status done→open`},
		{"action.status", target, "Pat Police", police, `"Change the locks": status in-progress→done with outcome 2 (engagement)`},
		{"outcome.add", target, "Pat Police", police, `"Change the locks": outcome 1 (enforcement)`},
		{"action.update", target, "Pat Police", police, `"Change the locks": description edited`},
		{"action.update", target, "Pat Police", police, `"Change the locks": status open→in-progress, due 2025-03-20→2025-03-27, ` +
			`assignee none→Hana Housing, title was "Change the door locks", ` +
			`visibility agencies:housing,police→agencies:police, description edited`},
		{"action.create", target, "Pat Police", both, `title "Change the door locks" owner police due 2025-03-20 status open visibility agencies:housing,police on problem P1`},
	}
	for i, w := range want {
		en := entries[i]
		if string(en.Action) != w.action || en.Target != w.target || en.Actor.User.Name != w.by || en.Actor.User.ID != e.u[w.by].ID ||
			en.Actor.Fingerprint != e.actor(w.by).Fingerprint || en.Ward != north || en.Visibility.String() != w.vis || en.Summary != w.summary {
			t.Errorf("entry %d:\n got  %s %s by %s (%s) %s %s %q\n want %s %s by %s (%s) %s %s %q", i,
				en.Action, en.Target, en.Actor.User.Name, en.Actor.Fingerprint, en.Ward, en.Visibility, en.Summary,
				w.action, w.target, w.by, e.actor(w.by).Fingerprint, north, w.vis, w.summary)
		}
		if strings.Contains(en.Summary, "SECRET") {
			t.Errorf("summary %q repeats free text", en.Summary)
		}
	}
	if total := auditCount(t, e.s); uint64(total) != e.s.Revision() {
		t.Errorf("%d audit entries but revision %d: one of each per write", total, e.s.Revision())
	}
}

func TestTaskingWritesPublishAfterCommit(t *testing.T) {
	e := newEnv(t)
	p := e.create(t, "Pat Police", model.Problem{Title: "Announced problem"})
	a := e.raise(t, "Pat Police", model.Action{ProblemID: p.ID})
	id := a.ID // the readers' copy: they run while a write is returning
	pat := e.actor("Pat Police")
	writes := []struct {
		name  string
		write func() error
		see   func() bool // the change is readable on notification
	}{
		{"create action", func() error {
			_, err := e.s.CreateAction(pat, model.Action{Ward: north, Title: "Second action", OwnerAgency: "police", Due: day(9)})
			return err
		}, func() bool { as, _ := e.s.Actions(e.u["Mo Member"], north); return len(as) == 2 }},
		{"update action", func() error {
			edit := a
			edit.Title = "Renamed action"
			_, err := e.s.UpdateAction(pat, edit)
			return err
		}, func() bool { got, _ := e.s.Action(e.u["Mo Member"], id); return got.Title == "Renamed action" }},
		{"set status", func() error { _, err := e.s.SetActionStatus(pat, id, model.ActionBlocked, nil); return err },
			func() bool { got, _ := e.s.Action(e.u["Mo Member"], id); return got.Status == model.ActionBlocked }},
		{"add outcome", func() error {
			_, err := e.s.AddOutcome(pat, id, model.Outcome{Text: "Spoke to the landlord"})
			return err
		}, func() bool { outs, _ := e.s.Outcomes(e.u["Mo Member"], id); return len(outs) == 1 }},
		{"add evidence", func() error {
			_, err := e.s.AddEvidence(pat, model.Evidence{ProblemID: p.ID, Kind: "fact", Text: "Four reports", Occurred: day(3)})
			return err
		}, func() bool { es, _ := e.s.Evidence(e.u["Mo Member"], p.ID); return len(es) == 1 }},
	}
	for _, w := range writes {
		t.Run(w.name, func(t *testing.T) {
			sub := e.s.Subscribe()
			defer sub.Close()
			rev := e.s.Revision()
			seen := make(chan bool, 1) // a failed write must not strand the reader
			go func() {
				_, ok := <-sub.C
				seen <- ok && w.see()
			}()
			if err := w.write(); err != nil {
				t.Fatal(err)
			}
			if !<-seen {
				t.Error("on notification the change was not readable")
			}
			if e.s.Revision() != rev+1 || !empty(sub) {
				t.Errorf("revision %d after one write from %d, or more than one notification", e.s.Revision(), rev)
			}
		})
	}
}

func TestUpdateActionConflict(t *testing.T) {
	e := newEnv(t)
	a := e.raise(t, "Pat Police", model.Action{Title: "Patrol the parade"})
	mine, theirs := a, a

	theirs.Due = day(25)
	saved, err := e.s.UpdateAction(e.actor("Chris Chair"), theirs)
	if err != nil {
		t.Fatal(err)
	}
	mine.Title = "Patrol the parade on Fridays"
	err = wroteNothing(t, e, func() error { _, err := e.s.UpdateAction(e.actor("Pat Police"), mine); return err })
	wantIs(t, err, model.ErrConflict)
	var ce *model.ConflictError
	if !errors.As(err, &ce) || ce.By != "Chris Chair" || !ce.At.Equal(saved.UpdatedAt) || !strings.Contains(err.Error(), "Chris Chair") {
		t.Errorf("conflict %v, want one naming Chris Chair at %v", err, saved.UpdatedAt)
	}
	got, _ := e.s.Action(e.u["Pat Police"], a.ID)
	if !reflect.DeepEqual(got, saved) {
		t.Errorf("after the refused edit: %+v, want %+v", got, saved)
	}

	// SetActionStatus starts from whatever is current: no conflict.
	if _, err := e.s.SetActionStatus(e.actor("Pat Police"), a.ID, model.ActionInProgress, nil); err != nil {
		t.Fatal(err)
	}
	// A hidden action never reports a conflict, which would confirm it exists.
	secret := e.raise(t, "Pat Police", model.Action{Visibility: onlyAgencies("police")})
	secret.Version = 99
	err = wroteNothing(t, e, func() error { _, err := e.s.UpdateAction(e.actor("Hana Housing"), secret); return err })
	wantIs(t, err, model.ErrNotFound)
	if errors.Is(err, model.ErrConflict) || strings.Contains(err.Error(), "Pat") {
		t.Errorf("hidden action's error %q says more than not found", err)
	}
}

func TestTaskingRefusedWrites(t *testing.T) {
	e := newEnv(t)
	policeProblem := e.create(t, "Pat Police", model.Problem{Title: "County lines", Visibility: onlyAgencies("police")})
	panelProblem := e.create(t, "Pat Police", model.Problem{Title: "Broken street lights"})
	southProblem := e.create(t, "Sol South", model.Problem{Ward: south, Title: "Southern problem"})
	open := e.raise(t, "Pat Police", model.Action{ProblemID: panelProblem.ID, Title: "Report the lights"})
	onPolice := e.raise(t, "Pat Police", model.Action{ProblemID: policeProblem.ID, Title: "Police visit"})
	done := e.raise(t, "Pat Police", model.Action{Title: "Finished work"})
	done, err := e.s.SetActionStatus(e.actor("Pat Police"), done.ID, model.ActionDone, nil)
	if err != nil {
		t.Fatal(err)
	}

	action := func(f func(*model.Action)) model.Action {
		a := model.Action{Ward: north, Title: "New action", OwnerAgency: "police", Due: day(20)}
		f(&a)
		return a
	}
	edit := func(a model.Action, f func(*model.Action)) model.Action { f(&a); return a }
	create := func(by string, a model.Action) func() error {
		return func() error { _, err := e.s.CreateAction(e.actor(by), a); return err }
	}
	update := func(by string, a model.Action) func() error {
		return func() error { _, err := e.s.UpdateAction(e.actor(by), a); return err }
	}
	status := func(by string, id model.ID, st model.ActionStatus, o *model.Outcome) func() error {
		return func() error { _, err := e.s.SetActionStatus(e.actor(by), id, st, o); return err }
	}
	outcome := func(by string, id model.ID, o model.Outcome) func() error {
		return func() error { _, err := e.s.AddOutcome(e.actor(by), id, o); return err }
	}
	evidence := func(by string, ev model.Evidence) func() error {
		if ev.Kind == "" {
			ev.Kind = model.EvidenceFact
		}
		if ev.Occurred.IsZero() {
			ev.Occurred = day(2)
		}
		if ev.Text == "" {
			ev.Text = "Six reports this month"
		}
		return func() error { _, err := e.s.AddEvidence(e.actor(by), ev); return err }
	}

	tests := []struct {
		name     string
		write    func() error
		want     error
		contains string
	}{
		// Creating.
		{"observer raises", create("Olu Observer", action(func(*model.Action) {})), model.ErrForbidden, "observer"},
		{"member raises", create("Mo Member", action(func(*model.Action) {})), model.ErrForbidden, "member"},
		{"admin raises", create("Ada Admin", action(func(*model.Action) {})), model.ErrForbidden, "admin"},
		{"operator raises", func() error { _, err := e.s.CreateAction(model.Operator, action(func(*model.Action) {})); return err }, model.ErrForbidden, ""},
		{"officer of another ward", create("Sol South", action(func(*model.Action) {})), model.ErrForbidden, "ward"},
		{"short title", create("Pat Police", action(func(a *model.Action) { a.Title = "go" })), model.ErrInvalid, "title"},
		{"no due date", create("Pat Police", action(func(a *model.Action) { a.Due = time.Time{} })), model.ErrInvalid, "due"},
		{"no owner", create("Pat Police", action(func(a *model.Action) { a.OwnerAgency = "" })), model.ErrInvalid, "agency"},
		{"unknown owner", create("Pat Police", action(func(a *model.Action) { a.OwnerAgency = "ambulance" })), model.ErrNotFound, "unknown agency ambulance"},
		{"bad status", create("Pat Police", action(func(a *model.Action) { a.Status = "finished" })), model.ErrInvalid, "status"},
		{"unknown ward", func() error {
			u := e.u["Pat Police"]
			u.Wards = append(u.Wards, "E05000009")
			_, err := e.s.CreateAction(model.Actor{User: u, Fingerprint: "x"}, action(func(a *model.Action) { a.Ward = "E05000009" }))
			return err
		}, model.ErrNotFound, "unknown ward E05000009"},
		{"missing problem", create("Pat Police", action(func(a *model.Action) { a.ProblemID = 999 })), model.ErrNotFound, "problem P999 not found"},
		{"hidden problem", create("Hana Housing", action(func(a *model.Action) { a.ProblemID = policeProblem.ID; a.OwnerAgency = "housing" })),
			model.ErrNotFound, "problem " + model.ProblemRef(policeProblem.ID) + " not found"},
		{"problem of another ward", create("Pat Police", action(func(a *model.Action) { a.ProblemID = southProblem.ID })),
			model.ErrNotFound, "problem " + model.ProblemRef(southProblem.ID) + " not found"},
		{"panel-wide action on a police-only problem", create("Pat Police", action(func(a *model.Action) {
			a.ProblemID, a.Visibility = policeProblem.ID, model.Panel
		})), model.ErrInvalid, "no wider"},
		{"hiding an action from yourself", create("Pat Police", action(func(a *model.Action) { a.Visibility = onlyAgencies("housing") })),
			model.ErrForbidden, "your own agency"},
		{"officer restricts to panel officers", create("Pat Police", action(func(a *model.Action) { a.Visibility = model.Visibility{Kind: model.VisOfficers} })),
			model.ErrForbidden, "panel officers"},

		// Editing.
		{"edit a missing action", update("Pat Police", edit(open, func(a *model.Action) { a.ID = 999 })), model.ErrNotFound, "action A999 not found"},
		{"edit a hidden action", update("Hana Housing", onPolice), model.ErrNotFound, "action " + model.ActionRef(onPolice.ID) + " not found"},
		{"edit someone else's action", update("Hana Housing", edit(open, func(a *model.Action) { a.Title = "Hijacked" })), model.ErrForbidden, "owner agency"},
		{"observer edits", update("Olu Observer", edit(open, func(a *model.Action) { a.Title = "Observed" })), model.ErrForbidden, ""},
		{"move to another ward", update("Pat Police", edit(open, func(a *model.Action) { a.Ward = south })), model.ErrForbidden, "stays with its ward"},
		{"move to another problem", update("Pat Police", edit(open, func(a *model.Action) { a.ProblemID = policeProblem.ID })), model.ErrForbidden, "stays with its ward and problem"},
		{"widen an action beyond its problem", update("Pat Police", edit(onPolice, func(a *model.Action) { a.Visibility = model.Panel })),
			model.ErrInvalid, "no wider"},
		{"done back to in progress", update("Pat Police", edit(done, func(a *model.Action) { a.Status = model.ActionInProgress })),
			model.ErrInvalid, "a done action cannot become in-progress (it can become open)"},
		{"invalid edit", update("Pat Police", edit(open, func(a *model.Action) { a.Due = time.Time{} })), model.ErrInvalid, "due"},
		{"unknown new owner", update("Pat Police", edit(open, func(a *model.Action) { a.OwnerAgency = "ambulance" })), model.ErrNotFound, "unknown agency"},

		// Status.
		{"status of a done action to in progress", status("Pat Police", done.ID, model.ActionInProgress, nil),
			model.ErrInvalid, "a done action cannot become in-progress (it can become open)"},
		{"status already so", status("Pat Police", open.ID, model.ActionOpen, nil), model.ErrInvalid, "already open"},
		{"unknown status", status("Pat Police", open.ID, "finished", nil), model.ErrInvalid, `unknown status "finished"`},
		{"status of a hidden action", status("Hana Housing", onPolice.ID, model.ActionDone, nil), model.ErrNotFound, "not found"},
		{"status of a missing action", status("Pat Police", 999, model.ActionDone, nil), model.ErrNotFound, "action A999 not found"},
		{"status by someone not on it", status("Hana Housing", open.ID, model.ActionDone, nil), model.ErrForbidden, ""},
		{"status with an empty outcome", status("Pat Police", open.ID, model.ActionDone, &model.Outcome{Text: " "}), model.ErrInvalid, "outcome"},
		{"status with a bad result", status("Pat Police", open.ID, model.ActionDone, &model.Outcome{Text: "Did it", Result: "victory"}), model.ErrInvalid, "result"},

		// Outcomes.
		{"observer logs an outcome", outcome("Olu Observer", open.ID, model.Outcome{Text: "Watched it"}), model.ErrForbidden, ""},
		{"member logs an outcome", outcome("Mo Member", open.ID, model.Outcome{Text: "Watched it"}), model.ErrForbidden, ""},
		{"outcome too short", outcome("Pat Police", open.ID, model.Outcome{Text: "ok"}), model.ErrInvalid, "outcome"},
		{"outcome on a hidden action", outcome("Hana Housing", onPolice.ID, model.Outcome{Text: "Guessing"}), model.ErrNotFound, "not found"},
		{"outcome on a missing action", outcome("Pat Police", 999, model.Outcome{Text: "Guessing"}), model.ErrNotFound, "action A999 not found"},

		// Evidence.
		{"evidence on a missing problem", evidence("Pat Police", model.Evidence{ProblemID: 999}), model.ErrNotFound, "problem P999 not found"},
		{"evidence on a hidden problem", evidence("Hana Housing", model.Evidence{ProblemID: policeProblem.ID}), model.ErrNotFound,
			"problem " + model.ProblemRef(policeProblem.ID) + " not found"},
		{"observer adds evidence", evidence("Olu Observer", model.Evidence{ProblemID: panelProblem.ID, Kind: "report"}), model.ErrForbidden, "observer"},
		{"admin adds evidence", evidence("Ada Admin", model.Evidence{ProblemID: panelProblem.ID}), model.ErrForbidden, "admin"},
		{"member adds an opinion", evidence("Mo Member", model.Evidence{ProblemID: panelProblem.ID, Kind: "opinion"}), model.ErrForbidden, "members add reports"},
		{"member restricts a report", evidence("Mo Member", model.Evidence{ProblemID: panelProblem.ID, Kind: "report", Visibility: onlyAgencies("residents")}),
			model.ErrForbidden, "members add reports"},
		{"evidence wider than its problem", evidence("Pat Police", model.Evidence{ProblemID: policeProblem.ID, Visibility: model.Panel}), model.ErrInvalid, "no wider"},
		{"evidence hidden from yourself", evidence("Pat Police", model.Evidence{ProblemID: panelProblem.ID, Visibility: onlyAgencies("housing")}),
			model.ErrForbidden, "your own agency"},
		{"evidence of an unknown kind", evidence("Pat Police", model.Evidence{ProblemID: panelProblem.ID, Kind: "rumour"}), model.ErrInvalid, "kind"},
		{"evidence without a date", func() error {
			_, err := e.s.AddEvidence(e.actor("Pat Police"), model.Evidence{ProblemID: panelProblem.ID, Kind: "fact", Text: "Undated report"})
			return err
		}, model.ErrInvalid, "occurred"},
		{"evidence too short", evidence("Pat Police", model.Evidence{ProblemID: panelProblem.ID, Text: " x "}), model.ErrInvalid, "text"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := wroteNothing(t, e, tt.write)
			wantIs(t, err, tt.want)
			if !strings.Contains(err.Error(), tt.contains) {
				t.Errorf("error %q does not say %q", err, tt.contains)
			}
		})
	}

	// Nothing the refusals touched changed.
	for _, a := range []model.Action{open, onPolice, done} {
		got, err := e.s.Action(e.u["Pat Police"], a.ID)
		if err != nil || !reflect.DeepEqual(got, a) {
			t.Errorf("action %d after refusals: %+v, %v", a.ID, got, err)
		}
		if outs, err := e.s.Outcomes(e.u["Pat Police"], a.ID); err != nil || len(outs) != 0 {
			t.Errorf("action %d has outcomes %+v, %v", a.ID, outs, err)
		}
	}
	for _, p := range []model.Problem{policeProblem, panelProblem} {
		if es, err := e.s.Evidence(e.u["Pat Police"], p.ID); err != nil || len(es) != 0 {
			t.Errorf("problem %d has evidence %+v, %v", p.ID, es, err)
		}
	}

	// Hidden and missing read the same, on every path.
	msg := func(err error) string { return strings.ReplaceAll(err.Error(), fmt.Sprint(onPolice.ID), "N") }
	hana := e.u["Hana Housing"]
	_, errHidden := e.s.Action(hana, onPolice.ID)
	_, errMissing := e.s.Action(hana, 999)
	if strings.ReplaceAll(errMissing.Error(), "999", "N") != msg(errHidden) {
		t.Errorf("hidden %q and missing %q read differently", errHidden, errMissing)
	}
}

func TestEvidenceZeroVisibilityMeansTheProblems(t *testing.T) {
	e := newEnv(t)
	p := e.create(t, "Chris Chair", model.Problem{Title: "Complaint about a councillor", Visibility: model.Visibility{Kind: model.VisOfficers}})
	ev := e.logEvidence(t, "Sam Secretary", model.Evidence{ProblemID: p.ID})
	if ev.Visibility.String() != "officers" {
		t.Errorf("evidence visibility %s, want the problem's", ev.Visibility)
	}
	a := e.raise(t, "Chris Chair", model.Action{ProblemID: p.ID, OwnerAgency: "council"})
	if a.Visibility.String() != "officers" {
		t.Errorf("action visibility %s, want the problem's", a.Visibility)
	}
	// Narrower than the problem is fine.
	q := e.create(t, "Pat Police", model.Problem{Title: "Shared problem", Visibility: onlyAgencies("police", "housing")})
	ev = e.logEvidence(t, "Pat Police", model.Evidence{ProblemID: q.ID, Visibility: onlyAgencies("police")})
	if ev.Visibility.String() != "agencies:police" {
		t.Errorf("evidence visibility %s", ev.Visibility)
	}
}

func TestTaskingVisibility(t *testing.T) {
	e := newEnv(t)
	policeProblem := e.create(t, "Pat Police", model.Problem{Title: "County lines", Visibility: onlyAgencies("police")})
	panelProblem := e.create(t, "Pat Police", model.Problem{Title: "Broken street lights"})
	policeAction := e.raise(t, "Pat Police", model.Action{ProblemID: panelProblem.ID, Title: "Check CCTV", Visibility: onlyAgencies("police")})
	panelAction := e.raise(t, "Pat Police", model.Action{ProblemID: panelProblem.ID, Title: "Report the lights"})
	onPolice := e.raise(t, "Pat Police", model.Action{ProblemID: policeProblem.ID, Title: "Visit the address"})
	free := e.raise(t, "Pat Police", model.Action{Title: "Leaflet drop", Visibility: onlyAgencies("police")})
	officersAction := e.raise(t, "Chris Chair", model.Action{Title: "Write to the councillor", OwnerAgency: "council", Visibility: model.Visibility{Kind: model.VisOfficers}})
	e.raise(t, "Sol South", model.Action{Ward: south, Title: "Southern action"})
	for _, a := range []model.Action{policeAction, panelAction, onPolice} {
		if _, err := e.s.AddOutcome(e.actor("Pat Police"), a.ID, model.Outcome{Text: "Done what we said"}); err != nil {
			t.Fatal(err)
		}
	}
	policeEvidence := e.logEvidence(t, "Pat Police", model.Evidence{ProblemID: panelProblem.ID, Visibility: onlyAgencies("police")})
	panelEvidence := e.logEvidence(t, "Pat Police", model.Evidence{ProblemID: panelProblem.ID})
	onPoliceEvidence := e.logEvidence(t, "Pat Police", model.Evidence{ProblemID: policeProblem.ID})

	allActions := []model.Action{policeAction, panelAction, onPolice, free, officersAction}
	policeOnlyTargets := map[string]bool{
		fmt.Sprintf("action/%d", policeAction.ID): true, fmt.Sprintf("action/%d", onPolice.ID): true,
		fmt.Sprintf("action/%d", free.ID): true, fmt.Sprintf("problem/%d", policeProblem.ID): true,
	}
	tests := []struct {
		viewer          string
		actions         []model.ID // in the north ward
		problemActions  []model.ID // on the panel problem
		evidence        []model.ID // on the panel problem
		seesPoliceStuff bool
	}{
		{"Pat Police", []model.ID{policeAction.ID, panelAction.ID, onPolice.ID, free.ID}, []model.ID{policeAction.ID, panelAction.ID},
			[]model.ID{policeEvidence.ID, panelEvidence.ID}, true},
		{"Cass Police Chair", []model.ID{policeAction.ID, panelAction.ID, onPolice.ID, free.ID, officersAction.ID}, []model.ID{policeAction.ID, panelAction.ID},
			[]model.ID{policeEvidence.ID, panelEvidence.ID}, true},
		{"Hana Housing", []model.ID{panelAction.ID}, []model.ID{panelAction.ID}, []model.ID{panelEvidence.ID}, false},
		{"Chris Chair", []model.ID{panelAction.ID, officersAction.ID}, []model.ID{panelAction.ID}, []model.ID{panelEvidence.ID}, false},
		// The council owns the officers' action, and an owner agency always sees its own work.
		{"Ada Admin", []model.ID{panelAction.ID, officersAction.ID}, []model.ID{panelAction.ID}, []model.ID{panelEvidence.ID}, false},
		{"Mo Member", []model.ID{panelAction.ID}, []model.ID{panelAction.ID}, []model.ID{panelEvidence.ID}, false},
		{"Sol South", []model.ID{}, nil, nil, false},
	}
	for _, tt := range tests {
		t.Run(tt.viewer, func(t *testing.T) {
			viewer := e.u[tt.viewer]
			list, err := e.s.Actions(viewer, north)
			if err != nil || !reflect.DeepEqual(actionIDs(list), tt.actions) {
				t.Errorf("Actions = %v, %v; want %v", actionIDs(list), err, tt.actions)
			}
			list, err = e.s.ProblemActions(viewer, panelProblem.ID)
			if tt.problemActions == nil {
				wantIs(t, err, model.ErrNotFound)
			} else if err != nil || !reflect.DeepEqual(actionIDs(list), tt.problemActions) {
				t.Errorf("ProblemActions = %v, %v; want %v", actionIDs(list), err, tt.problemActions)
			}
			evs, err := e.s.Evidence(viewer, panelProblem.ID)
			if tt.evidence == nil {
				wantIs(t, err, model.ErrNotFound)
			} else if err != nil || !reflect.DeepEqual(evidenceIDs(evs), tt.evidence) {
				t.Errorf("Evidence = %v, %v; want %v", evidenceIDs(evs), err, tt.evidence)
			}

			// The police-only problem's actions and evidence are as hidden as it is.
			list, err = e.s.ProblemActions(viewer, policeProblem.ID)
			evs, errEv := e.s.Evidence(viewer, policeProblem.ID)
			if tt.seesPoliceStuff {
				if err != nil || !reflect.DeepEqual(actionIDs(list), []model.ID{onPolice.ID}) {
					t.Errorf("ProblemActions(police problem) = %v, %v", actionIDs(list), err)
				}
				if errEv != nil || !reflect.DeepEqual(evidenceIDs(evs), []model.ID{onPoliceEvidence.ID}) {
					t.Errorf("Evidence(police problem) = %v, %v", evidenceIDs(evs), errEv)
				}
			} else {
				wantIs(t, err, model.ErrNotFound)
				wantIs(t, errEv, model.ErrNotFound)
				if list != nil || evs != nil {
					t.Errorf("a refused read returned %v %v", list, evs)
				}
			}

			for _, a := range allActions {
				got, err := e.s.Action(viewer, a.ID)
				outs, errOut := e.s.Outcomes(viewer, a.ID)
				if model.CanSeeAction(viewer, a) {
					if err != nil || got.ID != a.ID || errOut != nil {
						t.Errorf("Action/Outcomes(%d) = %v, %v; want them", a.ID, err, errOut)
					}
				} else {
					wantIs(t, err, model.ErrNotFound)
					wantIs(t, errOut, model.ErrNotFound)
					if len(outs) != 0 {
						t.Errorf("hidden action %d's outcomes returned: %v", a.ID, outs)
					}
				}
			}

			// The trail of a record is as visible as the record.
			entries, err := e.s.Audit(viewer, 0)
			if err != nil {
				t.Fatal(err)
			}
			police := 0
			for _, en := range entries {
				if !model.CanSeeAudit(viewer, en) {
					t.Errorf("sees audit entry %+v", en)
				}
				if policeOnlyTargets[en.Target] || en.Visibility.String() == "agencies:police" {
					police++
				}
			}
			if (police > 0) != tt.seesPoliceStuff {
				t.Errorf("%d audit entries about police-only records; want some: %v", police, tt.seesPoliceStuff)
			}
		})
	}
}

func TestSetActionStatusWithOutcomeIsAtomic(t *testing.T) {
	e := newEnv(t)
	a := e.raise(t, "Pat Police", model.Action{Title: "Close the alley gate"})
	pat := e.actor("Pat Police")

	for _, bad := range []model.Outcome{{Text: "x"}, {Text: "Gate closed", Result: "triumph"}} {
		err := wroteNothing(t, e, func() error {
			_, err := e.s.SetActionStatus(pat, a.ID, model.ActionDone, &bad)
			return err
		})
		wantIs(t, err, model.ErrInvalid)
	}
	got, err := e.s.Action(e.u["Pat Police"], a.ID)
	if err != nil || got.Status != model.ActionOpen || got.Version != 1 {
		t.Errorf("after refused status changes: %+v, %v", got, err)
	}
	if outs, _ := e.s.Outcomes(e.u["Pat Police"], a.ID); len(outs) != 0 {
		t.Errorf("outcomes written: %+v", outs)
	}

	o := &model.Outcome{Text: "Gate closed and locked", Result: "environmental-change"}
	done, err := e.s.SetActionStatus(pat, a.ID, "Done", o)
	if err != nil || done.Status != model.ActionDone || done.Version != 2 {
		t.Fatalf("SetActionStatus: %+v, %v", done, err)
	}
	if o.ID != 0 || o.By != "" {
		t.Errorf("caller's outcome rewritten: %+v", o)
	}
	outs, err := e.s.Outcomes(e.u["Chris Chair"], a.ID)
	if err != nil || len(outs) != 1 || outs[0].Text != o.Text || outs[0].By != "Pat Police" || outs[0].Agency != "police" || !outs[0].At.Equal(done.UpdatedAt) {
		t.Errorf("Outcomes = %+v, %v", outs, err)
	}
	entries, _ := e.s.Audit(e.u["Pat Police"], 1)
	if len(entries) != 1 || entries[0].Action != "action.status" || !strings.Contains(entries[0].Summary, "status open→done with outcome 1 (environmental-change)") ||
		entries[0].Actor.Fingerprint != pat.Fingerprint {
		t.Errorf("audit %+v", entries)
	}
}

func TestActionStatusMoves(t *testing.T) {
	e := newEnv(t)
	a := e.raise(t, "Hana Housing", model.Action{Title: "Fix the lighting"})
	moves := []struct {
		to   model.ActionStatus
		want string // "" for allowed, else part of the refusal
	}{
		{model.ActionInProgress, ""},
		{model.ActionBlocked, ""},
		{model.ActionDone, ""},
		{model.ActionInProgress, "a done action cannot become in-progress (it can become open)"},
		{model.ActionCancelled, "a done action cannot become cancelled"},
		{model.ActionOpen, ""},
		{model.ActionCancelled, ""},
		{model.ActionDone, "a cancelled action cannot become done (it can become open)"},
		{model.ActionOpen, ""},
	}
	version := a.Version
	for i, m := range moves {
		got, err := e.s.SetActionStatus(e.actor("Hana Housing"), a.ID, m.to, nil)
		if m.want == "" {
			version++
			if err != nil || got.Status != m.to || got.Version != version {
				t.Errorf("move %d to %s: %+v, %v", i, m.to, got, err)
			}
			continue
		}
		if !errors.Is(err, model.ErrInvalid) || !strings.Contains(err.Error(), m.want) {
			t.Errorf("move %d to %s: %v, want refusal %q", i, m.to, err, m.want)
		}
	}
}

func TestUpdateActionKeepsWhatIsNotTheCallers(t *testing.T) {
	e := newEnv(t)
	p := e.create(t, "Pat Police", model.Problem{Title: "Shared problem", Visibility: onlyAgencies("police", "housing")})
	a := e.raise(t, "Pat Police", model.Action{ProblemID: p.ID, MeetingID: 4, Status: model.ActionInProgress})

	// A blank ward, status and visibility mean "as it was", not "north,
	// open and panel"; bookkeeping is the store's.
	edit := a
	edit.Ward, edit.Status, edit.Visibility = "", "", model.Visibility{}
	edit.MeetingID, edit.CreatedBy, edit.CreatedAt, edit.UpdatedBy = 99, "someone", time.Time{}, "someone"
	edit.Title = "Visit with housing"
	got, err := e.s.UpdateAction(e.actor("Pat Police"), edit)
	if err != nil {
		t.Fatal(err)
	}
	want := a
	want.Title, want.Version, want.UpdatedAt = "Visit with housing", 2, got.UpdatedAt
	if !reflect.DeepEqual(got, want) {
		t.Errorf("updated:\n got  %+v\n want %+v", got, want)
	}
	// Narrowing within the problem is allowed.
	got.Visibility = onlyAgencies("police")
	if got, err = e.s.UpdateAction(e.actor("Pat Police"), got); err != nil || got.Visibility.String() != "agencies:police" {
		t.Errorf("narrowing: %+v, %v", got, err)
	}
}

func TestEvidenceOrder(t *testing.T) {
	e := newEnv(t)
	p := e.create(t, "Pat Police", model.Problem{Title: "Burglaries on Mill Lane"})
	var logged []model.Evidence
	for _, d := range []int{5, 2, 5, 1, 2} {
		logged = append(logged, e.logEvidence(t, "Pat Police", model.Evidence{ProblemID: p.ID, Occurred: day(d).Add(13 * time.Hour)}))
	}
	// By when it happened, then by when it was logged.
	want := []model.ID{logged[3].ID, logged[1].ID, logged[4].ID, logged[0].ID, logged[2].ID}
	got, err := e.s.Evidence(e.u["Mo Member"], p.ID)
	if err != nil || !reflect.DeepEqual(evidenceIDs(got), want) {
		t.Errorf("Evidence order %v, %v; want %v", evidenceIDs(got), err, want)
	}
	// Another problem's evidence stays its own.
	q := e.create(t, "Pat Police", model.Problem{Title: "Another problem"})
	if got, err := e.s.Evidence(e.u["Mo Member"], q.ID); err != nil || len(got) != 0 {
		t.Errorf("Evidence of an empty problem: %v, %v", got, err)
	}
}

func TestActionsListingErrors(t *testing.T) {
	e := newEnv(t)
	_, err := e.s.Actions(e.u["Pat Police"], "E05999999")
	wantIs(t, err, model.ErrNotFound)
	_, err = e.s.Actions(e.u["Pat Police"], "nonsense")
	wantIs(t, err, model.ErrInvalid)
	list, err := e.s.Actions(e.u["Pat Police"], south)
	if err != nil || list == nil || len(list) != 0 {
		t.Errorf("Actions of a ward not one's own: %v, %v", list, err)
	}
	_, err = e.s.ProblemActions(e.u["Pat Police"], 999)
	wantIs(t, err, model.ErrNotFound)
	p := e.create(t, "Pat Police", model.Problem{Title: "No actions yet"})
	list, err = e.s.ProblemActions(e.u["Pat Police"], p.ID)
	if err != nil || list == nil || len(list) != 0 {
		t.Errorf("ProblemActions of a problem without any: %v, %v", list, err)
	}
	outs, err := e.s.Outcomes(e.u["Pat Police"], e.raise(t, "Pat Police", model.Action{}).ID)
	if err != nil || outs == nil || len(outs) != 0 {
		t.Errorf("Outcomes of a fresh action: %v, %v", outs, err)
	}
}

// TestTaskingConcurrentWrites runs with -race: several sessions working
// the same action at once all get their outcomes in, and versions never
// repeat.
func TestTaskingConcurrentWrites(t *testing.T) {
	e := newEnv(t)
	a := e.raise(t, "Pat Police", model.Action{Title: "Busy action"})
	const workers, each = 4, 10
	var wg sync.WaitGroup
	for _, name := range []string{"Pat Police", "Chris Chair", "Cass Police Chair", "Pat Police"}[:workers] {
		wg.Go(func() {
			for i := range each {
				if _, err := e.s.AddOutcome(e.actor(name), a.ID, model.Outcome{Text: fmt.Sprintf("%s update %d", name, i)}); err != nil {
					t.Error(err)
				}
			}
		})
	}
	wg.Go(func() {
		for range each {
			if _, err := e.s.Actions(e.u["Mo Member"], north); err != nil {
				t.Error(err)
			}
		}
	})
	wg.Wait()
	outs, err := e.s.Outcomes(e.u["Pat Police"], a.ID)
	if err != nil || len(outs) != workers*each {
		t.Fatalf("%d outcomes, %v", len(outs), err)
	}
	for i, o := range outs {
		if o.ID != model.ID(i+1) || (i > 0 && o.At.Before(outs[i-1].At)) {
			t.Errorf("outcome %d: %+v out of order", i, o)
		}
	}
}
