package sshd

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"wardpanel/model"
	"wardpanel/store"
)

// FuzzCommand runs arbitrary argument vectors through the command router
// as each kind of user, on a real store holding records restricted in
// every way. Whatever the arguments: no panic, exit status 0, 1 or 2, one
// line on stderr for a failure and none for success, plain text out (no
// escape or other control characters: a command's output lands on the
// user's terminal), and no restricted record shown to anyone outside it.
//
//	go test ./tui/sshd -run '^$' -fuzz '^FuzzCommand$' -fuzztime 5m
func FuzzCommand(f *testing.F) {
	w := commandWorld(f)
	for _, args := range [][]string{
		{"board"}, {"board", "--json"}, {"board", "--ward", "E05000002"}, {"board", "--ward", "e05000001", "--json"},
		{"board", "--ward", "E0500000\x1b[2J"}, {"board", "-json=false"}, {"board", "-h"}, {"board", "--", "x"},
		{"whoami"}, {"whoami", "--json"}, {"help"}, {"help", "--help"}, {""}, {"\x1b]52;c;eA==\x07"}, {"\u009b2J"},
		{"actions"}, {"actions", "--mine", "--overdue"}, {"actions", "--agency", "housing", "--json"},
		{"actions", "--agency=\u202epolice"}, {"actions", "--ward", "W12345678"},
		{"action"}, {"action", "show"}, {"action", "show", "1"}, {"action", "show", "#2", "--json"}, {"action", "show", "-1"},
		{"action", "show", "99999999999999999999"}, {"action", "show", "0"}, {"action", "show", "3"}, {"action", "show", "4", "--json"},
		{"action", "done", "1", "--outcome", "Letters sent", "--result", "engagement"},
		{"action", "done", "2", "--outcome", "x\x1b[31mred\nsecond line", "--result", "bogus"},
		{"action", "done", "1", "--outcome", "   "}, {"action", "done", "1", "--outcome=" + strings.Repeat("long ", 2000)},
		{"action", "status", "1", "blocked"}, {"action", "status", "1", "bogus"}, {"action", "status", "1"},
		{"action", "status", "3", "done", "extra"}, {"action", "launch", "1"},
		// Plans (issue 19).
		{"problem", "show", "1", "--md"}, {"problem", "plan", "1", "victim", "Residents", "--police"},
		{"problem", "plan", "1", "statement", "-"}, {"problem", "plan", "2", "nowhere", "x"}, {"problem", "plan", "1", "offender", "--clear"},
		{"problem", "note", "1", "Seen\x1b[2J on Sunday", "--visibility", "housing"}, {"problem", "note", "2", "x", "--police"},
		{"problem", "respond", "1", "--side", "location", "--action", "A1,A2", "Lights"}, {"problem", "respond", "1", "--side", "victim", "--began", "2024-13-40", "x"},
		{"problem", "source", "1", "crime-picture", "--type", "burglary", "--place", "Mill Lane"}, {"problem", "source", "1", "resident"},
		{"problem", "review", "1", "+2w"}, {"problem", "review", "6", "1999-01-01"}, {"board", "--review", "--json"},
	} {
		for who := range w.users {
			f.Add(uint8(who), strings.Join(args, "\x00"))
		}
	}
	f.Fuzz(func(t *testing.T, who uint8, argv string) {
		if len(argv) > 1<<14 {
			return
		}
		args := strings.Split(argv, "\x00")
		for m := range commandMarkers {
			if strings.Contains(alnum(argv), alnum(m)) {
				return // it would be the caller's own words, or stored as an outcome and shown back
			}
		}
		u := w.users[int(who)%len(w.users)]
		w.check(t, u, args)
	})
}

// TestCommandsShowMarkersToThoseWhoMaySeeThem keeps the fuzz honest: the
// markers do come out where they should.
func TestCommandsShowMarkersToThoseWhoMaySeeThem(t *testing.T) {
	w := commandWorld(t)
	tests := []struct {
		user   string
		args   []string
		marker string
	}{
		{"Dana Police", []string{"board"}, "RESTRICTED-POLICE-7"},
		{"Dana Police", []string{"board", "--ward", "E05000002", "--json"}, "OTHER-WARD-2"},
		{"Carol Chair", []string{"board", "--json"}, "OFFICERS-ONLY-3"},
		{"Priya Housing", []string{"board"}, "HOUSING-ONLY-5"},
		{"Dana Police", []string{"actions"}, "POLICE-ACTION-8"},
		{"Dana Police", []string{"action", "show", "2"}, "POLICE-OUTCOME-6"},
		{"Carol Chair", []string{"actions", "--json"}, "OFFICERS-ACTION-4"},
		{"Dana Police", []string{"problem", "show", "1", "--md"}, "POLICE-NOTE-9"},
	}
	for _, tt := range tests {
		var out, errOut bytes.Buffer
		u := w.user(t, tt.user)
		code := runCommand(&cmdEnv{store: w.st, user: u, fingerprint: "SHA256:fuzz", stdout: &out}, tt.args, &errOut)
		if code != 0 || !strings.Contains(out.String(), tt.marker) {
			t.Errorf("%s %q: exit %d, stderr %q; want %s in:\n%s", tt.user, tt.args, code, errOut.String(), tt.marker, out.String())
		}
	}
}

// commandMarkers are unique words in restricted records, and who may see each.
var commandMarkers = map[string]func(model.User) bool{
	"RESTRICTED-POLICE-7": agencyOf("police"),
	"NARROWED-POLICE-13":  agencyOf("police"),
	"POLICE-ACTION-8":     agencyOf("police"),
	"POLICE-OUTCOME-6":    agencyOf("police"),
	"HOUSING-ONLY-5":      agencyOf("housing"),
	"OFFICERS-ONLY-3":     func(u model.User) bool { return u.Role == model.RoleChair },
	// The council owns it, and an owner agency always sees its own work.
	"OFFICERS-ACTION-4": func(u model.User) bool { return u.Role == model.RoleChair || u.Agency == "council" },
	"OTHER-WARD-2":      func(u model.User) bool { return u.InWard(otherWard) },
	// A police-only analysis note on the panel's problem 1.
	"POLICE-NOTE-9": agencyOf("police"),
}

func agencyOf(a string) func(model.User) bool {
	return func(u model.User) bool { return u.Agency == a }
}

const otherWard = "E05000002"

type cmdWorld struct {
	st    *store.Store
	users []model.User
}

func (w *cmdWorld) user(t testing.TB, name string) model.User {
	t.Helper()
	u, err := w.st.UserByName(name)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

// commandWorld is a real store with a user of each kind and the markers.
// Fuzz inputs share it (opening bbolt per input would be most of the
// work), so what one input changes the next may see; the markers stay.
func commandWorld(t testing.TB) *cmdWorld {
	t.Helper()
	st, err := store.Open(t.TempDir(), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	must := func(_ any, err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(st.AddWard(model.Operator, model.Ward{Code: testWard, Name: "Testford"}))
	must(st.AddWard(model.Operator, model.Ward{Code: otherWard, Name: "Otherford"}))
	for _, a := range []string{"police", "housing", "council", "residents"} {
		must(st.PutAgency(model.Operator, model.Agency{Code: a}))
	}
	w := &cmdWorld{st: st}
	for _, u := range []model.User{
		{Name: "Dana Police", Agency: "police", Role: model.RoleOfficer, Wards: []string{testWard, otherWard}},
		{Name: "Priya Housing", Agency: "housing", Role: model.RoleOfficer, Wards: []string{testWard}},
		{Name: "Carol Chair", Agency: "council", Role: model.RoleChair, Wards: []string{testWard}},
		{Name: "Ada Admin", Agency: "council", Role: model.RoleAdmin, Wards: []string{testWard}},
		{Name: "Rita Resident", Agency: "residents", Role: model.RoleMember, Wards: []string{testWard}},
		{Name: "Obi Observer", Agency: "residents", Role: model.RoleObserver, Wards: []string{testWard}},
	} {
		got, err := st.AddUser(model.Operator, u)
		must(got, err)
		w.users = append(w.users, got)
	}
	as := func(name string) model.Actor {
		return model.Actor{User: w.user(t, name), Fingerprint: "SHA256:fixture"}
	}
	police := model.Visibility{Kind: model.VisAgencies, Agencies: []string{"police"}}
	problem := func(by string, p model.Problem) model.Problem {
		t.Helper()
		if p.Ward == "" {
			p.Ward = testWard
		}
		p.Category = "other"
		got, err := st.CreateProblem(as(by), p)
		must(got, err)
		return got
	}
	panel := problem("Dana Police", model.Problem{Title: "Fly-tipping on Mill Lane"})
	pPolice := problem("Dana Police", model.Problem{Title: "RESTRICTED-POLICE-7 cuckooing", Visibility: police})
	problem("Carol Chair", model.Problem{Title: "OFFICERS-ONLY-3 budget", Visibility: model.Visibility{Kind: model.VisOfficers}})
	problem("Priya Housing", model.Problem{Title: "HOUSING-ONLY-5 tenancy", Visibility: model.Visibility{Kind: model.VisAgencies, Agencies: []string{"housing"}}})
	problem("Dana Police", model.Problem{Ward: otherWard, Title: "OTHER-WARD-2 elsewhere"})
	narrowed := problem("Dana Police", model.Problem{Title: "NARROWED-POLICE-13 alley"})

	due := model.DateOnly(time.Now()).AddDate(0, 0, 3)
	action := func(by string, a model.Action) model.Action {
		t.Helper()
		a.Ward, a.Due = testWard, due
		got, err := st.CreateAction(as(by), a)
		must(got, err)
		return got
	}
	action("Dana Police", model.Action{ProblemID: panel.ID, Title: "Clear the fly-tip", OwnerAgency: "council"})                // #1
	secret := action("Dana Police", model.Action{ProblemID: pPolice.ID, Title: "POLICE-ACTION-8 visit", OwnerAgency: "police"}) // #2
	action("Carol Chair", model.Action{ProblemID: panel.ID, Title: "OFFICERS-ACTION-4 ask", OwnerAgency: "council",
		Visibility: model.Visibility{Kind: model.VisOfficers}}) // #3
	action("Dana Police", model.Action{ProblemID: narrowed.ID, Title: "Survey the lights", OwnerAgency: "council"}) // #4
	must(st.AddOutcome(as("Dana Police"), secret.ID, model.Outcome{Text: "POLICE-OUTCOME-6 arrests", Result: "enforcement"}))
	narrowed.Visibility = police
	must(st.UpdateProblem(as("Dana Police"), narrowed))
	must(st.AddPlanNote(as("Dana Police"), panel.ID, "POLICE-NOTE-9 nominals", &police))
	return w
}

// check runs one command and holds its answer to the rules.
func (w *cmdWorld) check(t *testing.T, u model.User, args []string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code := runCommand(&cmdEnv{store: w.st, user: u, fingerprint: "SHA256:fuzz", stdout: &out}, args, &errOut)
	what := func() string { return u.Name + " ran " + strings.Join(quoteAll(args), " ") }
	switch code {
	case 0:
		if errOut.Len() != 0 {
			t.Fatalf("%s: exit 0 with stderr %q", what(), errOut.String())
		}
		if s := strings.TrimSpace(out.String()); strings.HasPrefix(s, "{") || strings.HasPrefix(s, "[") {
			if !json.Valid(out.Bytes()) {
				t.Fatalf("%s: invalid JSON:\n%s", what(), out.String())
			}
		}
	case 1, 2:
		e := errOut.String()
		if strings.Count(e, "\n") != 1 || !strings.HasSuffix(e, "\n") || strings.TrimSpace(e) == "" {
			t.Fatalf("%s: exit %d with stderr %q; want one line", what(), code, e)
		}
	default:
		t.Fatalf("%s: exit status %d", what(), code)
	}
	for name, b := range map[string][]byte{"stdout": out.Bytes(), "stderr": errOut.Bytes()} {
		if err := plainText(b); err != "" {
			t.Fatalf("%s: %s %s:\n%q", what(), name, err, b)
		}
		for m, may := range commandMarkers {
			if bytes.Contains(b, []byte(m)) && !may(u) {
				t.Fatalf("%s: %s shows %s to %s (%s, %s):\n%s", what(), name, m, u.Name, u.Role, u.Agency, b)
			}
		}
	}
}

// plainText says what in b a terminal would act on, if anything: it must
// be UTF-8 with no control characters but line breaks and tabs, no C1
// controls, and no bidi overrides.
func plainText(b []byte) string {
	if !utf8.Valid(b) {
		return "is not UTF-8"
	}
	for _, r := range string(b) {
		switch {
		case r == '\n' || r == '\t':
		case r < 0x20 || r == 0x7f:
			return "holds a control character"
		case r >= 0x80 && r <= 0x9f:
			return "holds a C1 control"
		case r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069:
			return "holds a bidi control"
		}
	}
	return ""
}

func quoteAll(args []string) []string {
	out := make([]string, len(args))
	for i, a := range args {
		out[i] = model.CleanLine(strings.ReplaceAll(a, " ", "␠"), 40)
	}
	return out
}

// alnum is s's letters and digits, upper-cased: a marker spelled out in
// the arguments, however punctuated, is found.
func alnum(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r >= '0' && r <= '9', r >= 'A' && r <= 'Z':
			return r
		case r >= 'a' && r <= 'z':
			return r - 'a' + 'A'
		}
		return -1
	}, s)
}
