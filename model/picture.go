package model

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Rich pictures. A PictureSession is one community workshop where residents,
// young people and agencies describe their neighbourhood; its Elements are
// the lines the facilitators captured (ParseCaptureLine). A session's
// visibility covers all its lines: nobody reads a line of a session they
// may not see, and no line is wider than its session.
//
// Who may do what:
//   - chair, vice-chair, secretary and officers create sessions, edit their
//     details, capture lines and change any line;
//   - members contribute lines to sessions they can see, and change or
//     delete their own;
//   - observers and admins read what they can see (admins, as ever, only as
//     members of the ward and agency).
//
// Promoting a concern to a problem follows CheckCreateProblem (a member's
// promotion is a proposal at the scanning stage, panel-wide). Recording a
// strength as a community asset is for officers and the panel's officers.

// PictureSession is one rich-picture workshop.
type PictureSession struct {
	ID    ID     `json:"id"`
	Ward  string `json:"ward"`
	Title string `json:"title"`
	// Date is the day of the workshop (model.DateOnly).
	Date         time.Time  `json:"date"`
	Place        string     `json:"place,omitempty"`
	Facilitators []string   `json:"facilitators,omitempty"`
	Groups       []Group    `json:"groups,omitempty"`
	Visibility   Visibility `json:"visibility"`
	CreatedBy    string     `json:"created_by"`
	CreatedAt    time.Time  `json:"created_at"`
	UpdatedBy    string     `json:"updated_by"`
	UpdatedAt    time.Time  `json:"updated_at"`
	Version      uint64     `json:"version"`
	// Lines is how many lines the session holds, as the store read it; it
	// is not stored.
	Lines int `json:"-"`
}

// Group is one kind of participant and how many came: residents 12.
type Group struct {
	Name  string `json:"name"`
	Count int    `json:"count"`
}

// Limits on a session's details.
const (
	MaxGroups       = 12
	MaxGroupCount   = 10000
	MaxFacilitators = 10
	maxGroupName    = 40
)

// Element is one captured line of a session: what it says (Capture), who
// captured it and when, and what became of it (a problem, an asset).
type Element struct {
	ID        ID     `json:"id"`
	SessionID ID     `json:"session_id"`
	Ward      string `json:"ward"`
	Capture
	By       string    `json:"by"`
	ByID     ID        `json:"by_id,omitempty"`
	At       time.Time `json:"at"`
	EditedBy string    `json:"edited_by,omitempty"`
	EditedAt time.Time `json:"edited_at,omitzero"`
	// Problems are the problems this line became (a promoted concern).
	Problems []ID `json:"problems,omitempty"`
	// AssetID is the community asset this line was recorded as.
	AssetID ID     `json:"asset_id,omitempty"`
	Version uint64 `json:"version"`
}

// Asset is a community strength recorded so partners can find it later:
// an offer of help, a place, a person's capability.
type Asset struct {
	ID        ID       `json:"id"`
	Ward      string   `json:"ward"`
	Name      string   `json:"name"`
	Themes    []string `json:"themes,omitempty"`
	SessionID ID       `json:"session_id"`
	ElementID ID       `json:"element_id"`
	// Session is the session's title when the asset was recorded.
	Session    string     `json:"session"`
	Visibility Visibility `json:"visibility"`
	CreatedBy  string     `json:"created_by"`
	CreatedAt  time.Time  `json:"created_at"`
}

// Validate checks a session's details as entered and tidies them.
func (s *PictureSession) Validate() error {
	if err := checkWardTitle(&s.Ward, &s.Title, "give the session a title (at least 3 characters)", "", ""); err != nil {
		return err
	}
	if s.Date.IsZero() {
		return invalid("date", "say when the session was (or will be)")
	}
	s.Date = DateOnly(s.Date)
	s.Place = CleanLine(s.Place, MaxNameLen)
	if len(s.Facilitators) > MaxFacilitators {
		return invalid("facilitators", "at most %d facilitators", MaxFacilitators)
	}
	names := make([]string, 0, len(s.Facilitators))
	for _, f := range s.Facilitators {
		if f = CleanLine(f, MaxNameLen); f != "" && !slices.Contains(names, f) {
			names = append(names, f)
		}
	}
	s.Facilitators = names
	if len(s.Groups) > MaxGroups {
		return invalid("groups", "at most %d groups of participants", MaxGroups)
	}
	groups := make([]Group, 0, len(s.Groups))
	for _, g := range s.Groups {
		g.Name = CleanLine(g.Name, maxGroupName+1)
		switch {
		case g.Name == "" || strings.ContainsAny(g.Name, ",;"):
			return invalid("groups", "name each group, e.g. residents 12, young people 6")
		case utf8.RuneCountInString(g.Name) > maxGroupName:
			return invalid("groups", "at most %d characters to a group's name", maxGroupName)
		case g.Count < 0 || g.Count > MaxGroupCount:
			return invalid("groups", "a group has between 0 and %d people", MaxGroupCount)
		}
		groups = append(groups, g)
	}
	s.Groups = groups
	s.Visibility.Agencies = slices.Clone(s.Visibility.Agencies)
	return s.Visibility.Validate()
}

// Participants is how many people the groups add up to.
func (s PictureSession) Participants() int {
	n := 0
	for _, g := range s.Groups {
		n += g.Count
	}
	return n
}

// ParseGroups reads participant groups as typed: "residents 12, young
// people 6, shopkeepers 3" (a count before the name is read too).
func ParseGroups(text string) ([]Group, error) {
	var out []Group
	for part := range strings.FieldsFuncSeq(text, func(r rune) bool { return r == ',' || r == ';' }) {
		words := strings.Fields(part)
		if len(words) == 0 {
			continue
		}
		g := Group{}
		if n, err := strconv.Atoi(words[len(words)-1]); err == nil && len(words) > 1 {
			g.Count, words = n, words[:len(words)-1]
		} else if n, err := strconv.Atoi(words[0]); err == nil && len(words) > 1 {
			g.Count, words = n, words[1:]
		}
		g.Name = strings.Join(words, " ")
		if _, err := strconv.Atoi(g.Name); err == nil {
			return nil, invalid("groups", "name the group as well as its count, e.g. residents 12")
		}
		out = append(out, g)
	}
	return out, nil
}

// FormatGroups writes groups as ParseGroups reads them.
func FormatGroups(gs []Group) string {
	parts := make([]string, len(gs))
	for i, g := range gs {
		parts[i] = fmt.Sprintf("%s %d", g.Name, g.Count)
	}
	return strings.Join(parts, ", ")
}

// ParseNames reads a comma-separated list of names.
func ParseNames(text string) []string {
	var out []string
	for part := range strings.SplitSeq(text, ",") {
		if part = strings.TrimSpace(part); part != "" {
			out = append(out, part)
		}
	}
	return out
}

// CanSeePicture is the read rule for a session and every line in it.
func CanSeePicture(u User, s PictureSession) bool { return CanSee(u, s.Ward, s.Visibility) }

// CanSeeAsset is the read rule for community assets.
func CanSeeAsset(u User, a Asset) bool { return CanSee(u, a.Ward, a.Visibility) }

// runsPictures: the roles that run sessions: officers and the panel's officers.
func runsPictures(r Role) bool { return raisesActions(r) }

// CanRunPictures reports whether u's role creates sessions and records assets.
func CanRunPictures(u User) bool { return runsPictures(u.Role) }

// CanCapture reports whether u's role adds lines to sessions u can see.
func CanCapture(u User) bool { return runsPictures(u.Role) || u.Role == RoleMember }

// CheckCreatePicture decides whether u may hold session s.
func CheckCreatePicture(u User, s PictureSession) error {
	if !u.InWard(s.Ward) {
		return forbidden("you are not a member of ward %s", s.Ward)
	}
	if !runsPictures(u.Role) {
		return forbidden("only officers and the panel's officers hold rich-picture sessions (you are %s)", u.Role)
	}
	return checkSetVisibility(u, s.Visibility)
}

// CheckEditPicture decides whether u may change session old into s.
func CheckEditPicture(u User, old, s PictureSession) error {
	if !CanSeePicture(u, old) {
		return ErrNotFound
	}
	if old.Ward != s.Ward {
		return forbidden("a session cannot move to another ward")
	}
	if !runsPictures(u.Role) {
		return forbidden("only officers and the panel's officers change a session's details (you are %s)", u.Role)
	}
	if old.Visibility.String() != s.Visibility.String() {
		return checkSetVisibility(u, s.Visibility)
	}
	return nil
}

// CheckCapture decides whether u may add a line to session s.
func CheckCapture(u User, s PictureSession) error {
	if !CanSeePicture(u, s) {
		return ErrNotFound
	}
	if !CanCapture(u) {
		return forbidden("your role (%s) reads rich pictures but does not add to them", u.Role)
	}
	return nil
}

// CheckChangeElement decides whether u may edit or delete line e of s.
// Officers and the panel's officers change any line; members their own.
func CheckChangeElement(u User, s PictureSession, e Element) error {
	if err := CheckCapture(u, s); err != nil {
		return err
	}
	if runsPictures(u.Role) || (u.ID != 0 && e.ByID == u.ID) {
		return nil
	}
	return forbidden("members change only the lines they captured")
}

// CheckPromote decides whether u may make concern e of s into problem p
// (e.PromoteDraft's problem, as the store will save it).
func CheckPromote(u User, s PictureSession, e Element, p Problem) error {
	if err := CheckCapture(u, s); err != nil {
		return err
	}
	if e.Kind != ElementConcern {
		return invalid("line", "only a concern becomes a problem (this line is a %s)", e.Kind)
	}
	if len(e.Problems) > 0 {
		return fmt.Errorf("this concern is already on the board: %w", ErrDuplicate)
	}
	return CheckCreateProblem(u, p)
}

// CheckRecordAsset decides whether u may record strength e of s as a
// community asset.
func CheckRecordAsset(u User, s PictureSession, e Element) error {
	if !CanSeePicture(u, s) {
		return ErrNotFound
	}
	if !runsPictures(u.Role) {
		return forbidden("only officers and the panel's officers record community assets (you are %s)", u.Role)
	}
	if e.Kind != ElementStrength {
		return invalid("line", "only a strength is recorded as an asset (this line is a %s)", e.Kind)
	}
	if e.AssetID != 0 {
		return fmt.Errorf("this strength is already a community asset: %w", ErrDuplicate)
	}
	return nil
}

// PromoteDraft is the problem concern e of session s becomes: its words as
// the title, the ward and visibility of the session, at the scanning
// stage, with a description citing the session and the line. The category
// is the first of the line's themes that names one, else "other".
func (e Element) PromoteDraft(s PictureSession) Problem {
	cat := Category("other")
	for _, t := range e.Themes {
		if slices.Contains(Categories, Category(t)) {
			cat = Category(t)
			break
		}
	}
	var b strings.Builder
	fmt.Fprintf(&b, "Raised at the rich-picture session %q (session %d, %s", s.Title, s.ID, s.Date.Format("2 January 2006"))
	if s.Place != "" {
		fmt.Fprintf(&b, ", %s", s.Place)
	}
	fmt.Fprintf(&b, "), line %d, captured by %s:\n\n%s", e.ID, e.By, e.Text)
	if len(e.Themes) > 0 {
		b.WriteString("\n\nThemes: #" + strings.Join(e.Themes, " #"))
	}
	return Problem{
		Ward:        s.Ward,
		Title:       CleanLine(e.Text, MaxTitleLen),
		Description: CleanText(b.String(), MaxTextLen),
		Category:    cat,
		Stage:       StageScanning,
		Priority:    PriorityMedium,
		Visibility:  s.Visibility,
	}
}

// Names reports whether name names this asset: the same words, whatever
// their case and spacing, so one strength captured again in a later
// session is found in the register rather than recorded twice.
func (a Asset) Names(name string) bool {
	norm := func(s string) string { return strings.ToLower(strings.Join(strings.Fields(s), " ")) }
	return norm(a.Name) == norm(name)
}

// Matches reports whether the asset contains text, ignoring case, in its
// name, its themes or its session's title.
func (a Asset) Matches(text string) bool {
	text = strings.ToLower(strings.TrimSpace(text))
	if text == "" {
		return true
	}
	if t, ok := strings.CutPrefix(text, "#"); ok {
		return slices.Contains(a.Themes, t)
	}
	return strings.Contains(strings.ToLower(a.Name), text) || strings.Contains(strings.ToLower(a.Session), text) ||
		slices.ContainsFunc(a.Themes, func(th string) bool { return strings.Contains(th, text) })
}

// Safe returns s with its text cleaned again, for output.
func (s PictureSession) Safe() PictureSession {
	s.Title = CleanLine(s.Title, MaxTitleLen)
	s.Place = CleanLine(s.Place, MaxNameLen)
	s.CreatedBy = CleanLine(s.CreatedBy, MaxNameLen)
	s.UpdatedBy = CleanLine(s.UpdatedBy, MaxNameLen)
	s.Facilitators = cleanLines(s.Facilitators, MaxNameLen)
	s.Groups = slices.Clone(s.Groups)
	for i := range s.Groups {
		s.Groups[i].Name = CleanLine(s.Groups[i].Name, maxGroupName)
	}
	s.Visibility.Agencies = slices.Clone(s.Visibility.Agencies)
	return s
}

// Safe returns e with its text cleaned again, for output.
func (e Element) Safe() Element {
	e.Text = CleanLine(e.Text, maxLineRunes)
	e.From = CleanLine(e.From, MaxNameLen)
	e.To = CleanLine(e.To, MaxNameLen)
	e.Themes = cleanLines(e.Themes, MaxThemeLen)
	e.By = CleanLine(e.By, MaxNameLen)
	e.EditedBy = CleanLine(e.EditedBy, MaxNameLen)
	e.Problems = slices.Clone(e.Problems)
	return e
}

// Safe returns a with its text cleaned again, for output.
func (a Asset) Safe() Asset {
	a.Name = CleanLine(a.Name, maxLineRunes)
	a.Session = CleanLine(a.Session, MaxTitleLen)
	a.CreatedBy = CleanLine(a.CreatedBy, MaxNameLen)
	a.Themes = cleanLines(a.Themes, MaxThemeLen)
	a.Visibility.Agencies = slices.Clone(a.Visibility.Agencies)
	return a
}

// ThemeCount is how many lines carry a theme.
type ThemeCount struct {
	Theme string `json:"theme"`
	Count int    `json:"count"`
}

// CountThemes counts the themes of es, most used first, then by name.
func CountThemes(es []Element) []ThemeCount {
	n := map[string]int{}
	for _, e := range es {
		for _, t := range e.Themes {
			n[t]++
		}
	}
	out := make([]ThemeCount, 0, len(n))
	for t, c := range n {
		out = append(out, ThemeCount{Theme: t, Count: c})
	}
	slices.SortFunc(out, func(a, b ThemeCount) int {
		if a.Count != b.Count {
			return b.Count - a.Count
		}
		return strings.Compare(a.Theme, b.Theme)
	})
	return out
}

// ThemeTrend is a ward's themes over time: one column per session, oldest
// first, and one row per theme, the most used overall first.
type ThemeTrend struct {
	Ward     string           `json:"ward"`
	Sessions []PictureSession `json:"sessions"`
	Rows     []ThemeRow       `json:"rows"`
}

// ThemeRow is one theme's count in each of the trend's sessions.
type ThemeRow struct {
	Theme  string `json:"theme"`
	Counts []int  `json:"counts"`
	Total  int    `json:"total"`
}

// TrendThemes builds the trend from sessions and their lines (by session ID).
func TrendThemes(ward string, sessions []PictureSession, lines map[ID][]Element) ThemeTrend {
	ss := slices.Clone(sessions)
	slices.SortFunc(ss, func(a, b PictureSession) int {
		return cmp.Or(a.Date.Compare(b.Date), cmp.Compare(a.ID, b.ID))
	})
	rows := map[string]*ThemeRow{}
	for i, s := range ss {
		for _, tc := range CountThemes(lines[s.ID]) {
			r := rows[tc.Theme]
			if r == nil {
				r = &ThemeRow{Theme: tc.Theme, Counts: make([]int, len(ss))}
				rows[tc.Theme] = r
			}
			r.Counts[i] += tc.Count
			r.Total += tc.Count
		}
	}
	out := ThemeTrend{Ward: ward, Sessions: ss, Rows: []ThemeRow{}}
	for _, r := range rows {
		out.Rows = append(out.Rows, *r)
	}
	slices.SortFunc(out.Rows, func(a, b ThemeRow) int {
		if a.Total != b.Total {
			return b.Total - a.Total
		}
		return strings.Compare(a.Theme, b.Theme)
	})
	return out
}

// Party is someone or somewhere in a picture: a line's actor or place, or
// a name that only appears in relationships (Kind "").
type Party struct {
	Name string
	Kind ElementKind
}

// PartiesOf lists the actors and places of es in the order they were
// captured, then the names relationships bring in that no actor or place
// line gave; a name is matched ignoring case.
func PartiesOf(es []Element) []Party {
	var out []Party
	seen := map[string]bool{}
	add := func(name string, kind ElementKind) {
		k := strings.ToLower(name)
		if name == "" || seen[k] {
			return
		}
		seen[k] = true
		out = append(out, Party{Name: name, Kind: kind})
	}
	for _, e := range es {
		if e.Kind == ElementActor || e.Kind == ElementPlace {
			add(e.Text, e.Kind)
		}
	}
	for _, e := range es {
		if e.Kind == ElementRelationship {
			add(e.From, "")
			add(e.To, "")
		}
	}
	return out
}

// PictureLink is a problem's link back to the rich-picture line it was
// promoted from.
type PictureLink struct {
	Session PictureSession `json:"session"`
	Element Element        `json:"element"`
}
