package ui

import (
	"errors"
	"fmt"
	"testing"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"wardpanel/model"
)

// A binding made by Bind answers each of its keys and shows the first.
func TestBindShowsItsFirstKey(t *testing.T) {
	b := Bind("types/places", "tab", "shift+tab")
	if h := b.Help(); h.Key != "tab" || h.Desc != "types/places" {
		t.Errorf("help %+v", h)
	}
	for _, k := range []tea.KeyPressMsg{{Code: tea.KeyTab}, {Code: tea.KeyTab, Mod: tea.ModShift}} {
		if !key.Matches(k, b) {
			t.Errorf("%v does not match", k)
		}
	}
}

// Landed drops an old answer, reports an error as ui.Err, and loads again
// when something changed while the answer was on its way.
func TestLandedTakesTheLastAnswer(t *testing.T) {
	n := 0
	next := func() int { n++; return n }
	reloads := 0
	reload := func() tea.Cmd {
		reloads++
		return func() tea.Msg { return "again" }
	}
	for _, tt := range []struct {
		name   string
		stale  bool
		answer int // 0: the load's own number
		err    error
		ours   bool
		msgs   string
	}{
		{name: "the answer", ours: true, msgs: "[]"},
		{name: "an old answer", answer: -1, msgs: "[]"},
		{name: "a failure", err: model.ErrNotFound, ours: true, msgs: "[{Op:loading Err:not found}]"},
		{name: "a change meanwhile", stale: true, ours: true, msgs: "[again]"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var l Loader
			seq, _ := l.Start(next)
			if tt.stale {
				l.Start(next)
			}
			if tt.answer != 0 {
				seq += tt.answer
			}
			reloads = 0
			cmd, ours := l.Landed(seq, "loading", tt.err, reload)
			var msgs []tea.Msg
			if cmd != nil {
				switch m := cmd().(type) {
				case tea.BatchMsg:
					for _, c := range m {
						if c != nil {
							msgs = append(msgs, c())
						}
					}
				default:
					msgs = append(msgs, m)
				}
			}
			if got := fmt.Sprintf("%+v", msgs); ours != tt.ours || got != tt.msgs || (reloads == 1) != tt.stale {
				t.Errorf("ours %v, messages %s, reloads %d", ours, got, reloads)
			}
		})
	}
}

func TestDescribeErr(t *testing.T) {
	for _, tt := range []struct {
		err  error
		want string
	}{
		{model.ErrNotFound, "loading: not found (it may have been removed or restricted)"},
		{errors.New("disk full"), "loading failed: disk full"},
	} {
		if got := DescribeErr("loading", tt.err); got != tt.want {
			t.Errorf("%v: %q, want %q", tt.err, got, tt.want)
		}
	}
}
