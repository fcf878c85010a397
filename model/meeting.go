package model

import (
	"cmp"
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
	// NextItem hands out item IDs, which stay put when items move.
	NextItem  int       `json:"next_item"`
	CreatedBy string    `json:"created_by"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedBy string    `json:"updated_by"`
	UpdatedAt time.Time `json:"updated_at"`
	Version   uint64    `json:"version"`
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
}

// Note is one thing an item produced. An action note points at the action,
// and is shown only to those who may see it.
type Note struct {
	Kind     NoteKind  `json:"kind"`
	Text     string    `json:"text"`
	ActionID ID        `json:"action_id,omitempty"`
	By       string    `json:"by"`
	At       time.Time `json:"at"`
}

// Review is an open action as matters arising took it: the owner's update
// and the status it moved to. Before it is taken, Update is empty.
type Review struct {
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
}

// Ballot is one voter's choices, most wanted first. Who voted is known to
// the room; what others chose is not shown (ForViewer clears it).
type Ballot struct {
	UserID  ID   `json:"user_id"`
	Choices []ID `json:"choices,omitempty"`
}

// Tally is one candidate's count.
type Tally struct {
	ProblemID ID  `json:"problem_id"`
	Votes     int `json:"votes"`
	// First counts the ballots that chose it first: it breaks ties.
	First int `json:"first"`
}

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
	code, err := ParseWardCode(m.Ward)
	if err != nil {
		return err
	}
	m.Ward = code
	m.Title = CleanLine(m.Title, MaxTitleLen+1)
	switch n := len([]rune(m.Title)); {
	case n < 3:
		return invalid("title", "give the meeting a title (at least 3 characters)")
	case n > MaxTitleLen:
		return invalid("title", "at most %d characters", MaxTitleLen)
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

// Tally counts the ballots, most votes first; ties go to the problem more
// voters chose first, then to the older problem.
func (v *Vote) Tally() []Tally {
	out := make([]Tally, len(v.Candidates))
	for i, c := range v.Candidates {
		out[i].ProblemID = c
		for _, b := range v.Ballots {
			if j := slices.Index(b.Choices, c); j >= 0 {
				out[i].Votes++
				if j == 0 {
					out[i].First++
				}
			}
		}
	}
	slices.SortStableFunc(out, func(a, b Tally) int {
		switch {
		case a.Votes != b.Votes:
			return b.Votes - a.Votes
		case a.First != b.First:
			return b.First - a.First
		}
		return cmp.Compare(a.ProblemID, b.ProblemID)
	})
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

// ForViewer is what u may read of m: links to problems and actions u may
// not see are dropped (with the notes and reviews about those actions, and
// vote candidates restricted since the vote opened), and other voters'
// choices are cleared. canSeeProblem and canSeeAction
// answer for the records m points at; the store looks them up.
func (m Meeting) ForViewer(u User, canSeeProblem, canSeeAction func(ID) bool) Meeting {
	m = m.Clone()
	for i := range m.Items {
		it := &m.Items[i]
		it.Problems = slices.DeleteFunc(it.Problems, func(id ID) bool { return !canSeeProblem(id) })
		it.Notes = slices.DeleteFunc(it.Notes, func(n Note) bool { return n.ActionID != 0 && !canSeeAction(n.ActionID) })
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
	if v := m.Vote; v != nil {
		// Candidates were visible to the whole panel when the vote opened;
		// one restricted since drops out of this reader's copy like any link.
		hidden := func(id ID) bool { return !canSeeProblem(id) }
		v.Candidates = slices.DeleteFunc(v.Candidates, hidden)
		v.Result = slices.DeleteFunc(v.Result, hidden)
		v.Counts = slices.DeleteFunc(v.Counts, func(t Tally) bool { return hidden(t.ProblemID) })
		for i := range v.Ballots {
			if v.Ballots[i].UserID != u.ID {
				v.Ballots[i].Choices = nil
			} else {
				v.Ballots[i].Choices = slices.DeleteFunc(v.Ballots[i].Choices, hidden)
			}
		}
	}
	return m
}
