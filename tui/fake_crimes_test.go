package tui

import (
	"wardpanel/model"
)

// The fake store's crime picture is fixed: a few months of crime for
// Northfield (wardA) and none for Southmere. The screen is tested on the
// real store with the police.uk fixtures (crimes_test.go); the fake only
// has to answer as the real one would, by the same read rule.
func (s *fakeStore) CrimePicture(u model.User, ward string, q model.CrimeQuery) (model.CrimePicture, error) {
	if _, err := s.Ward(ward); err != nil {
		return model.CrimePicture{}, err
	}
	if err := model.CheckSeeCrimes(u, ward); err != nil {
		return model.CrimePicture{}, err
	}
	if ward != wardA {
		return model.NewCrimeTally(ward, nil).Counts().Picture(q), nil
	}
	t := model.NewCrimeTally(ward, []string{"E01000001", "E01000002"})
	for i, n := range []int{3, 5, 2, 6} {
		m := model.MonthOf(2026, 1).Add(i)
		for j := range n {
			place := model.CrimePlace{Name: []string{"On or near Mill Lane", "On or near Parade"}[j%3%2], HasPoint: true,
				Longitude: -1.5 - float64(j%3%2)*0.001, Latitude: 52.4}
			t.Add(m, []string{"Anti-social behaviour", "Burglary"}[j%2], place, "Under investigation")
		}
	}
	return t.Counts().Picture(q), nil
}
