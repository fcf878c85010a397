package store

import (
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"wardpanel/model"
)

// statusEntries counts the audit trail's status entries per target, read
// straight from the bucket.
func statusEntries(t *testing.T, s *Store) map[string]int {
	t.Helper()
	n := map[string]int{}
	err := s.db.View(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketAudit).ForEach(func(_, v []byte) error {
			var e model.AuditEntry
			if err := decode(v, &e); err != nil {
				return err
			}
			if e.Action == model.AuditActionStatus {
				n[e.Target]++
			}
			return nil
		})
	})
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// Fifty people moving fifty actions at once: every move lands once, with
// one audit entry, whatever group it was committed in.
func TestGroupedWritesLandOnceEachWithTheirAuditEntries(t *testing.T) {
	e := newEnv(t)
	pat := e.actor("Pat Police")
	var actions []model.Action
	for i := range 50 {
		actions = append(actions, e.raise(t, "Pat Police", model.Action{Title: fmt.Sprintf("Action %d", i)}))
	}
	before := auditCount(t, e.s)
	var wg sync.WaitGroup
	errs := make([]error, len(actions))
	for i, a := range actions {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, errs[i] = e.s.SetActionStatus(pat, a.ID, model.ActionInProgress, nil)
		}()
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Errorf("action %d: %v", actions[i].ID, err)
		}
	}
	if got := auditCount(t, e.s) - before; got != len(actions) {
		t.Errorf("%d audit entries for %d moves", got, len(actions))
	}
	entries := statusEntries(t, e.s)
	for _, a := range actions {
		got, err := e.s.Action(pat.User, a.ID)
		if err != nil || got.Status != model.ActionInProgress || got.Version != a.Version+1 {
			t.Errorf("action %d: status %s, version %d (was %d), %v", a.ID, got.Status, got.Version, a.Version, err)
		}
		if n := entries[fmt.Sprintf("action/%d", a.ID)]; n != 1 {
			t.Errorf("action %d: %d status entries", a.ID, n)
		}
	}
}

// A write that fails inside a group gets its own error, and the others in
// the group commit once each: none fails with it, none is written twice.
func TestAFailingWriteInAGroupFailsAloneAndDuplicatesNothing(t *testing.T) {
	e := newEnv(t)
	pat := e.actor("Pat Police")
	var actions []model.Action
	for i := range 6 {
		actions = append(actions, e.raise(t, "Pat Police", model.Action{Title: fmt.Sprintf("Action %d", i)}))
	}
	// A first grouped write holds the lead until every other write has
	// queued behind it, so they are committed as one group.
	release, holding := make(chan struct{}), make(chan struct{})
	go func() {
		_ = e.s.updateGrouped("hold the lead", func(*bolt.Tx) error {
			select {
			case <-holding:
			default:
				close(holding)
			}
			<-release
			return nil
		})
	}()
	<-holding
	before := auditCount(t, e.s)
	want := []model.ActionStatus{model.ActionInProgress, model.ActionOpen, model.ActionInProgress, model.ActionOpen,
		model.ActionInProgress, model.ActionInProgress} // open → open is refused
	var wg sync.WaitGroup
	errs := make([]error, len(actions))
	for i, a := range actions {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, errs[i] = e.s.SetActionStatus(pat, a.ID, want[i], nil)
		}()
	}
	deadline := time.Now().Add(10 * time.Second)
	for queued := 0; queued < len(actions); {
		if time.Now().After(deadline) {
			t.Fatalf("only %d of %d writes queued", queued, len(actions))
		}
		time.Sleep(time.Millisecond)
		e.s.commits.mu.Lock()
		queued = len(e.s.commits.queue)
		e.s.commits.mu.Unlock()
	}
	close(release)
	wg.Wait()
	entries := statusEntries(t, e.s)
	moved := 0
	for i, a := range actions {
		got, err := e.s.Action(pat.User, a.ID)
		if err != nil {
			t.Fatal(err)
		}
		n := entries[fmt.Sprintf("action/%d", a.ID)]
		if want[i] == model.ActionOpen {
			if errs[i] == nil || !errors.Is(errs[i], model.ErrInvalid) && !errors.Is(errs[i], model.ErrConflict) {
				t.Errorf("action %d moved from open to open: %v", a.ID, errs[i])
			}
			if got.Version != a.Version || n != 0 {
				t.Errorf("refused action %d: version %d (was %d), %d status entries", a.ID, got.Version, a.Version, n)
			}
			continue
		}
		moved++
		if errs[i] != nil || got.Status != want[i] || got.Version != a.Version+1 || n != 1 {
			t.Errorf("action %d: %v; status %s, version %d (was %d), %d status entries", a.ID, errs[i], got.Status, got.Version, a.Version, n)
		}
	}
	if got := auditCount(t, e.s) - before; got != moved {
		t.Errorf("%d audit entries for %d moves", got, moved)
	}
}

// A meeting's ballots, cast all at once (and one of them twice): each
// voter's ballot is counted once, with one audit entry, and the second try
// is refused without spoiling the others.
func TestBallotsCastAtOnceAreEachCountedOnce(t *testing.T) {
	e := newEnv(t)
	p1 := e.create(t, "Pat Police", model.Problem{Title: "Fly-tipping on Elm Road"})
	p2 := e.create(t, "Pat Police", model.Problem{Title: "Youth nuisance at the parade"})
	m := e.planMeeting(t, "Sam Secretary", model.Meeting{})
	e.runMeeting(t, "Chris Chair", m.ID, model.StartMeeting{}, model.OpenVote{Candidates: []model.ID{p1.ID, p2.ID}})
	voters := []string{"Pat Police", "Hana Housing", "Chris Chair", "Sam Secretary", "Mo Member", "Cass Police Chair", "Pat Police"}
	before := auditCount(t, e.s)
	var wg sync.WaitGroup
	errs := make([]error, len(voters))
	for i, who := range voters {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, errs[i] = e.s.ChangeMeeting(e.actor(who), m.ID, model.CastVote{Choices: []model.ID{[]model.ID{p1.ID, p2.ID}[i%2]}})
		}()
	}
	wg.Wait()
	failed := 0
	for i, err := range errs {
		if err != nil {
			failed++
			if voters[i] != "Pat Police" || !errors.Is(err, model.ErrForbidden) {
				t.Errorf("%s: %v", voters[i], err)
			}
		}
	}
	got, err := e.s.Meeting(e.u["Chris Chair"], m.ID)
	if err != nil {
		t.Fatal(err)
	}
	if failed != 1 || len(got.Vote.Ballots) != len(voters)-1 {
		t.Errorf("%d refused, %d ballots counted, want 1 and %d", failed, len(got.Vote.Ballots), len(voters)-1)
	}
	if n := auditCount(t, e.s) - before; n != len(voters)-1 {
		t.Errorf("%d audit entries for %d ballots", n, len(voters)-1)
	}
}

// A subscriber can tell when no write is under way: the channel it is
// given is open while a write (grouped or alone) is in flight, and closed
// once the last one has finished, whether it committed or not.
func TestWritesQuietOnceNoWriteIsInFlight(t *testing.T) {
	for _, tc := range []struct {
		name  string
		write func(s *Store, doing string, by model.Actor, fn func(tx *bolt.Tx, now time.Time) (model.AuditEntry, error)) error
	}{
		{"grouped", (*Store).changeGrouped},
		{"alone", (*Store).change},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t)
			sub := e.s.Subscribe()
			defer sub.Close()
			select {
			case <-sub.WritesQuiet():
			default:
				t.Fatal("no write under way, yet writes are not quiet")
			}
			in, release, done := make(chan struct{}), make(chan struct{}), make(chan error, 1)
			go func() {
				done <- tc.write(e.s, "test write", e.actor("Pat Police"), func(*bolt.Tx, time.Time) (model.AuditEntry, error) {
					close(in)
					<-release
					return model.AuditEntry{}, model.ErrUnchanged
				})
			}()
			<-in
			quiet := sub.WritesQuiet()
			select {
			case <-quiet:
				t.Fatal("a write is under way, yet writes are quiet")
			default:
			}
			close(release)
			<-done
			<-quiet // closed by the write's end: a test that hangs here fails by its timeout
			select {
			case <-sub.WritesQuiet():
			default:
				t.Fatal("the write has finished, yet writes are not quiet")
			}
		})
	}
}
