package model

import (
	"bytes"
	"encoding/binary"
)

// CrimeRow is a data row of a street-level file as ParseCrimeRecord reads
// it, its text still in the line it was read from: an import reads rows a
// million at a time, and copies only the text it keeps (issue 24, P9).
type CrimeRow struct {
	ID, ReportedBy, FallsWithin []byte
	Month                       Month
	HasPoint                    bool
	Longitude, Latitude         float64
	Location, LSOA, LSOAName    []byte
	Type, Outcome, Context      []byte
}

// ReadPlainCrimeRow reads line, without its line break, into r when it is
// a row in the shape police.uk writes: printable ASCII, twelve fields, a
// field in quotes only when it holds no quote, and every field as
// ParseCrimeRecord would take it, the text as CleanLine would leave it
// (spaces trimmed, within its length) and coordinates exact in six or so
// decimals. It reports false for any other line, good or bad, without
// saying why: the caller reads that one the long way (SplitCSVLine and
// ParseCrimeRecord), which is the rule; what it reads here is what the
// long way gives, a test says, field for field. r's fields are slices of
// line.
func ReadPlainCrimeRow(line []byte, r *CrimeRow) bool {
	if !printableASCII(line) {
		return false // CleanLine's work, or none of police.uk's
	}
	var at [12][2]int
	if !splitPlain(line, &at) {
		return false
	}
	var f [12][]byte
	for i, b := range at {
		f[i] = line[b[0]:b[1]]
	}
	*r = CrimeRow{ID: trimSpaces(f[0])}
	if len(r.ID) > 0 && !isCrimeID(r.ID) {
		return false
	}
	var ok bool
	if r.Month, ok = monthOf(trimSpaces(f[1])); !ok {
		return false
	}
	r.ReportedBy, r.FallsWithin = plainField(f[2], maxForceLen), plainField(f[3], maxForceLen)
	if lon, lat := trimSpaces(f[4]), trimSpaces(f[5]); len(lon) > 0 || len(lat) > 0 {
		if r.Longitude, ok = plainCoord(lon, 180); !ok {
			return false
		}
		if r.Latitude, ok = plainCoord(lat, 90); !ok {
			return false
		}
		r.HasPoint = true
	}
	r.Location = plainField(f[6], MaxLineLen)
	if r.LSOA = trimSpaces(f[7]); len(r.LSOA) > 0 && !isLSOACode(r.LSOA) {
		return false // ParseLSOACode would write it in capitals, or refuse it
	}
	r.LSOAName, r.Type = plainField(f[8], MaxNameLen), plainField(f[9], maxCrimeTypeLen)
	r.Outcome, r.Context = plainField(f[10], maxOutcomeLen), plainField(f[11], MaxLineLen)
	return len(r.Type) > 0
}

// splitPlain cuts line into twelve fields, each line[at[i][0]:at[i][1]],
// when it has twelve, a field in quotes only when it holds no quote: what
// SplitCSVLine makes of it, without a string per field (and as offsets,
// which the collector need not hear about, not slices). It reports false
// for any other line.
func splitPlain(line []byte, at *[12][2]int) bool {
	n := 0
	for i := 0; ; {
		var field [2]int
		if i < len(line) && line[i] == '"' {
			end := bytes.IndexByte(line[i+1:], '"')
			if end < 0 {
				return false
			}
			end += i + 1
			if end+1 < len(line) && line[end+1] != ',' {
				return false // a doubled quote, or text after the closing one
			}
			field, i = [2]int{i + 1, end}, end+1
		} else {
			j := bytes.IndexByte(line[i:], ',')
			if j < 0 {
				j = len(line) - i
			}
			field, i = [2]int{i, i + j}, i+j
		}
		if n == len(at) {
			return false
		}
		at[n] = field
		n++
		if i == len(line) {
			return n == len(at)
		}
		i++ // the comma: a last one leaves an empty field
	}
}

// plainCoord is parseCoord of a coordinate exactCoord reads: any other,
// missing, out of range or for ParseFloat, is the long way's.
func plainCoord(s []byte, limit float64) (float64, bool) {
	if !isCoord(s) {
		return 0, false
	}
	v, ok := exactCoord(s)
	return v, ok && v >= -limit && v <= limit
}

// plainField is CleanLine(f, maxRunes) of printable ASCII: cut to
// maxRunes bytes, then trimmed.
func plainField(f []byte, maxRunes int) []byte {
	return trimSpaces(f[:min(len(f), maxRunes)])
}

// trimSpaces is strings.TrimSpace of printable ASCII, where the only
// space is ' '.
func trimSpaces(f []byte) []byte {
	for len(f) > 0 && f[0] == ' ' {
		f = f[1:]
	}
	for len(f) > 0 && f[len(f)-1] == ' ' {
		f = f[:len(f)-1]
	}
	return f
}

// printableASCII reports whether every byte of b is from ' ' to '~', what
// isPlain accepts on one line; eight bytes at a time, as it looks at every
// byte of a file.
func printableASCII(b []byte) bool {
	const ones, highs = 0x0101010101010101, 0x8080808080808080
	for len(b) >= 8 {
		w := binary.LittleEndian.Uint64(b)
		// A byte of 0x80 or more; one below 0x20 (w - 0x20 in it borrows,
		// which the high bit shows; exact once none is 0x80 or more); one
		// of 0x7f (+1 reaches 0x80, and no byte carries into the next).
		if w&highs != 0 || (w-0x20*ones)&^w&highs != 0 || (w+ones)&highs != 0 {
			return false
		}
		b = b[8:]
	}
	for _, c := range b {
		if c < 0x20 || c >= 0x7f {
			return false
		}
	}
	return true
}

// RowDigest is Crime.RowDigest of the row.
func (r *CrimeRow) RowDigest() [12]byte {
	return rowDigest(r.Month, r.ReportedBy, r.FallsWithin, r.HasPoint, r.Longitude, r.Latitude,
		[...][]byte{r.Location, r.LSOA, r.LSOAName, r.Type, r.Outcome, r.Context})
}

// Row is the crime as a CrimeRow, for a row read the long way to be filed
// as the others are.
func (c *Crime) Row() CrimeRow {
	return CrimeRow{ID: []byte(c.ID), ReportedBy: []byte(c.ReportedBy), FallsWithin: []byte(c.FallsWithin),
		Month: c.Month, HasPoint: c.HasPoint, Longitude: c.Longitude, Latitude: c.Latitude,
		Location: []byte(c.Location), LSOA: []byte(c.LSOA), LSOAName: []byte(c.LSOAName),
		Type: []byte(c.Type), Outcome: []byte(c.Outcome), Context: []byte(c.Context)}
}
