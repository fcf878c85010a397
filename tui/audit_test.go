package tui

import (
	"fmt"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/teatest/v2"

	"wardpanel/model"
	"wardpanel/store"
	"wardpanel/tui/audit"
	rec "wardpanel/tui/records"
)

// boardHelp is the board's full help, as "key desc" pairs.
func boardHelp(hs *harness) string {
	var out []string
	for _, g := range hs.app.board().FullHelp() {
		for _, b := range g {
			out = append(out, b.Help().Key+" "+b.Help().Desc)
		}
	}
	return strings.Join(out, ", ")
}

func TestAuditOfferedToThoseWhoReadIt(t *testing.T) {
	for _, u := range []model.User{fuzzAdmin, chair, officer, council, fuzzHousing, member, watcher} {
		t.Run(string(u.Role)+" "+u.Name, func(t *testing.T) {
			hs := newHarness(t, userOpts(newFakeStore(), u), 80, 24)
			reads := model.CanReadAudit(u)
			if got := strings.Contains(boardHelp(hs), "u audit"); got != reads {
				t.Errorf("board help offers the audit: %t, want %t (%s)", got, reads, boardHelp(hs))
			}
			hs.keys("u")
			if got := hs.app.active == screenAudit; got != reads {
				t.Fatalf("u opened the audit: %t, want %t", got, reads)
			}
			if reads {
				hs.keys("esc")
				if hs.app.active != screenBoard {
					t.Errorf("esc from the audit went to screen %q", hs.app.active)
				}
			}
		})
	}
}

// auditRows are the audit list's entries as the screen shows them.
func auditRows(hs *harness) []model.AuditEntry { return hs.app.audit().Entries }

func TestAuditScreenFilters(t *testing.T) {
	st := realStore(t)
	hs := newHarness(t, Options{Store: st, User: &officer, Fingerprint: "SHA256:golden", Now: fixedNow, Live: true}, 160, 60)
	hs.keys("u")
	v := ansi.Strip(hs.view())
	for _, want := range []string{"Audit", "what all", "when all", "problem.create", "Asha Patel", "fixture", "[police] title \"Drug dealing"} {
		if !strings.Contains(v, want) {
			t.Errorf("the audit screen lacks %q:\n%s", want, v)
		}
	}
	// Asha is police and no panel officer: not the officers' problem, and
	// no administration (the operator's wards and agencies).
	for _, never := range []string{"Panel budget", "ward.add", "agency.put", "operator"} {
		if strings.Contains(v, never) {
			t.Errorf("Asha sees %q:\n%s", never, v)
		}
	}
	all := len(auditRows(hs))
	if all == 0 {
		t.Fatal("no entries")
	}

	hs.keys("a") // what: problem.
	if v := ansi.Strip(hs.view()); !strings.Contains(v, "what problem") {
		t.Errorf("the bar does not say what:\n%s", v)
	}
	for _, e := range auditRows(hs) {
		if e.Action.Family() != model.FamilyProblem {
			t.Errorf("what problem. shows %s", e.Action)
		}
	}
	if n := len(auditRows(hs)); n == 0 || n >= all {
		t.Errorf("what problem.: %d of %d entries", n, all)
	}
	hs.keys("a") // action.
	for _, e := range auditRows(hs) {
		if e.Action.Family() != model.FamilyAction {
			t.Errorf("what action. shows %s", e.Action)
		}
	}
	// Round to all again: officers get no administrative choices.
	for range audit.WhatChoices() - 2 {
		hs.keys("a")
	}
	if hs.app.audit().What != "" || len(auditRows(hs)) != all {
		t.Errorf("after a full cycle: what %q, %d entries of %d", hs.app.audit().What, len(auditRows(hs)), all)
	}

	// Who, typed: q and ? are letters here.
	hs.keys("/", "CAROL")
	if !hs.app.audit().Typing || hs.quit {
		t.Fatal("typing a name left the field")
	}
	if len(auditRows(hs)) == 0 {
		t.Fatal("nothing by Carol")
	}
	for _, e := range auditRows(hs) {
		if e.Actor.User.Name != chair.Name {
			t.Errorf("who carol shows %s", e.Actor.User.Name)
		}
	}
	// Typing narrowed what was loaded; enter reads with it.
	if hs.app.audit().LoadedWho != "" {
		t.Errorf("typing more of a name read the store again (with %q)", hs.app.audit().LoadedWho)
	}
	hs.keys("enter")
	if hs.app.audit().LoadedWho != "CAROL" {
		t.Errorf("enter did not read with the name: %q", hs.app.audit().LoadedWho)
	}
	if v := ansi.Strip(hs.view()); !strings.Contains(v, "who CAROL") {
		t.Errorf("the bar does not say who:\n%s", v)
	}
	hs.keys("/", "esc")
	if hs.app.audit().Who != "" || len(auditRows(hs)) != all {
		t.Errorf("esc left who %q and %d entries of %d", hs.app.audit().Who, len(auditRows(hs)), all)
	}
	// By key: the fixture's key names every entry made through it.
	hs.keys("/", "fixture", "enter")
	if n := len(auditRows(hs)); n == 0 || n > all {
		t.Errorf("who fixture: %d entries", n)
	}
	hs.keys("/", "esc")

	// When: the fixture was written on 2 March; the tests' today is the 4th.
	hs.keys("d")
	if v := ansi.Strip(hs.view()); !strings.Contains(v, "when today") || !strings.Contains(v, "No entries match") {
		t.Errorf("today:\n%s", v)
	}
	hs.keys("d")
	if len(auditRows(hs)) != all {
		t.Errorf("7 days: %d entries of %d", len(auditRows(hs)), all)
	}
	hs.keys("d", "d")
	if hs.app.audit().When != audit.SpanAll {
		t.Errorf("when did not come round to all: %s", hs.app.audit().When)
	}

	// An entry in full: the whole fingerprint, and back.
	hs.keys("end", "enter")
	v = ansi.Strip(hs.view())
	e := auditRows(hs)[len(auditRows(hs))-1]
	for _, want := range []string{"Audit entry", e.At.Format("Mon 2 Jan 2006 15:04:05 MST"), "SHA256:fixture", "Visible to", string(e.Action)} {
		if !strings.Contains(v, want) {
			t.Errorf("the entry in full lacks %q:\n%s", want, v)
		}
	}
	// The trail's number is not shown: gaps in it would count the entries
	// this reader may not see.
	if strings.Contains(v, fmt.Sprintf("Audit entry %d", e.Seq)) || strings.Contains(v, fmt.Sprint(e.Seq)+"\n") {
		t.Errorf("the entry in full shows its sequence number %d:\n%s", e.Seq, v)
	}
	hs.keys("esc")
	if hs.app.active != screenAudit || hs.app.audit().Full {
		t.Fatal("esc from the entry left the audit screen")
	}
	hs.keys("esc")
	if hs.app.active != screenBoard {
		t.Fatal("esc from the audit did not go back to the board")
	}
}

// Every entry, in the list and in full, for every seat: no marker reaches
// anyone outside its audience, through the real store's trail.
func TestAuditNeverShowsRestrictedRecords(t *testing.T) {
	w := markerReal(t)
	seen := map[string]map[string]bool{}
	for _, role := range fuzzRoles() {
		if role == nil {
			continue
		}
		u := *role
		t.Run(u.Name, func(t *testing.T) {
			hs := newHarness(t, Options{Store: w.store, User: &u, Fingerprint: "SHA256:test", Now: fixedNow}, 200, 60)
			seen[u.Name] = map[string]bool{}
			check := func(where string) {
				t.Helper()
				sq := squash(ansi.Strip(hs.view()))
				for m, may := range markerAudience {
					if !strings.Contains(sq, m) {
						continue
					}
					seen[u.Name][m] = true
					if !may(u) {
						t.Fatalf("%s (%s, %s) sees %s in %s:\n%s", u.Name, u.Role, u.Agency, m, where, ansi.Strip(hs.view()))
					}
				}
			}
			hs.keys("u")
			if !model.CanReadAudit(u) {
				if hs.app.active == screenAudit {
					t.Fatal("the audit opened for a role that does not read it")
				}
				return
			}
			check("the list")
			for i := range auditRows(hs) {
				hs.keys("enter")
				check(fmt.Sprintf("entry %d in full", i))
				hs.keys("esc", "down")
			}
		})
	}
	// The test means something only if the markers do show where they may.
	for who, m := range map[string]string{officer.Name: "RESTRICTED-POLICE-7", chair.Name: "OFFICERS-ONLY-3",
		fuzzHousing.Name: "HOUSING-ONLY-5"} {
		if !seen[who][m] {
			t.Errorf("%s never saw %s in the audit", who, m)
		}
	}
	if !seen[officer.Name]["NARROWED-POLICE-13"] {
		t.Error("police never saw the narrowed problem's history")
	}
}

// Restricting a record takes its history off the screens of those who may
// no longer see it, live, even the entry they have open in full.
func TestAuditFollowsRestrictionLive(t *testing.T) {
	w := markerReal(t)
	u := fuzzHousing
	hs := newHarness(t, Options{Store: w.store, User: &u, Fingerprint: "SHA256:test", Now: fixedNow, Live: true}, 160, 40)
	hs.keys("u")
	idx := -1
	for i, e := range auditRows(hs) {
		if e.Target == "problem/3" {
			idx = i
			break
		}
	}
	if idx < 0 {
		t.Fatalf("Hana does not see problem 3's history:\n%s", ansi.Strip(hs.view()))
	}
	hs.keys("home")
	for range idx {
		hs.keys("down")
	}
	hs.keys("enter")
	if v := ansi.Strip(hs.view()); !strings.Contains(v, "Record       P3") {
		t.Fatalf("the entry in full:\n%s", v)
	}
	w.restrict()
	hs.send(StoreChangedMsg{})
	v := ansi.Strip(hs.view())
	if hs.app.audit().Full || strings.Contains(v, "problem/3") || strings.Contains(v, "Youth nuisance") {
		t.Fatalf("problem 3's history is still on Hana's screen after it was restricted:\n%s", v)
	}
	for _, e := range auditRows(hs) {
		if e.Target == "problem/3" {
			t.Errorf("entry %d about problem 3 is still listed", e.Seq)
		}
	}
}

// The cursor stays on its entry as new ones arrive above it.
func TestAuditKeepsTheCursorLive(t *testing.T) {
	st := realStore(t)
	hs := newHarness(t, Options{Store: st, User: &officer, Fingerprint: "SHA256:golden", Now: fixedNow, Live: true}, 100, 30)
	hs.keys("u", "down", "down")
	was := hs.app.audit().Selected
	n := len(auditRows(hs))
	if _, err := st.CreateProblem(model.Actor{User: chair, Fingerprint: "SHA256:chairkey"}, model.Problem{Ward: wardA,
		Title: "Cuckooing at Flat 12", Category: "exploitation", Stage: model.StageScanning, Priority: model.PriorityHigh}); err != nil {
		t.Fatal(err)
	}
	hs.send(StoreChangedMsg{Revision: st.Revision()})
	if got := len(auditRows(hs)); got != n+1 {
		t.Fatalf("%d entries after one change, want %d", got, n+1)
	}
	if cur := auditRows(hs)[hs.app.audit().Cursor]; cur.Seq != was || hs.app.audit().Cursor != 3 {
		t.Errorf("the cursor moved to entry %d (row %d), want entry %d", cur.Seq, hs.app.audit().Cursor, was)
	}
	if v := ansi.Strip(hs.view()); !strings.Contains(v, "Cuckooing at Flat 12") || !strings.Contains(v, "chairk…") {
		t.Errorf("the new entry is not on screen:\n%s", v)
	}
}

// Refusals are the admins': an admin filters them out and reads the key
// that tried; an officer never sees them.
func TestAuditShowsRefusalsToAdmins(t *testing.T) {
	st := realStore(t)
	fp := "SHA256:u6K0e9cC1kUuGa4Tz4mM9zjqfE9d5QyQm0O9mB4hWnU"
	if err := st.AuditDenied(model.Actor{User: model.User{Name: "root"}, Fingerprint: fp}, "key", "ssh", "unknown key"); err != nil {
		t.Fatal(err)
	}
	admin := fuzzAdmin
	hs := newHarness(t, Options{Store: st, User: &admin, Fingerprint: "SHA256:test", Now: fixedNow}, 100, 30)
	hs.keys("u")
	for hs.app.audit().What != model.FamilyDenied {
		hs.keys("a")
		if hs.app.audit().What == "" {
			t.Fatal("the admin's what filter has no denied.")
		}
	}
	rows := auditRows(hs)
	if len(rows) != 1 || rows[0].Action != "denied.key" {
		t.Fatalf("denied.: %+v", rows)
	}
	hs.keys("enter")
	v := ansi.Strip(hs.view())
	for _, want := range []string{fp, "root", "denied.key", "admins only", "unknown key"} {
		if !strings.Contains(strings.ReplaceAll(v, "\n"+strings.Repeat(" ", rec.LabelWidth), ""), want) {
			t.Errorf("the refusal in full lacks %q:\n%s", want, v)
		}
	}
	pol := newHarness(t, Options{Store: st, User: &officer, Fingerprint: "SHA256:test", Now: fixedNow}, 100, 30)
	pol.keys("u")
	for _, e := range auditRows(pol) {
		if e.Action.Refusal() {
			t.Errorf("an officer sees %s", e.Action)
		}
	}
	if strings.Contains(ansi.Strip(pol.view()), "root") {
		t.Errorf("an officer sees the refusal:\n%s", ansi.Strip(pol.view()))
	}
}

// hostileAudit hands the screen entries no store would write, as a restored
// or imported file might hold: the screen must make them inert itself.
type hostileAudit struct {
	*fakeStore
	entries []model.AuditEntry
}

func (h hostileAudit) AuditFind(model.User, store.AuditQuery) ([]model.AuditEntry, error) {
	return h.entries, nil
}

func TestAuditTextRendersInert(t *testing.T) {
	e := model.AuditEntry{Seq: 7, At: t0, Action: "problem.create" + clear, Target: "problem/1" + osc52,
		Summary: title + hostil, Ward: wardA, Visibility: model.Visibility{Kind: model.VisAgencies, Agencies: []string{"police", "x" + clear}},
		Actor: model.Actor{User: model.User{ID: 1, Name: "Mallory " + osc8, Agency: "police" + bidi, Role: model.Role("officer" + c1CSI)},
			Fingerprint: "SHA256:" + osc52 + "abc"}}
	st := hostileAudit{fakeStore: newFakeStore(), entries: []model.AuditEntry{e}}
	for _, sz := range goldenSizes {
		hs := newHarness(t, Options{Store: st, User: &officer, Fingerprint: "SHA256:test", Now: fixedNow}, sz[0], sz[1])
		hs.keys("u")
		assertInert(t, hs.view(), fmt.Sprintf("the audit list at %dx%d", sz[0], sz[1]))
		hs.keys("enter")
		if !hs.app.audit().Full {
			t.Fatal("enter did not open the entry")
		}
		assertInert(t, hs.view(), fmt.Sprintf("the entry in full at %dx%d", sz[0], sz[1]))
		hs.keys("end")
		assertInert(t, hs.view(), "the entry's end")
	}
}

// The audit screen's frames fit every size from 20×5 up, list and entry.
func TestAuditFitsTheTerminal(t *testing.T) {
	st := realStore(t)
	for _, sz := range [][2]int{{20, 5}, {40, 12}, {57, 14}, {80, 24}, {100, 30}, {160, 60}} {
		hs := newHarness(t, Options{Store: st, User: &officer, Fingerprint: "SHA256:test", Now: fixedNow}, sz[0], sz[1])
		for _, k := range []string{"u", "a", "d", "?", "enter", "end", "?", "esc", "/", "x"} {
			hs.keys(k)
			lines := strings.Split(hs.view(), "\n")
			if len(lines) != sz[1] {
				t.Fatalf("%dx%d after %q: %d lines", sz[0], sz[1], k, len(lines))
			}
			for _, l := range lines {
				if lw := ansi.StringWidth(l); lw > sz[0] {
					t.Fatalf("%dx%d after %q: a line %d wide:\n%s", sz[0], sz[1], k, lw, ansi.Strip(hs.view()))
				}
			}
		}
	}
}

func TestGoldenAudit(t *testing.T) {
	for _, sz := range goldenSizes {
		t.Run(fmt.Sprintf("%dx%d", sz[0], sz[1]), func(t *testing.T) {
			opts := Options{Store: realStore(t), User: &officer, Fingerprint: "SHA256:golden", Now: fixedNow, Live: true}
			tm := startLoaded(t, opts, []string{"Speeding"}, tea.KeyPressMsg{Code: 'u', Text: "u"})
			waitFor(t, tm, "evidence.add")
			resize(tm, sz)
			teatest.RequireEqualOutput(t, finalScreen(t, tm))
		})
	}
}

// One entry in full: the whole key fingerprint, the record and who may see it.
func TestGoldenAuditEntry(t *testing.T) {
	for _, sz := range goldenSizes {
		t.Run(fmt.Sprintf("%dx%d", sz[0], sz[1]), func(t *testing.T) {
			opts := Options{Store: realStore(t), User: &officer, Fingerprint: "SHA256:golden", Now: fixedNow}
			tm := startLoaded(t, opts, []string{"Speeding"}, tea.KeyPressMsg{Code: 'u', Text: "u"})
			waitFor(t, tm, "evidence.add")
			tm.Send(tea.KeyPressMsg{Code: 'a', Text: "a"}) // what: problem.
			waitFor(t, tm, "what problem")
			tm.Send(press(tea.KeyEnd))
			tm.Send(press(tea.KeyEnter))
			waitFor(t, tm, "Audit entry")
			resize(tm, sz)
			teatest.RequireEqualOutput(t, finalScreen(t, tm))
		})
	}
}
