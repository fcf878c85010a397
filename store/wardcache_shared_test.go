package store

import (
	"bytes"
	"encoding/json"
	"slices"
	"testing"

	"wardpanel/model"
)

// Each class of viewer's shared list (SharedProblems) is exactly what the
// permission check lets that viewer see, the same problems as Problems,
// before and after a change that moves a problem out of a class's sight
// (restricted to the police) and back into it (widened to the panel); and
// the list a reader was given before a change reads the same after it.
func TestSharedProblemsByClass(t *testing.T) {
	e := newEnv(t)
	ids := seedProblems(t, e, 60) // every third police-only
	var viewers []model.User
	for _, p := range personas {
		viewers = append(viewers, e.u[p.name])
	}
	moved := ids[4] // panel to start with
	visibility := func(vis model.Visibility) func() {
		return func() {
			p, err := e.s.Problem(e.u["Pat Police"], moved)
			if err != nil {
				t.Fatal(err)
			}
			p.Visibility = vis
			if _, err := e.s.UpdateProblem(e.actor("Pat Police"), p); err != nil {
				t.Fatal(err)
			}
		}
	}
	steps := []struct {
		name   string
		change func()
		// seen says whether the moved problem is in Hana's (housing) list.
		seen bool
	}{
		{"before", func() {}, true},
		{"restricted to the police", visibility(onlyAgencies("police")), false},
		{"widened to the panel", visibility(model.Panel), true},
	}
	earlier := map[string][]*model.Problem{}
	sums := map[string][]byte{}
	for _, step := range steps {
		step.change()
		for _, v := range viewers {
			got, err := e.s.SharedProblems(v, north)
			if err != nil && v.InWard(north) {
				t.Fatalf("%s, %s: %v", step.name, v.Name, err)
			}
			var want []model.Problem
			if v.InWard(north) {
				want = wholeBoard(t, e, v)
			}
			values, _ := e.s.Problems(v, north)
			if !slices.EqualFunc(got, want, func(p *model.Problem, q model.Problem) bool { return problemsEqual(*p, q) }) ||
				!slices.EqualFunc(got, values, func(p *model.Problem, q model.Problem) bool { return problemsEqual(*p, q) }) {
				t.Errorf("%s: %s's shared list %v, want %v (copies %v)", step.name, v.Name, problemIDs(derefs(got)), problemIDs(want), problemIDs(values))
			}
			if cap(got) != len(got) {
				t.Errorf("%s: %s's list has room to append into", step.name, v.Name)
			}
			if v.Name == "Hana Housing" && slices.ContainsFunc(got, func(p *model.Problem) bool { return p.ID == moved }) != step.seen {
				t.Errorf("%s: Hana sees the moved problem: %t", step.name, !step.seen)
			}
			if old, ok := earlier[v.Name]; ok && !bytes.Equal(marshalled(t, old), sums[v.Name]) {
				t.Errorf("%s: the list %s was given before changed under them", step.name, v.Name)
			}
			earlier[v.Name], sums[v.Name] = got, marshalled(t, got)
		}
	}
}

// marshalled is every field of every problem in ps, in order, as JSON:
// what a list read before a change must still say after it.
func marshalled(t *testing.T, ps []*model.Problem) []byte {
	t.Helper()
	b, err := json.Marshal(ps)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// derefs is ps as values.
func derefs(ps []*model.Problem) []model.Problem {
	out := make([]model.Problem, len(ps))
	for i, p := range ps {
		out[i] = *p
	}
	return out
}

// The shared lists after a change are the last ones' records with the
// changed ones in their places: one record decoded, and no class's list
// asks the permission check of more than the changed records.
func TestSharedListAfterAChangeSharesTheRecords(t *testing.T) {
	e := newEnv(t)
	ids := seedProblems(t, e, 300)
	hana := e.u["Hana Housing"]
	before, err := e.s.SharedProblems(hana, north)
	if err != nil {
		t.Fatal(err)
	}
	p, err := e.s.Problem(hana, ids[151])
	if err != nil {
		t.Fatal(err)
	}
	p.Title = "Retitled"
	if _, err := e.s.UpdateProblem(e.actor("Hana Housing"), p); err != nil {
		t.Fatal(err)
	}
	after, err := e.s.SharedProblems(hana, north)
	if err != nil {
		t.Fatal(err)
	}
	if len(after) != len(before) {
		t.Fatalf("%d problems after, %d before", len(after), len(before))
	}
	for i := range after {
		same := after[i] == before[i]
		if changed := after[i].ID == p.ID; same == changed {
			t.Errorf("problem %d: the same record as before %t, changed %t", after[i].ID, same, changed)
		}
	}
	if i := slices.IndexFunc(after, func(q *model.Problem) bool { return q.ID == p.ID }); after[i].Title != "Retitled" {
		t.Errorf("the changed problem reads %q", after[i].Title)
	}
	if !slices.Equal(problemIDs(derefs(after)), problemIDs(derefs(before))) {
		t.Error("the order changed")
	}
}
