package ui

import (
	"errors"

	"wardpanel/model"
)

// DescribeErr turns a store error into words for the status line: "op:
// what went wrong".
func DescribeErr(op string, err error) string {
	switch {
	case errors.Is(err, model.ErrNotFound):
		return op + ": not found (it may have been removed or restricted)"
	case errors.Is(err, model.ErrForbidden), errors.Is(err, model.ErrInvalid), errors.Is(err, model.ErrConflict):
		return op + ": " + err.Error()
	}
	return op + " failed: " + err.Error()
}
