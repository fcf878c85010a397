package model

import (
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"
)

const picWard = "E05009367"

func picUser(id ID, role Role, agency string) User {
	return User{ID: id, Name: string(role) + " " + agency, Agency: agency, Role: role, Wards: []string{picWard}}
}

func TestPictureSessionValidate(t *testing.T) {
	s := PictureSession{Ward: "e05009367", Title: "  Parade walk-and-talk ", Date: time.Date(2026, 3, 12, 18, 30, 0, 0, time.UTC),
		Place: "Community centre", Facilitators: []string{"Marcus Cole", " ", "Marcus Cole", "Alex Morgan"},
		Groups: []Group{{Name: "residents", Count: 12}, {Name: "young people", Count: 6}}}
	if err := s.Validate(); err != nil {
		t.Fatal(err)
	}
	if s.Ward != picWard || s.Title != "Parade walk-and-talk" || !s.Date.Equal(time.Date(2026, 3, 12, 0, 0, 0, 0, time.UTC)) ||
		!reflect.DeepEqual(s.Facilitators, []string{"Marcus Cole", "Alex Morgan"}) || s.Visibility.Kind != VisPanel || s.Participants() != 18 {
		t.Fatalf("validated session: %+v", s)
	}
	for name, bad := range map[string]func(*PictureSession){
		"short title":    func(s *PictureSession) { s.Title = "ab" },
		"no date":        func(s *PictureSession) { s.Date = time.Time{} },
		"bad ward":       func(s *PictureSession) { s.Ward = "nowhere" },
		"nameless group": func(s *PictureSession) { s.Groups = []Group{{Count: 3}} },
		"huge group":     func(s *PictureSession) { s.Groups = []Group{{Name: "all", Count: MaxGroupCount + 1}} },
		"comma in group": func(s *PictureSession) { s.Groups = []Group{{Name: "a, b", Count: 1}} },
		"bad visibility": func(s *PictureSession) { s.Visibility = Visibility{Kind: VisAgencies} },
	} {
		c := s
		bad(&c)
		if err := c.Validate(); !errors.Is(err, ErrInvalid) {
			t.Errorf("%s: %v, want ErrInvalid", name, err)
		}
	}
}

func TestParseGroups(t *testing.T) {
	got, err := ParseGroups("residents 12, young people 6; 3 shopkeepers, councillors")
	want := []Group{{"residents", 12}, {"young people", 6}, {"shopkeepers", 3}, {"councillors", 0}}
	if err != nil || !reflect.DeepEqual(got, want) {
		t.Fatalf("ParseGroups: %v, %v", got, err)
	}
	if back, _ := ParseGroups(FormatGroups(got)); !reflect.DeepEqual(back, got) {
		t.Fatalf("FormatGroups does not read back: %q", FormatGroups(got))
	}
	if _, err := ParseGroups("12"); !errors.Is(err, ErrInvalid) {
		t.Fatalf("a bare number: %v", err)
	}
	if g, err := ParseGroups(" , "); err != nil || len(g) != 0 {
		t.Fatalf("empty: %v, %v", g, err)
	}
}

// Who may do what with a rich picture, for a panel-wide and a police-only
// session: the roles DESIGN.md §2 gives, and visibility above all.
func TestPicturePermissions(t *testing.T) {
	panel := PictureSession{ID: 1, Ward: picWard, Visibility: Panel}
	police := PictureSession{ID: 2, Ward: picWard, Visibility: Visibility{Kind: VisAgencies, Agencies: []string{"police"}}}
	users := map[string]User{
		"chair":     picUser(1, RoleChair, "residents"),
		"secretary": picUser(2, RoleSecretary, "council"),
		"police":    picUser(3, RoleOfficer, "police"),
		"housing":   picUser(4, RoleOfficer, "housing"),
		"member":    picUser(5, RoleMember, "residents"),
		"observer":  picUser(6, RoleObserver, "residents"),
		"admin":     picUser(7, RoleAdmin, "council"),
		"outsider":  {ID: 8, Name: "x", Agency: "police", Role: RoleOfficer, Wards: []string{"E05000001"}},
	}
	type row struct{ see, create, capture, changeOwn, changeOthers, asset bool }
	want := map[string]row{
		"chair":     {true, true, true, true, true, true},
		"secretary": {true, true, true, true, true, true},
		"police":    {true, true, true, true, true, true},
		"housing":   {true, true, true, true, true, true},
		"member":    {true, false, true, true, false, false},
		"observer":  {true, false, false, false, false, false},
		"admin":     {true, false, false, false, false, false},
		"outsider":  {false, false, false, false, false, false},
	}
	for name, u := range users {
		w := want[name]
		own := Element{ByID: u.ID, Capture: Capture{Kind: ElementStrength}}
		other := Element{ByID: 99, Capture: Capture{Kind: ElementStrength}}
		got := row{
			see:          CanSeePicture(u, panel),
			create:       CheckCreatePicture(u, panel) == nil,
			capture:      CheckCapture(u, panel) == nil,
			changeOwn:    CheckChangeElement(u, panel, own) == nil,
			changeOthers: CheckChangeElement(u, panel, other) == nil,
			asset:        CheckRecordAsset(u, panel, other) == nil,
		}
		if got != w {
			t.Errorf("%s on a panel session: %+v, want %+v", name, got, w)
		}
		// The police-only session: only police see it, and for everyone
		// else every check answers not found, as if it were not there.
		if name == "police" {
			continue
		}
		if CanSeePicture(u, police) {
			t.Errorf("%s sees a police-only session", name)
		}
		for what, err := range map[string]error{
			"capture": CheckCapture(u, police), "change": CheckChangeElement(u, police, own),
			"asset": CheckRecordAsset(u, police, other), "edit": CheckEditPicture(u, police, police),
		} {
			if !errors.Is(err, ErrNotFound) {
				t.Errorf("%s: %s on a police-only session: %v, want not found", name, what, err)
			}
		}
	}
	// Restricting a session: to one's own agency, and to officers only by the panel's officers.
	hous := users["housing"]
	if err := CheckCreatePicture(hous, police); !errors.Is(err, ErrForbidden) {
		t.Errorf("housing restricted a session to police: %v", err)
	}
	if err := CheckCreatePicture(users["police"], PictureSession{Ward: picWard, Visibility: Visibility{Kind: VisOfficers}}); !errors.Is(err, ErrForbidden) {
		t.Errorf("an officer made a session officers-only: %v", err)
	}
}

func TestPromoteDraftAndCheck(t *testing.T) {
	s := PictureSession{ID: 4, Ward: picWard, Title: "Parade walk-and-talk", Date: time.Date(2026, 3, 12, 0, 0, 0, 0, time.UTC),
		Place: "Community centre", Visibility: Panel}
	e := Element{ID: 17, SessionID: 4, Ward: picWard, By: "Ruth Adeyemi",
		Capture: Capture{Kind: ElementConcern, Text: "Dealing in the stairwell after 9pm", Themes: []string{"safety", "drugs"}}}
	p := e.PromoteDraft(s)
	if p.Title != e.Text || p.Ward != picWard || p.Stage != StageScanning || p.Category != "drugs" || p.Visibility.Kind != VisPanel {
		t.Fatalf("draft: %+v", p)
	}
	for _, want := range []string{`"Parade walk-and-talk" (session 4, 12 March 2026, Community centre), line 17`, "Ruth Adeyemi", "Themes: #safety #drugs"} {
		if !strings.Contains(p.Description, want) {
			t.Errorf("description lacks %q:\n%s", want, p.Description)
		}
	}
	if err := p.Validate(); err != nil {
		t.Fatalf("the draft does not validate: %v", err)
	}
	member := picUser(5, RoleMember, "residents")
	if err := CheckPromote(member, s, e, p); err != nil {
		t.Errorf("a member may propose a panel-wide concern as a problem: %v", err)
	}
	if err := CheckPromote(picUser(6, RoleObserver, "residents"), s, e, p); !errors.Is(err, ErrForbidden) {
		t.Errorf("an observer promoted: %v", err)
	}
	done := e
	done.Problems = []ID{3}
	if err := CheckPromote(picUser(3, RoleOfficer, "police"), s, done, p); !errors.Is(err, ErrDuplicate) {
		t.Errorf("promoted twice: %v", err)
	}
	quote := e
	quote.Kind = ElementQuote
	if err := CheckPromote(picUser(3, RoleOfficer, "police"), s, quote, p); !errors.Is(err, ErrInvalid) {
		t.Errorf("a quote promoted: %v", err)
	}
	// No theme names a category: other.
	e.Themes = []string{"lighting"}
	if got := e.PromoteDraft(s).Category; got != "other" {
		t.Errorf("category %q, want other", got)
	}
}

func TestTrendThemesAndParties(t *testing.T) {
	d := func(day int) time.Time { return time.Date(2026, 1, day, 0, 0, 0, 0, time.UTC) }
	sessions := []PictureSession{{ID: 2, Date: d(20)}, {ID: 1, Date: d(5)}}
	el := func(kind ElementKind, text string, themes ...string) Element {
		return Element{Capture: Capture{Kind: kind, Text: text, Themes: themes}}
	}
	lines := map[ID][]Element{
		1: {el(ElementConcern, "a", "safety"), el(ElementQuote, "b", "safety", "youth")},
		2: {el(ElementConcern, "c", "youth"), el(ElementIdea, "d", "youth"), el(ElementNote, "e", "bins")},
	}
	tr := TrendThemes(picWard, sessions, lines)
	if tr.Sessions[0].ID != 1 || tr.Sessions[1].ID != 2 {
		t.Fatalf("sessions not oldest first: %+v", tr.Sessions)
	}
	want := []ThemeRow{{"youth", []int{1, 2}, 3}, {"safety", []int{2, 0}, 2}, {"bins", []int{0, 1}, 1}}
	if !reflect.DeepEqual(tr.Rows, want) {
		t.Fatalf("rows %+v, want %+v", tr.Rows, want)
	}
	es := []Element{
		el(ElementActor, "Young people"), el(ElementPlace, "The rec"),
		{Capture: Capture{Kind: ElementRelationship, From: "police", To: "young people", Relation: RelConflict}},
		{Capture: Capture{Kind: ElementRelationship, From: "Youth club", To: "The Rec", Relation: RelInfluence}},
	}
	parties := PartiesOf(es)
	wantP := []Party{{"Young people", ElementActor}, {"The rec", ElementPlace}, {"police", ""}, {"Youth club", ""}}
	if !reflect.DeepEqual(parties, wantP) {
		t.Fatalf("parties %+v, want %+v", parties, wantP)
	}
}

func TestAssetMatches(t *testing.T) {
	a := Asset{Name: "Mosque kitchen: hot meals on Fridays", Themes: []string{"food", "youth-work"}, Session: "Parade walk"}
	for q, want := range map[string]bool{"": true, "KITCHEN": true, "#food": true, "#foo": false, "youth": true, "parade": true, "boxing": false} {
		if got := a.Matches(q); got != want {
			t.Errorf("Matches(%q) = %v, want %v", q, got, want)
		}
	}
}
