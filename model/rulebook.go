package model

// The questions the screens ask before offering a key, answered with the
// same checks the store's writes make, so a screen never offers a key the
// store refuses, nor hides one it allows.

// CanCreateProblems says whether u may put a problem on ward's board: the
// least a role may create (a proposal at the scanning stage, visible to
// the panel), as CheckCreateProblem decides it.
func CanCreateProblems(u User, ward string) bool {
	return CheckCreateProblem(u, Problem{Ward: ward, Stage: StageScanning, Visibility: Panel}) == nil
}

// RaisesActions says whether u's role raises actions (CheckCreateAction's
// first question).
func RaisesActions(u User) bool { return raisesActions(u.Role) }

// CanCreateMeetings says whether u may call a meeting of ward (CheckCreateMeeting).
func CanCreateMeetings(u User, ward string) bool {
	return CheckCreateMeeting(u, Meeting{Ward: ward}) == nil
}

// CheckCorrectMeeting decides whether u may correct m's record now: a
// keeper, once it has started, until a later meeting agrees its minutes.
func CheckCorrectMeeting(u User, m Meeting) error { return checkCorrector(u, &m) }
