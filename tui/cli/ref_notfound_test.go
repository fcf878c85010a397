package cli

import (
	"errors"
	"testing"

	"wardpanel/model"
)

// TestRefNotFound: a record that does not exist, or that the reader may
// not see, is named by its reference alike; other errors pass unchanged.
func TestRefNotFound(t *testing.T) {
	other := errors.New("disk on fire")
	for _, tc := range []struct {
		ref  Ref
		err  error
		want string
	}{
		{ProblemRef, model.ErrNotFound, "no problem P13"},
		{ActionRef, model.ErrNotFound, "no action A13"},
		{ProblemRef, other, "disk on fire"},
	} {
		if got := tc.ref.NotFound(13, tc.err); got.Error() != tc.want {
			t.Errorf("%s.NotFound(13, %v) = %q, want %q", tc.ref.Noun, tc.err, got, tc.want)
		}
	}
	if err := ActionRef.NotFound(13, other); err != other {
		t.Errorf("another error came back as %v", err)
	}
	if ProblemRef.NotFound(13, nil) != nil {
		t.Error("no error became one")
	}
}
