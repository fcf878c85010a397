package store

import (
	"testing"

	bolt "go.etcd.io/bbolt"

	"wardpanel/model"
)

// rawAll decodes every record of a bucket as the file holds it.
func rawAll[T any](t *testing.T, s *Store, bucket []byte) []T {
	t.Helper()
	var out []T
	err := s.db.View(func(tx *bolt.Tx) error {
		return tx.Bucket(bucket).ForEach(func(_, v []byte) error {
			var r T
			if err := decode(v, &r); err != nil {
				return err
			}
			out = append(out, r)
			return nil
		})
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestMigrateTrustFromSchemaV7(t *testing.T) {
	dir := copyFixture(t, v7Fixture)
	clk := newClock()
	s := openAt(t, dir, clk)
	if v, err := s.SchemaVersion(); err != nil || v != currentSchema {
		t.Fatalf("SchemaVersion() = %d, %v", v, err)
	}
	if r := mustCheck(t, s); !r.OK() {
		t.Fatalf("check after the migration: %v", r.Faults)
	}
	problems := map[model.ID]model.Problem{}
	for _, p := range rawAll[model.Problem](t, s, bucketProblems) {
		problems[p.ID] = p
	}
	actions := rawAll[model.Action](t, s, bucketActions)
	if len(actions) == 0 {
		t.Fatal("the fixture has no actions")
	}
	// Each child knows its problem's visibility, and keeps its own.
	for _, a := range actions {
		if a.ProblemID == 0 {
			continue
		}
		if want := parentVisibility(problems[a.ProblemID].Visibility); a.Parent.String() != want.String() || !a.Visibility.Within(problems[a.ProblemID].Visibility) {
			t.Errorf("action %d: own %s, parent %s; its problem is %s", a.ID, a.Visibility, a.Parent, problems[a.ProblemID].Visibility)
		}
	}
	for _, e := range rawAll[model.Evidence](t, s, bucketEvidence) {
		if want := parentVisibility(problems[e.ProblemID].Visibility); e.Parent.String() != want.String() {
			t.Errorf("evidence %d: parent %s, want %s", e.ID, e.Parent, want)
		}
	}
	// Closed meetings froze what they name; tallies score, in the order they set the priorities.
	closed := 0
	for _, m := range rawAll[model.Meeting](t, s, bucketMeetings) {
		if m.State == model.MeetingClosed {
			closed++
			ps, as := m.Named()
			if m.Frozen == nil || len(m.Frozen.Problems) != len(ps) || len(m.Frozen.Actions) != len(as) {
				t.Errorf("meeting %d froze %+v for %v and %v", m.ID, m.Frozen, ps, as)
			}
		}
		if v := m.Vote; v != nil && !v.Open {
			points := 0
			for _, c := range v.Counts {
				points += c.Points
			}
			var ranked int
			for _, b := range v.Ballots {
				for i := range b.Choices {
					ranked += model.MaxPriorities - i
				}
			}
			if points != ranked || points == 0 {
				t.Errorf("meeting %d's tally scores %d points of %d ranked", m.ID, points, ranked)
			}
		}
	}
	if closed == 0 {
		t.Fatal("the fixture has no closed meeting")
	}
	// The migrated file composes: a problem restricted and widened again
	// gives its actions back what they had.
	chair := model.Actor{Fingerprint: "SHA256:migrated"}
	for _, u := range rawAll[model.User](t, s, bucketUsers) {
		if u.Role == model.RoleChair && u.Agency == "police" || u.Role == model.RoleChair && chair.User.ID == 0 {
			chair.User = u
		}
	}
	for _, p := range problems {
		if p.Visibility.Restricted() {
			continue
		}
		as, err := s.ProblemActions(chair.User, p.ID)
		if err != nil || len(as) == 0 {
			continue
		}
		narrowed := p
		narrowed.Visibility = model.Visibility{Kind: model.VisOfficers}
		got, err := s.UpdateProblem(chair, narrowed)
		if err != nil {
			continue // a priority, or named in closed minutes: refused, rightly
		}
		got.Visibility = model.Panel
		if _, err := s.UpdateProblem(chair, got); err != nil {
			t.Fatal(err)
		}
		after, _ := s.ProblemActions(chair.User, p.ID)
		for i := range as {
			if i >= len(after) || after[i].Visibility.String() != as[i].Visibility.String() {
				t.Errorf("problem %d restricted and widened: its actions went from %v to %v", p.ID, as, after)
			}
		}
		return
	}
	t.Log("no unnamed panel problem with actions to restrict in the fixture")
}
