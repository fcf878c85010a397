package store

import (
	"sync"
	"testing"

	"wardpanel/model"
)

// The decoded board is shared between readers: what one caller does to its
// copy must not reach the next, and every read must match its revision.
func TestBoardCacheIsSharedSafely(t *testing.T) {
	e := newEnv(t)
	pat := e.u["Pat Police"]
	p := e.create(t, "Pat Police", model.Problem{Title: "Dealing in Elm Court", Visibility: onlyAgencies("police", "housing")})

	first, err := e.s.Problems(pat, north)
	if err != nil || len(first) != 1 {
		t.Fatalf("Problems = %v, %v", first, err)
	}
	first[0].Title = "scribbled on by a caller"
	first[0].Visibility.Agencies[0] = "fire"

	again, _ := e.s.Problems(pat, north)
	if again[0].Title != p.Title || again[0].Visibility.String() != "agencies:housing,police" {
		t.Fatalf("a caller's change reached the cache: %+v", again[0])
	}

	p.Title = "Dealing in Elm Court, east stair"
	if _, err := e.s.UpdateProblem(e.actor("Pat Police"), p); err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			ps, err := e.s.Problems(pat, north)
			if err != nil || len(ps) != 1 || ps[0].Title != p.Title {
				t.Errorf("after the update a reader got %v, %v", ps, err)
			}
		}()
	}
	wg.Wait()
}
