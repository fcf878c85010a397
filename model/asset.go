package model

import "strings"

// CheckChangeAsset decides whether u may edit or remove community asset a
// from the register: those who may record assets, of those who may see it.
// A hidden asset is not found, never refused, so its existence stays hidden.
func CheckChangeAsset(u User, a Asset) error {
	if !CanSeeAsset(u, a) {
		return ErrNotFound
	}
	if !runsPictures(u.Role) {
		return forbidden("your role (%s) cannot change the asset register", u.Role)
	}
	return nil
}

// Validate checks an asset's name and themes as edited, and tidies them.
func (a *Asset) Validate() error {
	a.Name = CleanLine(a.Name, MaxLineLen+1)
	if err := checkLen("name", a.Name, MaxLineLen, "say what the asset is (at least 3 characters)", "at most %d characters"); err != nil {
		return err
	}
	themes := a.Themes[:0:0]
	for _, t := range a.Themes {
		t = strings.ToLower(strings.TrimPrefix(CleanLine(t, 40), "#"))
		if t != "" {
			themes = append(themes, t)
		}
	}
	a.Themes = themes
	return nil
}
