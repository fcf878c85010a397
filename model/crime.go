package model

import (
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
)

// The crime picture. police.uk publishes recorded crime for every force as
// monthly street-level CSV files (CrimeColumns); wardpanel imports them and
// shows each ward the crimes in its LSOAs (the small statistical areas a
// ward is made of), by month, type and location.
//
// What real files hold, and what the rules here make of it:
//   - quoted fields: read by encoding/csv, written back quoted where needed;
//   - anti-social behaviour rows have no Crime ID: each such row is an
//     incident, even when two are identical (the points on the map are
//     anonymised, so identical rows are common);
//   - "No Location" rows have no coordinates and no LSOA: they cannot be
//     placed in a ward (Crime.Located);
//   - the same Crime ID more than once in a force's month (another outcome
//     row, or an anonymised point in another LSOA): police.uk calls it the
//     crime's unique id, so it is one crime, placed by its first row with a
//     location (or, with none located, its first row);
//   - rows in LSOAs outside the force's own area: a crime belongs to the
//     ward whose LSOAs contain it, whichever force's file it came in;
//   - republished months: police.uk files a crime under the month it was
//     reported and republishes the force's month with outcomes changed,
//     crimes removed and points moved. A file covers one force ("Reported
//     by") and one month, and importing it replaces that force-month
//     exactly: what the file no longer lists is gone.
//   - a month that has not ended yet cannot be in a published file: such a
//     row is refused (CheckCrimeMonth).
//
// Crime data is public, so a ward's picture is panel-wide: every user of
// the ward reads it. Importing is for officers and admins.

// Month is a calendar month ("2024-03"), counted from January of year 0,
// so months can be compared and stepped through with arithmetic.
type Month int32

// Valid months lie in these years; anything else in a file is a mistake.
const (
	minCrimeYear = 1900
	maxCrimeYear = 2999
)

// MonthOf is the month of year y.
func MonthOf(y int, m time.Month) Month { return Month(y*12 + int(m) - 1) }

// MonthOfTime is the month t falls in (in t's zone).
func MonthOfTime(t time.Time) Month { return MonthOf(t.Year(), t.Month()) }

// ParseMonth reads a month as police.uk writes it: 2024-03.
func ParseMonth(s string) (Month, error) {
	m, ok := monthOf(strings.TrimSpace(s))
	if !ok {
		return 0, invalid("month", "%q is not a month (YYYY-MM, e.g. 2024-03)", CleanLine(s, 20))
	}
	return m, nil
}

// monthOf reads YYYY-MM, nothing around it, in the years a file may have.
func monthOf[S text](t S) (Month, bool) {
	if len(t) != 7 || t[4] != '-' || !digits(t[:4]) || !digits(t[5:]) {
		return 0, false
	}
	y := int(t[0]-'0')*1000 + int(t[1]-'0')*100 + int(t[2]-'0')*10 + int(t[3]-'0')
	mon := int(t[5]-'0')*10 + int(t[6]-'0')
	if mon < 1 || mon > 12 || y < minCrimeYear || y > maxCrimeYear {
		return 0, false
	}
	return MonthOf(y, time.Month(mon)), true
}

// text is what the checks below read: a field of a parsed row (string)
// or of a line still in the reader's buffer ([]byte, CrimeRow).
type text interface{ ~string | ~[]byte }

// Year and Mon are the month's calendar year and month.
func (m Month) Year() int       { return int(m) / 12 }
func (m Month) Mon() time.Month { return time.Month(int(m)%12 + 1) }

// Add steps n months on (back, for negative n).
func (m Month) Add(n int) Month { return m + Month(n) }

// Start is the first day of the month, UTC.
func (m Month) Start() time.Time { return time.Date(m.Year(), m.Mon(), 1, 0, 0, 0, 0, time.UTC) }

// String is the month as police.uk writes it: 2024-03.
func (m Month) String() string { return string(m.Append(make([]byte, 0, 7))) }

// Append appends the month as String writes it: an import writes it into
// two keys of every crime, where fmt's formatting was a cost of its own.
func (m Month) Append(b []byte) []byte {
	y, mon := m.Year(), int(m.Mon())
	if y < 0 || y > 9999 || mon < 1 || mon > 12 {
		return fmt.Appendf(b, "%04d-%02d", y, mon)
	}
	return append(b, byte('0'+y/1000), byte('0'+y/100%10), byte('0'+y/10%10), byte('0'+y%10), '-',
		byte('0'+mon/10), byte('0'+mon%10))
}

// Label is the month for people: Mar 2024.
func (m Month) Label() string { return m.Start().Format("Jan 2006") }

// Valid reports whether m is a month ParseMonth would accept.
func (m Month) Valid() bool { return m.Year() >= minCrimeYear && m.Year() <= maxCrimeYear && m >= 0 }

// MarshalText writes the month as 2024-03, so JSON carries it as a string.
func (m Month) MarshalText() ([]byte, error) { return []byte(m.String()), nil }

// UnmarshalText reads 2024-03.
func (m *Month) UnmarshalText(b []byte) error {
	v, err := ParseMonth(string(b))
	if err != nil {
		return err
	}
	*m = v
	return nil
}

// CrimeColumns is the header of a police.uk street-level CSV file.
var CrimeColumns = []string{
	"Crime ID", "Month", "Reported by", "Falls within", "Longitude", "Latitude",
	"Location", "LSOA code", "LSOA name", "Crime type", "Last outcome category", "Context",
}

// IsCrimeHeader reports whether fields are CrimeColumns, ignoring case,
// surrounding space and a byte-order mark on the first.
func IsCrimeHeader(fields []string) bool {
	if len(fields) != len(CrimeColumns) {
		return false
	}
	for i, f := range fields {
		if i == 0 {
			f = strings.TrimPrefix(f, "\ufeff")
		}
		if !strings.EqualFold(strings.TrimSpace(f), CrimeColumns[i]) {
			return false
		}
	}
	return true
}

// Limits on what one row may carry.
const (
	maxCrimeIDLen   = 128
	maxCrimeTypeLen = 80
	maxForceLen     = 80
	maxOutcomeLen   = 120
)

// NoLocation is what police.uk writes where a crime could not be placed.
const NoLocation = "No Location"

// Crime is one row of a police.uk street-level file.
type Crime struct {
	// ID is police.uk's Crime ID; anti-social behaviour has none.
	ID          string `json:"id,omitempty"`
	Month       Month  `json:"month"`
	ReportedBy  string `json:"reported_by,omitempty"`
	FallsWithin string `json:"falls_within,omitempty"`
	// HasPoint says Longitude and Latitude are given: police.uk's
	// anonymised map point, not the crime's address.
	HasPoint  bool    `json:"has_point,omitempty"`
	Longitude float64 `json:"longitude,omitempty"`
	Latitude  float64 `json:"latitude,omitempty"`
	// Location is the point's description: "On or near Mill Lane".
	Location string `json:"location,omitempty"`
	LSOA     string `json:"lsoa,omitempty"`
	LSOAName string `json:"lsoa_name,omitempty"`
	Type     string `json:"type"`
	Outcome  string `json:"outcome,omitempty"`
	Context  string `json:"context,omitempty"`
}

// ParseLSOACode accepts an LSOA code (England E01…, Wales W01…, a letter,
// 01 and six digits), in either case.
func ParseLSOACode(s string) (string, error) {
	code := strings.ToUpper(strings.TrimSpace(s))
	if !isLSOACode(code) {
		return "", invalid("lsoa", "%q is not an LSOA code (E01 or W01 and six digits, e.g. E01001234)", CleanLine(s, 20))
	}
	return code, nil
}

// ParseLSOACodes reads a list of LSOA codes separated by commas or spaces,
// as typed after --lsoa, sorted and without repeats.
func ParseLSOACodes(s string) ([]string, error) {
	fields := strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ' ' || r == '\t' || r == '\n' || r == ';' })
	out := make([]string, 0, len(fields))
	for _, f := range fields {
		code, err := ParseLSOACode(f)
		if err != nil {
			return nil, err
		}
		out = append(out, code)
	}
	slices.Sort(out)
	return slices.Compact(out), nil
}

// ParseCrimeRecord reads one data row of a street-level file, as
// encoding/csv split it. Text is cleaned as any user text is; a row that
// cannot be one crime is refused with the field that is wrong.
func ParseCrimeRecord(f []string) (Crime, error) {
	if len(f) != len(CrimeColumns) {
		return Crime{}, invalid("fields", "%d fields, a police.uk street-level row has %d", len(f), len(CrimeColumns))
	}
	var c Crime
	c.ID = strings.TrimSpace(f[0])
	if c.ID != "" && !IsCrimeID(c.ID) {
		return Crime{}, invalid("crime id", "%q is not a Crime ID (letters and digits)", CleanLine(c.ID, 20))
	}
	var err error
	if c.Month, err = ParseMonth(f[1]); err != nil {
		return Crime{}, err
	}
	c.ReportedBy = CleanLine(f[2], maxForceLen)
	c.FallsWithin = CleanLine(f[3], maxForceLen)
	lon, lat := strings.TrimSpace(f[4]), strings.TrimSpace(f[5])
	switch {
	case lon == "" && lat == "":
	case lon == "" || lat == "":
		return Crime{}, invalid("coordinates", "a longitude without a latitude, or the other way round")
	default:
		if c.Longitude, err = parseCoord(lon, 180); err == nil {
			c.Latitude, err = parseCoord(lat, 90)
		}
		if err != nil {
			return Crime{}, err
		}
		c.HasPoint = true
	}
	c.Location = CleanLine(f[6], MaxLineLen)
	if code := strings.TrimSpace(f[7]); code != "" {
		if c.LSOA, err = ParseLSOACode(code); err != nil {
			return Crime{}, err
		}
	}
	c.LSOAName = CleanLine(f[8], MaxNameLen)
	c.Type = CleanLine(f[9], maxCrimeTypeLen)
	if c.Type == "" {
		return Crime{}, invalid("crime type", "the crime type is missing")
	}
	c.Outcome = CleanLine(f[10], maxOutcomeLen)
	c.Context = CleanLine(f[11], MaxLineLen)
	return c, nil
}

func parseCoord(s string, limit float64) (float64, error) {
	if !isCoord(s) {
		return 0, invalid("coordinates", "%q is not a coordinate", CleanLine(s, 20))
	}
	v, ok := exactCoord(s)
	var err error
	if !ok {
		v, err = strconv.ParseFloat(s, 64)
	}
	if err != nil || v < -limit || v > limit {
		return 0, invalid("coordinates", "%q is out of range", CleanLine(s, 20))
	}
	return v, nil
}

// exactCoord reads a coordinate isCoord accepted, as strconv.ParseFloat
// would, when its digits make a whole number below 2^53 and it has at most
// 15 decimals: that number divided by a power of ten, both exact, is the
// nearest float64 (ParseFloat's own exact case). police.uk's six decimals
// always are; an import reads two on every row.
func exactCoord[S text](s S) (float64, bool) {
	neg := len(s) > 0 && s[0] == '-'
	if neg {
		s = s[1:]
	}
	var mant uint64
	decimals, dot := 0, false
	for i := 0; i < len(s); i++ {
		if s[i] == '.' {
			dot = true
			continue
		}
		mant = mant*10 + uint64(s[i]-'0')
		if dot {
			decimals++
		}
	}
	if mant >= 1<<53 || decimals >= len(pow10) {
		return 0, false
	}
	v := float64(mant) / pow10[decimals]
	if neg {
		v = -v
	}
	return v, true
}

var pow10 = [...]float64{1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15}

// Record is the crime as a row of a street-level file: ParseCrimeRecord
// of it gives the crime back.
func (c Crime) Record() []string {
	var lon, lat string
	if c.HasPoint {
		lon = strconv.FormatFloat(c.Longitude, 'f', -1, 64)
		lat = strconv.FormatFloat(c.Latitude, 'f', -1, 64)
	}
	return []string{c.ID, c.Month.String(), c.ReportedBy, c.FallsWithin, lon, lat,
		c.Location, c.LSOA, c.LSOAName, c.Type, c.Outcome, c.Context}
}

// ParseCrimeLine reads one line of a street-level file, quoted fields and all.
func ParseCrimeLine(line string) (Crime, error) {
	f, err := SplitCSVLine(line)
	if err != nil {
		return Crime{}, err
	}
	return ParseCrimeRecord(f)
}

// Line is the crime as one line of a street-level file, quoted where needed.
func (c Crime) Line() string {
	var b strings.Builder
	w := csv.NewWriter(&b)
	_ = w.Write(c.Record()) // a strings.Builder does not fail
	w.Flush()
	return strings.TrimSuffix(b.String(), "\n")
}

// Located reports whether the crime has an LSOA, so that it can belong to
// a ward. "No Location" rows have none.
func (c Crime) Located() bool { return c.LSOA != "" }

// RowHash names a crime that has no Crime ID by what its row says, so the
// same row imported again is known again. Identical rows are distinct
// incidents: the store numbers them within a file.
//
// The hash is of the row's fields after the Crime ID, as Record writes
// them, each after a unit separator (0x1f); written out here field by
// field, as an import hashes a third of a force's rows.
func (c Crime) RowHash() string {
	sum := c.RowDigest()
	return hex.EncodeToString(sum[:])
}

// RowDigest is RowHash's 12 bytes, before they are written in hex.
func (c *Crime) RowDigest() [12]byte {
	return rowDigest(c.Month, c.ReportedBy, c.FallsWithin, c.HasPoint, c.Longitude, c.Latitude,
		[...]string{c.Location, c.LSOA, c.LSOAName, c.Type, c.Outcome, c.Context})
}

// rowDigest is RowDigest of a row's fields, as a Crime or a CrimeRow has
// them: one hash whichever way the row was read.
func rowDigest[S text](m Month, force, falls S, hasPoint bool, lon, lat float64, rest [6]S) [12]byte {
	var buf [512]byte
	b := append(buf[:0], rowSep)
	b = append(m.Append(b), rowSep)
	b = append(append(b, force...), rowSep)
	b = append(append(b, falls...), rowSep)
	if hasPoint {
		b = strconv.AppendFloat(b, lon, 'f', -1, 64)
	}
	b = append(b, rowSep)
	if hasPoint {
		b = strconv.AppendFloat(b, lat, 'f', -1, 64)
	}
	for _, f := range rest {
		b = append(append(b, rowSep), f...)
	}
	sum := sha256.Sum256(b)
	return [12]byte(sum[:12])
}

const rowSep = 0x1f

// Place is the location without police.uk's "On or near", for a problem's
// place and for narrow columns.
func (c Crime) Place() string { return PlaceOf(c.Location) }

// PlaceOf strips police.uk's "On or near " from a location.
func PlaceOf(location string) string {
	const prefix = "on or near "
	if len(location) >= len(prefix) && strings.EqualFold(location[:len(prefix)], prefix) {
		if rest := strings.TrimSpace(location[len(prefix):]); rest != "" {
			return rest
		}
	}
	return location
}

// CrimeCategory is the problem category a police.uk crime type suggests,
// for a problem raised from the crime picture. Unknown types are "other".
func CrimeCategory(crimeType string) Category {
	switch strings.ToLower(strings.TrimSpace(crimeType)) {
	case "anti-social behaviour", "public order":
		return "asb"
	case "drugs":
		return "drugs"
	case "burglary":
		return "burglary"
	case "robbery", "theft from the person":
		// Street crime, as forces group them.
		return "robbery"
	case "vehicle crime":
		return "vehicle-crime"
	case "violence and sexual offences", "violent crime", "possession of weapons":
		return "violence"
	case "criminal damage and arson":
		// Damage to the street scene: graffiti, vandalism, fires.
		return "environmental"
	}
	// Bicycle theft, shoplifting, other theft, other crime.
	return "other"
}

// CrimeTypes are police.uk's street-level crime types, in its own order.
var CrimeTypes = []string{
	"Anti-social behaviour", "Bicycle theft", "Burglary", "Criminal damage and arson", "Drugs",
	"Other theft", "Possession of weapons", "Public order", "Robbery", "Shoplifting",
	"Theft from the person", "Vehicle crime", "Violence and sexual offences", "Other crime",
}

// ASBType is police.uk's anti-social behaviour: incidents, not recorded
// crime, shown apart from it as police.uk does.
const ASBType = "Anti-social behaviour"

// IsASB reports whether a crime type is anti-social behaviour.
func IsASB(crimeType string) bool { return strings.EqualFold(strings.TrimSpace(crimeType), ASBType) }

// ParseCrimeType reads a crime type as typed after --type: any case, any
// surrounding space. It is one of police.uk's types or one of extra (types
// a ward's data holds), spelt as they are; anything else is refused with
// the list of known types.
func ParseCrimeType(s string, extra []string) (string, error) {
	t := strings.Join(strings.Fields(s), " ")
	for _, list := range [][]string{CrimeTypes, extra} {
		for _, k := range list {
			if strings.EqualFold(k, t) {
				return k, nil
			}
		}
	}
	known := slices.Clone(CrimeTypes)
	for _, k := range extra {
		if !slices.ContainsFunc(known, func(x string) bool { return strings.EqualFold(x, k) }) {
			known = append(known, k)
		}
	}
	return "", invalid("type", "%q is not a police.uk crime type; the types are: %s", CleanLine(s, 40), strings.Join(known, ", "))
}

// CheckCrimeMonth refuses a month that has not ended by now: police.uk
// publishes a month after it ends, so a later one is a mistake (and would
// read as a month with no crime at all).
func CheckCrimeMonth(m Month, now time.Time) error {
	if m > MonthOfTime(now.UTC()) {
		return invalid("month", "%s is in the future", m)
	}
	return nil
}

// CheckImportCrimes decides whether u may import police.uk files: officers
// and admins. (The server's operator always may.)
func CheckImportCrimes(u User) error {
	if u.Role != RoleOfficer && u.Role != RoleAdmin {
		return forbidden("only officers and admins import crime data")
	}
	return nil
}

// CheckSeeCrimes decides whether u may read ward's crime picture: police.uk
// data is public, so every user of the ward may.
func CheckSeeCrimes(u User, ward string) error {
	if !u.InWard(ward) {
		return forbidden("the crime picture of ward %s is for its members", ward)
	}
	return nil
}

// LineProblem is one line of a file that was skipped, and why.
type LineProblem struct {
	Line   int    `json:"line"`
	Reason string `json:"reason"`
}

// MaxLineProblems bounds the skipped lines an import lists one by one; the
// rest are counted.
const MaxLineProblems = 50

// ForceMonthImport is what an import did to one force's month.
type ForceMonthImport struct {
	Force string `json:"force"`
	Month Month  `json:"month"`
	// Rows are the file's rows for the force-month; Held the crimes kept
	// for it before (0: the force-month is new), Crimes those kept now.
	Rows   int `json:"rows"`
	Held   int `json:"held"`
	Crimes int `json:"crimes"`
	// Of the crimes now: New ones, Updated (outcome or details changed),
	// Moved (to another point or LSOA), Unchanged. Removed: held before,
	// no longer in the file.
	New       int `json:"new"`
	Updated   int `json:"updated"`
	Moved     int `json:"moved"`
	Unchanged int `json:"unchanged"`
	Removed   int `json:"removed"`
	// Changed is false when the force-month was held exactly as the file
	// has it: nothing was written.
	Changed bool `json:"changed"`
}

// CrimeImport is what one import of a file did. Every row read is counted
// once: Rows = Imported + Duplicates + WithoutLocation + OutsideWards +
// Malformed, and Imported = New + Updated + Moved + Unchanged.
type CrimeImport struct {
	// Number counts imports that changed something, from 1.
	Number uint64    `json:"number"`
	Name   string    `json:"name"`
	SHA256 string    `json:"sha256,omitempty"`
	At     time.Time `json:"at"`
	By     string    `json:"by"`

	Rows int `json:"rows"`
	// Imported are the crimes kept: those in LSOAs a ward is made of.
	Imported  int `json:"imported"`
	New       int `json:"new"`
	Updated   int `json:"updated"`
	Moved     int `json:"moved"`
	Unchanged int `json:"unchanged"`
	// Removed crimes were held for a force-month the file replaced, and
	// the file no longer lists them.
	Removed int `json:"removed"`
	// Duplicates are rows repeating a Crime ID the force-month already
	// gave: the crime is counted once.
	Duplicates      int `json:"duplicates"`
	WithoutLocation int `json:"without_location"`
	// OutsideWards are crimes in LSOAs that no ward is made of: not kept.
	OutsideWards int           `json:"outside_wards"`
	Malformed    int           `json:"malformed"`
	Problems     []LineProblem `json:"problems,omitempty"`

	// ForceMonths are what the file replaced, one force's month each.
	ForceMonths []ForceMonthImport `json:"force_months"`
	// Months the file's rows fall in, and the wards whose areas were known
	// while it was read.
	Months []Month  `json:"months,omitempty"`
	Wards  []string `json:"wards,omitempty"`
	// Areas fingerprints the LSOA-to-ward mapping the import read under.
	Areas string `json:"areas,omitempty"`

	// Complete is false for an import that stopped part way: the
	// force-months written until then are replaced, the rest as they were.
	Complete bool `json:"complete"`
	// NothingChanged: every force-month was held as the file has it, so
	// nothing was written and nothing audited.
	NothingChanged bool `json:"nothing_changed,omitempty"`
	// Previous is the number of an earlier import of the same file (by
	// SHA-256).
	Previous uint64 `json:"previous,omitempty"`
}

// Summary is the import in one line: what it read, which force-months it
// replaced, and what that did to the crimes held.
func (s CrimeImport) Summary() string {
	name := CleanLine(s.Name, MaxLineLen)
	fms := make([]string, 0, len(s.ForceMonths))
	for i, fm := range s.ForceMonths {
		if i == 3 {
			fms = append(fms, fmt.Sprintf("and %d more", len(s.ForceMonths)-3))
			break
		}
		force := CleanLine(fm.Force, maxForceLen)
		if fm.Held > 0 {
			fms = append(fms, fmt.Sprintf("%s %s (%s held before)", force, fm.Month, Counted(fm.Held, "crime", "crimes")))
		} else {
			fms = append(fms, fmt.Sprintf("%s %s (new)", force, fm.Month))
		}
	}
	out := fmt.Sprintf("%s: %s read", name, Counted(s.Rows, "row", "rows"))
	switch {
	case len(fms) > 0 && s.NothingChanged:
		out += "; covers " + strings.Join(fms, ", ")
	case len(fms) > 0:
		out += "; replaces " + strings.Join(fms, ", ")
	}
	if s.NothingChanged {
		out += fmt.Sprintf("; nothing changed: the %s in the wards' areas are held as the file has them", Counted(s.Imported, "crime", "crimes"))
	} else {
		out += fmt.Sprintf("; %d in the wards' areas (%d new, %d updated, %d moved, %d unchanged), %d removed",
			s.Imported, s.New, s.Updated, s.Moved, s.Unchanged, s.Removed)
	}
	out += fmt.Sprintf("; %s, %d without location, %d outside any ward, %d malformed",
		Counted(s.Duplicates, "repeated Crime ID row", "repeated Crime ID rows"), s.WithoutLocation, s.OutsideWards, s.Malformed)
	if !s.Complete {
		out += "; stopped part way"
	}
	return out
}

// The checks below are written out rather than as regular expressions:
// an import runs them on every row of files a million rows long.

func digits[S text](s S) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return len(s) > 0
}

// isLSOACode: E01 or W01 and six digits.
func isLSOACode[S text](s S) bool {
	return len(s) == 9 && (s[0] == 'E' || s[0] == 'W') && s[1] == '0' && s[2] == '1' && digits(s[3:])
}

// IsCrimeID reports whether s can be a Crime ID: police.uk's are 64 hex
// digits; any run of letters, digits, dashes and underscores up to 128 is
// taken, and nothing that could break a key.
func IsCrimeID(s string) bool { return isCrimeID(s) }

func isCrimeID[S text](s S) bool {
	if len(s) > maxCrimeIDLen {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '-' || c == '_') {
			return false
		}
	}
	return len(s) > 0
}

// isCoord: a plain decimal, as police.uk writes them: -0.135290.
func isCoord[S text](s S) bool {
	if len(s) > 0 && s[0] == '-' {
		s = s[1:]
	}
	whole, frac, dot := s, s[len(s):], false
	for i := 0; i < len(s); i++ {
		if s[i] == '.' {
			whole, frac, dot = s[:i], s[i+1:], true
			break
		}
	}
	if len(whole) < 1 || len(whole) > 3 || !digits(whole) {
		return false
	}
	return !dot || len(frac) >= 1 && len(frac) <= 15 && digits(frac)
}

// SplitCSVLine splits one line of a CSV file into its fields: fields are
// separated by commas, and a field in double quotes may hold commas and
// doubled quotes (""). A quote inside an unquoted field is taken as it is.
// It reads one line only (police.uk's fields hold no line breaks), so a
// broken quote spoils that line and no other.
func SplitCSVLine(line string) ([]string, error) {
	line = strings.TrimSuffix(line, "\n")
	line = strings.TrimSuffix(line, "\r")
	fields := make([]string, 0, len(CrimeColumns))
	for i := 0; ; {
		if i < len(line) && line[i] == '"' {
			var b strings.Builder
			j := i + 1
			for {
				k := strings.IndexByte(line[j:], '"')
				if k < 0 {
					return nil, invalid("fields", "a quoted field is not closed (column %d)", len(fields)+1)
				}
				b.WriteString(line[j : j+k])
				j += k + 1
				if j < len(line) && line[j] == '"' {
					b.WriteByte('"')
					j++
					continue
				}
				break
			}
			fields = append(fields, b.String())
			switch {
			case j == len(line):
				return fields, nil
			case line[j] != ',':
				return nil, invalid("fields", "text after a closing quote (column %d)", len(fields))
			}
			i = j + 1
			if i == len(line) {
				return append(fields, ""), nil
			}
			continue
		}
		k := strings.IndexByte(line[i:], ',')
		if k < 0 {
			return append(fields, line[i:]), nil
		}
		fields = append(fields, line[i:i+k])
		i += k + 1
		if i == len(line) {
			return append(fields, ""), nil
		}
	}
}
