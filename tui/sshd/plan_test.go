package sshd

import (
	"strings"
	"testing"
	"time"

	"wardpanel/model"
)

// TestPlanCommandsBetweenMeetings: an officer writes a problem's plan from
// the command line, in order (so each line sees what the ones before it
// did), and the plan's rules answer: parts no wider than the problem, the
// lead agency sets the review date, responses are carried out by the
// problem's own actions. What a housing officer reads afterwards has no
// police-only part.
func TestPlanCommandsBetweenMeetings(t *testing.T) {
	f := startServer(t, false)
	member, err := f.st.AddUser(model.Operator, model.User{Name: "Rita Resident", Agency: "housing", Role: model.RoleMember, Wards: []string{testWard}})
	if err != nil {
		t.Fatal(err)
	}
	dana, _ := f.st.UserByName("Dana Police")
	priya, _ := f.st.UserByName("Priya Housing")
	by := model.Actor{User: dana, Fingerprint: "test"}
	due := model.DateOnly(time.Now().AddDate(0, 0, 14))
	for _, a := range []model.Action{ // A1 on P1, A2 on the police-only P2
		{Ward: testWard, ProblemID: f.panelP.ID, Title: "Light the lay-by", OwnerAgency: "police", Due: due},
		{Ward: testWard, ProblemID: f.policeP.ID, Title: "Visit the flat", OwnerAgency: "police", Due: due},
	} {
		if _, err := f.st.CreateAction(by, a); err != nil {
			t.Fatal(err)
		}
	}
	in2w := model.DateOnly(time.Now()).AddDate(0, 0, 14).Format(time.DateOnly) // as the command reads +2w

	f.expectLines(t, []lineCase{
		{dana, "problem plan P1 statement Fly-tipping every weekend behind the shops", 0, "plan of P1: statement written, visible to panel (plan version 2)"},
		{dana, "problem plan 1 VICTIM Residents of Mill Lane --police", 0, "victim written, visible to police"},
		{dana, "problem plan P1 offender A van seen at night --visibility police,housing", 0, "offender written, visible to housing,police"},
		{dana, "problem plan P1 sideways Some text", 2, `unknown part "sideways": use statement, victim, guardian`},
		{dana, "problem plan P1 statement", 2, "missing the text"},
		{dana, "problem plan P1 statement New words --clear", 2, "the text or --clear, not both"},
		{dana, "problem plan P1 statement Again --version 1", 1, "changed by Dana Police"},
		{dana, "problem plan P2 statement Wider than the problem --visibility panel", 1, "can be no wider than that"},
		{dana, "problem plan P1 offender --clear", 0, "offender cleared"},
		{member, "problem plan P1 statement Residents want it gone", 1, "cannot edit problems"},
		{priya, "problem plan P2 statement Anything", 1, "no problem P2"},

		{dana, "problem note P1 Tipping happens on Sunday nights", 0, "analysis note 1 added, visible to panel"},
		{dana, "problem note P1 A registration seen twice --police", 0, "analysis note 2 added, visible to police"},
		{dana, "problem note P1 Both at once --police --visibility housing", 2, "--visibility or --police, not both"},
		{dana, "problem note P1 Hidden from myself --visibility housing", 1, "include your own agency (police)"},
		{priya, "problem note P2 A note", 1, "no problem P2"},

		{dana, "problem respond P1 --side location --action A1 Light the lay-by and put up a camera", 0,
			"response 1 against the location side added, carried out by A1, visible to panel"},
		{dana, "problem respond P1 --side OFFENDER --began 2024-03-01 Letters to the van's owner --police", 0, "response 2 against the offender side added, visible to police"},
		{dana, "problem respond P1 Patrols", 2, "--side is required"},
		{dana, "problem respond P1 --side nowhere Patrols", 2, "unknown side"},
		{dana, "problem respond P1 --side victim --action Z9 Patrols", 2, "not an action number"},
		{dana, "problem respond P1 --side victim --action A2 Patrols", 1, "A2 is not an action on this problem"},
		{dana, "problem respond P1 --side victim --began soon Patrols", 2, "--began \"soon\" is not a date"},

		{dana, "problem review P1 +2w", 1, "no agency leads this problem: the chair or vice-chair sets its review date"},
		{dana, "problem edit P1 --lead police", 0, "problem P1 saved"},
		{dana, "problem review P1 +2w", 0, "problem P1 to be reviewed by " + in2w + ": Fly-tipping on Mill Lane"},
		{dana, "problem review P1 someday", 2, `"someday" is not a date`},
		{dana, "problem review P1 +400d", 1, "at most a year ahead"},
		{priya, "problem review P1 +1w", 1, "the lead agency (police) sets this problem's review date"},

		{dana, "problem source P1 resident", 0, "plan of P1: came in from resident"},
		{dana, "problem source P1 gossip", 2, `unknown source "gossip": use panel, rich-picture, crime-picture, partner, resident`},
		{dana, "problem source P1 crime-picture --type burglary", 2, "--type and --place (or --lsoa) go together"},
		{dana, "problem source P1 crime-picture --type burglary --place Mill Lane --lsoa E01000001", 2, "--place or --lsoa, not both"},
		{member, "problem source P1 panel", 1, "cannot edit problems"},
	})

	// What each reads of the plan now: the housing officer has the
	// statement, the panel note and the panel response, none of the
	// police-only parts.
	for _, tt := range []struct {
		who           model.User
		want, wantNot []string
	}{
		{dana, []string{"Fly-tipping every weekend", "Residents of Mill Lane", "A registration seen twice", "Letters to the van's owner", "Light the lay-by and put up a camera"}, nil},
		{priya, []string{"Fly-tipping every weekend", "Tipping happens on Sunday nights", "Light the lay-by and put up a camera"},
			[]string{"Residents of Mill Lane", "A registration seen twice", "Letters to the van's owner", "A van seen at night"}},
	} {
		for _, format := range []string{"", " --json", " --md"} {
			out, errOut, code := f.runLine(tt.who, "problem show P1"+format)
			if code != 0 {
				t.Fatalf("%s: problem show P1%s: exit %d %s", tt.who.Name, format, code, errOut)
			}
			for _, w := range tt.want {
				if !strings.Contains(out, w) {
					t.Errorf("%s: problem show P1%s lacks %q:\n%s", tt.who.Name, format, w, out)
				}
			}
			for _, w := range tt.wantNot {
				if strings.Contains(out, w) {
					t.Errorf("%s: problem show P1%s shows %q:\n%s", tt.who.Name, format, w, out)
				}
			}
		}
	}
	// The JSON a write prints is the plan as its writer may read it.
	out, _, code := f.runLine(priya, "problem note P1 Skips full by Saturday --json")
	if code != 0 || !strings.Contains(out, `"ref": "P1"`) || !strings.Contains(out, "Skips full by Saturday") || strings.Contains(out, "A registration seen twice") {
		t.Errorf("problem note --json as housing: exit %d\n%s", code, out)
	}
}

// TestPlanSourceFindsTheCrimes: `problem source` spells the crime type and
// place as the imported crimes do, so the before/after figures count them;
// one the imports do not know is refused, naming where to look.
func TestPlanSourceFindsTheCrimes(t *testing.T) {
	f := startServer(t, false)
	f.withCrimes(t)
	dana, _ := f.st.UserByName("Dana Police")
	for _, tt := range []struct {
		line string
		code int
		want string
	}{
		{"problem source P1 crime-picture --type BURGLARY --place elm grove", 0, "its figures count burglary at Elm Grove"},
		{"problem source P1 crime-picture --type Burglary --place On or near Nowhere Street", 2, "no burglary is recorded at \"On or near Nowhere Street\""},
		{"problem source P1 crime-picture --type Piracy --place Elm Grove", 2, `"Piracy" is not a police.uk crime type`},
		{"problem source P1 crime-picture --type drugs --lsoa E01000009", 2, "is not one of ward " + testWard + "'s LSOAs"},
		{"problem respond P1 --side location --began 2024-03-01 Target-harden the back gates", 0, "response 1"},
		{"problem source P1 partner", 0, "came in from partner; its figures count burglary at Elm Grove"},
		{"problem source P1 crime-picture", 0, "came in from crime-picture; its figures count burglary at Elm Grove"},
	} {
		out, errOut, code := f.runLine(dana, tt.line)
		got := errOut
		if code == 0 {
			got = out
		}
		if code != tt.code || !strings.Contains(got, tt.want) {
			t.Errorf("%s: exit %d, %q %q; want %d and %q", tt.line, code, out, errOut, tt.code, tt.want)
		}
	}
	plan, err := f.st.Plan(dana, f.panelP.ID)
	if err != nil || plan.Source != "crime-picture" || plan.Focus != (model.CrimeFocus{Type: "Burglary", Place: "On or near Elm Grove"}) {
		t.Fatalf("plan %+v %v", plan, err)
	}
	// Elm Grove's burglaries in the fixtures: one in each of January,
	// February and March 2024, two in April (the TUI's crime picture
	// cites the same months). The response began in March.
	ba, ok, err := f.st.BeforeAfter(dana, f.panelP.ID)
	if err != nil || !ok {
		t.Fatalf("before/after: %v %v", ok, err)
	}
	if before, since := ba.Totals(); before != 2 || since != 3 || len(ba.Before) != 2 || len(ba.Since) != 2 {
		t.Errorf("before/after %+v: totals %d, %d; want 2 in Jan–Feb and 3 in Mar–Apr", ba, before, since)
	}
}

// TestBoardForReview: `board --review` lists only the open problems whose
// review date has gone by, marked PAST.
func TestBoardForReview(t *testing.T) {
	f := startServer(t, false)
	dana, _ := f.st.UserByName("Dana Police")
	by := model.Actor{User: dana, Fingerprint: "test"}
	p := f.panelP
	p.LeadAgency = "police"
	if _, err := f.st.UpdateProblem(by, p); err != nil {
		t.Fatal(err)
	}
	if _, err := f.st.SetReview(by, f.panelP.ID, time.Now().AddDate(0, 0, -3)); err != nil {
		t.Fatal(err)
	}
	out, errOut, code := f.runLine(dana, "board --review")
	if code != 0 || !strings.Contains(out, "1 problem past review") || !strings.Contains(out, "P1 ") ||
		!strings.Contains(out, " PAST") || strings.Contains(out, "P2 ") {
		t.Errorf("board --review: exit %d %s\n%s", code, errOut, out)
	}
	out, _, _ = f.runLine(dana, "board --review --json")
	if !strings.Contains(out, `"ref": "P1"`) || strings.Contains(out, `"ref": "P2"`) {
		t.Errorf("board --review --json:\n%s", out)
	}
	out, _, _ = f.runLine(dana, "board")
	if !strings.Contains(out, "P2 ") || !strings.Contains(out, "2 problems") {
		t.Errorf("board without --review:\n%s", out)
	}
}
