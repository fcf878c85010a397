package model

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"time"
)

// MeetingState is where a meeting is in its life: planned, then live while
// the chair runs it, then closed, which freezes its minutes.
type MeetingState string

const (
	MeetingPlanned MeetingState = "planned"
	MeetingLive    MeetingState = "live"
	MeetingClosed  MeetingState = "closed"
)

// ItemKind marks the agenda items the meeting screen treats specially.
// Anything else is a general item: a title, minutes and notes.
type ItemKind string

const (
	ItemGeneral ItemKind = ""
	// ItemApologies is where attendance and apologies are taken.
	ItemApologies ItemKind = "apologies"
	// ItemReview is "minutes and actions of the last meeting": matters
	// arising, where the chair steps through the open actions.
	ItemReview ItemKind = "review"
	// ItemPriorityReview shows what partners did about the priorities set last time.
	ItemPriorityReview ItemKind = "priority-review"
	// ItemPriorities is where the panel votes its new priorities.
	ItemPriorities ItemKind = "priorities"
)

// NoteKind types what an item produced: information heard, a decision
// taken, or an action raised.
type NoteKind string

const (
	NoteInformation NoteKind = "information"
	NoteDecision    NoteKind = "decision"
	NoteAction      NoteKind = "action"
)

// ParseNoteKind reads a kind as typed; actions are raised, not typed as notes.
func ParseNoteKind(s string) (NoteKind, error) {
	switch k := NoteKind(strings.ToLower(strings.TrimSpace(s))); k {
	case NoteInformation, "info", "i":
		return NoteInformation, nil
	case NoteDecision, "d":
		return NoteDecision, nil
	}
	return "", invalid("kind", "a note is information or a decision (actions are raised with their owner and due date)")
}

// MaxItems bounds an agenda; a real one has about ten items.
const MaxItems = 40

// MaxPriorities is how many priorities a panel sets, and how many choices a ballot has.
const MaxPriorities = 3

// Meeting is one meeting of a ward panel. Meetings are panel-wide: every
// user of the ward sees the agenda and minutes; what in them points at a
// restricted record (an action, a problem) is left out for those who may not
// see it (ForViewer's filter, applied by the store on every read).
type Meeting struct {
	ID    ID           `json:"id"`
	Ward  string       `json:"ward"`
	Title string       `json:"title"`
	When  time.Time    `json:"when"`
	Venue string       `json:"venue,omitempty"`
	State MeetingState `json:"state"`
	// Sequence counts the changes to the meeting's time or place, as a
	// calendar's SEQUENCE (ics.go): a calendar takes a higher one as the
	// same meeting moved. Records from before it was kept read as 0.
	Sequence int `json:"sequence,omitempty"`
	// Chair is the name of whoever started the meeting.
	Chair string       `json:"chair,omitempty"`
	Items []AgendaItem `json:"items"`
	// Current is the ID of the item under discussion while live (0: none).
	Current int `json:"current,omitempty"`
	// ItemStarted is when the current item became current: the timer.
	ItemStarted time.Time  `json:"item_started,omitzero"`
	Attendance  []Attendee `json:"attendance,omitempty"`
	Vote        *Vote      `json:"vote,omitempty"`
	// PreviousID is the meeting this one was made from (carry-over).
	PreviousID ID        `json:"previous_id,omitempty"`
	StartedAt  time.Time `json:"started_at,omitzero"`
	ClosedAt   time.Time `json:"closed_at,omitzero"`
	// Frozen is what the closed minutes name, as it stood at the close:
	// the minutes render from it, the same for every reader.
	Frozen *Frozen `json:"frozen,omitempty"`
	// AgreedIn is the later meeting that agreed these minutes (0: not yet);
	// until then the keepers may correct them.
	AgreedIn ID        `json:"agreed_in,omitempty"`
	AgreedAt time.Time `json:"agreed_at,omitzero"`
	// Agrees is the earlier meeting whose minutes this one agreed.
	Agrees ID `json:"agrees,omitempty"`
	// CancelledVotes counts the votes opened here and cancelled.
	CancelledVotes int `json:"cancelled_votes,omitempty"`
	// NextItem hands out item IDs, which stay put when items move.
	NextItem  int       `json:"next_item"`
	CreatedBy string    `json:"created_by"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedBy string    `json:"updated_by"`
	UpdatedAt time.Time `json:"updated_at"`
	Version   uint64    `json:"version"`
	// Undo is the agenda's last change, which a keeper may take back
	// (meetingundo.go); nil: nothing to undo.
	Undo *AgendaUndo `json:"undo,omitempty"`
}

// AgendaItem is one item on the agenda, with what the meeting made of it.
type AgendaItem struct {
	ID        int      `json:"id"`
	Kind      ItemKind `json:"kind,omitempty"`
	Title     string   `json:"title"`
	Presenter string   `json:"presenter,omitempty"`
	// Allotted is the time given to the item, in minutes.
	Allotted int  `json:"allotted"`
	Problems []ID `json:"problems,omitempty"`
	// Minutes is the secretary's running text; MinutesVersion lets two
	// people typing into the same item find out instead of overwriting.
	Minutes        string `json:"minutes,omitempty"`
	MinutesVersion uint64 `json:"minutes_version,omitempty"`
	MinutesBy      string `json:"minutes_by,omitempty"`
	Notes          []Note `json:"notes,omitempty"`
	// Reviews are the actions matters arising goes through (ItemReview only).
	Reviews []Review `json:"reviews,omitempty"`
	// ReviewAt is the review under discussion.
	ReviewAt int `json:"review_at,omitempty"`
	// Reached: the item was current at some point; an item never reached
	// is carried over to the next meeting.
	Reached bool          `json:"reached,omitempty"`
	Spent   time.Duration `json:"spent,omitempty"`
	// CarriedFrom is the meeting an unfinished item came from.
	CarriedFrom ID `json:"carried_from,omitempty"`
	// Visibility restricts the item with everything under it (a council's
	// "part 2"); zero is the whole panel.
	Visibility Visibility `json:"visibility,omitzero"`
	// MinutesCorrected: the minutes were corrected after they were taken.
	MinutesCorrected bool `json:"minutes_corrected,omitempty"`
	// Withheld: this reader may not see the item; it keeps its place.
	Withheld bool `json:"withheld,omitempty"`
}

// Note is one thing an item produced. An action note points at the action,
// and is shown only to those who may see it.
type Note struct {
	Kind     NoteKind  `json:"kind"`
	Text     string    `json:"text"`
	ActionID ID        `json:"action_id,omitempty"`
	By       string    `json:"by"`
	At       time.Time `json:"at"`
	// Visibility restricts the entry like any record; zero is the panel.
	Visibility Visibility `json:"visibility,omitzero"`
	// Corrected: a keeper changed the text since; Struck: struck out.
	// The original is in the audit trail.
	Corrected bool `json:"corrected,omitempty"`
	Struck    bool `json:"struck,omitempty"`
	// Withheld: this reader may not see the entry; it keeps its place.
	Withheld bool `json:"withheld,omitempty"`
}

// Review is an open action as matters arising took it: the owner's update
// and the status it moved to. Before it is taken, Update is empty.
type Review struct {
	// Withheld: this reader may not see the action; the line keeps its place.
	Withheld bool         `json:"withheld,omitempty"`
	ActionID ID           `json:"action_id"`
	Update   string       `json:"update,omitempty"`
	Status   ActionStatus `json:"status,omitempty"`
	By       string       `json:"by,omitempty"`
	At       time.Time    `json:"at,omitzero"`
}

// Taken reports whether the meeting has heard about the action.
func (r Review) Taken() bool { return r.Status != "" }

// AttendKind says whether someone came or sent apologies.
type AttendKind string

const (
	AttendPresent   AttendKind = "present"
	AttendApologies AttendKind = "apologies"
)

// Attendee is someone at the meeting, or who sent apologies. UserID is 0
// for a person in the room without an account.
type Attendee struct {
	UserID ID         `json:"user_id,omitempty"`
	Name   string     `json:"name"`
	Agency string     `json:"agency,omitempty"`
	Kind   AttendKind `json:"kind"`
	// Connected: marked present by connecting to the live meeting.
	Connected bool      `json:"connected,omitempty"`
	At        time.Time `json:"at"`
	// Struck: a keeper struck the line out (someone who opened the meeting
	// but was not there); Corrected: a keeper changed it.
	Struck    bool `json:"struck,omitempty"`
	Corrected bool `json:"corrected,omitempty"`
}

// Vote is the panel choosing its priorities from candidate problems.
type Vote struct {
	Candidates []ID      `json:"candidates"`
	Ballots    []Ballot  `json:"ballots,omitempty"`
	Open       bool      `json:"open"`
	OpenedBy   string    `json:"opened_by"`
	OpenedAt   time.Time `json:"opened_at"`
	ClosedAt   time.Time `json:"closed_at,omitzero"`
	// Counts is the tally as of the last ballot, kept so that a reader
	// whose copy has other voters' choices cleared still sees it.
	Counts []Tally `json:"counts,omitempty"`
	// Result is the priorities the closed vote set, in order.
	Result []ID `json:"result,omitempty"`
	// Quorum is the fewest ballots that may set priorities (0: none),
	// set by the chair.
	Quorum int `json:"quorum,omitempty"`
}

// Ballot is one voter's choices, most wanted first. Who voted is known to
// the room; what others chose is not shown (ForViewer clears it).
type Ballot struct {
	UserID  ID   `json:"user_id"`
	Choices []ID `json:"choices,omitempty"`
}

// Tally is one candidate's count.
type Tally struct {
	ProblemID ID `json:"problem_id"`
	// Points: a first choice scores MaxPriorities, a second one less, and
	// so on (see TieBreakRule).
	Points int `json:"points"`
	// Votes counts the ballots that name it at all.
	Votes int `json:"votes"`
	// First counts the ballots that chose it first: it breaks ties.
	First int `json:"first"`
}

// TieBreakRule is the vote's rule as the chair states it, on the screen
// and in the minutes.
const TieBreakRule = "Each ballot ranks up to three problems: a first choice scores 3 points, a second 2, a third 1. " +
	"Problems are ranked by points; a tie on points goes to the problem more voters chose first, " +
	"then to the one named on more ballots, then to the older problem (the lower number)."

// rankPoints is what a choice at rank i (0: first) scores.
func rankPoints(i int) int { return MaxPriorities - i }

// WardPriorities are the problems the panel asked partners to focus on,
// set when a meeting's vote closed.
type WardPriorities struct {
	Ward      string    `json:"ward"`
	Problems  []ID      `json:"problems"`
	MeetingID ID        `json:"meeting_id"`
	SetAt     time.Time `json:"set_at"`
}

// StandardAgenda is the ward panel handbook's agenda, with the time each item usually takes.
func StandardAgenda() []AgendaItem {
	return []AgendaItem{
		{Kind: ItemApologies, Title: "Welcome and apologies", Allotted: 5},
		{Kind: ItemReview, Title: "Minutes and actions of the last meeting", Allotted: 15},
		{Kind: ItemPriorityReview, Title: "Police actions on the previous priorities", Presenter: "Police", Allotted: 15},
		{Title: "Crime, ASB and survey picture", Presenter: "Police", Allotted: 10},
		{Title: "Partner updates", Allotted: 15},
		{Title: "Community concerns", Allotted: 15},
		{Kind: ItemPriorities, Title: "Agree priorities and actions", Allotted: 15},
		{Title: "Any other business", Allotted: 5},
		{Title: "Date of next meeting", Allotted: 5},
	}
}

// Validate checks a meeting's own fields as entered.
func (m *Meeting) Validate() error {
	if err := checkWardTitle(&m.Ward, &m.Title, "give the meeting a title (at least 3 characters)", "", ""); err != nil {
		return err
	}
	if m.When.IsZero() {
		return invalid("when", "say when the meeting is")
	}
	m.Venue = CleanLine(m.Venue, MaxNameLen)
	if len(m.Items) > MaxItems {
		return invalid("items", "at most %d agenda items", MaxItems)
	}
	for i := range m.Items {
		if err := m.Items[i].validate(); err != nil {
			return err
		}
	}
	return nil
}

func (it *AgendaItem) validate() error {
	it.Title = CleanLine(it.Title, MaxTitleLen+1)
	switch n := len([]rune(it.Title)); {
	case n < 2:
		return invalid("title", "give the item a title")
	case n > MaxTitleLen:
		return invalid("title", "at most %d characters", MaxTitleLen)
	}
	it.Presenter = CleanLine(it.Presenter, MaxNameLen)
	if it.Allotted < 0 || it.Allotted > 240 {
		return invalid("minutes", "give an item between 0 and 240 minutes")
	}
	return nil
}

// Item returns the item with id, and its index.
func (m *Meeting) Item(id int) (*AgendaItem, int) {
	for i := range m.Items {
		if m.Items[i].ID == id {
			return &m.Items[i], i
		}
	}
	return nil, -1
}

// ItemOfKind returns the first item of kind k, or nil.
func (m *Meeting) ItemOfKind(k ItemKind) *AgendaItem {
	for i := range m.Items {
		if m.Items[i].Kind == k {
			return &m.Items[i]
		}
	}
	return nil
}

// CurrentItem is the item under discussion, or nil.
func (m *Meeting) CurrentItem() *AgendaItem {
	if m.Current == 0 {
		return nil
	}
	it, _ := m.Item(m.Current)
	return it
}

// Allotted is the agenda's total time.
func (m *Meeting) Allotted() time.Duration {
	var d time.Duration
	for _, it := range m.Items {
		d += time.Duration(it.Allotted) * time.Minute
	}
	return d
}

// Elapsed is how long the current item has run.
func (m *Meeting) Elapsed(now time.Time) time.Duration {
	if m.State != MeetingLive || m.ItemStarted.IsZero() {
		return 0
	}
	return max(0, now.Sub(m.ItemStarted))
}

// Present is the attendee record for user id, if any.
func (m *Meeting) Present(id ID) *Attendee {
	for i := range m.Attendance {
		if m.Attendance[i].UserID == id && id != 0 {
			return &m.Attendance[i]
		}
	}
	return nil
}

// Tally counts the ballots by TieBreakRule, highest first.
func (v *Vote) Tally() []Tally {
	out := make([]Tally, len(v.Candidates))
	for i, c := range v.Candidates {
		out[i].ProblemID = c
		for _, b := range v.Ballots {
			if j := slices.Index(b.Choices, c); j >= 0 {
				out[i].Votes++
				out[i].Points += rankPoints(j)
				if j == 0 {
					out[i].First++
				}
			}
		}
	}
	slices.SortStableFunc(out, compareTally)
	return out
}

func compareTally(a, b Tally) int {
	switch {
	case a.Points != b.Points:
		return b.Points - a.Points
	case a.First != b.First:
		return b.First - a.First
	case a.Votes != b.Votes:
		return b.Votes - a.Votes
	}
	return cmp.Compare(a.ProblemID, b.ProblemID)
}

// TieBreaks says, for each pair of neighbours in counts (as Tally orders
// them) level on points, which part of TieBreakRule put one above the
// other: "P3 and P7 tied on 4 points; P3 placed higher on first choices (2 to 1)".
func TieBreaks(counts []Tally) []string {
	var out []string
	for i := 1; i < len(counts); i++ {
		a, b := counts[i-1], counts[i]
		if a.Points != b.Points || a.Points == 0 || a.ProblemID == 0 || b.ProblemID == 0 {
			continue
		}
		why := "as the older problem"
		switch {
		case a.First != b.First:
			why = fmt.Sprintf("on first choices (%d to %d)", a.First, b.First)
		case a.Votes != b.Votes:
			why = fmt.Sprintf("on ballots naming it (%d to %d)", a.Votes, b.Votes)
		}
		out = append(out, fmt.Sprintf("%s and %s tied on %s; %s placed higher %s.", ProblemRef(a.ProblemID), ProblemRef(b.ProblemID), Counted(a.Points, "point", "points"), ProblemRef(a.ProblemID), why))
	}
	return out
}

// Voted reports whether user id has cast a ballot.
func (v *Vote) Voted(id ID) bool {
	return slices.ContainsFunc(v.Ballots, func(b Ballot) bool { return b.UserID == id })
}

// Choices returns user id's ballot, if any.
func (v *Vote) Choices(id ID) []ID {
	for _, b := range v.Ballots {
		if b.UserID == id {
			return b.Choices
		}
	}
	return nil
}

// Safe returns m with its text cleaned again, for output.
func (m Meeting) Safe() Meeting {
	m.Title = CleanLine(m.Title, MaxTitleLen)
	m.Venue = CleanLine(m.Venue, MaxNameLen)
	m.Chair = CleanLine(m.Chair, MaxNameLen)
	m.CreatedBy = CleanLine(m.CreatedBy, MaxNameLen)
	m.UpdatedBy = CleanLine(m.UpdatedBy, MaxNameLen)
	items := make([]AgendaItem, len(m.Items))
	for i, it := range m.Items {
		it.Title = CleanLine(it.Title, MaxTitleLen)
		it.Presenter = CleanLine(it.Presenter, MaxNameLen)
		it.Minutes = CleanText(it.Minutes, MaxTextLen)
		it.MinutesBy = CleanLine(it.MinutesBy, MaxNameLen)
		it.Notes = slices.Clone(it.Notes)
		for j := range it.Notes {
			it.Notes[j].Text = CleanText(it.Notes[j].Text, MaxTextLen)
			it.Notes[j].By = CleanLine(it.Notes[j].By, MaxNameLen)
		}
		it.Reviews = slices.Clone(it.Reviews)
		for j := range it.Reviews {
			it.Reviews[j].Update = CleanText(it.Reviews[j].Update, MaxTextLen)
			it.Reviews[j].By = CleanLine(it.Reviews[j].By, MaxNameLen)
		}
		items[i] = it
	}
	m.Items = items
	m.Attendance = slices.Clone(m.Attendance)
	for i := range m.Attendance {
		m.Attendance[i].Name = CleanLine(m.Attendance[i].Name, MaxNameLen)
	}
	if m.Undo != nil {
		m.Undo = cloneUndo(m.Undo)
		m.Undo.Item.Title = CleanLine(m.Undo.Item.Title, MaxTitleLen)
		m.Undo.Item.Presenter = CleanLine(m.Undo.Item.Presenter, MaxNameLen)
	}
	if f := m.Frozen; f != nil {
		m.Frozen = &Frozen{Problems: slices.Clone(f.Problems), Actions: slices.Clone(f.Actions)}
		for i := range m.Frozen.Problems {
			m.Frozen.Problems[i].Title = CleanLine(m.Frozen.Problems[i].Title, MaxTitleLen)
		}
		for i := range m.Frozen.Actions {
			a := &m.Frozen.Actions[i]
			a.Title, a.Assignee, a.OwnerAgency = CleanLine(a.Title, MaxTitleLen), CleanLine(a.Assignee, MaxNameLen), CleanLine(a.OwnerAgency, MaxNameLen)
		}
	}
	return m
}

// Clone returns a deep copy, so a change applied to it leaves m alone.
func (m Meeting) Clone() Meeting {
	items := make([]AgendaItem, len(m.Items))
	for i, it := range m.Items {
		it.Problems = slices.Clone(it.Problems)
		it.Notes = slices.Clone(it.Notes)
		it.Reviews = slices.Clone(it.Reviews)
		items[i] = it
	}
	m.Items = items
	m.Attendance = slices.Clone(m.Attendance)
	if m.Frozen != nil {
		m.Frozen = &Frozen{Problems: slices.Clone(m.Frozen.Problems), Actions: slices.Clone(m.Frozen.Actions)}
	}
	m.Undo = cloneUndo(m.Undo)
	if m.Vote != nil {
		v := *m.Vote
		v.Candidates = slices.Clone(v.Candidates)
		v.Result = slices.Clone(v.Result)
		v.Counts = slices.Clone(v.Counts)
		v.Ballots = make([]Ballot, len(m.Vote.Ballots))
		for i, b := range m.Vote.Ballots {
			v.Ballots[i] = Ballot{UserID: b.UserID, Choices: slices.Clone(b.Choices)}
		}
		m.Vote = &v
	}
	return m
}

// Frozen is what closed minutes name, as it stood when the meeting closed:
// the problems and actions, with their titles and who could see them. A
// later edit or restriction of the records changes neither what the
// minutes say nor who reads which line.
type Frozen struct {
	Problems []FrozenProblem `json:"problems,omitempty"`
	Actions  []FrozenAction  `json:"actions,omitempty"`
}

// FrozenProblem is a problem as the closed minutes name it.
type FrozenProblem struct {
	ID         ID         `json:"id"`
	Title      string     `json:"title"`
	Visibility Visibility `json:"visibility"`
}

// FrozenAction is an action as the closed minutes name it.
type FrozenAction struct {
	ID          ID           `json:"id"`
	Title       string       `json:"title"`
	OwnerAgency string       `json:"owner_agency"`
	Assignee    string       `json:"assignee,omitempty"`
	Due         time.Time    `json:"due"`
	Status      ActionStatus `json:"status"`
	Visibility  Visibility   `json:"visibility"`
	Parent      Visibility   `json:"parent,omitzero"`
}

// FreezeAction is a as the minutes keep it.
func FreezeAction(a Action) FrozenAction {
	return FrozenAction{ID: a.ID, Title: a.Title, OwnerAgency: a.OwnerAgency, Assignee: a.Assignee, Due: a.Due,
		Status: a.Status, Visibility: a.Visibility, Parent: a.Parent}
}

func (f FrozenAction) action(ward string) Action {
	return Action{ID: f.ID, Ward: ward, Title: f.Title, OwnerAgency: f.OwnerAgency, Assignee: f.Assignee, Due: f.Due,
		Status: f.Status, Visibility: f.Visibility, Parent: f.Parent}
}

// Problem and Action find a frozen record by ID.
func (f *Frozen) Problem(id ID) (FrozenProblem, bool) {
	if f != nil {
		for _, p := range f.Problems {
			if p.ID == id {
				return p, true
			}
		}
	}
	return FrozenProblem{}, false
}

func (f *Frozen) Action(id ID) (FrozenAction, bool) {
	if f != nil {
		for _, a := range f.Actions {
			if a.ID == id {
				return a, true
			}
		}
	}
	return FrozenAction{}, false
}

// Named lists the problems and actions m's minutes point at, each once.
func (m Meeting) Named() (problems, actions []ID) {
	for _, it := range m.Items {
		problems = append(problems, it.Problems...)
		for _, n := range it.Notes {
			if n.ActionID != 0 {
				actions = append(actions, n.ActionID)
			}
		}
		for _, r := range it.Reviews {
			actions = append(actions, r.ActionID)
		}
	}
	if m.Vote != nil {
		problems = append(problems, m.Vote.Candidates...)
		problems = append(problems, m.Vote.Result...)
	}
	return slices.Compact(slices.Sorted(slices.Values(problems))), slices.Compact(slices.Sorted(slices.Values(actions)))
}

// WithheldText is how a line a reader may not see is shown in its place.
const WithheldText = "(a restricted item)"

// ForViewer is what u may read of m. Entries restricted from u, and lines
// about problems and actions u may not see, are withheld: they keep their
// place, marked Withheld (or, in lists of IDs, as 0), so nothing is
// renumbered. In a live meeting, matters arising and links that u may not
// see are left out instead, so the screen never steps onto one. Other
// voters' choices are cleared. canSeeProblem and canSeeAction answer for
// the records m points at; for closed minutes with a Frozen record, its
// frozen visibilities answer instead, so every copy reads the same.
func (m Meeting) ForViewer(u User, canSeeProblem, canSeeAction func(ID) bool) Meeting {
	m = m.Clone()
	closed := m.State == MeetingClosed
	if m.Frozen != nil {
		f := m.Frozen
		canSeeProblem = func(id ID) bool {
			p, ok := f.Problem(id)
			return ok && CanSee(u, m.Ward, p.Visibility)
		}
		canSeeAction = func(id ID) bool {
			a, ok := f.Action(id)
			return ok && CanSeeAction(u, a.action(m.Ward))
		}
		m.Frozen = &Frozen{
			Problems: slices.DeleteFunc(slices.Clone(f.Problems), func(p FrozenProblem) bool { return !canSeeProblem(p.ID) }),
			Actions:  slices.DeleteFunc(slices.Clone(f.Actions), func(a FrozenAction) bool { return !canSeeAction(a.ID) }),
		}
	}
	withhold := func(ids []ID, hidden func(ID) bool) []ID {
		if !closed {
			return slices.DeleteFunc(ids, hidden)
		}
		for i, id := range ids {
			if hidden(id) {
				ids[i] = 0
			}
		}
		return ids
	}
	hiddenProblem := func(id ID) bool { return id != 0 && !canSeeProblem(id) }
	for i := range m.Items {
		it := &m.Items[i]
		if !CanSee(u, m.Ward, it.Visibility) {
			*it = AgendaItem{ID: it.ID, Kind: it.Kind, Reached: it.Reached, Withheld: true, Visibility: it.Visibility}
			continue
		}
		it.Problems = withhold(it.Problems, hiddenProblem)
		for j, n := range it.Notes {
			if !CanSee(u, m.Ward, n.Visibility) || n.ActionID != 0 && !canSeeAction(n.ActionID) {
				it.Notes[j] = Note{Kind: n.Kind, Withheld: true, Visibility: n.Visibility}
			}
		}
		if closed {
			for j, r := range it.Reviews {
				if !canSeeAction(r.ActionID) {
					it.Reviews[j] = Review{Withheld: true}
				}
			}
			continue
		}
		// The review under discussion may be one u cannot see: point at
		// the next one u can, so the screen never shows a hidden record.
		kept, at := it.Reviews[:0], -1
		for j, r := range it.Reviews {
			if !canSeeAction(r.ActionID) {
				continue
			}
			if at < 0 && j >= it.ReviewAt {
				at = len(kept)
			}
			kept = append(kept, r)
		}
		if at < 0 {
			at = len(kept)
		}
		it.Reviews, it.ReviewAt = kept, at
	}
	undoForViewer(u, &m)
	if v := m.Vote; v != nil {
		v.Candidates = withhold(v.Candidates, hiddenProblem)
		v.Result = withhold(v.Result, hiddenProblem)
		if closed {
			for i, t := range v.Counts {
				if hiddenProblem(t.ProblemID) {
					v.Counts[i] = Tally{}
				}
			}
		} else {
			v.Counts = slices.DeleteFunc(v.Counts, func(t Tally) bool { return hiddenProblem(t.ProblemID) })
		}
		for i := range v.Ballots {
			if v.Ballots[i].UserID != u.ID {
				v.Ballots[i].Choices = nil
			} else {
				v.Ballots[i].Choices = slices.DeleteFunc(v.Ballots[i].Choices, hiddenProblem)
			}
		}
	}
	return m
}
