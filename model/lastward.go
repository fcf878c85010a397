package model

// StartWard is the ward a session of u starts on: the one they last
// worked in, while they are still a member of it, else their first
// (issue 17: a user of two wards landed on the first by code). Empty for
// a user of no ward.
func (u User) StartWard() string {
	if u.LastWard != "" && u.InWard(u.LastWard) {
		return u.LastWard
	}
	if len(u.Wards) > 0 {
		return u.Wards[0]
	}
	return ""
}
