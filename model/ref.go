package model

import "strconv"

// Problems and actions are numbered apart, so a bare "#4" could be either.
// Every screen, command, minute and audit line names them by these
// references instead: P13 is problem 13, A5 is action 5 (issue 17).
const (
	ProblemLetter = "P"
	ActionLetter  = "A"
)

// ProblemRef is problem id's reference as shown: P13.
func ProblemRef(id ID) string { return ProblemLetter + strconv.FormatUint(uint64(id), 10) }

// ActionRef is action id's reference as shown: A5.
func ActionRef(id ID) string { return ActionLetter + strconv.FormatUint(uint64(id), 10) }
