package model

import (
	"strconv"
	"strings"
)

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

// RecordRef is the reference of a record of either kind: P13 or A5.
func RecordRef(kind RecordKind, id ID) string {
	if kind == RecordProblem {
		return ProblemRef(id)
	}
	return ActionRef(id)
}

// TargetRef is an audit entry's target as shown: "problem/12" is P12 and
// "action/5" is A5; other targets ("meeting/3", "user/2") read as stored.
// The file keeps the stored form, so older entries show the same way.
func TargetRef(target string) string {
	kind, n, ok := strings.Cut(target, "/")
	id, err := strconv.ParseUint(n, 10, 64)
	if !ok || err != nil || id == 0 {
		return target
	}
	switch kind {
	case "problem":
		return ProblemRef(ID(id))
	case "action":
		return ActionRef(ID(id))
	}
	return target
}
