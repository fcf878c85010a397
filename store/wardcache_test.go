package store

import (
	"sync"
	"testing"

	"wardpanel/model"
)

// The decoded board is shared between readers, read-only (Store.Problems):
// readers who see the same problems get one list, an append by one of them
// does not reach the next, and every read must match its revision.
func TestBoardCacheIsSharedSafely(t *testing.T) {
	e := newEnv(t)
	pat := e.u["Pat Police"]
	p := e.create(t, "Pat Police", model.Problem{Title: "Dealing in Elm Court", Visibility: onlyAgencies("police", "housing")})

	first, err := e.s.Problems(pat, north)
	if err != nil || len(first) != 1 {
		t.Fatalf("Problems = %v, %v", first, err)
	}
	if grown := append(first, model.Problem{Title: "appended by a caller"}); &grown[0] == &first[0] {
		t.Fatal("an append wrote into the shared list")
	}
	again, _ := e.s.Problems(pat, north)
	if &again[0] != &first[0] {
		t.Fatal("two reads of one revision by one viewer got two copies")
	}
	if len(again) != 1 || again[0].Title != p.Title || again[0].Visibility.String() != "agencies:housing,police" {
		t.Fatalf("a caller's append reached the cache: %+v", again)
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

func TestActionCacheIsSharedSafely(t *testing.T) {
	e := newEnv(t)
	pat := e.u["Pat Police"]
	p := e.create(t, "Pat Police", model.Problem{Title: "Dealing in Elm Court", Visibility: onlyAgencies("police", "housing")})
	a := e.raise(t, "Pat Police", model.Action{ProblemID: p.ID, Title: "Change the door locks", Due: day(20)})

	first, err := e.s.Actions(pat, north)
	if err != nil || len(first) != 1 {
		t.Fatalf("Actions = %v, %v", first, err)
	}
	first[0].Visibility.Agencies[0] = "fire"
	if again, _ := e.s.Actions(pat, north); again[0].Visibility.String() != "agencies:housing,police" {
		t.Fatalf("a caller's change reached the cache: %+v", again[0].Visibility)
	}
	if _, err := e.s.SetActionStatus(e.actor("Pat Police"), a.ID, model.ActionDone, nil); err != nil {
		t.Fatal(err)
	}
	if after, _ := e.s.Actions(pat, north); after[0].Status != model.ActionDone {
		t.Fatalf("after a change the list shows %s", after[0].Status)
	}
}
