package store

import (
	"bytes"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	bolt "go.etcd.io/bbolt"

	"wardpanel/model"
)

// tasked is a store with something of every kind: two problems (1 in
// north, 2 in north), actions 1 and 2 on problem 1, action 3 on none,
// outcomes 1 and 2 on action 1, evidence 1 on problem 2.
func tasked(t *testing.T) *env {
	t.Helper()
	e := newEnv(t)
	p1 := e.create(t, "Pat Police", model.Problem{Title: "Dealing in Elm Court"})
	p2 := e.create(t, "Pat Police", model.Problem{Title: "Fly-tipping on Mill Lane"})
	a1 := e.raise(t, "Pat Police", model.Action{ProblemID: p1.ID})
	e.raise(t, "Pat Police", model.Action{ProblemID: p1.ID, Title: "Letters to the flats"})
	e.raise(t, "Pat Police", model.Action{Title: "Walk the estate"})
	if _, err := e.s.AddOutcome(e.actor("Pat Police"), a1.ID, model.Outcome{Text: "Visited twice"}); err != nil {
		t.Fatal(err)
	}
	if _, err := e.s.SetActionStatus(e.actor("Pat Police"), a1.ID, model.ActionDone, &model.Outcome{Text: "No more reports"}); err != nil {
		t.Fatal(err)
	}
	e.logEvidence(t, "Pat Police", model.Evidence{ProblemID: p2.ID})
	return e
}

func mustCheck(t *testing.T, s *Store) Report {
	t.Helper()
	r, err := s.Check()
	if err != nil {
		t.Fatalf("Check: %v", err)
	}
	return r
}

func TestCheckCleanFile(t *testing.T) {
	e := tasked(t)
	r := mustCheck(t, e.s)
	if !r.OK() {
		t.Fatalf("a clean file has faults:\n%s", strings.Join(r.Faults, "\n"))
	}
	n := auditCount(t, e.s)
	want := fmt.Sprintf("ok: 2 wards, 4 agencies, 9 users, 2 problems, 3 actions, 2 outcomes, 1 evidence entry, 0 meetings, "+
		"audit entries 1–%d (revision %d, schema %d)", n, n, currentSchema)
	if got := r.Summary(); got != want {
		t.Errorf("Summary\n got  %s\n want %s", got, want)
	}

	// A brand-new file is clean too.
	empty, err := Open(t.TempDir(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer empty.Close()
	if r := mustCheck(t, empty); !r.OK() || !strings.HasSuffix(r.Summary(), fmt.Sprintf("no audit entries (revision 0, schema %d)", currentSchema)) {
		t.Errorf("empty file: %s %v", r.Summary(), r.Faults)
	}

	// And one with a meeting that raised an action and set priorities.
	e = tasksAndMeeting(t)
	r = mustCheck(t, e.s)
	if !r.OK() {
		t.Fatalf("a clean file with a meeting has faults:\n%s", strings.Join(r.Faults, "\n"))
	}
	if got := r.Summary(); !strings.Contains(got, " 4 actions, 2 outcomes, 1 evidence entry, 1 meeting, audit entries 1–30 ") {
		t.Errorf("Summary %s", got)
	}
}

// tasksAndMeeting is tasked plus problem 3 in south, and meeting 1 of
// north, chaired by Chris: it raised action 4 under item 7 and voted
// problems 2 and 1 as north's priorities. The trail then holds 30 entries.
func tasksAndMeeting(t *testing.T) *env {
	t.Helper()
	e := tasked(t)
	e.create(t, "Sol South", model.Problem{Ward: south, Title: "Southern fly-tipping"})
	chris := e.actor("Chris Chair")
	m, err := e.s.CreateMeeting(chris, model.Meeting{Ward: north, Title: "Northgate ward panel", When: day(12)})
	if err != nil {
		t.Fatal(err)
	}
	for _, ch := range []model.MeetingChange{model.StartMeeting{}, model.OpenVote{Candidates: []model.ID{1, 2}}} {
		if _, err := e.s.ChangeMeeting(chris, m.ID, ch); err != nil {
			t.Fatalf("%T: %v", ch, err)
		}
	}
	a, err := e.s.RaiseMeetingAction(chris, m.ID, 7, model.Action{Title: "Leaflet the flats", OwnerAgency: "residents", Due: day(20)})
	if err != nil || a.ID != 4 || a.MeetingID != m.ID {
		t.Fatalf("RaiseMeetingAction: %+v, %v", a, err)
	}
	for _, ch := range []model.MeetingChange{model.CastVote{Choices: []model.ID{2, 1}}, model.CloseVote{}} {
		if _, err := e.s.ChangeMeeting(chris, m.ID, ch); err != nil {
			t.Fatalf("%T: %v", ch, err)
		}
	}
	if p, err := e.s.Priorities(chris.User, north); err != nil || p.MeetingID != m.ID || !slices.Equal(p.Problems, []model.ID{2, 1}) {
		t.Fatalf("Priorities: %+v, %v", p, err)
	}
	return e
}

// corrupt closes the store, changes the file with raw bbolt, as damage or
// a bug would leave it, and opens it again.
func corrupt(t *testing.T, e *env, damage func(tx *bolt.Tx) error) {
	t.Helper()
	if err := e.s.Close(); err != nil {
		t.Fatal(err)
	}
	damageFile(t, filepath.Join(e.dir, FileName), damage)
	e.s = openAt(t, e.dir, e.clock)
}

// damageFile changes a closed data file with raw bbolt.
func damageFile(t *testing.T, path string, damage func(tx *bolt.Tx) error) {
	t.Helper()
	db, err := bolt.Open(path, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Update(damage); err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
}

func putRaw(tx *bolt.Tx, bucket, key []byte, v any) error {
	data, err := encode(v)
	if err != nil {
		return err
	}
	return tx.Bucket(bucket).Put(key, data)
}

func TestCheckFindsDamage(t *testing.T) {
	tests := []damageCase{{
		name: "dangling index entry",
		damage: func(tx *bolt.Tx) error {
			return tx.Bucket(bucketProblemsByWard).Put(wardIndexKey(north, 999), []byte{})
		},
		want: []string{"problems_by_ward: lists problem 999 under ward E05000001, but there is no problem 999"},
	}, {
		name: "record missing from its index",
		damage: func(tx *bolt.Tx) error {
			return tx.Bucket(bucketActionsByWard).Delete(wardIndexKey(north, 3))
		},
		want: []string{"action 3: actions_by_ward does not list it under ward E05000001"},
	}, {
		name: "action whose problem is missing",
		damage: func(tx *bolt.Tx) error {
			if err := tx.Bucket(bucketProblems).Delete(u64(1)); err != nil {
				return err
			}
			return tx.Bucket(bucketProblemsByWard).Delete(wardIndexKey(north, 1))
		},
		want: []string{"action 1: its problem 1 does not exist", "action 2: its problem 1 does not exist",
			"plan of problem 1: its problem 1 does not exist"},
	}, {
		name: "action in another ward than its problem",
		damage: func(tx *bolt.Tx) error {
			var a model.Action
			if _, err := get(tx.Bucket(bucketActions), u64(2), &a); err != nil {
				return err
			}
			a.Ward = south
			if err := tx.Bucket(bucketActionsByWard).Delete(wardIndexKey(north, 2)); err != nil {
				return err
			}
			return putAction(tx, a)
		},
		want: []string{"action 2: it is in ward E05000002 but its problem 1 is in ward E05000001"},
	}, {
		name: "outcome whose action is missing",
		damage: func(tx *bolt.Tx) error {
			return putRaw(tx, bucketOutcomes, pairKey(99, 2), model.Outcome{ID: 2, ActionID: 99, Text: "stray"})
		},
		want: []string{"outcome 2: its action 99 does not exist"},
	}, {
		name: "evidence whose problem is missing",
		damage: func(tx *bolt.Tx) error {
			return putRaw(tx, bucketEvidence, pairKey(42, 1), model.Evidence{ID: 1, ProblemID: 42, Ward: north, Text: "stray"})
		},
		want: []string{"evidence 1: its problem 42 does not exist"},
	}, {
		name:   "audit gap",
		damage: func(tx *bolt.Tx) error { return tx.Bucket(bucketAudit).Delete(u64(5)) },
		want:   []string{"audit: entry 5 is missing (the trail goes from 4 to 6)"},
	}, {
		name: "audit cut short",
		damage: func(tx *bolt.Tx) error {
			b := tx.Bucket(bucketAudit)
			last := b.Sequence()
			if err := b.Delete(u64(last)); err != nil {
				return err
			}
			return b.Delete(u64(last - 1))
		},
		want: []string{"audit: entries 22–23 are missing (the trail was numbered up to 23)"},
	}, {
		name:   "revision behind the trail",
		damage: func(tx *bolt.Tx) error { return tx.Bucket(bucketMeta).Put(metaRevision, u64(3)) },
		want:   []string{"meta: the revision is 3 but the audit trail holds 23 entries"},
	}, {
		name:   "undecodable record",
		damage: func(tx *bolt.Tx) error { return tx.Bucket(bucketUsers).Put(u64(2), []byte{formatJSON, '{'}) },
		want:   []string{"user 2: the record does not decode: unexpected end of JSON input"},
	}, {
		// Problems, meetings and rich-picture sessions share one walk
		// (eachPlaced): a problem missing from its index, or one that does
		// not decode, whose children are then checked against its
		// existence alone.
		name:   "problem missing from its index",
		damage: func(tx *bolt.Tx) error { return tx.Bucket(bucketProblemsByWard).Delete(wardIndexKey(north, 2)) },
		want:   []string{"problem 2: problems_by_ward does not list it under ward E05000001"},
	}, {
		name:   "undecodable problem",
		damage: func(tx *bolt.Tx) error { return tx.Bucket(bucketProblems).Put(u64(2), []byte{formatJSON, '{'}) },
		want:   []string{"problem 2: the record does not decode: unexpected end of JSON input"},
	}, {
		// Wards and agencies share one check (checkCodes): each case
		// below is one of its faults, for each of the two buckets.
		name: "ward filed under another code",
		damage: func(tx *bolt.Tx) error {
			return editRaw(tx, bucketWards, []byte(south), func(w *model.Ward) { w.Code = "E05000009" })
		},
		want: []string{"ward E05000002: the record says its code is E05000009"},
	}, {
		name: "agency filed under another code",
		damage: func(tx *bolt.Tx) error {
			return editRaw(tx, bucketAgencies, []byte("council"), func(a *model.Agency) { a.Code = "councl" })
		},
		want: []string{"agency council: the record says its code is councl"},
	}, {
		name: "undecodable agency",
		damage: func(tx *bolt.Tx) error {
			return tx.Bucket(bucketAgencies).Put([]byte("council"), []byte{formatJSON, '{'})
		},
		// An agency that does not decode is not known to the later checks.
		want: []string{"agency council: the record does not decode: unexpected end of JSON input",
			"user 3: agency council does not exist", "user 5: agency council does not exist"},
	}, {
		name:   "record in an unknown encoding",
		damage: func(tx *bolt.Tx) error { return tx.Bucket(bucketActions).Put(u64(3), []byte{9, '{', '}'}) },
		want:   []string{"action 3: the record does not decode: in encoding format 9, which this version of wardpanel does not know"},
	}, {
		name: "key index pointing at the wrong user",
		damage: func(tx *bolt.Tx) error {
			return tx.Bucket(bucketUserKeys).Put([]byte(testKey(1, "").Fingerprint), u64(2))
		},
		want: []string{
			"user 1: user_keys does not list key " + testKey(1, "").Fingerprint,
			"user_keys: key " + testKey(1, "").Fingerprint + " names user 2, who does not have it",
		},
	}, {
		name:   "ID counter behind the records",
		damage: func(tx *bolt.Tx) error { return tx.Bucket(bucketProblems).SetSequence(1) },
		want:   []string{"problems: the ID counter is at 1 but problem 2 exists"},
	}, {
		name: "foreign bucket",
		damage: func(tx *bolt.Tx) error {
			_, err := tx.CreateBucket([]byte("scratch"))
			return err
		},
		want: []string{`bucket "scratch" is not one of wardpanel's`},
	}}
	runDamage(t, tasked, 23, tests)
}

type damageCase struct {
	name   string
	damage func(tx *bolt.Tx) error
	want   []string // every fault, each as a prefix of its line
}

// runDamage damages a fresh fixture for each case and wants exactly the
// faults listed. audit is the trail's length the expectations assume.
func runDamage(t *testing.T, fixture func(*testing.T) *env, audit int, tests []damageCase) {
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			e := fixture(t)
			if n := auditCount(t, e.s); n != audit {
				t.Fatalf("the fixture has %d audit entries; the expectations assume %d", n, audit)
			}
			corrupt(t, e, tt.damage)
			r := mustCheck(t, e.s)
			if r.OK() {
				t.Fatalf("no fault found; summary %s", r.Summary())
			}
			if len(r.Faults) != len(tt.want) {
				t.Errorf("faults:\n  %s\nwant %d:\n  %s", strings.Join(r.Faults, "\n  "), len(tt.want), strings.Join(tt.want, "\n  "))
			}
			for _, w := range tt.want {
				if !slices.ContainsFunc(r.Faults, func(f string) bool { return strings.HasPrefix(f, w) }) {
					t.Errorf("no fault starting %q in:\n  %s", w, strings.Join(r.Faults, "\n  "))
				}
			}
			if got := r.Summary(); !strings.HasPrefix(got, model.Counted(len(tt.want), "fault", "faults")+" found in ") {
				t.Errorf("Summary = %q", got)
			}
		})
	}
}

// editRaw rewrites one stored record of type T in place, as a bug might.
func editRaw[T any](tx *bolt.Tx, bucket, key []byte, change func(*T)) error {
	var v T
	found, err := get(tx.Bucket(bucket), key, &v)
	if err != nil {
		return err
	}
	if !found {
		return fmt.Errorf("%s %x: not there to damage", bucket, key)
	}
	change(&v)
	return putRaw(tx, bucket, key, v)
}

func TestCheckFindsMeetingDamage(t *testing.T) {
	otherMeeting := func(tx *bolt.Tx) error { // meeting 2, of south
		if err := putMeeting(tx, model.Meeting{ID: 2, Ward: south, Title: "Southmere ward panel", When: day(14), State: model.MeetingPlanned}); err != nil {
			return err
		}
		return tx.Bucket(bucketMeetings).SetSequence(2)
	}
	tests := []damageCase{{
		name:   "undecodable meeting",
		damage: func(tx *bolt.Tx) error { return tx.Bucket(bucketMeetings).Put(u64(1), []byte{formatJSON, '{'}) },
		want:   []string{"meeting 1: the record does not decode: unexpected end of JSON input"},
	}, {
		name:   "meeting missing from its index",
		damage: func(tx *bolt.Tx) error { return tx.Bucket(bucketMeetingsByWard).Delete(wardIndexKey(north, 1)) },
		want:   []string{"meeting 1: meetings_by_ward does not list it under ward E05000001"},
	}, {
		name:   "dangling meeting index entry",
		damage: func(tx *bolt.Tx) error { return tx.Bucket(bucketMeetingsByWard).Put(wardIndexKey(north, 9), []byte{}) },
		want:   []string{"meetings_by_ward: lists meeting 9 under ward E05000001, but there is no meeting 9"},
	}, {
		name:   "meeting indexed under another ward",
		damage: func(tx *bolt.Tx) error { return tx.Bucket(bucketMeetingsByWard).Put(wardIndexKey(south, 1), []byte{}) },
		want:   []string{"meetings_by_ward: lists meeting 1 under ward E05000002, but it is in ward E05000001"},
	}, {
		name:   "malformed meeting index key",
		damage: func(tx *bolt.Tx) error { return tx.Bucket(bucketMeetingsByWard).Put([]byte("E05000001"), []byte{}) },
		want:   []string{"meetings_by_ward: key 453035303030303031 is not a ward code and a meeting ID"},
	}, {
		name:   "meeting ID counter behind",
		damage: func(tx *bolt.Tx) error { return tx.Bucket(bucketMeetings).SetSequence(0) },
		want:   []string{"meetings: the ID counter is at 0 but meeting 1 exists"},
	}, {
		name: "action whose meeting is missing",
		damage: func(tx *bolt.Tx) error {
			return editRaw(tx, bucketActions, u64(3), func(a *model.Action) { a.MeetingID = 7 })
		},
		want: []string{"action 3: its meeting 7 does not exist"},
	}, {
		name: "action in another ward than its meeting",
		damage: func(tx *bolt.Tx) error {
			if err := otherMeeting(tx); err != nil {
				return err
			}
			return editRaw(tx, bucketActions, u64(3), func(a *model.Action) { a.MeetingID = 2 })
		},
		want: []string{"action 3: it is in ward E05000001 but its meeting 2 is in ward E05000002"},
	}, {
		name: "meeting pointing at missing records",
		damage: func(tx *bolt.Tx) error {
			return editRaw(tx, bucketMeetings, u64(1), func(m *model.Meeting) {
				m.PreviousID = 8
				m.Items[3].Problems = []model.ID{2, 99}
				m.Items[6].Notes[0].ActionID = 77
				m.Vote.Candidates = append(m.Vote.Candidates, 3)
			})
		},
		want: []string{
			"meeting 1: item 4's problem 99 does not exist",
			"meeting 1: item 7's note of action 77 does not exist",
			"meeting 1: it is in ward E05000001 but its vote's candidate problem 3 is in ward E05000002",
			"meeting 1: its previous meeting 8 does not exist",
		},
	}, {
		name: "undecodable priorities",
		damage: func(tx *bolt.Tx) error {
			return tx.Bucket(bucketPriorities).Put([]byte(north), []byte{formatJSON, '['})
		},
		want: []string{"priorities of ward E05000001: the record does not decode: unexpected end of JSON input"},
	}, {
		name: "priorities naming missing or foreign problems",
		damage: func(tx *bolt.Tx) error {
			return editRaw(tx, bucketPriorities, []byte(north), func(p *model.WardPriorities) { p.Problems = []model.ID{2, 42, 3} })
		},
		want: []string{
			"priorities of ward E05000001: problem 42 does not exist",
			"priorities of ward E05000001: problem 3 is in ward E05000002",
		},
	}, {
		name: "priorities whose meeting is missing",
		damage: func(tx *bolt.Tx) error {
			return editRaw(tx, bucketPriorities, []byte(north), func(p *model.WardPriorities) { p.MeetingID = 5 })
		},
		want: []string{"priorities of ward E05000001: the meeting that set them, 5, does not exist"},
	}, {
		name: "priorities set by another ward's meeting",
		damage: func(tx *bolt.Tx) error {
			if err := otherMeeting(tx); err != nil {
				return err
			}
			return editRaw(tx, bucketPriorities, []byte(north), func(p *model.WardPriorities) { p.MeetingID = 2 })
		},
		want: []string{"priorities of ward E05000001: the meeting that set them, 2, is in ward E05000002"},
	}, {
		name: "priorities of no ward",
		damage: func(tx *bolt.Tx) error {
			return putRaw(tx, bucketPriorities, []byte("E05000009"), model.WardPriorities{Ward: north, Problems: []model.ID{1}, MeetingID: 1})
		},
		want: []string{
			"priorities of ward E05000009: the record says they are ward E05000001's",
			"priorities of ward E05000009: there is no such ward",
			"priorities of ward E05000009: problem 1 is in ward E05000001",
			"priorities of ward E05000009: the meeting that set them, 1, is in ward E05000001",
		},
	}}
	runDamage(t, tasksAndMeeting, 30, tests)
}

// CheckFile reads without migrating, so it is the one to see a file's
// schema as it is.
func TestCheckFileSeesAnOldSchema(t *testing.T) {
	e := tasked(t)
	if err := e.s.Close(); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(e.dir, FileName)
	damageFile(t, path, func(tx *bolt.Tx) error { return putSchema(tx, 2) })
	r, err := CheckFile(path)
	if err != nil {
		t.Fatal(err)
	}
	want := fmt.Sprintf("meta: the file is at schema 2; this version of wardpanel reads and writes schema %d", currentSchema)
	if len(r.Faults) != 1 || r.Faults[0] != want {
		t.Errorf("faults %q", r.Faults)
	}
}

// The check holds the writer lock, so bbolt's freelist is still while it
// reads: under the race detector, with writers busy, it finds nothing.
func TestCheckWhileWriting(t *testing.T) {
	e := tasked(t)
	_, stop := e.busyWriters(t, 3, "Busy writer")
	for range 20 {
		if r := mustCheck(t, e.s); !r.OK() {
			t.Errorf("faults while writing: %q", r.Faults)
			break
		}
	}
	stop()
}

// busyWriters starts n writers creating problems of north, titled what
// and a number, until stop is called; written counts those committed.
func (e *env) busyWriters(t *testing.T, n int, what string) (written *atomic.Int64, stop func()) {
	t.Helper()
	written = new(atomic.Int64)
	done := make(chan struct{})
	var wg sync.WaitGroup
	for w := range n {
		wg.Go(func() {
			for i := 0; ; i++ {
				select {
				case <-done:
					return
				default:
				}
				p := model.Problem{Ward: north, Title: fmt.Sprintf("%s %d-%d", what, w, i)}
				if _, err := e.s.CreateProblem(e.actor("Pat Police"), p); err != nil {
					t.Error(err)
					return
				}
				written.Add(1)
			}
		})
	}
	return written, func() { close(done); wg.Wait() }
}

// Damage below the records (a page overwritten) makes bbolt panic when it
// reads the page; the check says so instead of taking the process down.
func TestCheckFileSurvivesPageDamage(t *testing.T) {
	e, root := damagedProblems(t, func(int) []byte { return bytes.Repeat([]byte{0xa5}, 64) })
	path := filepath.Join(e.dir, FileName)
	r, err := CheckFile(path)
	if err != nil {
		t.Fatal(err)
	}
	// The walk names the page and what was lost with it; reading the
	// records meets the page and says so.
	want := fmt.Sprintf("the tree at page %d: page %d holds page ", root, root)
	if len(r.Faults) != 3 || !strings.HasPrefix(r.Faults[0], want) ||
		!strings.Contains(r.Faults[1], " pages are neither in the tree nor free: ") ||
		!strings.HasPrefix(r.Faults[2], "the file is damaged below the records (bbolt: ") {
		t.Errorf("faults %q", r.Faults)
	}
}
