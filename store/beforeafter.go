package store

import (
	"slices"

	bolt "go.etcd.io/bbolt"

	"wardpanel/model"
)

// BeforeAfter is the assessment's figures for problem id (model.BeforeAfter):
// the imported crimes of its plan's type at its plan's place (a snap point
// by its published name, or an LSOA of the ward), by month. ok is false
// when the plan has no place and type, no response has begun, or the
// imports cover no month on one side of it.
func (s *Store) BeforeAfter(viewer model.User, id model.ID) (out model.BeforeAfter, ok bool, err error) {
	err = s.view("count before and after", func(tx *bolt.Tx) error {
		p, err := visibleProblem(tx, viewer, id)
		if err != nil {
			return err
		}
		if err := model.CheckSeeCrimes(viewer, p.Ward); err != nil {
			return err
		}
		stored, err := readPlan(tx, p)
		if err != nil {
			return err
		}
		// The first response the viewer may see: figures must not date a
		// response they cannot read.
		plan, err := model.VisiblePlan(viewer, p, stored)
		if err != nil {
			return err
		}
		began := plan.FirstResponse()
		if !plan.Focus.Set() || began.IsZero() {
			return nil
		}
		counts, err := s.wardCrimeCounts(tx, p.Ward)
		if err != nil || !counts.Covered {
			return err
		}
		monthly, err := focusCounts(tx, p.Ward, plan.Focus)
		if err != nil {
			return err
		}
		out, ok = model.ComputeBeforeAfter(plan.Focus, monthly, counts.First, counts.Last, began)
		return nil
	})
	return out, ok, err
}

// focusCounts counts the crimes of the focus's type at its place, by
// month, over the ward's LSOAs (or the one LSOA it names, if the ward's).
func focusCounts(tx *bolt.Tx, ward string, f model.CrimeFocus) (map[model.Month]int, error) {
	lsoas := wardLSOAs(tx, ward)
	if f.LSOA != "" {
		if !slices.Contains(lsoas, f.LSOA) {
			return nil, fail(model.ErrInvalid, "LSOA %s is not one of ward %s's areas", f.LSOA, ward)
		}
		lsoas = []string{f.LSOA}
	}
	out := map[model.Month]int{}
	return out, eachWardCrime(tx, lsoas, func(m model.Month, r *crimeRecord) {
		if r.Type == f.Type && (f.Place == "" || r.Location == f.Place) {
			out[m]++
		}
	})
}
