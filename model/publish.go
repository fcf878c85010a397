package model

import (
	"fmt"
	"strings"
	"time"
)

// "You said, we did" (issue 22): what a ward panel tells residents. The
// summary is read by anyone, without an account, so it is built only from
// what PublicReader may see (panel-wide records, never anything
// restricted), and of partners' work only the outcomes their owner agency
// marked publishable, in their words.

// PublicReader is the viewer a published summary is built as: in the ward,
// of no agency and no panel office, so CanSee lets through exactly the
// panel-wide records. Every read for the summary goes through the store's
// permission checks as this user.
func PublicReader(ward string) User {
	return User{Name: "the public", Role: RoleObserver, Wards: []string{ward}}
}

// PublicUser is the actor of what a member of the public does (leaving a
// concern): no ID, no ward, no role that may do anything else.
func PublicUser(fingerprint string) Actor {
	if fingerprint == "" {
		fingerprint = "none"
	}
	return Actor{User: User{Name: "member of the public"}, Fingerprint: fingerprint}
}

// CheckPublish decides whether u may publish ward's summary: its panel's
// officers (chair, vice-chair, secretary) only.
func CheckPublish(u User, ward string) error {
	if !u.InWard(ward) {
		return forbidden("you are not a member of ward %s", ward)
	}
	if !u.Role.IsPanelOfficer() {
		return forbidden("only the chair, vice-chair or secretary can publish the ward's summary")
	}
	return nil
}

// CheckMarkPublishable decides whether u may mark an outcome of a as fit to
// publish: the owner agency speaks for its own work, no one else.
func CheckMarkPublishable(u User, a Action) error {
	if u.Agency == "" || u.Agency != a.OwnerAgency {
		return forbidden("only the owner agency (%s) can mark its outcome publishable", a.OwnerAgency)
	}
	return nil
}

// Summary is a ward's "you said, we did", as previewed or as published
// (then frozen until the next publish).
type Summary struct {
	Ward        string            `json:"ward"`
	WardName    string            `json:"ward_name"`
	Version     int               `json:"version,omitempty"` // 0: a preview
	PublishedAt time.Time         `json:"published_at,omitzero"`
	PublishedBy string            `json:"published_by,omitempty"`
	Current     []SummaryPriority `json:"current"`
	Past        []SummaryPriority `json:"past,omitempty"`
	Next        *SummaryMeeting   `json:"next_meeting,omitempty"`
}

// SummaryPriority is one priority and what partners did about it.
type SummaryPriority struct {
	Title    string           `json:"title"`
	Location string           `json:"location,omitempty"`
	Stage    Stage            `json:"stage"`
	Did      []SummaryOutcome `json:"did,omitempty"`
}

// SummaryOutcome is one publishable outcome, in its agency's words.
type SummaryOutcome struct {
	Agency string     `json:"agency"`
	Text   string     `json:"text"`
	Result ResultKind `json:"result"`
	At     time.Time  `json:"at"`
}

// SummaryMeeting is when and where the panel meets next.
type SummaryMeeting struct {
	When  time.Time `json:"when"`
	Venue string    `json:"venue,omitempty"`
}

// Safe returns s with every text cleaned again, for output.
func (s Summary) Safe() Summary {
	s.WardName = CleanLine(s.WardName, MaxNameLen)
	s.PublishedBy = CleanLine(s.PublishedBy, MaxNameLen)
	s.Current = safePriorities(s.Current)
	s.Past = safePriorities(s.Past)
	if s.Next != nil {
		n := *s.Next
		n.Venue = CleanLine(n.Venue, MaxLineLen)
		s.Next = &n
	}
	return s
}

func safePriorities(ps []SummaryPriority) []SummaryPriority {
	out := make([]SummaryPriority, len(ps))
	for i, p := range ps {
		p.Title = CleanLine(p.Title, MaxTitleLen)
		p.Location = CleanLine(p.Location, MaxLineLen)
		did := make([]SummaryOutcome, len(p.Did))
		for j, o := range p.Did {
			o.Agency = CleanLine(o.Agency, MaxNameLen)
			o.Text = CleanText(o.Text, MaxTextLen)
			did[j] = o
		}
		p.Did = did
		out[i] = p
	}
	return out
}

// ConcernStatus is where a public concern is in moderation.
type ConcernStatus string

const (
	ConcernPending  ConcernStatus = "pending"
	ConcernPromoted ConcernStatus = "promoted"
	ConcernDeclined ConcernStatus = "declined"
)

// MaxConcernLen is a concern's length: "one or two lines".
const MaxConcernLen = 280

// Concern is what a member of the public left for a ward's panel. Contact,
// if given, is personal data: shown to the panel's officers only, never
// logged or audited.
type Concern struct {
	ID        ID            `json:"id"`
	Ward      string        `json:"ward"`
	Text      string        `json:"text"`
	Contact   string        `json:"contact,omitempty"`
	At        time.Time     `json:"at"`
	Status    ConcernStatus `json:"status"`
	ProblemID ID            `json:"problem_id,omitempty"` // once promoted
	Reason    string        `json:"reason,omitempty"`     // once declined
	DecidedBy string        `json:"decided_by,omitempty"`
	DecidedAt time.Time     `json:"decided_at,omitzero"`
}

// Validate checks a concern as a member of the public typed it.
func (c *Concern) Validate() error {
	code, err := ParseWardCode(c.Ward)
	if err != nil {
		return err
	}
	c.Ward = code
	c.Text = strings.TrimSpace(CleanText(c.Text, MaxConcernLen+1))
	err = checkLen("concern", c.Text, MaxConcernLen,
		"say what concerns you (at least 3 characters)", "at most %d characters: one or two lines")
	if err != nil {
		return err
	}
	if strings.Count(c.Text, "\n") > 1 {
		return invalid("concern", "one or two lines, please")
	}
	c.Contact = strings.TrimSpace(CleanLine(c.Contact, MaxLineLen))
	return nil
}

// Safe returns c with its text cleaned again, for output.
func (c Concern) Safe() Concern {
	c.Text = CleanText(c.Text, MaxConcernLen)
	c.Contact = CleanLine(c.Contact, MaxLineLen)
	c.Reason = CleanLine(c.Reason, MaxLineLen)
	c.DecidedBy = CleanLine(c.DecidedBy, MaxNameLen)
	return c
}

// CheckModerate decides whether u may see and decide ward's public
// concerns: its panel's officers, as for publishing.
func CheckModerate(u User, ward string) error { return CheckPublish(u, ward) }

// ProblemFromConcern is the proposal a promoted concern becomes: at
// scanning, panel-wide, its description linking back to the concern.
func ProblemFromConcern(c Concern) Problem {
	title := strings.ReplaceAll(c.Text, "\n", " ")
	if r := []rune(title); len(r) > MaxTitleLen {
		title = string(r[:MaxTitleLen-1]) + "…"
	}
	return Problem{Ward: c.Ward, Title: title, Stage: StageScanning, Visibility: Panel,
		Description: fmt.Sprintf("Raised by a member of the public (public concern %d):\n%s", c.ID, c.Text)}
}
