package store

import (
	"encoding/json"
	"fmt"
)

// formatJSON is the first byte of every stored value: what follows is the
// JSON of the model type. The byte lets a later version change the encoding
// record by record (a migration or a lazy rewrite) and lets this version
// refuse, rather than misread, a value written by a newer one.
const formatJSON byte = 1

func encode(v any) ([]byte, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return nil, fmt.Errorf("encode %T: %w", v, err)
	}
	out := make([]byte, 0, 1+len(b))
	out = append(out, formatJSON)
	return append(out, b...), nil
}

// decode reads a stored value into v. bbolt's slices are only valid inside
// their transaction; json.Unmarshal copies everything it keeps, so v is
// safe to use after the transaction ends.
func decode(data []byte, v any) error {
	if len(data) == 0 {
		return fmt.Errorf("empty %T record: %w", v, ErrCorrupt)
	}
	if data[0] != formatJSON {
		return fmt.Errorf("%T record in encoding format %d, which this version of wardpanel does not know (it reads format %d): %w",
			v, data[0], formatJSON, ErrCorrupt)
	}
	if err := json.Unmarshal(data[1:], v); err != nil {
		return fmt.Errorf("%T record: %v: %w", v, err, ErrCorrupt)
	}
	return nil
}
