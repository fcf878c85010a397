package updates

import (
	"errors"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"wardpanel/model"
	"wardpanel/tui/ui/uitest"
)

var (
	now     = time.Date(2025, 3, 4, 12, 0, 0, 0, time.UTC)
	officer = model.User{Name: "Asha Patel", Agency: "police", Role: model.RoleOfficer, Wards: []string{"E05000001"}}
	meeting = model.Meeting{ID: 3, Ward: "E05000001", Title: "Northfield Ward Panel — Spring"}
)

// posts is a store that keeps what was posted, or refuses with err.
type posts struct {
	got []string
	by  []model.Actor
	err error
}

func (p *posts) PostUpdate(by model.Actor, kind model.RecordKind, id model.ID, text string) (model.Update, model.Meeting, error) {
	if p.err != nil {
		return model.Update{}, model.Meeting{}, p.err
	}
	p.got = append(p.got, model.RecordRef(kind, id)+": "+text)
	p.by = append(p.by, by)
	return model.Update{Text: text}, meeting, nil
}

type closed struct{ text string }

func open(t *testing.T, st *posts) (*Form, *uitest.Harness) {
	t.Helper()
	target := Target{Kind: model.RecordAction, ID: 5, Title: "Patrol the \x1b[31mstairwell"}
	f := NewForm(uitest.NewSession(officer, now), st, target, meeting, func(text string) tea.Msg { return closed{text} })
	return f, uitest.New(t, f, 80, 12)
}

func TestTheFormPostsAnUpdateForTheNextMeeting(t *testing.T) {
	st := &posts{}
	f, hs := open(t, st)
	v := ansi.Strip(f.View())
	for _, want := range []string{"Update on A5 for Northfield Ward Panel — Spring", "Patrol the", "stairwell"} {
		if !strings.Contains(v, want) {
			t.Fatalf("heading lacks %q:\n%s", want, v)
		}
	}
	if strings.Contains(f.View(), "\x1b[31m") {
		t.Fatal("the record's title reached the terminal raw")
	}
	hs.Keys("Two patrols a week since January")
	save, _ := uitest.NamedKey("ctrl+s")
	cmd := f.Update(save)
	if !strings.Contains(ansi.Strip(f.View()), "Posting… Update on A5") {
		t.Fatalf("no word that the post is on its way:\n%s", ansi.Strip(f.View()))
	}
	if f.Update(save) != nil {
		t.Fatal("a second ctrl+s posted again")
	}
	var out []tea.Msg
	uitest.Settle(t, cmd, func(msg tea.Msg) tea.Cmd {
		out = append(out, msg)
		return f.Update(msg)
	})
	if len(st.got) != 1 || st.got[0] != "A5: Two patrols a week since January" || st.by[0].User.Name != officer.Name {
		t.Fatalf("posted %q by %v", st.got, st.by)
	}
	if len(out) != 2 || out[1] != (closed{"Posted your update on A5 for Northfield Ward Panel — Spring"}) {
		t.Fatalf("told the router %v", out)
	}
}

func TestARefusedUpdateKeepsTheText(t *testing.T) {
	tests := []struct {
		name string
		err  error
		want string
	}{
		{"empty", &model.ValidationError{Field: "text", Message: "write what has happened"}, "write what has happened"},
		{"no meeting", errors.New("no meeting to post to"), "no meeting to post to"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st := &posts{err: tt.err}
			f, hs := open(t, st)
			hs.Keys("Still working on it", "ctrl+s")
			v := ansi.Strip(f.View())
			if !strings.Contains(v, tt.want) || !strings.Contains(v, "Still working on it") || f.Saving {
				t.Fatalf("after a refusal:\n%s", v)
			}
			if f.Title() != "Update" || !f.Capturing() {
				t.Fatal("the form's name or capture")
			}
		})
	}
}
