package model

import (
	"errors"
	"testing"
)

// checkLen is the length rule of every typed text (titles, asset names,
// updates, public concerns): the user reads its message, so it must name
// the field and say the limit.
func TestCheckLen(t *testing.T) {
	const short, long = "say more (at least 3 characters)", "at most %d characters; trim it"
	tests := []struct {
		name string
		text string
		max  int
		want string // the message; "" for no error
	}{
		{"too short", "ab", 10, short},
		{"empty", "", 10, short},
		{"three runes, multi-byte", "äöü", 10, ""},
		{"at the limit", "abcdefghij", 10, ""},
		{"over the limit", "abcdefghijk", 10, "at most 10 characters; trim it"},
		{"over the limit in runes", "ääääää", 5, "at most 5 characters; trim it"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := checkLen("title", tt.text, tt.max, short, long)
			if tt.want == "" {
				if err != nil {
					t.Fatalf("checkLen(%q) = %v, want nil", tt.text, err)
				}
				return
			}
			var ve *ValidationError
			if !errors.As(err, &ve) || ve.Field != "title" || ve.Message != tt.want {
				t.Errorf("checkLen(%q) = %#v, want title: %q", tt.text, err, tt.want)
			}
		})
	}
}
