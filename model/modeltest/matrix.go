// Package modeltest holds what the permission matrix tests of the store,
// the SSH commands and the screens share: the visibilities every record
// kind is made with, written out here as a table, not worked out by
// calling model's own functions, so that a rule changed by mistake does
// not change the tests with it.
package modeltest

import "wardpanel/model"

// Vis is one visibility of the matrix; its marker is put in each record's
// text, so that a leak shows up wherever it surfaces (a list, a meeting's
// notes, an audit summary), not only where a test looks for an ID.
type Vis struct{ Name, Marker string }

// MatrixVis are the visibilities, in the order of the personas' columns:
// panel, agencies:police, agencies:housing,police, officers.
var MatrixVis = []Vis{
	{"panel", "ZQPANEL"},
	{"agencies:police", "ZQPOLICE"},
	{"agencies:housing,police", "ZQHOUSPOL"},
	{"officers", "ZQOFFICERS"},
}

// MatrixVisibility is a fresh copy of visibility i (the store sorts
// agency lists in place).
func MatrixVisibility(i int) model.Visibility {
	switch i {
	case 1:
		return model.Visibility{Kind: model.VisAgencies, Agencies: []string{"police"}}
	case 2:
		return model.Visibility{Kind: model.VisAgencies, Agencies: []string{"housing", "police"}}
	case 3:
		return model.Visibility{Kind: model.VisOfficers}
	}
	return model.Panel
}

// MatrixOwner is the agency an action of visibility i belongs to: police,
// who can see every agencies: visibility used here; for the panel's
// private papers the clerk's office, which no persona belongs to (an owner
// agency always sees its own action, so the owner of an officers-only
// action would otherwise read it).
func MatrixOwner(i int) string {
	if i == 3 {
		return "clerk"
	}
	return "police"
}
