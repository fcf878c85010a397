package audit

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"

	"wardpanel/model"
	"wardpanel/store"
	"wardpanel/tui/ui"
	"wardpanel/tui/ui/uitest"
)

// trail is a Store that answers the who filter as the real one does and
// counts its reads; which entries a reader may see is the real store's
// business, tested through the whole app (tui/audit_test.go).
type trail struct {
	entries []model.AuditEntry
	asked   []store.AuditQuery
}

func (t *trail) AuditFind(_ model.User, q store.AuditQuery) ([]model.AuditEntry, error) {
	t.asked = append(t.asked, q)
	var out []model.AuditEntry
	for _, e := range t.entries {
		if matchWho(e, q.Who) {
			out = append(out, e)
		}
	}
	return out, nil
}

var (
	now     = time.Date(2025, 3, 4, 12, 0, 0, 0, time.UTC)
	officer = model.User{ID: 2, Name: "Asha Patel", Agency: "police", Role: model.RoleOfficer, Wards: []string{"E05000001"}}
)

// newTrail is n entries, newest first, by Carol and Asha in turn.
func newTrail(n int) *trail {
	t := &trail{}
	for i := range n {
		who := []string{"Carol Chair", "Asha Patel"}[i%2]
		t.entries = append(t.entries, model.AuditEntry{Seq: uint64(n - i), At: now.Add(-time.Duration(i) * time.Hour),
			Actor:  model.Actor{User: model.User{Name: who}, Fingerprint: fmt.Sprintf("SHA256:key%d", i%2)},
			Action: model.AuditProblemCreate, Target: fmt.Sprintf("problem/%d", n-i), Summary: fmt.Sprintf("title \"Entry %d\"", n-i),
			Ward: "E05000001"})
	}
	return t
}

func open(t *testing.T, st Store, w, h int) (*uitest.Harness, *Screen) {
	s := New(uitest.NewSession(officer, now), st)
	return uitest.New(t, s, w, h), s
}

func TestTypingANameNarrowsWhatIsLoadedAndEnterReadsWithIt(t *testing.T) {
	st := newTrail(10)
	hs, s := open(t, st, 100, 20)
	if len(s.entries) != 10 || len(st.asked) != 1 {
		t.Fatalf("opening: %d entries, %d reads", len(s.entries), len(st.asked))
	}
	hs.Keys("/", "carol")
	if !s.Capturing() || len(s.entries) != 5 || len(st.asked) != 1 {
		t.Fatalf("typing carol: capturing %t, %d entries, %d reads", s.Capturing(), len(s.entries), len(st.asked))
	}
	hs.Keys("enter")
	if s.Capturing() || len(st.asked) != 2 || st.asked[1].Who != "carol" {
		t.Fatalf("enter: capturing %t, reads %+v", s.Capturing(), st.asked)
	}
	if v := ansi.Strip(s.View()); !strings.Contains(v, "who carol") || strings.Contains(v, "Asha") {
		t.Errorf("the screen after who carol:\n%s", v)
	}
	hs.Keys("/", "esc")
	if len(s.entries) != 10 {
		t.Errorf("esc in the who field left %d entries of 10", len(s.entries))
	}
	hs.Keys("esc")
	if len(hs.Out) != 1 || hs.Out[0] != (ui.Back{}) {
		t.Errorf("esc on the list sent %v, want ui.Back", hs.Out)
	}
}

func TestListKeysMoveTheCursorAndTheWindow(t *testing.T) {
	hs, s := open(t, newTrail(40), 100, 12) // 10 rows under the bar and header
	for _, c := range []struct {
		key          string
		cursor, from int
	}{
		{"down", 1, 0}, {"pgdown", 10, 1}, {"end", 39, 30}, {"up", 38, 30}, {"pgup", 29, 29}, {"home", 0, 0},
	} {
		hs.Keys(c.key)
		if s.Cursor != c.cursor || s.Offset != c.from {
			t.Errorf("%s: cursor %d from %d, want %d from %d", c.key, s.Cursor, s.Offset, c.cursor, c.from)
		}
	}
}

func TestAnEntryInFullScrollsAndEscReturnsToTheList(t *testing.T) {
	hs, s := open(t, newTrail(3), 30, 6)
	hs.Keys("enter")
	if v := ansi.Strip(s.View()); !s.full || !strings.HasPrefix(v, "Audit entry") {
		t.Fatalf("enter:\n%s", v)
	}
	hs.Keys("end")
	if s.fullScroll == 0 || s.fullScroll != s.maxFullScroll(s.entries[0]) {
		t.Errorf("end scrolled to %d of %d", s.fullScroll, s.maxFullScroll(s.entries[0]))
	}
	hs.Keys("home")
	if s.fullScroll != 0 {
		t.Errorf("home scrolled to %d", s.fullScroll)
	}
	hs.Keys("esc")
	if s.full || len(hs.Out) != 0 {
		t.Errorf("esc from the entry: full %t, sent %v", s.full, hs.Out)
	}
}
