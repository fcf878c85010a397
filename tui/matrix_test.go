package tui

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"wardpanel/model"
	"wardpanel/model/modeltest"
	"wardpanel/store"
)

// The permission matrix on screen (issue 6): the counts the board and the
// actions screen print ("N/M"), their search, a problem's detail, and live
// updates, for every role and every visibility, on the real store. The
// expectations are the table below, written from DESIGN.md §2, not worked
// out with model's rules.

// mxVis, mxVisibility and mxOwner are the matrix's visibilities, shared
// with the store's and the SSH matrix (model/modeltest).
var (
	mxVis        = visOf(modeltest.MatrixVis)
	mxVisibility = modeltest.MatrixVisibility
	mxOwner      = modeltest.MatrixOwner
)

func visOf(vs []modeltest.Vis) []struct{ name, marker string } {
	out := make([]struct{ name, marker string }, len(vs))
	for i, v := range vs {
		out[i].name, out[i].marker = v.Name, v.Marker
	}
	return out
}

// mxPersonas: see says, per visibility (panel, agencies:police,
// agencies:housing,police, officers), whether the user may see records of it.
var mxPersonas = []struct {
	key string
	u   model.User
	see string
}{
	{"admin", model.User{ID: 101, Name: "Ann Admin", Agency: "council", Role: model.RoleAdmin, Wards: []string{wardA}}, "y---"},
	{"admin of the police", model.User{ID: 102, Name: "Pam Admin", Agency: "police", Role: model.RoleAdmin, Wards: []string{wardA}}, "yyy-"},
	{"chair", model.User{ID: 103, Name: "Cal Chair", Agency: "residents", Role: model.RoleChair, Wards: []string{wardA}}, "y--y"},
	{"vice-chair", model.User{ID: 104, Name: "Val Vice", Agency: "residents", Role: model.RoleViceChair, Wards: []string{wardA}}, "y--y"},
	{"secretary", model.User{ID: 105, Name: "Sue Secretary", Agency: "council", Role: model.RoleSecretary, Wards: []string{wardA}}, "y--y"},
	{"officer of the police", model.User{ID: 106, Name: "Pip Police", Agency: "police", Role: model.RoleOfficer, Wards: []string{wardA}}, "yyy-"},
	{"officer of housing", model.User{ID: 107, Name: "Hal Housing", Agency: "housing", Role: model.RoleOfficer, Wards: []string{wardA}}, "y-y-"},
	{"officer of the council", model.User{ID: 108, Name: "Con Council", Agency: "council", Role: model.RoleOfficer, Wards: []string{wardA}}, "y---"},
	{"member", model.User{ID: 109, Name: "Meg Member", Agency: "residents", Role: model.RoleMember, Wards: []string{wardA}}, "y---"},
	{"observer", model.User{ID: 110, Name: "Obe Observer", Agency: "residents", Role: model.RoleObserver, Wards: []string{wardA}}, "y---"},
	{"user of another ward", model.User{ID: 111, Name: "Oli Other", Agency: "police", Role: model.RoleChair, Wards: []string{wardB}}, "----"},
	{"chair of the police", model.User{ID: 112, Name: "Poppy Chair", Agency: "police", Role: model.RoleChair, Wards: []string{wardA}}, "yyyy"},
}

var mxCount = regexp.MustCompile(`\b(\d+)/(\d+)\b`)

// mxCounts is every "N/M" on a screen.
func mxCounts(screen string) []string {
	return mxCount.FindAllString(screen, -1)
}

// newMatrixStore is a real store with the matrix's two wards and five
// agencies (the clerk's office among them), and a clock that gives each write its own minute from t0.
func newMatrixStore(t *testing.T) *store.Store {
	t.Helper()
	st, err := store.Open(t.TempDir(), store.Options{Now: (&stepClock{t: t0}).Now})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = st.Close() })
	for _, w := range []model.Ward{{Code: wardA, Name: "Northfield"}, {Code: wardB, Name: "Southmere"}} {
		if _, err := st.AddWard(model.Operator, w); err != nil {
			t.Fatal(err)
		}
	}
	for _, a := range []string{"police", "housing", "council", "residents", "clerk"} {
		if _, err := st.PutAgency(model.Operator, model.Agency{Code: a}); err != nil {
			t.Fatal(err)
		}
	}
	return st
}

func TestMatrixScreensCountsAndLiveUpdates(t *testing.T) {
	st := newMatrixStore(t)
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	builder := model.Actor{User: mxPersonas[len(mxPersonas)-1].u, Fingerprint: "SHA256:builder"}
	due := fixedNow().AddDate(0, 0, 10)

	// Before anyone connects: a problem and an action at every visibility,
	// and a panel problem whose detail everyone will have open.
	var P, A [4]model.ID
	for i, v := range mxVis {
		p, err := st.CreateProblem(builder, model.Problem{Ward: wardA, Title: v.marker + " problem", Visibility: mxVisibility(i)})
		must(err)
		P[i] = p.ID
		a, err := st.CreateAction(builder, model.Action{Ward: wardA, ProblemID: p.ID, Title: v.marker + " action", OwnerAgency: mxOwner(i), Due: due})
		must(err)
		A[i] = a.ID
	}
	open, err := st.CreateProblem(builder, model.Problem{Ward: wardA, Title: "Open on every screen", Priority: model.PriorityHigh})
	must(err)

	type session struct {
		board, actions, detail *harness
	}
	sessions := map[string]session{}
	for _, p := range mxPersonas {
		u := p.u
		opts := Options{Store: st, User: &u, Fingerprint: "SHA256:" + p.key, Now: fixedNow, Live: true}
		s := session{board: newHarness(t, opts, 120, 40), actions: newHarness(t, opts, 120, 40), detail: newHarness(t, opts, 120, 80)} // the detail: tall enough for the plan above its actions and evidence
		s.actions.keys("t")
		if u.InWard(wardA) {
			s.detail.openProblem(open.ID)
		}
		sessions[p.key] = s
	}
	feed := func() {
		for _, s := range sessions {
			for _, hs := range []*harness{s.board, s.actions, s.detail} {
				hs.send(StoreChangedMsg{Revision: st.Revision()})
			}
		}
	}

	// check compares every persona's screens with the table: perVis
	// problems and actions of each visibility they may see, plus extra
	// panel-wide problems.
	check := func(stage string, perVis, extraProblems int, hiddenText ...string) {
		t.Helper()
		for _, p := range mxPersonas {
			s := sessions[p.key]
			seen := strings.Count(p.see, "y")
			problems, actions := seen*perVis, seen*perVis
			if p.u.InWard(wardA) {
				problems += extraProblems
			}
			board, list, detail := ansi.Strip(s.board.view()), ansi.Strip(s.actions.view()), ansi.Strip(s.detail.view())
			if got, want := mxCounts(board), []string{fmt.Sprintf("%d/%d", problems, problems)}; !slices.Equal(got, want) {
				t.Errorf("%s, %s: the board counts %v, want %v:\n%s", stage, p.key, got, want, board)
			}
			if got := len(s.board.visibleIDs()); got != problems {
				t.Errorf("%s, %s: the board lists %d problems, want %d", stage, p.key, got, problems)
			}
			if got, want := mxCounts(list), []string{fmt.Sprintf("%d/%d", actions, actions)}; !slices.Equal(got, want) {
				t.Errorf("%s, %s: the actions screen counts %v, want %v:\n%s", stage, p.key, got, want, list)
			}
			for i, v := range mxVis {
				for _, screen := range []string{board, list, detail} {
					if p.see[i] != 'y' && strings.Contains(screen, v.marker) {
						t.Errorf("%s, %s: a %s record is on screen:\n%s", stage, p.key, v.name, screen)
					}
				}
				if p.see[i] == 'y' && !strings.Contains(board, v.marker+" problem") {
					t.Errorf("%s, %s: the %s problem is not on the board:\n%s", stage, p.key, v.name, board)
				}
			}
			for _, h := range hiddenText {
				for _, screen := range []string{board, list, detail} {
					if strings.Contains(screen, h) {
						t.Errorf("%s, %s: %q is on screen:\n%s", stage, p.key, h, screen)
					}
				}
			}
		}
	}
	check("at first", 1, 1)

	// A search for a hidden record's words finds nothing, and says so in its count.
	for _, p := range mxPersonas {
		u := p.u
		hs := newHarness(t, Options{Store: st, User: &u, Now: fixedNow}, 120, 40)
		for i, v := range mxVis {
			hs.keys("/", v.marker, "enter")
			want := 0
			if p.see[i] == 'y' {
				want = 1
			}
			all := strings.Count(p.see, "y")
			if u.InWard(wardA) {
				all++
			}
			if got, wantCount := mxCounts(ansi.Strip(hs.view())), []string{fmt.Sprintf("%d/%d", want, all)}; !slices.Equal(got, wantCount) {
				t.Errorf("%s searching %q: counts %v, want %v", p.key, v.marker, got, wantCount)
			}
			hs.keys("esc")
		}
	}

	// Live: restricted records appear, on the board, in the actions and
	// on the problem everyone has open (its actions and evidence).
	for i, v := range mxVis {
		_, err := st.CreateProblem(builder, model.Problem{Ward: wardA, Title: v.marker + " problem, new", Visibility: mxVisibility(i)})
		must(err)
		_, err = st.CreateAction(builder, model.Action{Ward: wardA, ProblemID: open.ID, Title: v.marker + " action on the open problem",
			OwnerAgency: mxOwner(i), Due: due, Visibility: mxVisibility(i)})
		must(err)
		_, err = st.AddEvidence(builder, model.Evidence{ProblemID: open.ID, Kind: model.EvidenceFact, Text: v.marker + " evidence on the open problem",
			Occurred: t0, Visibility: mxVisibility(i)})
		must(err)
		feed()
	}
	check("after restricted records appeared", 2, 1)
	for _, p := range mxPersonas {
		if !p.u.InWard(wardA) {
			continue
		}
		detail := ansi.Strip(sessions[p.key].detail.view())
		for i, v := range mxVis {
			if p.see[i] == 'y' && !strings.Contains(detail, v.marker+" evidence") && !strings.Contains(detail, v.marker+" action") {
				t.Errorf("%s: the open problem's %s action and evidence did not arrive:\n%s", p.key, v.name, detail)
			}
		}
	}

	// Live: the problem everyone has open is restricted to the police.
	// Everyone else's board drops it and their detail lets go of it.
	pr, err := st.Problem(builder.User, open.ID)
	must(err)
	pr.Title, pr.Description = "ZQPOLICE now, once open on every screen", "ZQPOLICE description"
	pr.Visibility = mxVisibility(1)
	_, err = st.UpdateProblem(builder, pr)
	must(err)
	feed()
	for _, p := range mxPersonas {
		s := sessions[p.key]
		board, detail := ansi.Strip(s.board.view()), ansi.Strip(s.detail.view())
		problems := 2 * strings.Count(p.see, "y")
		if p.see[1] == 'y' {
			problems++
		}
		if got, want := mxCounts(board), []string{fmt.Sprintf("%d/%d", problems, problems)}; !slices.Equal(got, want) {
			t.Errorf("after the restriction, %s: the board counts %v, want %v", p.key, got, want)
		}
		if p.see[1] != 'y' {
			for _, screen := range []string{board, detail} {
				if strings.Contains(screen, "once open on every screen") || strings.Contains(screen, "ZQPOLICE") {
					t.Errorf("after the restriction, %s still shows it:\n%s", p.key, screen)
				}
			}
		}
	}
}
