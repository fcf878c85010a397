package main

import (
	"slices"
	"strings"
	"testing"
	"time"

	"wardpanel/model"
	"wardpanel/store"
)

// demoFolder is a data folder with the demo seeded, closed again.
func demoFolder(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	st, err := store.Open(dir, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := seedDemo(st); err != nil {
		t.Fatal(err)
	}
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}
	return dir
}

// Restricted actions the demo raises in its closed meeting (meeting 1).
const (
	demoPoliceOnly       = "Plain-clothes patrols on Station Road, 4–7pm weekdays" // agencies:police
	demoPoliceAndHousing = "Prepare a closure order application for the Heron Walk flat"
	demoPanelWide        = "Write to the Parade landlord supporting the CCTV camera"
	// demoOperation is the minutes' police-only entry about it; every other
	// copy withholds it in place.
	demoOperation = "plain-clothes operation"
	demoWithheld  = "- (a restricted item)"
)

func TestMinutesCommand(t *testing.T) {
	dir := demoFolder(t)
	tests := []struct {
		name     string
		args     []string
		wantCode int
		want     []string // in stdout, or in the one stderr line if wantCode != 0
		notWant  []string
	}{
		{"the panel's copy", []string{"minutes", "1"}, 0,
			[]string{"# Riverside Ward Panel — ", "- State: closed", demoPanelWide, "Priorities set:", demoWithheld},
			[]string{demoPoliceOnly, demoPoliceAndHousing, "Draft:", demoOperation}},
		{"as the police officer", []string{"minutes", "1", "--as", "PC Dana Reid"}, 0,
			[]string{demoPanelWide, demoPoliceOnly, demoPoliceAndHousing, demoOperation}, nil},
		{"as the housing officer", []string{"minutes", "--as", "Priya Shah", "1"}, 0,
			[]string{demoPanelWide, demoPoliceAndHousing, demoWithheld}, []string{demoPoliceOnly, demoOperation}},
		{"as the resident", []string{"minutes", "#1", "--as=Ruth Adeyemi"}, 0,
			[]string{demoPanelWide, demoWithheld}, []string{demoPoliceOnly, demoPoliceAndHousing, demoOperation}},
		{"as the chair, who is no exception", []string{"minutes", "1", "--as", "Alex Morgan"}, 0,
			[]string{demoPanelWide}, []string{demoPoliceOnly, demoPoliceAndHousing}},
		{"the next meeting is a draft", []string{"minutes", "2"}, 0,
			[]string{"Draft: the meeting is planned; these minutes are not final.", "Carried over from meeting 1.", "to be reviewed"}, nil},
		{"unknown meeting", []string{"minutes", "99"}, 1, []string{"wardpanel minutes: meeting 99 not found"}, nil},
		{"unknown meeting as a user", []string{"minutes", "99", "--as", "Ruth Adeyemi"}, 1, []string{"meeting 99 not found"}, nil},
		{"unknown user", []string{"minutes", "1", "--as", "Nobody"}, 1, []string{`no user named "Nobody"`}, nil},
		{"no id", []string{"minutes"}, 2, []string{"missing the ID"}, nil},
		{"not a number", []string{"minutes", "first"}, 2, []string{"not a meeting number"}, nil},
		{"two ids", []string{"minutes", "1", "2"}, 2, []string{`unexpected argument "2"`}, nil},
		{"unknown flag", []string{"minutes", "1", "--json"}, 2, []string{"-json"}, nil},
	}
	check := func(t *testing.T, out, errOut string, code, wantCode int, want, notWant []string) {
		t.Helper()
		if code != wantCode {
			t.Fatalf("exit %d, want %d (stderr %q)", code, wantCode, errOut)
		}
		text := out
		if wantCode != 0 {
			text = errOut
			if out != "" || strings.Count(errOut, "\n") != 1 {
				t.Errorf("stdout %q, stderr %q: want no output and one line", out, errOut)
			}
		} else if errOut != "" {
			t.Errorf("stderr %q", errOut)
		}
		for _, w := range want {
			if !strings.Contains(text, w) {
				t.Errorf("lacks %q:\n%s", w, text)
			}
		}
		for _, w := range notWant {
			if strings.Contains(text, w) {
				t.Errorf("has %q:\n%s", w, text)
			}
		}
	}
	offline := map[string]string{}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, errOut, code := wp(append(tt.args, "--data", dir)...)
			check(t, out, errOut, code, tt.wantCode, tt.want, tt.notWant)
			offline[tt.name] = out
		})
	}

	// The same, word for word, through the running server.
	startServe(t, dir, false)
	for _, tt := range tests {
		t.Run("server running/"+tt.name, func(t *testing.T) {
			out, errOut, code := wp(append(tt.args, "--data", dir)...)
			check(t, out, errOut, code, tt.wantCode, tt.want, tt.notWant)
			if out != offline[tt.name] {
				t.Errorf("through the server the minutes differ:\n%s\nin-process:\n%s", out, offline[tt.name])
			}
		})
	}
}

func TestMinutesCommandNeedsADataFile(t *testing.T) {
	dir := t.TempDir()
	_, errOut, code := wp("minutes", "1", "--data", dir)
	if code != 1 || !strings.Contains(errOut, "no data file at") {
		t.Errorf("exit %d, stderr %q", code, errOut)
	}
	if _, _, code := wp("check", "--data", dir); code != 1 {
		t.Errorf("minutes made a data file in an empty folder")
	}
}

// TestDemoSeedsMeetings: the demo's last meeting is closed with its
// attendance, minutes, notes, actions and vote, made by the people who
// would make them; the next is planned from it; and the folder checks clean.
func TestDemoSeedsMeetings(t *testing.T) {
	dir := demoFolder(t)
	if out, errOut, code := wp("check", "--data", dir); code != 0 || !strings.HasPrefix(out, "ok: ") {
		t.Fatalf("check of the demo folder: exit %d, %q, %q", code, out, errOut)
	}
	st, err := store.Open(dir, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	police, err := st.UserByName("PC Dana Reid")
	if err != nil {
		t.Fatal(err)
	}
	resident, err := st.UserByName("Ruth Adeyemi")
	if err != nil {
		t.Fatal(err)
	}
	meetings, err := st.Meetings(police, demoWard)
	if err != nil || len(meetings) != 2 {
		t.Fatalf("demo meetings: %d, %v; want 2", len(meetings), err)
	}
	closed, next := meetings[0], meetings[1]
	now := time.Now()

	t.Run("closed meeting", func(t *testing.T) {
		if closed.State != model.MeetingClosed || !closed.When.Before(now.AddDate(0, 0, -7)) || closed.Chair != "Alex Morgan" || closed.Venue == "" {
			t.Errorf("state %s, when %s, chair %q, venue %q", closed.State, closed.When, closed.Chair, closed.Venue)
		}
		var present, guests, apologies int
		for _, a := range closed.Attendance {
			switch {
			case a.Kind == model.AttendApologies:
				apologies++
			case a.UserID == 0 && a.Agency != "":
				guests++
			default:
				present++
			}
		}
		if present < 4 || guests < 1 || apologies < 1 {
			t.Errorf("attendance: %d present, %d without an account, %d apologies", present, guests, apologies)
		}
		withMinutes, kinds := 0, map[model.NoteKind]int{}
		for _, it := range closed.Items {
			if it.Minutes != "" {
				withMinutes++
			}
			for _, n := range it.Notes {
				kinds[n.Kind]++
			}
		}
		if withMinutes*2 <= len(closed.Items) || kinds[model.NoteDecision] == 0 || kinds[model.NoteInformation] == 0 || kinds[model.NoteAction] < 4 {
			t.Errorf("%d of %d items have minutes; notes %v", withMinutes, len(closed.Items), kinds)
		}
		if r := closed.ItemOfKind(model.ItemReview); r == nil || !slices.ContainsFunc(r.Reviews, model.Review.Taken) {
			t.Errorf("no matters arising recorded")
		}
		if v := closed.Vote; v == nil || v.Open || len(v.Ballots) < 4 || len(v.Result) != model.MaxPriorities {
			t.Fatalf("vote %+v", closed.Vote)
		}
		prio, err := st.Priorities(resident, demoWard)
		if err != nil || !slices.Equal(prio.Problems, closed.Vote.Result) || prio.MeetingID != closed.ID {
			t.Errorf("ward priorities %+v, %v; want the vote's %v", prio, err, closed.Vote.Result)
		}
	})

	t.Run("actions raised in it", func(t *testing.T) {
		byTitle := func(u model.User) map[string]model.Action {
			all, err := st.Actions(u, demoWard)
			if err != nil {
				t.Fatal(err)
			}
			out := map[string]model.Action{}
			for _, a := range all {
				if a.MeetingID == closed.ID {
					out[a.Title] = a
				}
			}
			return out
		}
		seen, residents := byTitle(police), byTitle(resident)
		open := 0
		for _, a := range seen {
			if !a.Status.Closed() {
				open++
			}
		}
		if len(seen) < 5 || open < 3 {
			t.Errorf("%d actions raised, %d still open", len(seen), open)
		}
		for _, title := range []string{demoPoliceOnly, demoPoliceAndHousing} {
			if _, ok := seen[title]; !ok {
				t.Errorf("the police officer does not see %q", title)
			}
			if _, ok := residents[title]; ok {
				t.Errorf("a resident sees restricted %q", title)
			}
		}
		if a := seen[demoPoliceOnly]; a.Visibility.String() != "agencies:police" {
			t.Errorf("%q is %s", demoPoliceOnly, a.Visibility)
		}
	})

	t.Run("next meeting", func(t *testing.T) {
		if next.State != model.MeetingPlanned || next.PreviousID != closed.ID || !next.When.After(now) || next.Venue == "" {
			t.Errorf("state %s, previous %d, when %s, venue %q", next.State, next.PreviousID, next.When, next.Venue)
		}
		if !slices.ContainsFunc(next.Items, func(it model.AgendaItem) bool { return it.CarriedFrom == closed.ID }) {
			t.Errorf("nothing carried over from the closed meeting")
		}
		if r := next.ItemOfKind(model.ItemReview); r == nil || len(r.Reviews) < 3 {
			t.Errorf("matters arising of the next meeting: %+v", r)
		}
	})

	t.Run("made by the people in the room", func(t *testing.T) {
		entries, err := st.Audit(police, 1000)
		if err != nil {
			t.Fatal(err)
		}
		by := map[model.AuditAction]map[string]bool{}
		for _, e := range entries {
			if by[e.Action] == nil {
				by[e.Action] = map[string]bool{}
			}
			by[e.Action][e.Actor.User.Name] = true
		}
		for action, who := range map[model.AuditAction]string{
			"meeting.create": "Jo Fisher", "meeting.writeminutes": "Jo Fisher", "meeting.startmeeting": "Alex Morgan",
			"meeting.stepitem": "Alex Morgan", "meeting.closemeeting": "Alex Morgan", "meeting.castvote": "Ruth Adeyemi",
			"meeting.closevote": "Alex Morgan", "meeting.attend": "PC Dana Reid",
		} {
			if !by[action][who] {
				t.Errorf("no %s by %s in the audit trail (%v)", action, who, by[action])
			}
		}
	})
}
