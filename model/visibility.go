package model

import (
	"slices"
	"strings"
)

// VisibilityKind says who may see a record (DESIGN.md §2).
type VisibilityKind string

const (
	// VisPanel: every user of the ward.
	VisPanel VisibilityKind = "panel"
	// VisAgencies: only users of the listed agencies.
	VisAgencies VisibilityKind = "agencies"
	// VisOfficers: the panel's officers (chair, vice-chair, secretary) only.
	VisOfficers VisibilityKind = "officers"
)

// Visibility is attached to every record that can be restricted.
// The zero value means panel-wide. A visibility of kind agencies may add
// the panel's officers: "housing, police and the panel officers", so a
// chair can restrict a minute to the agencies concerned without hiding it
// from the people who keep the minutes.
type Visibility struct {
	Kind     VisibilityKind `json:"kind,omitempty"`
	Agencies []string       `json:"agencies,omitempty"`
	Officers bool           `json:"officers,omitempty"`
}

// withOfficers is how String writes an agencies visibility that adds the
// panel's officers: "agencies:housing,police+officers".
const withOfficers = "+officers"

// Panel is the visibility of an unrestricted record.
var Panel = Visibility{Kind: VisPanel}

// ParseVisibility reads "panel", "officers", "agencies:police,housing" or
// "agencies:police,housing+officers".
func ParseVisibility(s string) (Visibility, error) {
	s = strings.ToLower(strings.TrimSpace(s))
	switch {
	case s == "" || s == string(VisPanel):
		return Panel, nil
	case s == string(VisOfficers):
		return Visibility{Kind: VisOfficers}, nil
	case strings.HasPrefix(s, string(VisAgencies)+":"):
		v := Visibility{Kind: VisAgencies}
		list := strings.TrimPrefix(s, string(VisAgencies)+":")
		list, v.Officers = strings.CutSuffix(list, withOfficers)
		for _, a := range strings.Split(list, ",") {
			if a = strings.TrimSpace(a); a != "" {
				v.Agencies = append(v.Agencies, a)
			}
		}
		return v, v.Validate()
	}
	return Visibility{}, invalid("visibility", "%q: use panel, officers, agencies:police,housing or agencies:police,housing+officers", CleanLine(s, 40))
}

// Validate checks the visibility and puts its agency list in order.
func (v *Visibility) Validate() error {
	if v.Kind == "" {
		v.Kind = VisPanel
	}
	switch v.Kind {
	case VisPanel, VisOfficers:
		v.Agencies, v.Officers = nil, false
		return nil
	case VisAgencies:
		for i, a := range v.Agencies {
			a = strings.ToLower(strings.TrimSpace(a))
			if !codePattern.MatchString(a) {
				return invalid("visibility", "%q is not an agency code", CleanLine(a, 30))
			}
			v.Agencies[i] = a
		}
		slices.Sort(v.Agencies)
		v.Agencies = slices.Compact(v.Agencies)
		if len(v.Agencies) == 0 {
			return invalid("visibility", "name at least one agency")
		}
		return nil
	}
	return invalid("visibility", "unknown kind %q", v.Kind)
}

func (v Visibility) String() string {
	switch v.Kind {
	case VisAgencies:
		s := string(VisAgencies) + ":" + strings.Join(v.Agencies, ",")
		if v.Officers {
			s += withOfficers
		}
		return s
	case VisOfficers:
		return string(VisOfficers)
	}
	return string(VisPanel)
}

// Label says who may see a record, for people: "the whole panel", "the
// panel officers", "housing and police", "housing, police and the panel
// officers". Agencies are named by their codes.
func (v Visibility) Label() string {
	switch v.Kind {
	case VisAgencies:
		names := slices.Clone(v.Agencies)
		if v.Officers {
			names = append(names, "the panel officers")
		}
		if len(names) == 1 {
			return names[0] + " only"
		}
		return strings.Join(names[:len(names)-1], ", ") + " and " + names[len(names)-1]
	case VisOfficers:
		return "the panel officers"
	}
	return "the whole panel"
}

// Restricted reports whether the record is hidden from some of the ward.
func (v Visibility) Restricted() bool { return v.Kind == VisAgencies || v.Kind == VisOfficers }

// CanSee is the one visibility rule: whether user u may see a record of
// ward `ward` with visibility v. No role bypasses it: an admin or a chair
// sees restricted records only as a member of the agency or as a panel officer.
func CanSee(u User, ward string, v Visibility) bool {
	if !u.InWard(ward) {
		return false
	}
	switch v.Kind {
	case VisPanel, "":
		return true
	case VisAgencies:
		return slices.Contains(v.Agencies, u.Agency) || v.Officers && u.Role.IsPanelOfficer()
	case VisOfficers:
		return u.Role.IsPanelOfficer()
	}
	return false // an unknown kind is never shown: fail closed
}

// Within reports whether everyone who can see a record with visibility v
// can also see one with outer: an action or evidence entry on a restricted
// problem must be no wider than the problem, or it would reveal it.
func (v Visibility) Within(outer Visibility) bool {
	switch outer.Kind {
	case VisPanel, "":
		return true
	case VisOfficers:
		return v.Kind == VisOfficers
	case VisAgencies:
		switch v.Kind {
		case VisOfficers:
			return outer.Officers
		case VisAgencies:
			if v.Officers && !outer.Officers {
				return false
			}
			for _, a := range v.Agencies {
				if !slices.Contains(outer.Agencies, a) {
					return false
				}
			}
			return true
		}
	}
	return false
}
