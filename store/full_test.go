package store

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"wardpanel/model"
)

// bulky is a problem as large as the model allows, so a file fills quickly.
func bulky(i int) model.Problem {
	return model.Problem{
		Ward:        north,
		Title:       fmt.Sprintf("Long-running problem %d", i),
		Description: strings.Repeat(fmt.Sprintf("Report %d of many. ", i), model.MaxTextLen/20),
	}
}

// fill writes until the store says it is full, and returns how many it took.
func fill(t *testing.T, s *Store, by model.Actor) int {
	t.Helper()
	for i := range 2000 {
		_, err := s.CreateProblem(by, bulky(i))
		if errors.Is(err, ErrFull) {
			return i
		}
		if err != nil {
			t.Fatalf("write %d: %v", i, err)
		}
	}
	t.Fatal("the file never filled")
	return 0
}

func TestMaxSize(t *testing.T) {
	e := newEnv(t)
	pat := e.actor("Pat Police")
	action := e.raise(t, "Pat Police", model.Action{Title: "Visit Elm Court"})
	if err := e.s.Close(); err != nil {
		t.Fatal(err)
	}
	const limit = 3 << 20
	var refusals atomic.Int32
	s, err := Open(e.dir, Options{Now: e.clock.Now, MaxSize: limit, OnFull: func(cause error) {
		if !strings.Contains(cause.Error(), "would pass the cap of 3145728 bytes") {
			t.Errorf("OnFull got %v", cause)
		}
		refusals.Add(1)
	}})
	if err != nil {
		t.Fatal(err)
	}
	e.s = s
	defer func() { _ = e.s.Close() }()

	n := fill(t, e.s, pat)
	if n < 20 {
		t.Errorf("only %d large problems fitted in %d bytes", n, limit)
	}
	refusals.Store(0)

	// Every kind of write is refused whole, with the sentence for the user,
	// leaving no audit entry, revision or publication behind.
	writes := map[string]func() error{
		"create problem": func() error { _, err := e.s.CreateProblem(pat, bulky(9999)); return err },
		"done with outcome": func() error {
			_, err := e.s.SetActionStatus(pat, action.ID, model.ActionDone, &model.Outcome{Text: "Visited; all quiet"})
			return err
		},
		"add ward": func() error {
			_, err := e.s.AddWard(model.Operator, model.Ward{Code: "E05000003", Name: "Eastfield"})
			return err
		},
	}
	for name, write := range writes {
		err := wroteNothing(t, e, write)
		if !errors.Is(err, ErrFull) || err.Error() != ErrFull.Error() {
			t.Errorf("%s: got %q, want ErrFull's sentence", name, err)
		}
	}
	if got := refusals.Load(); got != int32(len(writes)) {
		t.Errorf("OnFull heard %d refusals, want %d", got, len(writes))
	}

	// Reads carry on, and what was saved is whole.
	ps, err := e.s.Problems(e.u["Pat Police"], north)
	if err != nil || len(ps) != n {
		t.Errorf("Problems: %d, %v; want %d", len(ps), err, n)
	}
	if a, err := e.s.Action(e.u["Pat Police"], action.ID); err != nil || a.Status != model.ActionOpen {
		t.Errorf("the refused status change shows: %+v, %v", a, err)
	}
	if r := mustCheck(t, e.s); !r.OK() {
		t.Errorf("faults after filling: %q", r.Faults)
	}
	if fi, err := os.Stat(filepath.Join(e.dir, FileName)); err != nil || fi.Size() > limit {
		t.Errorf("file size %d, %v; cap %d", fi.Size(), err, limit)
	}

	// Room is made by opening with a larger cap: writes resume.
	if err := e.s.Close(); err != nil {
		t.Fatal(err)
	}
	e.s, err = Open(e.dir, Options{Now: e.clock.Now, MaxSize: 2 * limit})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.s.SetActionStatus(pat, action.ID, model.ActionDone, &model.Outcome{Text: "Visited; all quiet"}); err != nil {
		t.Fatalf("after making room: %v", err)
	}
	for i := range 10 {
		if _, err := e.s.CreateProblem(pat, bulky(n+i)); err != nil {
			t.Fatalf("write %d after making room: %v", i, err)
		}
	}
}
