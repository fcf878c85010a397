package tui

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/teatest/v2"

	"wardpanel/model"
)

// text is the frame as the user reads it.
func (hs *harness) text() string { return ansi.Strip(hs.view()) }

// keySafetyCase puts one person on a screen, ready to press a key that
// throws work away or acts for the whole panel.
type keySafetyCase struct {
	name string
	// setup returns the session and what the key would change, as text.
	setup  func(t *testing.T) (*harness, func() string)
	key    string
	prompt string // what the first press says
}

// liveMeetingOn starts a planned meeting with the chair and steps to item n.
func liveMeetingOn(t *testing.T, n int) (*room, *harness) {
	sec := model.User{ID: 6, Name: "Sue Secretary", Agency: "council", Role: model.RoleSecretary, Wards: []string{wardA}}
	r := newRoom(t, map[string]model.User{"chair": chair, "sec": sec})
	r.as("sec", "m", "n", "ctrl+s")
	r.as("chair", "m", "enter", "s", "s") // planned four weeks on: s asks, s starts
	for range n - 1 {
		r.as("chair", "n")
	}
	return r, r.people["chair"]
}

func meetingState(r *room) func() string {
	return func() string {
		m := r.meeting()
		return fmt.Sprint(m.State, len(m.Items), m.Vote != nil && m.Vote.Open)
	}
}

func screenState(hs *harness) func() string {
	return func() string { return fmt.Sprint(hs.app.active, hs.quit) }
}

// formCase opens a form with open, types into it, and presses key there.
func formCase(name string, open []string, key, prompt string) keySafetyCase {
	return keySafetyCase{name: name, key: key, prompt: prompt, setup: func(t *testing.T) (*harness, func() string) {
		hs := newHarness(t, userOpts(newFakeStore(), officer), 80, 24)
		hs.openProblem(4)
		hs.keys(open...)
		hs.keys("typed words")
		return hs, screenState(hs)
	}}
}

// Every key that throws work away or acts for the panel asks first: the
// first press changes nothing and says what a second does; the second does it.
func TestDestructiveKeysAsk(t *testing.T) {
	cases := []keySafetyCase{
		formCase("problem form esc", []string{"e"}, "esc", "press esc again to discard"),
		formCase("problem form ctrl+c", []string{"e"}, "ctrl+c", "Press ctrl+c again to end the session"),
		formCase("new action esc", []string{"a"}, "esc", "press esc again to discard"),
		formCase("new action ctrl+c", []string{"a"}, "ctrl+c", "Press ctrl+c again to end the session"),
		formCase("evidence esc", []string{"v", "tab", "tab"}, "esc", "press esc again to discard"),
		{name: "meeting minutes esc", key: "esc", prompt: "press esc again to discard", setup: func(t *testing.T) (*harness, func() string) {
			r, _ := liveMeetingOn(t, 2)
			r.as("sec", "m", "enter", "w", "two arrests")
			return r.people["sec"], screenState(r.people["sec"])
		}},
		{name: "meeting close x", key: "x", prompt: "Press x again to close the meeting", setup: func(t *testing.T) (*harness, func() string) {
			r, hs := liveMeetingOn(t, 1)
			return hs, meetingState(r)
		}},
		{name: "agenda item remove -", key: "-", prompt: "Press - again to remove", setup: func(t *testing.T) (*harness, func() string) {
			r, _ := liveMeetingOn(t, 3)
			r.as("sec", "m", "enter", "down")
			return r.people["sec"], meetingState(r)
		}},
		{name: "vote close v", key: "v", prompt: "Press v again to close the vote", setup: func(t *testing.T) (*harness, func() string) {
			r, hs := liveMeetingOn(t, 7)
			r.as("chair", "v", "space", "enter", "b", "space", "enter")
			return hs, meetingState(r)
		}},
		{name: "rich picture delete d", key: "d", prompt: "Press d again to delete line", setup: func(t *testing.T) (*harness, func() string) {
			r := newRoom(t, map[string]model.User{"asha": officer})
			p := seedPicture(t, r.st)
			r.as("asha", "r", "enter", "esc", "home", "down")
			return r.people["asha"], func() string {
				lines, err := r.st.PictureElements(officer, p.ID)
				if err != nil {
					t.Fatal(err)
				}
				return fmt.Sprint(len(lines))
			}
		}},
		{name: "rich picture promote p", key: "p", prompt: "Press p again to make line", setup: func(t *testing.T) (*harness, func() string) {
			r := newRoom(t, map[string]model.User{"asha": officer})
			seedPicture(t, r.st)
			r.as("asha", "r", "enter", "esc", "home", "down")
			return r.people["asha"], func() string {
				board, _ := r.st.Problems(officer, wardA)
				return fmt.Sprint(len(board))
			}
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			hs, state := tc.setup(t)
			before := state()
			hs.keys(tc.key)
			if got := state(); got != before {
				t.Fatalf("one %s acted at once: %s became %s", tc.key, before, got)
			}
			if st := hs.app.status.text; !strings.Contains(st, tc.prompt) {
				t.Fatalf("one %s says %q, want %q", tc.key, st, tc.prompt)
			}
			// Another key between the two disarms the first.
			hs.keys("z")
			hs.keys(tc.key)
			if got := state(); got != before {
				t.Fatalf("%s, another key, %s acted: %s became %s", tc.key, tc.key, before, got)
			}
			hs.keys(tc.key)
			if got := state(); got == before {
				t.Fatalf("a second %s did nothing (%s); status %q", tc.key, got, hs.app.status.text)
			}
		})
	}
}

// A form the user has not changed closes on one esc: asking there would
// only teach people to press esc twice without reading.
func TestUnchangedFormClosesOnOneEsc(t *testing.T) {
	for _, open := range []string{"e", "a", "v"} {
		hs := newHarness(t, userOpts(newFakeStore(), officer), 80, 24)
		hs.openProblem(4)
		hs.keys(open, "tab", "esc")
		if hs.app.active != screenDetail {
			t.Errorf("%s then esc: screen %v, status %q", open, hs.app.active, hs.app.status.text)
		}
	}
}

// The confirmations and a refusal as the user sees them, at the golden sizes.
func TestGoldenConfirmations(t *testing.T) {
	key := func(r rune) tea.KeyPressMsg { return tea.KeyPressMsg{Code: r, Text: string(r)} }
	ctrlC := tea.KeyPressMsg{Code: 'c', Mod: tea.ModCtrl}
	// steps are keys to send and, as strings, text to wait for first.
	cases := []struct {
		name  string
		who   model.User
		live  bool // a live meeting in the store
		steps []any
	}{
		{"discard", officer, false, []any{"Speeding", press(tea.KeyEnter), "Door-knock odd numbers 1-41", key('e'), "ctrl+s save",
			key('x'), press(tea.KeyEscape), "press esc again to discard"}},
		{"quit", officer, false, []any{"Speeding", press(tea.KeyEnter), "Door-knock odd numbers 1-41", key('e'), "ctrl+s save",
			ctrlC, "Press ctrl+c again"}},
		{"vote", chair, true, []any{"▶ meeting live", key('m'), "LIVE", key('v'), "Press v again to close the vote"}},
		{"refusal", member, false, []any{"Speeding", key('t'), "Youth outreach evenings", key('s'), "Only the owner agency"}},
	}
	for _, tc := range cases {
		for _, sz := range goldenSizes {
			t.Run(fmt.Sprintf("%s/%dx%d", tc.name, sz[0], sz[1]), func(t *testing.T) {
				st := realStore(t)
				now := fixedNow
				if tc.live {
					m := seedLiveMeeting(t, st)
					now = func() time.Time { return m.ItemStarted.Add(7 * time.Minute) }
				}
				opts := Options{Store: st, User: &tc.who, Fingerprint: "SHA256:golden", Now: now, Live: true}
				tm := startLoaded(t, opts, nil)
				playSteps(t, tm, tc.steps)
				resize(tm, sz)
				teatest.RequireEqualOutput(t, finalScreen(t, tm))
			})
		}
	}
}

// agendaOrder is the live meeting's agenda as item IDs and titles.
func agendaOrder(r *room) func() string {
	return func() string {
		var b strings.Builder
		for _, it := range r.meeting().Items {
			fmt.Fprintf(&b, "%d %s|", it.ID, it.Title)
		}
		return b.String()
	}
}

// The other half of "every destructive key either asks or can be
// undone": the agenda keys of a live meeting. Each changes the agenda
// (after its confirmation, if it asks), and U puts it back exactly,
// through the store, with the status line saying what came back.
func TestDestructiveKeysCanBeUndone(t *testing.T) {
	cases := []struct {
		name   string
		keys   []string
		undone string // what the status line says after U
	}{
		{"agenda item remove - -", []string{"-", "-"}, "is back on the agenda"},
		{"agenda item move up K", []string{"K"}, "is back in its place"},
		{"agenda item move down J", []string{"J"}, "is back in its place"},
		{"agenda item add +", []string{"+", "Youth club", "ctrl+s"}, "is off the agenda again"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r, _ := liveMeetingOn(t, 2)
			r.as("sec", "m", "enter", "down", "down") // item 4, not the one the meeting is on
			state := agendaOrder(r)
			before := state()
			r.as("sec", tc.keys...)
			if state() == before {
				t.Fatalf("%v changed nothing; status %q", tc.keys, r.people["sec"].app.status.text)
			}
			hs := r.people["sec"]
			if !slices.ContainsFunc(hs.app.current().ShortHelp(), func(b key.Binding) bool { return b.Help().Key == "U" }) {
				t.Errorf("the help does not offer U after %v", tc.keys)
			}
			r.as("sec", "U")
			if got := state(); got != before {
				t.Fatalf("U left %s, want %s", got, before)
			}
			if st := hs.app.status.text; !strings.Contains(st, tc.undone) {
				t.Fatalf("U says %q, want %q", st, tc.undone)
			}
			// One level: a second U has nothing to undo, and says so.
			r.as("sec", "U")
			if st := hs.app.status; !st.err || st.text != "There is no agenda change to undo." {
				t.Fatalf("a second U says %+v", st)
			}
			if got := state(); got != before {
				t.Fatalf("a second U changed the agenda: %s", got)
			}
		})
	}
}

// An item added and then written under is not undone: its minutes stay.
func TestUndoKeepsMinutesWrittenSince(t *testing.T) {
	r, _ := liveMeetingOn(t, 1)
	r.as("sec", "m", "enter", "+", "Youth club", "ctrl+s")
	added := r.meeting().Items[1]
	if added.Title != "Youth club" {
		t.Fatalf("item 2 is %q", added.Title)
	}
	as := model.Actor{User: r.people["sec"].app.c.user, Fingerprint: "SHA256:sec"}
	if _, err := r.st.ChangeMeeting(as, r.meeting().ID, model.WriteMinutes{Item: added.ID, Text: "The club opens on Fridays."}); err != nil {
		t.Fatal(err)
	}
	r.feed()
	r.as("sec", "U")
	if st := r.people["sec"].app.status; !st.err || st.text != "The item added has minutes since; they stay in the record." {
		t.Fatalf("U says %+v", st)
	}
	if r.meeting().Items[1].ID != added.ID {
		t.Fatal("the item with minutes was undone")
	}
}
