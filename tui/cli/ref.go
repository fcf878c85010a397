package cli

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"wardpanel/model"
)

// A Ref is the kind of record an argument names, with the letter that may
// prefix its number: P13 is problem 13, A5 is action 5.
type Ref struct {
	Letter string // "P"
	Noun   string // "problem"
}

// The kinds of record commands name by number.
var (
	ProblemRef = Ref{model.ProblemLetter, "problem"}
	ActionRef  = Ref{model.ActionLetter, "action"}
	MeetingRef = Ref{"M", "meeting"}
	SessionRef = Ref{"S", "session"}
	AssetRef   = Ref{"", "asset"}
)

// ID reads a record number as typed: 13, #13, or with the kind's letter in
// either case (P13, p13). Anything else is a usage error.
func (r Ref) ID(s string) (model.ID, error) {
	t := strings.TrimPrefix(strings.TrimSpace(s), "#")
	if r.Letter != "" && len(t) > 1 && strings.EqualFold(t[:1], r.Letter) {
		t = t[1:]
	}
	n, err := strconv.ParseUint(t, 10, 64)
	if err != nil || n == 0 {
		return 0, Usagef("%q is not %s number", model.CleanLine(s, 20), Article(r.Noun))
	}
	return model.ID(n), nil
}

// ParseID parses a command whose one argument names a record of kind r,
// and reads its number.
func (in *Input) ParseID(r Ref) (model.ID, error) {
	args, err := in.Parse("ID")
	if err != nil {
		return 0, err
	}
	return r.ID(args[0])
}

// Name is the record's reference as shown: P13.
func (r Ref) Name(id model.ID) string {
	return r.Letter + strconv.FormatUint(uint64(id), 10)
}

// NotFound words a record that does not exist and one the reader may not
// see alike ("no problem P13"), so a refusal never confirms that a
// restricted record exists; any other error is returned as it is.
func (r Ref) NotFound(id model.ID, err error) error {
	if errors.Is(err, model.ErrNotFound) {
		return fmt.Errorf("no %s %s", r.Noun, r.Name(id))
	}
	return err
}

// Article puts a or an before noun, as its first letter is sounded.
func Article(noun string) string {
	if noun != "" && strings.ContainsRune("aeiouAEIOU", rune(noun[0])) {
		return "an " + noun
	}
	return "a " + noun
}

// ParseVisibility reads a visibility as typed on a command line: panel,
// officers, a list of agencies (police,housing) or agencies:police,housing.
func ParseVisibility(s string) (model.Visibility, error) {
	t := strings.ToLower(strings.TrimSpace(s))
	if t != "" && t != string(model.VisPanel) && t != string(model.VisOfficers) && !strings.HasPrefix(t, string(model.VisAgencies)+":") {
		t = string(model.VisAgencies) + ":" + t
	}
	v, err := model.ParseVisibility(t)
	if err != nil {
		return v, Usagef("--visibility %q: use panel, officers or agencies such as police,housing", s)
	}
	return v, nil
}

// Names is a list of named values as strings, for Enum and messages.
func Names[T ~string](values []T) []string {
	out := make([]string, len(values))
	for i, v := range values {
		out[i] = string(v)
	}
	return out
}
