package store

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"wardpanel/model"
)

// auditWorld is the persona store with a trail worth filtering: records of
// every visibility, one narrowed after it was written, another ward's, and
// refusals.
type auditWorld struct {
	*env
	police, housing, officers, open, narrowed, south model.Problem
	policeAction                                     model.Action
	intruder                                         model.Actor
	// mark is the time between the set-up and the records: entries from
	// here on are the test's own.
	mark time.Time
}

func newAuditWorld(t *testing.T) *auditWorld {
	t.Helper()
	w := &auditWorld{env: newEnv(t)}
	w.mark = w.clock.Now()
	w.police = w.create(t, "Pat Police", model.Problem{Title: "POLICE-ONLY cuckooing at flat 7", Category: "drugs", Visibility: onlyAgencies("police")})
	w.housing = w.create(t, "Hana Housing", model.Problem{Title: "HOUSING-ONLY tenancy breach", Category: "other", Visibility: onlyAgencies("housing")})
	w.officers = w.create(t, "Chris Chair", model.Problem{Title: "OFFICERS-ONLY budget", Category: "other", Visibility: model.Visibility{Kind: model.VisOfficers}})
	w.open = w.create(t, "Chris Chair", model.Problem{Title: "Fly-tipping on the Parade", Category: "environmental"})
	// Written panel-wide, then restricted: its history goes with it.
	w.narrowed = w.create(t, "Pat Police", model.Problem{Title: "NARROWED alley lighting", Category: "other"})
	w.narrowed.Visibility = onlyAgencies("police")
	var err error
	if w.narrowed, err = w.s.UpdateProblem(w.actor("Pat Police"), w.narrowed); err != nil {
		t.Fatal(err)
	}
	if w.policeAction, err = w.s.CreateAction(w.actor("Pat Police"), model.Action{Ward: north, ProblemID: w.police.ID,
		Title: "POLICE-ACTION test purchase", OwnerAgency: "police", Due: time.Date(2025, 4, 1, 0, 0, 0, 0, time.UTC)}); err != nil {
		t.Fatal(err)
	}
	if _, err := w.s.AddOutcome(w.actor("Pat Police"), w.policeAction.ID, model.Outcome{Text: "POLICE-OUTCOME two arrests", Result: "enforcement"}); err != nil {
		t.Fatal(err)
	}
	w.south = w.create(t, "Sol South", model.Problem{Ward: south, Title: "SOUTH abandoned cars", Category: "other"})
	w.intruder = model.Actor{User: model.User{Name: "root"}, Fingerprint: testKey(99, "intruder").Fingerprint}
	if err := w.s.AuditDenied(w.intruder, "key", "ssh", "unknown key"); err != nil {
		t.Fatal(err)
	}
	if err := w.s.AuditDenied(model.Actor{User: w.u["Mo Member"], Fingerprint: w.u["Mo Member"].Keys[0].Fingerprint},
		"problem.update", fmt.Sprintf("problem/%d", w.officers.ID), "not visible to them"); err != nil {
		t.Fatal(err)
	}
	return w
}

// summaries are the entries' actions and the start of their summaries.
func summaries(es []model.AuditEntry) []string {
	out := []string{}
	for _, e := range es {
		out = append(out, string(e.Action)+" "+e.Target+" "+e.Summary)
	}
	return out
}

func TestAuditFindVisibility(t *testing.T) {
	w := newAuditWorld(t)
	tests := []struct {
		who string
		// sees and hides are words each entry's line must, or must never, hold.
		sees, hides []string
	}{
		{"Mo Member", nil, []string{""}},
		{"Olu Observer", nil, []string{""}},
		{"Hana Housing", []string{"HOUSING-ONLY", "Fly-tipping"},
			[]string{"POLICE-ONLY", "POLICE-ACTION", "NARROWED", "OFFICERS-ONLY", "SOUTH", "denied.", "user.add", "ward.add"}},
		{"Pat Police", []string{"POLICE-ONLY", "POLICE-ACTION", "NARROWED", "Fly-tipping", "outcome.add"},
			[]string{"HOUSING-ONLY", "OFFICERS-ONLY", "SOUTH", "denied.", "user.add"}},
		{"Chris Chair", []string{"OFFICERS-ONLY", "Fly-tipping"},
			[]string{"POLICE-ONLY", "POLICE-ACTION", "NARROWED", "HOUSING-ONLY", "SOUTH", "denied."}},
		{"Cass Police Chair", []string{"OFFICERS-ONLY", "POLICE-ONLY", "NARROWED"}, []string{"HOUSING-ONLY", "SOUTH", "denied."}},
		{"Sol South", []string{"SOUTH"}, []string{"POLICE-ONLY", "Fly-tipping", "NARROWED", "denied."}},
		// No role bypasses visibility: the admin (council) sees refusals and
		// administration, and no restricted record it is not in the audience of.
		{"Ada Admin", []string{"denied.key ssh unknown key", "denied.problem.update", "user.add", "ward.add", "Fly-tipping"},
			[]string{"POLICE-ONLY", "POLICE-ACTION", "NARROWED", "HOUSING-ONLY", "OFFICERS-ONLY", "SOUTH"}},
	}
	for _, tt := range tests {
		t.Run(tt.who, func(t *testing.T) {
			viewer := w.u[tt.who]
			got, err := w.s.AuditFind(viewer, AuditQuery{})
			if err != nil {
				t.Fatal(err)
			}
			if len(tt.sees) == 0 && len(got) != 0 {
				t.Fatalf("%s sees %d entries, want none: %q", tt.who, len(got), summaries(got))
			}
			lines := strings.Join(summaries(got), "\n")
			for _, s := range tt.sees {
				if !strings.Contains(lines, s) {
					t.Errorf("%s does not see %q in:\n%s", tt.who, s, lines)
				}
			}
			for _, e := range got {
				line := string(e.Action) + " " + e.Target + " " + e.Summary
				for _, h := range tt.hides {
					if h != "" && strings.Contains(line, h) {
						t.Errorf("%s sees %q: %s", tt.who, h, line)
					}
				}
				if !model.CanSeeAudit(viewer, e) {
					t.Errorf("%s sees an entry model.CanSeeAudit refuses: %s", tt.who, line)
				}
			}
			// Audit, the unfiltered read, keeps to the same rule.
			all, err := w.s.Audit(viewer, 0)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(summaries(all), summaries(got)) {
				t.Errorf("Audit and AuditFind disagree for %s:\n%q\n%q", tt.who, summaries(all), summaries(got))
			}
		})
	}
}

func TestAuditFindFilters(t *testing.T) {
	w := newAuditWorld(t)
	admin, pat := w.u["Ada Admin"], w.u["Pat Police"]
	all, err := w.s.AuditFind(admin, AuditQuery{})
	if err != nil {
		t.Fatal(err)
	}
	for i := 1; i < len(all); i++ {
		if all[i].Seq >= all[i-1].Seq {
			t.Fatalf("not newest first: entry %d after %d", all[i].Seq, all[i-1].Seq)
		}
	}
	patFP := pat.Keys[0].Fingerprint
	tests := []struct {
		name   string
		viewer model.User
		q      AuditQuery
		want   []string // the actions, newest first
	}{
		{"who by name, any case", pat, AuditQuery{Who: "pAT pol"},
			[]string{"outcome.add", "action.create", "problem.update", "problem.create", "problem.create"}},
		{"who by fingerprint", pat, AuditQuery{Who: strings.ToLower(patFP[7:20])},
			[]string{"outcome.add", "action.create", "problem.update", "problem.create", "problem.create"}},
		{"who is an intruder", admin, AuditQuery{Who: "root"}, []string{"denied.key"}},
		{"who matches nobody", admin, AuditQuery{Who: "nobody at all"}, nil},
		{"what: denied", admin, AuditQuery{Action: "denied."}, []string{"denied.problem.update", "denied.key"}},
		{"what: any case", admin, AuditQuery{Action: "DENIED.KEY"}, []string{"denied.key"}},
		{"what: problem.", pat, AuditQuery{Action: "problem."},
			[]string{"problem.update", "problem.create", "problem.create", "problem.create"}},
		{"what and who", pat, AuditQuery{Action: "problem.create", Who: "chris"}, []string{"problem.create"}},
		{"what and who, a chair", w.u["Cass Police Chair"], AuditQuery{Action: "problem.create", Who: "chris"}, []string{"problem.create", "problem.create"}},
		{"denied to a non-admin", pat, AuditQuery{Action: "denied."}, nil},
		{"limit", admin, AuditQuery{Limit: 3}, []string{"denied.problem.update", "denied.key", "problem.create"}},
		{"since", admin, AuditQuery{Since: all[1].At}, []string{"denied.problem.update", "denied.key"}},
		{"until", admin, AuditQuery{Until: all[1].At, Limit: 1}, []string{"problem.create"}},
		{"since and until", admin, AuditQuery{Since: all[2].At, Until: all[0].At}, []string{"denied.key", "problem.create"}},
		{"before", admin, AuditQuery{Before: all[1].Seq, Limit: 1}, []string{"problem.create"}},
		{"before the first", admin, AuditQuery{Before: 1}, nil},
		{"before past the end", admin, AuditQuery{Before: all[0].Seq + 100, Limit: 1}, []string{"denied.problem.update"}},
		{"a resident asks for everything", w.u["Mo Member"], AuditQuery{Action: "denied."}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := w.s.AuditFind(tt.viewer, tt.q)
			if err != nil {
				t.Fatal(err)
			}
			var acts []string
			for _, e := range got {
				acts = append(acts, string(e.Action))
			}
			if !slices.Equal(acts, tt.want) {
				t.Errorf("AuditFind(%+v) = %q, want %q", tt.q, acts, tt.want)
			}
		})
	}
	// Since cuts the set-up off: everything after mark is the test's own.
	since, err := w.s.AuditFind(admin, AuditQuery{Since: w.mark})
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range since {
		if e.At.Before(w.mark) {
			t.Errorf("entry %d at %s is before %s", e.Seq, e.At, w.mark)
		}
	}
}

func TestAuditFindLimits(t *testing.T) {
	w := newAuditWorld(t)
	admin := w.u["Ada Admin"]
	for i := range 30 {
		if err := w.s.AuditDenied(model.Actor{User: model.User{Name: "bot"}, Fingerprint: "SHA256:bot"}, "key", "ssh", fmt.Sprint("attempt ", i)); err != nil {
			t.Fatal(err)
		}
	}
	got, err := w.s.AuditFind(admin, AuditQuery{Who: "bot", Limit: 7})
	if err != nil || len(got) != 7 || got[0].Summary != "attempt 29" {
		t.Fatalf("limit 7: %d entries, first %q, %v", len(got), summaries(got[:min(1, len(got))]), err)
	}
	// A zero limit is the default, not everything; a huge one is capped.
	if got, _ := w.s.AuditFind(admin, AuditQuery{Who: "bot"}); len(got) != 30 {
		t.Errorf("default limit: %d entries, want 30", len(got))
	}
	if got, _ := w.s.AuditFind(admin, AuditQuery{Limit: MaxAuditLimit * 10}); len(got) == 0 {
		t.Error("a limit over the cap returned nothing")
	}
	// The scan is bounded: findAudit stops after maxScan entries read.
	got, err = w.s.findAudit(admin, AuditQuery{Who: "Chris"}, 35)
	if err != nil || len(got) != 0 {
		t.Errorf("a scan of 35 reached Chris's entries behind 30 refusals: %q, %v", summaries(got), err)
	}
	got, err = w.s.findAudit(admin, AuditQuery{Who: "Chris"}, 50)
	if err != nil || len(got) != 1 { // the open problem; the officers' one is not the admin's
		t.Errorf("a scan of 50: %q, %v", summaries(got), err)
	}
}

// Refusals are entries like any other: the trail stays 1..N, the revision
// keeps up with it, and Check passes.
func TestDeniedEntriesCheckClean(t *testing.T) {
	w := newAuditWorld(t)
	sub := w.s.Subscribe()
	defer sub.Close()
	before, rev := auditCount(t, w.s), w.s.Revision()
	if err := w.s.AuditDenied(w.intruder, "invite", "join", "wrong code"); err != nil {
		t.Fatal(err)
	}
	if n := auditCount(t, w.s); n != before+1 || w.s.Revision() != rev+1 {
		t.Errorf("a refusal left %d entries and revision %d; want %d and %d", n, w.s.Revision(), before+1, rev+1)
	}
	if !empty(sub) {
		t.Error("a refusal woke the subscribers")
	}
	r := mustCheck(t, w.s)
	if !r.OK() {
		t.Fatalf("Check after refusals: %q", r.Faults)
	}
	if r.AuditEntries != before+1 || r.Revision < uint64(r.AuditEntries) {
		t.Errorf("report: %d entries, revision %d", r.AuditEntries, r.Revision)
	}
	// And after a reopen, as the file on disk.
	if err := w.s.Close(); err != nil {
		t.Fatal(err)
	}
	s := openAt(t, w.dir, w.clock)
	if r := mustCheck(t, s); !r.OK() {
		t.Fatalf("Check after reopening: %q", r.Faults)
	}
}

// What a refused party typed is stored inert.
func TestDeniedTextIsInert(t *testing.T) {
	w := newAuditWorld(t)
	hostile := "\x1b]52;c;ZWNobyBoaQ==\x07evil\u202e\x1b[2J" + strings.Repeat("x", 5000)
	by := model.Actor{User: model.User{Name: hostile, Agency: hostile, Role: model.Role(hostile)}, Fingerprint: hostile}
	if err := w.s.AuditDenied(by, hostile, hostile, hostile); err != nil {
		t.Fatal(err)
	}
	got, err := w.s.AuditFind(w.u["Ada Admin"], AuditQuery{Limit: 1})
	if err != nil || len(got) != 1 {
		t.Fatalf("%v, %v", got, err)
	}
	e := got[0]
	for _, s := range []string{e.Actor.User.Name, e.Actor.User.Agency, string(e.Actor.User.Role), e.Actor.Fingerprint, string(e.Action), e.Target, e.Summary} {
		if strings.ContainsAny(s, "\x1b\x07\u202e") || len(s) > 4*model.MaxLineLen+len("denied.") {
			t.Errorf("stored as %q", s)
		}
	}
	if !e.Action.Refusal() {
		t.Errorf("action %q", e.Action)
	}
	if err := w.s.AuditDenied(model.Actor{}, "", "", ""); err != nil {
		t.Fatal(err)
	}
	if got, _ := w.s.AuditFind(w.u["Ada Admin"], AuditQuery{Limit: 1}); got[0].Action != "denied.unknown" {
		t.Errorf("a refusal with no action is %q", got[0].Action)
	}
}

// mayHold may say yes to an entry that does not match, never no to one
// that does: whatever the name, fingerprint or action holds.
func TestMayHoldHasNoFalseNegatives(t *testing.T) {
	texts := []string{"Asha Patel", "ÉLODIE Ünal", "O'Brien & <Sons>", "back\\slash \"quoted\"", "line\u2028sep",
		"bad \xff utf8", "İstanbul", "ǅemal", "SHA256:AbCdEf+/=", "denied.key", "tab\there", "ctrl\x01x", "\ufffd mark"}
	for _, text := range texts {
		e := model.AuditEntry{Actor: model.Actor{User: model.User{Name: text}, Fingerprint: text}, Action: model.AuditAction(text), Summary: "s"}
		raw, err := encode(e)
		if err != nil {
			t.Fatal(err)
		}
		var back model.AuditEntry
		if err := decode(raw, &back); err != nil {
			t.Fatal(err)
		}
		field := strings.ToLower(back.Actor.User.Name)
		runes := []rune(field)
		for i := range runes {
			for j := i + 1; j <= len(runes) && j <= i+6; j++ {
				needle := string(runes[i:j])
				if !mayHold(raw, needle) {
					t.Errorf("mayHold(%q, %q) = false, but the name %q holds it", raw, needle, back.Actor.User.Name)
				}
			}
		}
	}
	raw, _ := encode(model.AuditEntry{Actor: model.Actor{User: model.User{Name: "Asha Patel"}}, Action: "problem.create"})
	if mayHold(raw, "carol") || !mayHold(raw, "asha") || !mayHold(raw, "problem.") {
		t.Error("mayHold does not filter")
	}
}
