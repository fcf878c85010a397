package model

import (
	"errors"
	"fmt"
	"time"
	"unicode/utf8"
)

// Sentinel errors shared by every layer. The store wraps its own failures in
// these so callers can branch with errors.Is without knowing about bbolt.
var (
	ErrNotFound    = errors.New("not found")
	ErrForbidden   = errors.New("not allowed")
	ErrDuplicate   = errors.New("already exists")
	ErrInvalid     = errors.New("invalid")
	ErrConflict    = errors.New("changed by someone else")
	ErrNotEnrolled = errors.New("this key is not enrolled: ask your panel admin for an invite")
)

// ValidationError names the field a user got wrong and says why, in words
// that can be shown to them as they are.
type ValidationError struct {
	Field   string
	Message string
}

func (e *ValidationError) Error() string {
	if e.Field == "" {
		return e.Message
	}
	return e.Field + ": " + e.Message
}

func (e *ValidationError) Unwrap() error { return ErrInvalid }

func invalid(field, format string, args ...any) error {
	return &ValidationError{Field: field, Message: fmt.Sprintf(format, args...)}
}

// checkLen is the length rule typed text shares: at least 3 characters
// (short says what to type instead) and at most max (long words the limit,
// with a %d for it). text is counted in runes, as the user typed them.
func checkLen(field, text string, max int, short, long string) error {
	switch n := utf8.RuneCountInString(text); {
	case n < 3:
		return invalid(field, "%s", short)
	case n > max:
		return invalid(field, long, max)
	}
	return nil
}

// ConflictError refuses an edit that started from an older version of a
// record, and says who changed it since, so the user can re-apply their text.
type ConflictError struct {
	By string
	At time.Time
}

func (e *ConflictError) Error() string {
	return fmt.Sprintf("changed by %s at %s since you started editing", e.By, e.At.Format("15:04 2 Jan"))
}

func (e *ConflictError) Unwrap() error { return ErrConflict }

// ForbiddenError says which verb was refused, without revealing anything
// about the record the user could not see.
type ForbiddenError struct{ Reason string }

func (e *ForbiddenError) Error() string { return "not allowed: " + e.Reason }

func (e *ForbiddenError) Unwrap() error { return ErrForbidden }

func forbidden(format string, args ...any) error {
	return &ForbiddenError{Reason: fmt.Sprintf(format, args...)}
}
