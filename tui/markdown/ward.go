package markdown

import (
	"errors"

	"wardpanel/model"
)

// Ward names ward code in a document as "Name (code)", inline text: the
// name as read, cleaned, or the code again for a ward not found (removed
// since the record was written). Any other error of read is returned.
func Ward(read func(code string) (model.Ward, error), code string) (string, error) {
	name := code
	if ward, err := read(code); err == nil {
		name = model.CleanLine(ward.Name, model.MaxNameLen)
	} else if !errors.Is(err, model.ErrNotFound) {
		return "", err
	}
	return Inline(name) + " (" + Inline(code) + ")", nil
}
