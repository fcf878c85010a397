package model

import "strconv"

// Counted is n with the noun's singular or plural form, as a sentence says
// it: "1 ballot", "2 ballots", "0 apologies". Every count shown to a user,
// on a screen, in a command's answer or in the minutes, is written by it.
func Counted(n int, singular, plural string) string {
	if n == 1 {
		return "1 " + singular
	}
	return strconv.Itoa(n) + " " + plural
}
