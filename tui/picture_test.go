package tui

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/teatest/v2"

	"wardpanel/model"
	"wardpanel/store"
)

// The rich-picture screens on the real store: each harness is one
// person's session, and changes reach the others as the feed would.

// seedPicture is a workshop with a line of every kind, a conflict, a
// promoted concern and a strength recorded as an asset.
func seedPicture(t *testing.T, st *store.Store) model.PictureSession {
	t.Helper()
	as := func(u model.User) model.Actor { return model.Actor{User: u, Fingerprint: "SHA256:fixture"} }
	p, err := st.CreatePicture(as(chair), model.PictureSession{Ward: wardA, Title: "Parade walk-and-talk",
		Date: day(-2), Place: "Northfield Library", Facilitators: []string{"Carol Hughes", "Asha Patel"},
		Groups: []model.Group{{Name: "residents", Count: 12}, {Name: "young people", Count: 6}, {Name: "shopkeepers", Count: 3}}})
	if err != nil {
		t.Fatal(err)
	}
	ids := map[string]model.ID{}
	for _, l := range []struct {
		by   model.User
		line string
	}{
		{officer, "c: Dealing in the Tower B stairwell after 9pm #drugs #safety"},
		{member, "c: No lighting on the towpath #safety"},
		{chair, "s: Youth club open on Fridays #youth"},
		{council, "s: Mosque kitchen offers hot meals"},
		{member, "a: Young people"},
		{officer, "a: Shopkeepers on the Parade"},
		{member, "p: The rec on Mill Road"},
		{member, `q: "I don't walk through the park after dark" #safety`},
		{chair, "i: Friday football at the rec #youth"},
		{officer, "r: Police x young people: stop and search #trust"},
		{chair, "r: Youth club -> young people: somewhere to go"},
		{council, "r: Council + Mosque kitchen: funding"},
		{member, "Tea break at 7"},
	} {
		e, err := st.AddElement(as(l.by), p.ID, l.line)
		if err != nil {
			t.Fatalf("%q: %v", l.line, err)
		}
		ids[l.line[:5]] = e.ID
	}
	if _, err := st.PromoteConcern(as(officer), p.ID, ids["c: De"]); err != nil {
		t.Fatal(err)
	}
	if _, err := st.RecordAsset(as(council), p.ID, ids["s: Yo"]); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestTwoFacilitatorsCaptureAndSeeEachOthersLines(t *testing.T) {
	r := newRoom(t, map[string]model.User{"chair": chair, "asha": officer, "sam": council, "dee": member, "obi": watcher})

	// The chair holds a session from the board: r, n, the form, ctrl+s.
	r.as("chair", "r")
	if got := r.screen("chair"); !strings.Contains(got, "No sessions yet. Press n to hold one.") {
		t.Fatalf("empty list:\n%s", got)
	}
	r.as("chair", "n")
	r.people["chair"].paste("Parade walk-and-talk")
	r.as("chair", "tab", "tab", "tab", "tab")
	r.people["chair"].paste("residents 12, young people 6")
	r.as("chair", "ctrl+s")
	ps, err := r.st.Pictures(chair, wardA)
	if err != nil || len(ps) != 1 || ps[0].Participants() != 18 || !slices.Equal(ps[0].Facilitators, []string{"Carol Hughes"}) {
		t.Fatalf("the session held: %+v, %v", ps, err)
	}
	if got := r.screen("chair"); !strings.Contains(got, "Capture · Parade walk-and-talk") || !strings.Contains(got, "residents 12, young people 6") {
		t.Fatalf("the form did not open the session:\n%s", got)
	}

	// Two facilitators open it; each types a line and presses enter.
	for _, who := range []string{"asha", "sam", "dee", "obi"} {
		r.as(who, "r", "enter")
	}
	r.as("asha", "c: Dealing in the stairwell after 9pm #drugs", "enter")
	r.as("sam", "s: Youth club open on Fridays", "enter")
	lines, err := r.st.PictureElements(chair, ps[0].ID)
	if err != nil || len(lines) != 2 || lines[0].By != "Asha Patel" || lines[1].By != "Sam Reid" {
		t.Fatalf("lines saved: %+v, %v", lines, err)
	}
	for _, who := range []string{"chair", "asha", "sam", "dee", "obi"} {
		got := r.screen(who)
		if !strings.Contains(got, "concern   Dealing in the stairwell after 9pm") || !strings.Contains(got, "strength  Youth club open on Fridays") {
			t.Fatalf("%s does not see both lines:\n%s", who, got)
		}
	}
	// The input is empty again for the one who saved, and untouched for one mid-line.
	r.people["dee"].keys("q: half a quo")
	r.as("asha", "i: CCTV on the Parade", "enter")
	if v := r.people["dee"].app.pics().view.typed(); v != "q: half a quo" {
		t.Fatalf("dee's typing became %q", v)
	}
	if v := r.people["asha"].app.pics().view.typed(); v != "" {
		t.Fatalf("asha's input after saving: %q", v)
	}
	// A resident contributes; an observer only reads.
	r.as("dee", "te", "enter")
	if got := r.screen("asha"); !strings.Contains(got, "quote     half a quote") {
		t.Fatalf("the member's line:\n%s", got)
	}
	if got := r.screen("obi"); !strings.Contains(got, "You can read this session") || strings.Contains(got, "›") {
		t.Fatalf("the observer is offered the input:\n%s", got)
	}
	// A line that does not read stays in the input with the reason.
	r.as("sam", "r: police and youth", "enter")
	if got := r.screen("sam"); !strings.Contains(got, "write a relationship as") || r.people["sam"].app.pics().view.typed() != "r: police and youth" {
		t.Fatalf("a bad line:\n%s", got)
	}
}

func TestEditAndDeleteALine(t *testing.T) {
	r := newRoom(t, map[string]model.User{"asha": officer, "dee": member, "sam": council})
	p := seedPicture(t, r.st)
	for _, who := range []string{"asha", "dee", "sam"} {
		r.as(who, "r", "enter")
	}
	// Dee selects her own last line (the note) and edits it.
	r.as("dee", "esc", "up", "e")
	if v := r.people["dee"].app.pics().view.typed(); v != "Tea break at 7" {
		t.Fatalf("the edit starts from %q", v)
	}
	if got := r.screen("dee"); strings.Count(got, "Editing line 13") != 1 {
		t.Fatalf("editing is said more than once:\n%s", got)
	}
	r.as("dee", "ctrl+u") // textinput: delete to the start
	r.as("dee", "n: Tea break at half seven", "enter")
	if got := r.screen("asha"); !strings.Contains(got, "Tea break at half seven") {
		t.Fatalf("the edit did not reach asha:\n%s", got)
	}
	// A member may not change another's line: the keys are not offered.
	r.as("dee", "esc", "up", "up", "up")
	if got := r.screen("dee"); strings.Contains(got, "e edit line") {
		t.Fatalf("dee is offered edit on council's line:\n%s", got)
	}
	// Asha deletes the note: d, then d again.
	r.as("asha", "esc", "up", "d")
	if got := r.screen("asha"); !strings.Contains(got, "Press d again") {
		t.Fatalf("no confirmation:\n%s", got)
	}
	r.as("asha", "d")
	lines, _ := r.st.PictureElements(officer, p.ID)
	if len(lines) != 12 || slices.ContainsFunc(lines, func(e model.Element) bool { return strings.Contains(e.Text, "Tea break") }) {
		t.Fatalf("after deleting: %d lines", len(lines))
	}
	// Two people edit the same line: the second hears who, keeps the text,
	// and saves over it by pressing enter again.
	r.as("asha", "up", "e")
	r.as("sam", "esc", "end", "up", "e")
	r.as("asha", "ctrl+u", "r: Council + Mosque kitchen: funding and a hall", "enter")
	r.as("sam", "ctrl+u", "r: Council + Mosque kitchen: a grant", "enter")
	if got := r.screen("sam"); !strings.Contains(got, "Asha Patel changed this line") || r.people["sam"].app.pics().view.typed() != "r: Council + Mosque kitchen: a grant" {
		t.Fatalf("a conflicting edit:\n%s", got)
	}
	r.as("sam", "enter")
	lines, _ = r.st.PictureElements(officer, p.ID)
	if last := lines[len(lines)-1]; last.Text != "a grant" || last.EditedBy != "Sam Reid" {
		t.Fatalf("the line after both edits: %+v", last)
	}
}

// Promote-to-problem from the capture view: the problem is on the board,
// prefilled, and its line shows the link.
func TestPromoteAConcernPutsItOnTheBoard(t *testing.T) {
	r := newRoom(t, map[string]model.User{"asha": officer, "dee": member})
	p := seedPicture(t, r.st)
	r.as("asha", "r", "enter", "esc", "home", "down") // the towpath concern
	if got := r.screen("asha"); !strings.Contains(got, "p make problem") {
		t.Fatalf("promote is not offered on a concern:\n%s", got)
	}
	r.as("asha", "p")
	if board, _ := r.st.Problems(member, wardA); slices.ContainsFunc(board, func(pr model.Problem) bool { return pr.Title == "No lighting on the towpath" }) {
		t.Fatal("one p made a problem without asking")
	}
	r.as("asha", "p")
	board, _ := r.st.Problems(member, wardA)
	i := slices.IndexFunc(board, func(pr model.Problem) bool { return pr.Title == "No lighting on the towpath" })
	if i < 0 {
		t.Fatal("the concern is not on the board")
	}
	prob := board[i]
	if prob.Stage != model.StageScanning || !strings.Contains(prob.Description, "Parade walk-and-talk") {
		t.Fatalf("the problem: %+v", prob)
	}
	got := r.screen("asha")
	row := slices.IndexFunc(strings.Split(got, "\n"), func(l string) bool {
		return strings.Contains(l, "No lighting on the towpath #safety") && strings.Contains(l, "→ "+model.ProblemRef(prob.ID))
	})
	if !strings.Contains(got, "is problem "+model.ProblemRef(prob.ID)+" on the board") || row < 0 {
		t.Fatalf("the line does not show its problem:\n%s", got)
	}
	links, err := r.st.PictureLinks(member, prob.ID)
	if err != nil || len(links) != 1 || links[0].Session.ID != p.ID {
		t.Fatalf("the problem does not link back: %+v, %v", links, err)
	}
	// o opens it; back on the board everyone sees it.
	r.as("asha", "o")
	if got := r.screen("asha"); !strings.Contains(got, "No lighting on the towpath") || !strings.Contains(got, "Raised at the rich-picture session") {
		t.Fatalf("o did not open the problem:\n%s", got)
	}
	// The problem's own screen says where it came from.
	if got := r.screen("asha"); !strings.Contains(got, fmt.Sprintf("From         rich picture %d Parade walk-and-talk", p.ID)) {
		t.Fatalf("the problem does not show its rich-picture line:\n%s", got)
	}
	if got := r.screen("dee"); !strings.Contains(got, "No lighting on the towpath") {
		t.Fatalf("the problem is not on the member's board:\n%s", got)
	}
}

func TestRecordAStrengthAsAnAssetAndFindIt(t *testing.T) {
	r := newRoom(t, map[string]model.User{"sam": council, "dee": member})
	seedPicture(t, r.st)
	// The mosque kitchen is the fourth line.
	r.as("sam", "r", "enter", "esc", "home", "down", "down", "down", "a")
	if got := r.screen("sam"); !strings.Contains(got, "Recorded as community asset 2") {
		t.Fatalf("no asset recorded:\n%s", got)
	}
	// A member is not offered it, but finds the register from the list.
	r.as("dee", "r", "enter", "esc", "home", "down", "down")
	if got := r.screen("dee"); strings.Contains(got, "a record asset") {
		t.Fatalf("a member is offered to record an asset:\n%s", got)
	}
	r.as("dee", "esc", "a")
	got := r.screen("dee")
	if !strings.Contains(got, "★ Youth club open on Fridays") || !strings.Contains(got, "★ Mosque kitchen offers hot meals") {
		t.Fatalf("the register:\n%s", got)
	}
	r.as("dee", "/", "mosque", "enter")
	if got := r.screen("dee"); strings.Contains(got, "Youth club") || !strings.Contains(got, "Mosque kitchen") {
		t.Fatalf("searching the register:\n%s", got)
	}
}

func TestThePictureSumsUpTheSession(t *testing.T) {
	r := newRoom(t, map[string]model.User{"dee": member})
	seedPicture(t, r.st)
	r.as("dee", "r", "enter", "tab")
	got := r.screen("dee")
	for _, want := range []string{
		"Picture · Parade walk-and-talk", "residents 12, young people 6, shopkeepers 3",
		"Concerns (2)", "Strengths and assets (2)", "Quotes (1)", "Ideas (1)",
		"Actors and places (7)", "actors: Young people, Shopkeepers on the Parade", "places: The rec on Mill Road",
		"also named: Police, Youth club, Council, Mosque kitchen",
		"Police     ──✕── young people    stop and search  CONFLICT",
		"Youth club ───→ young people    somewhere to go",
		"Council    ──+→ Mosque kitchen  funding",
		"Themes (4)", "#safety", "Youth club open on Fridays #youth ★", "“I don't walk through the park after dark”",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("the picture lacks %q", want)
		}
	}
	if t.Failed() {
		t.Fatalf("\n%s", got)
	}
	if got := r.screen("dee"); !strings.Contains(got, "#safety ██████████████████████████████ 3") {
		t.Fatalf("theme counts:\n%s", got)
	}
}

func TestThemesAcrossSessions(t *testing.T) {
	r := newRoom(t, map[string]model.User{"chair": chair})
	seedPicture(t, r.st)
	as := model.Actor{User: chair}
	p, err := r.st.CreatePicture(as, model.PictureSession{Ward: wardA, Title: "Youth forum", Date: day(20)})
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range []string{"c: Nothing to do on Fridays #youth", "c: Buses stop at 9 #transport #youth"} {
		if _, err := r.st.AddElement(as, p.ID, l); err != nil {
			t.Fatal(err)
		}
	}
	r.as("chair", "r", "#")
	got := r.screen("chair")
	for _, want := range []string{"THEME", "Mar 26", "#youth                    2      2     4", "#safety                   3      ·     3", "#transport                ·      1     1"} {
		if !strings.Contains(got, want) {
			t.Fatalf("the themes table lacks %q:\n%s", want, got)
		}
	}
	r.as("chair", "esc")
	if got := r.screen("chair"); !strings.Contains(got, "> 24 Mar 2026  Youth forum") {
		t.Fatalf("esc did not return to the sessions, newest first:\n%s", got)
	}
}

// Nobody outside a session's visibility sees it or its lines on any
// rich-picture screen.
func TestRestrictedSessionsStayHidden(t *testing.T) {
	r := newRoom(t, map[string]model.User{"asha": officer, "sam": council, "carol": chair})
	p, err := r.st.CreatePicture(model.Actor{User: officer}, model.PictureSession{Ward: wardA, Title: "POLICE-ONLY-SESSION",
		Date: day(0), Visibility: model.Visibility{Kind: model.VisAgencies, Agencies: []string{"police"}}})
	if err != nil {
		t.Fatal(err)
	}
	e, err := r.st.AddElement(model.Actor{User: officer}, p.ID, "s: POLICE-ONLY-LINE #police-theme")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := r.st.RecordAsset(model.Actor{User: officer}, p.ID, e.ID); err != nil {
		t.Fatal(err)
	}
	for _, who := range []string{"sam", "carol"} {
		for _, keys := range [][]string{{"r"}, {"r", "enter"}, {"r", "#"}, {"r", "a"}} {
			r.as(who, keys...)
			if got := r.screen(who); strings.Contains(got, "POLICE-ONLY") || strings.Contains(got, "police-theme") {
				t.Fatalf("%s after %v sees:\n%s", who, keys, got)
			}
			r.as(who, "esc", "esc", "esc")
		}
	}
	r.as("asha", "r", "enter")
	if got := r.screen("asha"); !strings.Contains(got, "POLICE-ONLY-LINE") || !strings.Contains(got, "[police]") {
		t.Fatalf("police do not see their session:\n%s", got)
	}
}

// Every state of the rich-picture screens fits the terminal, from 40×12 up.
func TestPictureScreensFit(t *testing.T) {
	st := realStore(t)
	seedPicture(t, st)
	states := map[string][]string{
		"list":    {"r"},
		"capture": {"r", "enter", "q: a very long line " + strings.Repeat("word ", 20)},
		"browse":  {"r", "enter", "esc", "home"},
		"picture": {"r", "enter", "tab", "end"},
		"themes":  {"r", "#"},
		"assets":  {"r", "a", "/", "kitchen"},
		"form":    {"r", "n", "tab", "tab", "tab", "tab", "tab"},
		"help":    {"r", "enter", "esc", "?"},
	}
	for name, keys := range states {
		for _, sz := range [][2]int{{40, 12}, {41, 13}, {50, 16}, {60, 20}, {80, 24}, {120, 40}} {
			u := officer
			hs := newHarness(t, Options{Store: st, User: &u, Fingerprint: "SHA256:test", Now: fixedNow, Live: true}, sz[0], sz[1])
			hs.keys(keys...)
			checkFits(t, hs.view(), sz[0], sz[1], fmt.Sprintf("%s at %dx%d", name, sz[0], sz[1]))
			if name == "capture" && sz[1] >= 12 && !strings.Contains(ansi.Strip(hs.view()), "›") {
				t.Errorf("capture at %v has no input:\n%s", sz, ansi.Strip(hs.view()))
			}
		}
	}
}

// The capture view as Asha sees it, typing a quote.
func TestGoldenPictureCapture(t *testing.T) {
	for _, sz := range goldenSizes {
		t.Run(fmt.Sprintf("%dx%d", sz[0], sz[1]), func(t *testing.T) {
			st := realStore(t)
			seedPicture(t, st)
			opts := Options{Store: st, User: &officer, Fingerprint: "SHA256:golden", Now: fixedNow, Live: true}
			tm := startLoaded(t, opts, []string{"Speeding"}, tea.KeyPressMsg{Code: 'r', Text: "r"})
			waitFor(t, tm, "Parade walk-and-talk")
			tm.Send(press(tea.KeyEnter))
			waitFor(t, tm, "Tea break at 7")
			// Keys are handled in order: the last frame has them all.
			tm.Type("q: It's better since the lights")
			resize(tm, sz)
			teatest.RequireEqualOutput(t, finalScreen(t, tm))
		})
	}
}

// The picture: the same session summed up.
func TestGoldenPictureSummary(t *testing.T) {
	for _, sz := range goldenSizes {
		t.Run(fmt.Sprintf("%dx%d", sz[0], sz[1]), func(t *testing.T) {
			st := realStore(t)
			seedPicture(t, st)
			opts := Options{Store: st, User: &member, Fingerprint: "SHA256:golden", Now: fixedNow, Live: true}
			tm := startLoaded(t, opts, []string{"Speeding"}, tea.KeyPressMsg{Code: 'r', Text: "r"})
			waitFor(t, tm, "Parade walk-and-talk")
			tm.Send(press(tea.KeyEnter))
			waitFor(t, tm, "Tea break at 7")
			tm.Send(press(tea.KeyTab))
			waitFor(t, tm, "CONFLICT")
			resize(tm, sz)
			teatest.RequireEqualOutput(t, finalScreen(t, tm))
		})
	}
}

// The session's details are edited from the capture view (E), for those
// who hold sessions; reopening a session starts typing again.
func TestSessionDetailsAreEdited(t *testing.T) {
	r := newRoom(t, map[string]model.User{"carol": chair, "dee": member})
	p := seedPicture(t, r.st)
	r.as("dee", "r")
	r.as("carol", "r", "enter", "esc", "E")
	if got := r.screen("carol"); !strings.Contains(got, "Session details") || !strings.Contains(got, "residents 12, young people 6, shopkeepers 3") {
		t.Fatalf("the details form:\n%s", got)
	}
	r.as("carol", "ctrl+u", "Parade walk and talk, March", "ctrl+s")
	got, err := r.st.Picture(chair, p.ID)
	if err != nil || got.Title != "Parade walk and talk, March" || got.Version != 2 || got.Participants() != 21 {
		t.Fatalf("after the edit: %+v, %v", got, err)
	}
	if s := r.screen("dee"); !strings.Contains(s, "Parade walk and talk, March") {
		t.Fatalf("the member's list does not follow:\n%s", s)
	}
	r.as("dee", "enter", "esc")
	if s := r.screen("dee"); strings.Contains(s, "E edit session") {
		t.Fatalf("a member is offered the details:\n%s", s)
	}
	r.as("dee", "?")
	if s := r.screen("dee"); strings.Contains(s, "E edit session") {
		t.Fatalf("a member is offered the details in full help:\n%s", s)
	}
	r.as("dee", "?", "esc", "enter")
	if !r.people["dee"].app.pics().view.typing() {
		t.Fatal("reopening the session did not start typing")
	}
}
