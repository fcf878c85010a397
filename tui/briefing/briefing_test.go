package briefing

import (
	"bytes"
	"flag"
	"fmt"
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

// seeded is Testford's panel after its March meeting set two priorities
// (fly-tipping, led by the council; speeding, led by the police), with
// four open actions (one police-only through its problem, cuckooing, one
// housing-only) and June's meeting planned, for which three partners have
// posted updates — one of them hostile text.
type seeded struct {
	st                          *store.Store
	chair, sec, police, housing model.User
	resident, observer          model.User
	next                        model.Meeting
	secrets                     map[string][]string // who may see it -> text only they may see
}

const (
	secretAction  = "Prepare a closure order"
	secretUpdate  = "Warrant granted for the flat"
	housingAction = "Change the locks at 4 Heron Walk"
	housingUpdate = "Locks changed on Tuesday"
)

func seed(t *testing.T) *seeded {
	t.Helper()
	st := storetest.Open(t, storetest.NewClock(time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)).Now)
	fx := storetest.Fixture{T: t, St: st}
	must := fx.Must
	var err error
	fx.Ward(ward, "Testford")
	fx.Agencies([]model.Agency{{Code: "police", Name: "Testford SNT"}, {Code: "housing", Name: "Testford Homes"},
		{Code: "council", Name: "Testford Council"}, {Code: "residents", Name: "Residents"}}...)
	s := &seeded{st: st}
	add := func(name, agency string, role model.Role) model.User { return fx.User(name, agency, role, ward) }
	s.chair = add("Alex Chair", "residents", model.RoleChair)
	s.sec = add("Sue Secretary", "council", model.RoleSecretary)
	s.police = add("PC Pat Police", "police", model.RoleOfficer)
	s.housing = add("Hana Housing", "housing", model.RoleOfficer)
	s.resident = add("Rita Resident", "residents", model.RoleMember)
	s.observer = add("Oscar Observer", "residents", model.RoleObserver)
	as := func(u model.User) model.Actor { return model.Actor{User: u, Fingerprint: "SHA256:test"} }
	due := func(month, day int) time.Time { return time.Date(2026, time.Month(month), day, 0, 0, 0, 0, time.UTC) }

	flytip, err := st.CreateProblem(as(s.police), model.Problem{Ward: ward, Title: "Fly-tipping on Mill Lane", Category: "environmental", LeadAgency: "council"})
	must(err)
	speeding, err := st.CreateProblem(as(s.police), model.Problem{Ward: ward, Title: "Speeding near the school", Category: "traffic", LeadAgency: "police"})
	must(err)
	secret, err := st.CreateProblem(as(s.police), model.Problem{Ward: ward, Title: "Cuckooing on Heron Walk", Category: "exploitation", LeadAgency: "police",
		Visibility: model.Visibility{Kind: model.VisAgencies, Agencies: []string{"police"}}})
	must(err)
	march, err := st.CreateMeeting(as(s.sec), model.Meeting{Ward: ward, Title: "Testford Ward Panel — March", When: time.Date(2026, 3, 10, 19, 0, 0, 0, time.UTC)})
	must(err)
	for _, ch := range []model.MeetingChange{model.StartMeeting{}, model.OpenVote{Candidates: []model.ID{flytip.ID, speeding.ID}}} {
		_, err = st.ChangeMeeting(as(s.chair), march.ID, ch)
		must(err)
	}
	_, err = st.ChangeMeeting(as(s.resident), march.ID, model.CastVote{Choices: []model.ID{flytip.ID, speeding.ID}})
	must(err)
	for _, ch := range []model.MeetingChange{model.CloseVote{}, model.CloseMeeting{}} {
		_, err = st.ChangeMeeting(as(s.chair), march.ID, ch)
		must(err)
	}
	raise := func(by model.User, a model.Action) model.Action {
		t.Helper()
		a.Ward = ward
		got, err := st.CreateAction(as(by), a)
		must(err)
		return got
	}
	clear := raise(s.police, model.Action{ProblemID: flytip.ID, Title: "Clear the Mill Lane fly-tip", OwnerAgency: "council", Due: due(5, 1)})
	closure := raise(s.police, model.Action{ProblemID: secret.ID, Title: secretAction, OwnerAgency: "police", Assignee: "PC Pat Police", Due: due(5, 14)})
	locks := raise(s.housing, model.Action{Title: housingAction, OwnerAgency: "housing", Due: due(5, 20),
		Visibility: model.Visibility{Kind: model.VisAgencies, Agencies: []string{"housing"}}})
	raise(s.chair, model.Action{Title: "Residents' walkabout of Mill Lane", OwnerAgency: "residents", Assignee: "Rita Resident", Due: due(5, 30)})
	s.next, err = st.CreateMeeting(as(s.sec), model.Meeting{Ward: ward, Title: "Testford Ward Panel — June",
		When: time.Date(2026, 6, 9, 19, 0, 0, 0, time.UTC), Venue: "St Mary's Hall"})
	must(err)

	post := func(by model.User, kind model.RecordKind, id model.ID, text string) {
		t.Helper()
		_, _, err := st.PostUpdate(as(by), kind, id, text)
		must(err)
	}
	post(s.sec, model.RecordAction, clear.ID, "Cleared twice in April.\n# not a heading\n<b>not html</b> \x1b[31mnot red\x1b[0m | not a cell |")
	post(s.police, model.RecordProblem, speeding.ID, "Speed checks twice a week at drop-off.")
	post(s.police, model.RecordAction, closure.ID, secretUpdate+"; hearing on 2 June.")
	post(s.housing, model.RecordAction, locks.ID, housingUpdate)
	s.secrets = map[string][]string{
		"police":  {secretAction, secretUpdate},
		"housing": {housingAction, housingUpdate},
	}
	return s
}

func render(t *testing.T, s *seeded, viewer model.User) string {
	t.Helper()
	b, err := Read(s.st, viewer, s.next.ID)
	if err != nil {
		t.Fatalf("Read as %s: %v", viewer.Name, err)
	}
	var out bytes.Buffer
	if err := Render(&out, b, viewer); err != nil {
		t.Fatal(err)
	}
	return out.String()
}

// The briefing pack per role, as golden Markdown.
func TestGoldenBriefing(t *testing.T) {
	s := seed(t)
	for _, tc := range []struct {
		file   string
		viewer model.User
	}{
		{"chair.md", s.chair}, {"secretary.md", s.sec}, {"police.md", s.police},
		{"housing.md", s.housing}, {"resident.md", s.resident}, {"observer.md", s.observer},
	} {
		termtest.Golden(t, filepath.Join("testdata", tc.file), render(t, s, tc.viewer), *update)
	}
}

// Nothing restricted reaches the briefing pack of someone who may not see
// it: not a title, an update's text, nor an owner's name in the list of
// who has not updated. The hostile text reaches no one raw.
func TestBriefingKeepsRestrictedRecordsToTheirReaders(t *testing.T) {
	s := seed(t)
	for _, viewer := range []model.User{s.chair, s.sec, s.police, s.housing, s.resident, s.observer} {
		got := render(t, s, viewer)
		for agency, texts := range s.secrets {
			for _, text := range texts {
				if may := viewer.Agency == agency; strings.Contains(got, text) != may {
					t.Errorf("%s (%s): %q in the briefing is %v, want %v", viewer.Name, viewer.Agency, text, !may, may)
				}
			}
		}
		for _, raw := range []string{"\x1b", "  # not a heading", "  <b>", " | not a cell |"} {
			if strings.Contains(got, raw) {
				t.Errorf("%s: the briefing holds %q raw", viewer.Name, raw)
			}
		}
	}
}

// A meeting of a ward the reader is not in is not found, and nothing is gathered.
func TestBriefingOfAnotherWard(t *testing.T) {
	s := seed(t)
	outsider := model.User{ID: 99, Name: "Outsider", Agency: "police", Role: model.RoleOfficer, Wards: []string{"E05000002"}}
	if _, err := Read(s.st, outsider, s.next.ID); err == nil {
		t.Fatal("an outsider read the briefing")
	}
}

// A section keeps its heading when empty, and says so in its own words.
func TestSectionSaysWhenEmpty(t *testing.T) {
	tests := []struct {
		name string
		n    int
		want string
	}{
		{"empty", 0, "## Open actions\n\nNone you may see.\n\n"},
		{"with entries", 2, "## Open actions\n\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var b strings.Builder
			section(func(format string, args ...any) { fmt.Fprintf(&b, format+"\n", args...) }, "Open actions", tt.n, "None you may see.")
			if b.String() != tt.want {
				t.Errorf("section wrote %q, want %q", b.String(), tt.want)
			}
		})
	}
}
