package richpicture

import (
	"bytes"
	"errors"
	"flag"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"wardpanel/model"
	"wardpanel/store"
	"wardpanel/store/storetest"
	"wardpanel/tui/termtest"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

const ward = "E05000001"

type seeded struct {
	st                     *store.Store
	police, res, housing   model.User
	session, policeSession model.PictureSession
	narrowed               model.Problem
}

// seed is a workshop with a line of every kind (a conflict among them),
// one concern on the board panel-wide and one since narrowed to police,
// an asset, and a police-only session.
func seed(t *testing.T) *seeded {
	t.Helper()
	st := storetest.Open(t, storetest.NewClock(time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)).Now)
	fx := storetest.Fixture{T: t, St: st}
	must := fx.Must
	var err error
	fx.Ward(ward, "Testford")
	fx.Agencies(storetest.Codes("police", "housing", "residents")...)
	s := &seeded{st: st}
	add := func(name, agency string, role model.Role) model.User { return fx.User(name, agency, role, ward) }
	s.police = add("Dana Police", "police", model.RoleOfficer)
	s.housing = add("Priya Housing", "housing", model.RoleOfficer)
	s.res = add("Rosa Resident", "residents", model.RoleMember)
	as := func(u model.User) model.Actor { return model.Actor{User: u, Fingerprint: "SHA256:test"} }
	s.session, err = st.CreatePicture(as(s.police), model.PictureSession{Ward: ward, Title: "Mill Lane walk-and-talk",
		Date: time.Date(2026, 3, 10, 0, 0, 0, 0, time.UTC), Place: "The Library", Facilitators: []string{"Dana Police", "Rosa Resident"},
		Groups: []model.Group{{Name: "residents", Count: 9}, {Name: "young people", Count: 4}}})
	must(err)
	ids := map[string]model.ID{}
	for _, l := range []string{
		"c: Fly-tipping behind the Parade every weekend #waste",
		"c: Dealing near the underpass #drugs",
		"s: Tenants' association runs a litter pick #waste",
		"a: Young people",
		"p: The Mill Lane underpass",
		`q: "We stopped using the underpass" #safety`,
		"i: A mural in the underpass",
		"r: Police x young people: stop and search",
		"r: Youth club -> young people: somewhere to go",
		"r: Council + tenants' association: skips",
		"#parking",
	} {
		e, err := st.AddElement(as(s.res), s.session.ID, l)
		must(err)
		ids[l[:4]] = e.ID
	}
	_, err = st.PromoteConcern(as(s.police), s.session.ID, ids["c: F"])
	must(err)
	s.narrowed, err = st.PromoteConcern(as(s.police), s.session.ID, ids["c: D"])
	must(err)
	s.narrowed.Visibility = model.Visibility{Kind: model.VisAgencies, Agencies: []string{"police"}}
	s.narrowed, err = st.UpdateProblem(as(s.police), s.narrowed)
	must(err)
	_, err = st.RecordAsset(as(s.housing), s.session.ID, ids["s: T"])
	must(err)
	s.policeSession, err = st.CreatePicture(as(s.police), model.PictureSession{Ward: ward, Title: "Heron Walk",
		Date: time.Date(2026, 3, 11, 0, 0, 0, 0, time.UTC), Visibility: model.Visibility{Kind: model.VisAgencies, Agencies: []string{"police"}}})
	must(err)
	return s
}

func render(t *testing.T, src Source, viewer model.User, id model.ID) string {
	t.Helper()
	var out bytes.Buffer
	if err := Render(&out, src, viewer, id); err != nil {
		t.Fatal(err)
	}
	return out.String()
}

func TestGolden(t *testing.T) {
	s := seed(t)
	for _, tt := range []struct {
		golden string
		viewer model.User
	}{{"police.md", s.police}, {"resident.md", s.res}} {
		t.Run(tt.golden, func(t *testing.T) {
			termtest.Golden(t, filepath.Join("testdata", tt.golden), render(t, s.st, tt.viewer, s.session.ID), *update)
		})
	}
}

// A problem a concern became, narrowed since to police, is named to
// police only; the session itself is for everyone in the ward.
func TestWhatTheReaderMaySee(t *testing.T) {
	s := seed(t)
	police := render(t, s.st, s.police, s.session.ID)
	resident := render(t, s.st, s.res, s.session.ID)
	narrowed := "problem " + model.ProblemRef(s.narrowed.ID)
	if !strings.Contains(police, narrowed) || strings.Contains(resident, narrowed) {
		t.Fatalf("the narrowed problem: police %v, resident %v", strings.Contains(police, narrowed), strings.Contains(resident, narrowed))
	}
	for _, want := range []string{"Dealing near the underpass", "**in conflict with** young people: stop and search", "community asset 1"} {
		if !strings.Contains(resident, want) {
			t.Errorf("the resident's copy lacks %q", want)
		}
	}
	var out bytes.Buffer
	for _, tt := range []struct {
		viewer model.User
		id     model.ID
	}{{s.housing, s.policeSession.ID}, {s.res, s.policeSession.ID}, {s.police, 99}} {
		if err := Render(&out, s.st, tt.viewer, tt.id); !errors.Is(err, model.ErrNotFound) || out.Len() != 0 {
			t.Errorf("%s reading session %d: %v, wrote %q", tt.viewer.Name, tt.id, err, out.String())
		}
	}
}

// hostile is a Source whose records never went through the store's
// cleaning: an import, an older version, a hand-edited file.
type hostile struct{}

const esc = "\x1b]52;c;ZXZpbA==\x07\x1b[2J\u009b31m\u202e"

func (hostile) Picture(_ model.User, id model.ID) (model.PictureSession, error) {
	return model.PictureSession{ID: id, Ward: ward, Title: "Walk" + esc, Place: "Hall" + esc, Date: time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC),
		Facilitators: []string{"Fa" + esc}, Groups: []model.Group{{Name: "res" + esc, Count: 3}}}, nil
}

func (hostile) PictureElements(model.User, model.ID) ([]model.Element, error) {
	c := func(kind model.ElementKind, text string) model.Element {
		return model.Element{Capture: model.Capture{Kind: kind, Text: text, Themes: []string{"the" + esc + "me"}}, By: "By" + esc, Problems: []model.ID{4}}
	}
	return []model.Element{
		c(model.ElementConcern, "# heading"+esc),
		c(model.ElementQuote, "> quoted | cell"+esc),
		c(model.ElementNote, "1. list [link](http://x) <b>"+esc),
		{Capture: model.Capture{Kind: model.ElementRelationship, From: "- A" + esc, To: "B" + esc, Relation: model.RelConflict, Text: "lab*el*" + esc}},
	}, nil
}

func (hostile) Problem(_ model.User, id model.ID) (model.Problem, error) {
	return model.Problem{ID: id, Title: "Prob" + esc + "lem"}, nil
}

func (hostile) Ward(code string) (model.Ward, error) {
	return model.Ward{Code: code, Name: "Ward" + esc}, nil
}

func TestHostileTextIsCleanedAndEscaped(t *testing.T) {
	out := render(t, hostile{}, model.User{Wards: []string{ward}}, 1)
	for i, r := range out {
		if r < 0x20 && r != '\n' || r == 0x7f || r >= 0x80 && r <= 0x9f || r == 0x202e {
			t.Fatalf("control character %U at byte %d:\n%q", r, i, out)
		}
	}
	for _, want := range []string{"# Walk\n", "- \\# heading", "- “> quoted \\| cell”", "- 1\\. list \\[link](http://x) \\<b>",
		"- \\- A **in conflict with** B: lab\\*el\\*", "Problem", "A rich-picture session of Ward (E05000001)."} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
}
