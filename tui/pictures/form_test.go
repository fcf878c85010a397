package pictures

import (
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"wardpanel/model"
	"wardpanel/tui/ui/uitest"
)

func TestParseSessionDate(t *testing.T) {
	today := model.DateOnly(now)
	tests := []struct {
		in   string
		want time.Time
		ok   bool
	}{
		{"today", today, true},
		{"yesterday", today.AddDate(0, 0, -1), true},
		{"-3", today.AddDate(0, 0, -3), true},
		{"2025-02-10", time.Date(2025, 2, 10, 0, 0, 0, 0, time.UTC), true},
		{"+7", today.AddDate(0, 0, 7), true},                              // planned a week ahead
		{"2025-04-01", time.Date(2025, 4, 1, 0, 0, 0, 0, time.UTC), true}, // a date ahead: planned
		{"next Tuesday", time.Time{}, false},
		{"", time.Time{}, false},
	}
	for _, tt := range tests {
		got, err := parseSessionDate(tt.in, today)
		if (err == nil) != tt.ok || !got.Equal(tt.want) {
			t.Errorf("parseSessionDate(%q) = %v, %v; want %v, ok %t", tt.in, got, err, tt.want, tt.ok)
		}
	}
}

// formLinks are links that keep what the form told the router.
func formLinks(dones *[]done) Links {
	l := links
	l.Done = func(text string, id model.ID) tea.Msg {
		*dones = append(*dones, done{text, id})
		return nil
	}
	return l
}

// A new session is held in the session's ward, with the facilitator who
// opened the form; a date the form cannot read is refused, and the text
// typed stays.
func TestTheFormHoldsASession(t *testing.T) {
	st, _ := workshop(t)
	var dones []done
	f := NewForm(uitest.NewSession(chair, now), st, nil, formLinks(&dones))
	hs := uitest.New(t, f, 80, 20)
	if v := ansi.Strip(f.View()); !strings.Contains(v, "Hold a rich-picture session") || !strings.Contains(v, "Carol Hughes") {
		t.Fatalf("a new session's form:\n%s", v)
	}
	hs.Keys("Towpath walk", "tab", "ctrl+u", "next Tuesday", "ctrl+s")
	if v := ansi.Strip(f.View()); !strings.Contains(v, "use today, yesterday, -3") || !strings.Contains(v, "Towpath walk") || len(dones) != 0 {
		t.Fatalf("an unreadable date was not refused, or the text went:\n%s", v)
	}
	hs.Keys("ctrl+u", "-2", "ctrl+s")
	if len(dones) != 1 || !strings.HasPrefix(dones[0].text, "Holding Towpath walk:") {
		t.Fatalf("done = %+v", dones)
	}
	got, err := st.Picture(chair, dones[0].id)
	if err != nil || got.Ward != ward || !got.Date.Equal(model.DateOnly(now).AddDate(0, 0, -2)) ||
		len(got.Facilitators) != 1 || got.Facilitators[0] != chair.Name {
		t.Fatalf("stored %+v, %v", got, err)
	}
}

// Someone else saved the details since the form opened: the form says who
// and keeps our text; ctrl+s then writes ours over theirs knowingly.
func TestTheFormKeepsTextThroughAConflict(t *testing.T) {
	st, s := workshop(t)
	var dones []done
	f := NewForm(uitest.NewSession(chair, now), st, &s, formLinks(&dones))
	hs := uitest.New(t, f, 100, 20)
	theirs := s
	theirs.Place = "Mill Lane Library"
	// The chair again, from another terminal.
	if _, err := st.UpdatePicture(model.Actor{User: chair, Fingerprint: "SHA256:other"}, theirs); err != nil {
		t.Fatal(err)
	}
	hs.Keys("ctrl+u", "Parade walk, March", "ctrl+s")
	v := ansi.Strip(f.View())
	if !strings.Contains(v, "saved these details at") || !strings.Contains(v, "Parade walk, March") || len(dones) != 0 {
		t.Fatalf("the conflict is not shown, or our text went:\n%s", v)
	}
	hs.Keys("ctrl+s")
	if len(dones) != 1 || !strings.HasPrefix(dones[0].text, "Saved Parade walk, March:") || dones[0].id != s.ID {
		t.Fatalf("done = %+v", dones)
	}
	if got, _ := st.Picture(chair, s.ID); got.Title != "Parade walk, March" {
		t.Fatalf("stored title %q", got.Title)
	}
}

// A late answer to a read after a conflict is reported, not lost; one for
// an earlier save is passed over.
func TestTheFormPassesOverLateAnswers(t *testing.T) {
	st, s := workshop(t)
	f := NewForm(uitest.NewSession(chair, now), st, &s, links)
	uitest.New(t, f, 80, 20)
	if f.Update(formSavedMsg{seq: 99, err: model.ErrNotFound}) != nil || f.Banner != "" {
		t.Fatal("an answer to no save changed the form")
	}
	f.Update(formBaseMsg{seq: 99, s: model.PictureSession{ID: s.ID, Version: 9}})
	if f.base.Version != s.Version {
		t.Fatal("a stored session for another save became the base")
	}
	if f.Title() != "Rich picture session" || !f.Capturing() {
		t.Fatal("the form's name or capture")
	}
}
