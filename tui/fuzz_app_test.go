package tui

import (
	"cmp"
	"fmt"
	"strings"
	"testing"
	"unicode"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"wardpanel/model"
	"wardpanel/tui/ui/uitest"
)

// The model-level fuzz drives the root model as a session would: key
// presses from every binding, resizes down to 20×5, store changes and a
// record restricted behind the user's back, for every role. After every
// message the frame must fit the window, stay inert, and show no record
// the user may not see.
//
// Run it for longer with
//
//	go test ./tui -run '^$' -fuzz '^FuzzApp$' -fuzztime 5m

// Markers are unique words in the titles and texts of restricted records.
// Each says who may see it, written out here rather than asked of model's
// rules, so that a mistake in those rules shows up too.
var markerAudience = map[string]func(u model.User) bool{
	"RESTRICTED-POLICE-7": ofAgency("police"),
	"NARROWED-POLICE-13":  ofAgency("police"),
	"POLICE-ACTION-8":     ofAgency("police"),
	"POLICE-OUTCOME-6":    ofAgency("police"),
	"POLICE-EVIDENCE-9":   ofAgency("police"),
	"LATE-POLICE-11":      ofAgency("police"),
	"HOUSING-ONLY-5":      ofAgency("housing"),
	"OFFICERS-ONLY-3":     panelOfficer,
	// The council owns it, and an owner agency always sees its own work.
	"OFFICERS-ACTION-4":    func(u model.User) bool { return panelOfficer(u) || ofAgency("council")(u) },
	"OFFICERS-EVIDENCE-12": panelOfficer,
	"OTHER-WARD-2":         func(u model.User) bool { return u.InWard(wardB) },
}

func ofAgency(a string) func(model.User) bool {
	return func(u model.User) bool { return u.Agency == a && u.InWard(wardA) }
}

func panelOfficer(u model.User) bool {
	switch u.Role {
	case model.RoleChair, model.RoleViceChair, model.RoleSecretary:
		return u.InWard(wardA)
	}
	return false
}

var (
	policeOnly  = model.Visibility{Kind: model.VisAgencies, Agencies: []string{"police"}}
	housingOnly = model.Visibility{Kind: model.VisAgencies, Agencies: []string{"housing"}}
	officersVis = model.Visibility{Kind: model.VisOfficers}

	fuzzAdmin   = model.User{ID: 10, Name: "Ada Admin", Agency: "council", Role: model.RoleAdmin, Wards: []string{wardA}}
	fuzzHousing = model.User{ID: 11, Name: "Hana Housing", Agency: "housing", Role: model.RoleOfficer, Wards: []string{wardA}}
)

// fuzzRoles are the seats the fuzz sits in; nil is a demo visitor who
// picks one of fuzzPersonas.
func fuzzRoles() []*model.User {
	return []*model.User{&fuzzAdmin, &chair, &officer, &fuzzHousing, &member, &watcher, nil}
}

func fuzzPersonas() []model.User { return []model.User{officer, member, chair, fuzzHousing} }

// fuzzWorld is a store with the markers in it, and a way for someone else
// to restrict a panel problem (#3) while the session looks at it.
type fuzzWorld struct {
	store    Store
	restrict func()
}

const lateTitle = "LATE-POLICE-11 youth nuisance, now police only"

// markerFake is the fake store with the marked records added as they are.
func markerFake() fuzzWorld {
	st := newFakeStore()
	add := func(p model.Problem) model.ID {
		p.Ward = cmp.Or(p.Ward, wardA)
		p.Category, p.Stage, p.Priority, p.Version = "other", model.StageScanning, model.PriorityMedium, 1
		p.CreatedBy, p.UpdatedBy, p.CreatedAt, p.UpdatedAt = "Fixture", "Fixture", t0, t0
		st.put(p)
		return st.nextID
	}
	pPolice := add(model.Problem{Title: "RESTRICTED-POLICE-7 cuckooing at flat 7", Visibility: policeOnly,
		Description: "RESTRICTED-POLICE-7 in the description too."})
	add(model.Problem{Title: "OFFICERS-ONLY-3 the panel's budget", Visibility: officersVis})
	add(model.Problem{Title: "HOUSING-ONLY-5 tenancy breaches", Visibility: housingOnly})
	add(model.Problem{Ward: wardB, Title: "OTHER-WARD-2 in Southmere", Visibility: model.Panel})
	// Raised while it was panel-wide, then narrowed: its panel action stays.
	pNarrow := add(model.Problem{Title: "NARROWED-POLICE-13 alley lighting", Visibility: policeOnly})

	act := func(a model.Action) model.ID {
		a.Ward = cmp.Or(a.Ward, wardA)
		a.Due, a.Status, a.Version = day(5), model.ActionOpen, 1
		a.CreatedBy, a.UpdatedBy, a.CreatedAt, a.UpdatedAt = "Asha Patel", "Asha Patel", t0, t0
		st.putAction(a)
		return st.nextAct
	}
	aPolice := act(model.Action{ProblemID: pPolice, Title: "POLICE-ACTION-8 test purchase", OwnerAgency: "police", Visibility: policeOnly})
	act(model.Action{ProblemID: 1, Title: "OFFICERS-ACTION-4 ask the landlord", OwnerAgency: "council", Visibility: officersVis})
	act(model.Action{ProblemID: pNarrow, Title: "Survey the alley lights", OwnerAgency: "council", Visibility: model.Panel})
	st.outcomes[aPolice] = append(st.outcomes[aPolice], model.Outcome{ID: 90, ActionID: aPolice,
		Text: "POLICE-OUTCOME-6 two arrests", Result: "enforcement", By: "Asha Patel", Agency: "police", At: t0})
	for i, e := range []model.Evidence{
		{ProblemID: 4, Kind: model.EvidenceFact, Text: "POLICE-EVIDENCE-9 a named suspect", Visibility: policeOnly},
		{ProblemID: 4, Kind: model.EvidenceOpinion, Text: "OFFICERS-EVIDENCE-12 the chair's view", Visibility: officersVis},
	} {
		st.nextEv++
		e.ID, e.Ward, e.Occurred = st.nextEv, wardA, day(-1-i)
		e.LoggedBy, e.Agency, e.LoggedAt = "Asha Patel", "police", t0
		st.evidence[e.ID] = e
	}
	return fuzzWorld{store: st, restrict: func() {
		p := st.get(3)
		p.Title, p.Visibility = lateTitle, policeOnly
		p.Version++
		p.UpdatedBy = "Asha Patel"
		st.put(p)
	}}
}

// markerReal is the real store's fixture with the same marked records,
// each made through the store's API by someone allowed to.
func markerReal(t *testing.T) fuzzWorld {
	t.Helper()
	st := realStore(t)
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	as := func(u model.User) model.Actor { return model.Actor{User: u, Fingerprint: "SHA256:fixture"} }
	_, err := st.AddUser(model.Operator, model.User{Name: fuzzHousing.Name, Agency: "housing", Role: model.RoleOfficer, Wards: []string{wardA}})
	must(err)
	problem := func(by model.User, p model.Problem) model.Problem {
		t.Helper()
		p.Ward = cmp.Or(p.Ward, wardA)
		p.Category = "other"
		got, err := st.CreateProblem(as(by), p)
		must(err)
		return got
	}
	pPolice := problem(officer, model.Problem{Title: "RESTRICTED-POLICE-7 cuckooing at flat 7", Visibility: policeOnly,
		Description: "RESTRICTED-POLICE-7 in the description too."})
	problem(chair, model.Problem{Title: "OFFICERS-ONLY-3 the panel's budget", Visibility: officersVis})
	problem(fuzzHousing, model.Problem{Title: "HOUSING-ONLY-5 tenancy breaches", Visibility: housingOnly})
	problem(officer, model.Problem{Ward: wardB, Title: "OTHER-WARD-2 in Southmere"})
	pNarrow := problem(officer, model.Problem{Title: "NARROWED-POLICE-13 alley lighting"})

	action := func(by model.User, a model.Action) model.Action {
		t.Helper()
		a.Ward, a.Due = wardA, day(5)
		got, err := st.CreateAction(as(by), a)
		must(err)
		return got
	}
	aPolice := action(officer, model.Action{ProblemID: pPolice.ID, Title: "POLICE-ACTION-8 test purchase", OwnerAgency: "police", Visibility: policeOnly})
	action(chair, model.Action{ProblemID: 1, Title: "OFFICERS-ACTION-4 ask the landlord", OwnerAgency: "council", Visibility: officersVis})
	action(officer, model.Action{ProblemID: pNarrow.ID, Title: "Survey the alley lights", OwnerAgency: "council"})
	pNarrow.Visibility = policeOnly
	_, err = st.UpdateProblem(as(officer), pNarrow)
	must(err)
	_, err = st.AddOutcome(as(officer), aPolice.ID, model.Outcome{Text: "POLICE-OUTCOME-6 two arrests", Result: "enforcement"})
	must(err)
	_, err = st.AddEvidence(as(officer), model.Evidence{ProblemID: 4, Kind: model.EvidenceFact, Occurred: day(-1),
		Text: "POLICE-EVIDENCE-9 a named suspect", Visibility: policeOnly})
	must(err)
	_, err = st.AddEvidence(as(chair), model.Evidence{ProblemID: 4, Kind: model.EvidenceOpinion, Occurred: day(-2),
		Text: "OFFICERS-EVIDENCE-12 the chair's view", Visibility: officersVis})
	must(err)
	return fuzzWorld{store: st, restrict: func() {
		// Asha restricts it; if the session has already narrowed it out of
		// her sight (a chair can), there is nothing more to do.
		if p, err := st.Problem(officer, 3); err == nil {
			p.Title, p.Visibility = lateTitle, policeOnly
			_, _ = st.UpdateProblem(as(officer), p)
		}
	}}
}

// fuzzOps is the alphabet fuzz bytes are read in: every bound key, the
// letters and a few other runes a form takes, and the events that do not
// come from the keyboard. Add to the end: the committed corpus is bytes
// that index this list.
var fuzzOps = func() []string {
	ops := []string{
		"enter", "esc", "tab", "shift+tab", "backspace", "delete", "up", "down", "left", "right",
		"pgup", "pgdown", "home", "end", "ctrl+s", "ctrl+r", "ctrl+o", "ctrl+u", "ctrl+e", "ctrl+a",
		"ctrl+k", "ctrl+c", "?", "/", "+", "-", " ", "0", "1", "2", "7", "G",
		opResize, opChanged, opRestrict, opLight,
	}
	for r := 'a'; r <= 'z'; r++ {
		ops = append(ops, string(r))
	}
	return ops
}()

const (
	opResize   = "<resize>" // the next two bytes are the new width and height
	opChanged  = "<changed>"
	opRestrict = "<restrict>" // someone restricts #3 to police; the feed says so
	opLight    = "<light>"    // the terminal answers that its background is light
)

func fuzzKey(name string) tea.KeyPressMsg {
	if k, ok := namedKey(name); ok {
		return k
	}
	if name == "delete" {
		return tea.KeyPressMsg{Code: tea.KeyDelete}
	}
	r := []rune(name)[0]
	return tea.KeyPressMsg{Code: r, Text: name}
}

// fuzzSize maps two bytes to a window from 20×5 to 160×60.
func fuzzSize(bw, bh byte) (int, int) { return 20 + int(bw)%141, 5 + int(bh)%56 }

// appSeed encodes a session for f.Add: a role (index into fuzzRoles), a
// first window size, and ops named as in fuzzOps ("size:WxH" for a resize).
func appSeed(role, w, h int, ops ...string) []byte {
	out := []byte{byte(role), byte(w - 20), byte(h - 5)}
	for _, op := range ops {
		if s, ok := strings.CutPrefix(op, "size:"); ok {
			var nw, nh int
			fmt.Sscanf(s, "%dx%d", &nw, &nh)
			out = append(out, byte(indexOf(fuzzOps, opResize)), byte(nw-20), byte(nh-5))
			continue
		}
		if i := indexOf(fuzzOps, op); i >= 0 {
			out = append(out, byte(i))
			continue
		}
		for _, r := range op { // a word, typed a letter at a time
			i := indexOf(fuzzOps, string(r))
			if i < 0 {
				panic(fmt.Sprintf("appSeed: %q cannot be typed", r))
			}
			out = append(out, byte(i))
		}
	}
	return out
}

func indexOf(ops []string, op string) int {
	for i, o := range ops {
		if o == op {
			return i
		}
	}
	return -1
}

// appSeeds visit every screen as every kind of user.
func appSeeds() [][]byte {
	const (
		adminR = iota
		chairR
		policeR
		housingR
		memberR
		observerR
		visitorR
	)
	var seeds [][]byte
	for role := range fuzzRoles() {
		seeds = append(seeds,
			appSeed(role, 80, 24, "enter", "down", "enter", "j", "enter", "end", "esc", "t", "v", "a", "enter", "p", "esc", "esc"),
			appSeed(role, 40, 12, "end", "enter", "tab", "tab", "enter", "esc", "esc", "w", "pgdown", "enter", "?", "esc", "w"),
			appSeed(role, 120, 40, "s", "c", "a", "o", "/", "nuisance", "enter", "enter", opRestrict, "esc", "t", "end", "enter"),
			appSeed(role, 20, 5, "enter", "size:21x6", "t", "enter", "size:160x60", "esc", "esc", "?", "size:40x12", "j", "enter"),
		)
	}
	seeds = append(seeds,
		// Raising an action from the problem that gets narrowed, then saving.
		appSeed(policeR, 80, 24, "/", "youth", "enter", "enter", "a", "lights", "tab", "tab", "tab", "ctrl+u", "+2w", "ctrl+s", "esc"),
		appSeed(housingR, 80, 24, "/", "youth", "enter", "enter", "a", "youth club", opRestrict, "ctrl+s", "esc", "esc"),
		appSeed(chairR, 80, 24, "j", "j", "enter", "e", "ctrl+u", "renamed", opChanged, "tab", "tab", "tab", "right", "tab", "tab", "tab", "tab", "right", "ctrl+s"),
		appSeed(chairR, 60, 16, "/", "youth", "enter", "enter", "e", "x", opRestrict, "ctrl+s", "ctrl+r", "ctrl+o", "esc"),
		// Evidence and outcomes.
		appSeed(memberR, 80, 24, "enter", "v", "seen it", "tab", "tab", "ctrl+s", "n", "new problem", "ctrl+s"),
		appSeed(policeR, 72, 20, "t", "enter", "o", "done", "tab", "right", "ctrl+s", "s", "down", "enter", "e", "ctrl+s"),
		appSeed(policeR, 50, 14, "t", "v", "v", "a", "a", "enter", "enter", "p", "v", "ctrl+s", "esc", opLight, "?"),
		// A visitor picks each persona in turn.
		appSeed(visitorR, 80, 24, "enter", "t", "enter"),
		appSeed(visitorR, 80, 24, "down", "enter", "enter", "v"),
		appSeed(visitorR, 40, 12, "end", "enter", "/", "police", "enter"),
		appSeed(visitorR, 40, 12, "down", "down", "enter", "j", "enter", "tab", "enter"),
		// Someone restricts the problem being looked at.
		appSeed(housingR, 80, 24, "/", "youth", "enter", "enter", opRestrict, "esc", opRestrict, "enter", "t", "end", "enter"),
		appSeed(memberR, 80, 24, "t", "end", "enter", opRestrict, "p", "esc", opChanged),
	)
	return seeds
}

func FuzzApp(f *testing.F) {
	for _, s := range appSeeds() {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		runAppFuzz(t, markerFake(), data)
	})
}

// TestAppSeedsOnTheRealStore runs the seeds against bbolt: the same
// invariants hold when the store's own read paths do the filtering.
func TestAppSeedsOnTheRealStore(t *testing.T) {
	for i, s := range appSeeds() {
		t.Run(fmt.Sprint(i), func(t *testing.T) { runAppFuzz(t, markerReal(t), s) })
	}
}

// TestMarkersShowToThoseWhoMaySeeThem keeps the fuzz honest: the markers
// do appear where they should, so their absence elsewhere means something.
func TestMarkersShowToThoseWhoMaySeeThem(t *testing.T) {
	worlds := map[string]func(t *testing.T) fuzzWorld{
		"fake": func(*testing.T) fuzzWorld { return markerFake() },
		"real": markerReal,
	}
	for name, world := range worlds {
		t.Run(name, func(t *testing.T) {
			w := world(t)
			seen := func(u model.User, keys ...string) string {
				hs := newHarness(t, Options{Store: w.store, User: &u, Fingerprint: "SHA256:test", Now: fixedNow}, 160, 60)
				hs.keys(keys...)
				return squash(ansi.Strip(hs.view()))
			}
			tests := []struct {
				u      model.User
				keys   []string
				marker string
			}{
				{officer, nil, "RESTRICTED-POLICE-7"},
				{chair, nil, "OFFICERS-ONLY-3"},
				{fuzzHousing, nil, "HOUSING-ONLY-5"},
				{officer, []string{"t"}, "POLICE-ACTION-8"},
				{chair, []string{"t"}, "OFFICERS-ACTION-4"},
				{officer, []string{"w"}, "OTHER-WARD-2"},
				{officer, []string{"/", "elm", "enter", "enter", "end"}, "POLICE-EVIDENCE-9"},
				{chair, []string{"/", "elm", "enter", "enter", "end"}, "OFFICERS-EVIDENCE-12"},
			}
			for _, tt := range tests {
				if v := seen(tt.u, tt.keys...); !strings.Contains(v, tt.marker) {
					t.Errorf("%s after %q does not see %s:\n%s", tt.u.Name, tt.keys, tt.marker, v)
				}
			}
		})
	}
}

func runAppFuzz(t *testing.T, w fuzzWorld, data []byte) {
	if len(data) > 600 {
		data = data[:600] // a long session adds time, not new states
	}
	roles := fuzzRoles()
	role, width, height := roles[0], 80, 24
	if len(data) >= 3 {
		role = roles[int(data[0])%len(roles)]
		width, height = fuzzSize(data[1], data[2])
		data = data[3:]
	}
	opts := Options{Store: w.store, Fingerprint: "SHA256:fuzz", Now: fixedNow, Live: true}
	if role != nil {
		u := *role
		opts.User = &u
	} else {
		opts.Demo, opts.Personas = true, fuzzPersonas()
		opts.Enrol = func(p model.User) (model.User, error) { return p, nil }
	}
	d := &appDriver{t: t, app: New(opts).(*app), w: width, h: height}
	d.send(tea.WindowSizeMsg{Width: width, Height: height})
	d.run(d.app.Init())
	for i := 0; i < len(data) && !d.quit; i++ {
		switch op := fuzzOps[int(data[i])%len(fuzzOps)]; op {
		case opResize:
			var bw, bh byte
			if i+2 < len(data) {
				bw, bh = data[i+1], data[i+2]
			}
			i += 2
			d.w, d.h = fuzzSize(bw, bh)
			d.send(tea.WindowSizeMsg{Width: d.w, Height: d.h})
		case opChanged:
			d.send(StoreChangedMsg{})
		case opRestrict:
			w.restrict()
			d.send(StoreChangedMsg{})
		case opLight:
			d.send(tea.BackgroundColorMsg{Color: lipgloss.Color("#ffffff")})
		default:
			d.send(fuzzKey(op))
		}
	}
}

// appDriver is the harness's loop with the invariants checked after every
// message, including those that commands send back.
type appDriver struct {
	t    *testing.T
	app  *app
	w, h int
	quit bool
	// batch defers the checks to the end of a run of keys (see typeInto),
	// where checking every frame would cost more than it finds.
	batch bool
}

func (d *appDriver) send(msg tea.Msg) {
	d.t.Helper()
	_, cmd := d.app.Update(msg)
	d.check(msg)
	d.run(cmd)
}

func (d *appDriver) run(cmd tea.Cmd) {
	d.t.Helper()
	if uitest.Settle(d.t, cmd, func(msg tea.Msg) tea.Cmd {
		_, next := d.app.Update(msg)
		d.check(msg)
		return next
	}) {
		d.quit = true
	}
}

func (d *appDriver) check(after tea.Msg) {
	d.t.Helper()
	if d.batch {
		return
	}
	v := d.app.View().Content
	what := func() string { return fmt.Sprintf("after %T%+v at %dx%d", after, after, d.w, d.h) }
	lines := strings.Split(v, "\n")
	if len(lines) != d.h {
		d.t.Fatalf("%s: %d lines, want %d", what(), len(lines), d.h)
	}
	for i, l := range lines {
		if lw := lipgloss.Width(l); lw > d.w {
			d.t.Fatalf("%s: line %d is %d wide:\n%s", what(), i, lw, ansi.Strip(v))
		}
	}
	assertInert(d.t, v, "the frame")
	if d.w >= 40 && d.h >= 12 {
		// From 40×12 up the parts must fit before fitScreen cuts, or the
		// guard is hiding a layout bug by chopping the help or status.
		a := d.app
		raw := a.c.headerView() + "\n" + a.current().View() + "\n\n" + a.footerView()
		if n, lw := lipgloss.Height(raw), lipgloss.Width(raw); n != d.h || lw > d.w {
			d.t.Fatalf("%s: the parts are %d lines of up to %d cells:\n%s", what(), n, lw, ansi.Strip(raw))
		}
	}
	var u model.User
	if d.app.c.hasUser {
		u = d.app.c.user
	}
	sq := squash(ansi.Strip(v))
	for m, may := range markerAudience {
		if strings.Contains(sq, m) && !may(u) {
			d.t.Fatalf("%s: %s (%s, %s) sees %s:\n%s", what(), u.Name, u.Role, u.Agency, m, ansi.Strip(v))
		}
	}
}

// squash drops the spaces and line breaks a wrap or a column puts inside
// a marker.
func squash(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return -1
		}
		return r
	}, s)
}
