package store

import (
	"encoding/json"
	"math"
	"strconv"
)

// appendCrimeRecord appends r exactly as encode(r) writes it, without
// reflection: an import encodes every crime of a force's month, and
// encoding/json's reflection and allocation were a tenth of it. Anything
// outside the plain cases (text needing escapes, tiny coordinates) is left
// to encoding/json itself, so the bytes cannot differ
// (TestAppendCrimeRecordIsEncode).
func appendCrimeRecord(b []byte, r crimeRecord) []byte {
	b = append(b, formatJSON)
	b = append(b, `{"t":`...)
	b = appendJSONString(b, r.Type)
	if r.Location != "" {
		b = append(b, `,"l":`...)
		b = appendJSONString(b, r.Location)
	}
	if len(r.Point) > 0 {
		b = append(b, `,"p":[`...)
		for i, v := range r.Point {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendJSONFloat(b, v)
		}
		b = append(b, ']')
	}
	if r.Outcome != "" {
		b = append(b, `,"o":`...)
		b = appendJSONString(b, r.Outcome)
	}
	if r.Context != "" {
		b = append(b, `,"c":`...)
		b = appendJSONString(b, r.Context)
	}
	b = append(b, `,"i":`...)
	b = strconv.AppendUint(b, r.Import, 10)
	if r.Force != "" {
		b = append(b, `,"f":`...)
		b = appendJSONString(b, r.Force)
	}
	return append(b, '}')
}

// appendJSONString writes s quoted; text with anything encoding/json
// escapes (quotes, backslashes, control characters, <, > and &, and all
// that is not ASCII) goes through encoding/json.
func appendJSONString(b []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c > 0x7e || c == '"' || c == '\\' || c == '<' || c == '>' || c == '&' {
			q, _ := json.Marshal(s) // a string always encodes
			return append(b, q...)
		}
	}
	b = append(b, '"')
	b = append(b, s...)
	return append(b, '"')
}

// appendJSONFloat writes v as encoding/json does in the range where it
// uses plain decimals; elsewhere it asks encoding/json.
func appendJSONFloat(b []byte, v float64) []byte {
	if abs := math.Abs(v); abs != 0 && (abs < 1e-6 || abs >= 1e21) || math.IsNaN(v) || math.IsInf(v, 0) {
		q, _ := json.Marshal(v) // NaN and infinities fail in encode too, and are never parsed
		return append(b, q...)
	}
	return strconv.AppendFloat(b, v, 'f', -1, 64)
}
