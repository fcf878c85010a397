package pictures

import (
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"wardpanel/model"
	"wardpanel/store"
	"wardpanel/tui/ui"
	"wardpanel/tui/ui/uitest"
)

const ward = "E05000001"

var (
	now    = time.Date(2025, 3, 4, 12, 0, 0, 0, time.UTC)
	chair  = model.User{Name: "Carol Hughes", Agency: "council", Role: model.RoleChair, Wards: []string{ward}}
	member = model.User{Name: "Dee Okafor", Agency: "residents", Role: model.RoleMember, Wards: []string{ward}}
)

// workshop is a store with the ward's one session, held by the chair.
func workshop(t *testing.T) (*store.Store, model.PictureSession) {
	t.Helper()
	st, err := store.Open(t.TempDir(), store.Options{Now: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = st.Close() })
	if _, err := st.AddWard(model.Operator, model.Ward{Code: ward, Name: "Northfield"}); err != nil {
		t.Fatal(err)
	}
	for _, a := range []string{"council", "residents"} {
		if _, err := st.PutAgency(model.Operator, model.Agency{Code: a, Name: a}); err != nil {
			t.Fatal(err)
		}
	}
	for i, u := range []model.User{chair, member} {
		got, err := st.AddUser(model.Operator, u)
		if err != nil {
			t.Fatal(err)
		}
		[]*model.User{&chair, &member}[i].ID = got.ID
	}
	s, err := st.CreatePicture(model.Actor{User: chair}, model.PictureSession{Ward: ward, Title: "Parade walk-and-talk", Date: now})
	if err != nil {
		t.Fatal(err)
	}
	return st, s
}

// editing is what Links.OpenForm gives the router in these tests: the
// session form, new (base nil) or on a session.
type editing struct{ base *model.PictureSession }

// done is what Links.Done gives the router in these tests.
type done struct {
	text string
	id   model.ID
}

var links = Links{
	OpenForm:    func(f ui.Screen) tea.Msg { return editing{f.(*Form).base} },
	Done:        func(text string, id model.ID) tea.Msg { return done{text, id} },
	OpenProblem: func(p model.Problem) tea.Msg { return p },
}

// The list and the session screen stand alone: enter on a session asks for
// it by Show, which the session screen answers by reading it and asking
// the router to bring it up.
func TestTheListOpensASessionOnTheSessionScreen(t *testing.T) {
	st, s := workshop(t)
	l := NewList(uitest.NewSession(chair, now), st, links)
	uitest.New(t, l, 80, 20)
	if v := ansi.Strip(l.View()); !strings.Contains(v, "Parade walk-and-talk") {
		t.Fatalf("the list:\n%s", v)
	}
	enter, _ := uitest.NamedKey("enter")
	cmd := l.Update(enter)
	if cmd == nil || cmd() != (Show{ID: s.ID}) {
		t.Fatal("enter did not ask for the session")
	}
	v := NewView(uitest.NewSession(chair, now), st, links)
	hs := uitest.New(t, v, 80, 20)
	hs.Send(Show{ID: s.ID})
	if len(hs.Out) != 1 || hs.Out[0] != (ui.Open{ID: ViewID}) {
		t.Fatalf("Show sent the router %v", hs.Out)
	}
	if v.Session().ID != s.ID || !v.Capturing() {
		t.Errorf("the session screen shows %d, typing %t", v.Session().ID, v.Capturing())
	}
	hs.Keys("c: Litter by the shops", "enter")
	if els, _ := st.PictureElements(chair, s.ID); len(els) != 1 || els[0].Kind != model.ElementConcern {
		t.Errorf("a typed line was stored as %+v", els)
	}
}

// n and E reach the session form through Links, for those who run rich
// pictures only.
func TestTheSessionFormIsReachedThroughLinks(t *testing.T) {
	st, s := workshop(t)
	for _, c := range []struct {
		u    model.User
		runs bool
	}{{chair, true}, {member, false}} {
		l := NewList(uitest.NewSession(c.u, now), st, links)
		uitest.New(t, l, 80, 20)
		cmd := l.Update(tea.KeyPressMsg{Code: 'n', Text: "n"})
		got, ok := editing{}, false
		if cmd != nil {
			got, ok = cmd().(editing)
		}
		if ok != c.runs || (ok && got.base != nil) {
			t.Errorf("%s: n gave %v %v, want a new session's form: %t", c.u.Name, got, ok, c.runs)
		}
		v := NewView(uitest.NewSession(c.u, now), st, links)
		hs := uitest.New(t, v, 80, 20)
		hs.Send(Show{ID: s.ID})
		if v.Capturing() {
			hs.Keys("esc")
		}
		cmd = v.Update(tea.KeyPressMsg{Code: 'E', Text: "E"})
		got, ok = editing{}, false
		if cmd != nil {
			got, ok = cmd().(editing)
		}
		if ok != c.runs || (ok && got.base.ID != s.ID) {
			t.Errorf("%s: E gave %v %v, want this session's form: %t", c.u.Name, got, ok, c.runs)
		}
	}
}

// A session summed up, and the ward's themes and assets, drawn from what
// was captured, through the screens' own keys.
func TestTheSummaryThemesAndAssets(t *testing.T) {
	st, s := workshop(t)
	by := model.Actor{User: chair}
	ids := map[string]model.ID{}
	for _, line := range []string{"c: No lighting on the towpath #safety", "s: Youth club open on Fridays #youth",
		`q: "I don't walk through the park after dark" #safety`, "i: Friday football at the rec #youth",
		"a: Young people", "p: The rec on Mill Road", "r: Youth club -> young people: somewhere to go", "Tea break at 7"} {
		e, err := st.AddElement(by, s.ID, line)
		if err != nil {
			t.Fatalf("%q: %v", line, err)
		}
		ids[line[:2]] = e.ID
	}
	if _, err := st.RecordAsset(by, s.ID, ids["s:"]); err != nil {
		t.Fatal(err)
	}

	v := NewView(uitest.NewSession(chair, now), st, links)
	hs := uitest.New(t, v, 120, 40)
	hs.Send(Show{ID: s.ID})
	hs.Keys("tab")
	sum := ansi.Strip(v.View())
	for _, want := range []string{"Concerns (1)", "Strengths and assets (1)", "Quotes (1)", "Ideas (1)", "No lighting on the towpath",
		"Young people", "The rec on Mill Road", "somewhere to go", "#safety", "#youth"} {
		if !strings.Contains(sum, want) {
			t.Errorf("the summary lacks %q:\n%s", want, sum)
		}
	}
	hs.Keys("end", "home", "pgdown", "tab")
	if v.Capturing() != true {
		t.Error("tab back from the summary did not return to typing")
	}

	l := NewList(uitest.NewSession(chair, now), st, links)
	lh := uitest.New(t, l, 120, 30)
	lh.Keys("#")
	if th := ansi.Strip(l.View()); !strings.Contains(th, "#safety") || !strings.Contains(th, "#youth") {
		t.Errorf("the themes:\n%s", th)
	}
	lh.Keys("a")
	if as := ansi.Strip(l.View()); !strings.Contains(as, "Youth club open on Fridays") || !strings.Contains(as, "Parade walk-and-talk") {
		t.Errorf("the assets:\n%s", as)
	}
	lh.Keys("/", "football", "enter")
	if as := ansi.Strip(l.View()); !strings.Contains(as, "No asset matches.") {
		t.Errorf("a search for football:\n%s", as)
	}
}

// A line is edited, deleted with two presses, and a concern made a problem
// with two, which o then opens through Links.
func TestALineIsEditedDeletedAndPromoted(t *testing.T) {
	st, s := workshop(t)
	by := model.Actor{User: chair}
	for _, line := range []string{"c: No lighting on the towpath", "Tea break at 7"} {
		if _, err := st.AddElement(by, s.ID, line); err != nil {
			t.Fatal(err)
		}
	}
	v := NewView(uitest.NewSession(chair, now), st, links)
	hs := uitest.New(t, v, 100, 30)
	hs.Send(Show{ID: s.ID})
	lines := func() []model.Element {
		els, err := st.PictureElements(chair, s.ID)
		if err != nil {
			t.Fatal(err)
		}
		return els
	}

	hs.Keys("esc", "up") // the newest line: the note
	hs.Keys("e", "ctrl+u", "Tea break at half past seven", "enter")
	if els := lines(); els[1].Text != "Tea break at half past seven" {
		t.Fatalf("the edit saved %q", els[1].Text)
	}
	hs.Keys("esc", "d") // the note is still selected
	if len(lines()) != 2 {
		t.Fatal("one d deleted the line")
	}
	hs.Keys("d")
	if els := lines(); len(els) != 1 {
		t.Fatalf("d d left %d lines", len(els))
	}

	hs.Keys("up", "p", "p")
	els := lines()
	if len(els[0].Problems) != 1 {
		t.Fatalf("p p did not make the concern a problem: %+v", els[0])
	}
	hs.Out = nil
	hs.Keys("o")
	if len(hs.Out) != 0 {
		t.Errorf("o sent the router %v", hs.Out)
	}
	cmd := v.Update(tea.KeyPressMsg{Code: 'o', Text: "o"})
	if p, ok := cmd().(model.Problem); !ok || p.ID != els[0].Problems[0] {
		t.Errorf("o asked for %v, want problem %d", p, els[0].Problems[0])
	}
	hs.Keys("esc")
	if len(hs.Out) != 1 || hs.Out[0] != (ui.Back{}) {
		t.Errorf("esc sent %v", hs.Out)
	}
}
