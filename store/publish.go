package store

import (
	"bytes"
	"fmt"
	"slices"
	"strings"
	"time"

	bolt "go.etcd.io/bbolt"

	"wardpanel/model"
)

// "You said, we did" (issue 22): a ward's summary for residents, built as
// model.PublicReader through the same permission checks as every other
// read, frozen when an officer publishes it; and the concerns the public
// leaves, which the panel's officers promote to a proposal or decline.

func noConcern(id model.ID) error { return fail(model.ErrNotFound, "concern %d not found", id) }

// checkPublishable is appendOutcome's rule for the publishable flag.
func checkPublishable(u model.User, a model.Action, o model.Outcome) error {
	if !o.Publishable {
		return nil
	}
	return model.CheckMarkPublishable(u, a)
}

// PreviewSummary is what publishing ward's summary now would freeze.
// It holds nothing that the public may not read, so anyone may ask.
func (s *Store) PreviewSummary(ward string) (model.Summary, error) {
	code, err := model.ParseWardCode(ward)
	if err != nil {
		return model.Summary{}, err
	}
	w, err := s.Ward(code)
	if err != nil {
		return model.Summary{}, err
	}
	reader := model.PublicReader(code)
	pri, err := s.Priorities(reader, code)
	if err != nil {
		return model.Summary{}, err
	}
	problems, err := s.Problems(reader, code)
	if err != nil {
		return model.Summary{}, err
	}
	actions, err := s.Actions(reader, code)
	if err != nil {
		return model.Summary{}, err
	}
	meetings, err := s.Meetings(reader, code)
	if err != nil {
		return model.Summary{}, err
	}
	sum := model.Summary{Ward: code, WardName: w.Name, Current: []model.SummaryPriority{}}
	seen := map[model.ID]bool{}
	add := func(to *[]model.SummaryPriority, id model.ID) error {
		i := slices.IndexFunc(problems, func(p model.Problem) bool { return p.ID == id })
		if i < 0 || seen[id] { // not panel-wide (or gone): not the public's to read
			return nil
		}
		seen[id] = true
		p := problems[i]
		entry := model.SummaryPriority{Title: p.Title, Location: p.Location, Stage: p.Stage}
		for _, a := range actions {
			if a.ProblemID != id {
				continue
			}
			did, err := s.publishableOutcomes(reader, a)
			if err != nil {
				return err
			}
			entry.Did = append(entry.Did, did...)
		}
		*to = append(*to, entry)
		return nil
	}
	for _, id := range pri.Problems {
		if err := add(&sum.Current, id); err != nil {
			return model.Summary{}, err
		}
	}
	// Past priorities: those earlier closed votes set, latest first.
	slices.SortFunc(meetings, func(a, b model.Meeting) int { return b.When.Compare(a.When) })
	now := s.clock()
	for _, m := range meetings {
		if m.State == model.MeetingClosed && m.Vote != nil {
			for _, id := range m.Vote.Result {
				if err := add(&sum.Past, id); err != nil {
					return model.Summary{}, err
				}
			}
		}
		if m.State != model.MeetingClosed && m.When.After(now) && (sum.Next == nil || m.When.Before(sum.Next.When)) {
			sum.Next = &model.SummaryMeeting{When: m.When, Venue: m.Venue}
		}
	}
	return sum, nil
}

// publishableOutcomes are a's outcomes its owner agency marked publishable.
func (s *Store) publishableOutcomes(reader model.User, a model.Action) ([]model.SummaryOutcome, error) {
	outcomes, err := s.Outcomes(reader, a.ID)
	if err != nil {
		return nil, err
	}
	var out []model.SummaryOutcome
	for _, o := range outcomes {
		// The agency check again: only the owner agency speaks for its work.
		if o.Publishable && o.Agency == a.OwnerAgency {
			out = append(out, model.SummaryOutcome{Agency: o.Agency, Text: o.Text, Result: o.Result, At: o.At})
		}
	}
	return out, nil
}

// PublishSummary freezes ward's summary as it reads now, as the next
// version, until the next publish.
func (s *Store) PublishSummary(by model.Actor, ward string) (model.Summary, error) {
	code, err := model.ParseWardCode(ward)
	if err != nil {
		return model.Summary{}, err
	}
	if err := model.CheckPublish(by.User, code); err != nil {
		return model.Summary{}, err
	}
	sum, err := s.PreviewSummary(code)
	if err != nil {
		return model.Summary{}, err
	}
	err = s.change("publish summary", by, func(tx *bolt.Tx, now time.Time) (model.AuditEntry, error) {
		b := tx.Bucket(bucketPublished)
		var prev model.Summary
		if _, err := get(b, []byte(code), &prev); err != nil {
			return model.AuditEntry{}, err
		}
		sum.Version, sum.PublishedAt, sum.PublishedBy = prev.Version+1, now, by.User.Name
		if err := put(b, []byte(code), sum); err != nil {
			return model.AuditEntry{}, err
		}
		did := 0
		for _, p := range sum.Current {
			did += len(p.Did)
		}
		return model.AuditEntry{Action: "summary.publish", Target: "summary/" + code, Ward: code, Visibility: model.Panel,
			Summary: fmt.Sprintf("version %d: %d current and %d past priorities, %d outcomes", sum.Version, len(sum.Current), len(sum.Past), did)}, nil
	})
	if err != nil {
		return model.Summary{}, err
	}
	return sum, nil
}

// Published is ward's published summary; ErrNotFound if it has none.
func (s *Store) Published(ward string) (model.Summary, error) {
	code, err := model.ParseWardCode(ward)
	if err != nil {
		return model.Summary{}, err
	}
	var sum model.Summary
	err = s.view("read published summary", func(tx *bolt.Tx) error {
		found, err := get(tx.Bucket(bucketPublished), []byte(code), &sum)
		if err == nil && !found {
			err = fail(model.ErrNotFound, "ward %s has published no summary", code)
		}
		return err
	})
	return sum, err
}

// PublishedWards lists the wards with a published summary, by code.
func (s *Store) PublishedWards() ([]model.Ward, error) {
	var out []model.Ward
	err := s.view("list published wards", func(tx *bolt.Tx) error {
		return tx.Bucket(bucketPublished).ForEach(func(k, v []byte) error {
			var sum model.Summary
			if err := decode(v, &sum); err != nil {
				return err
			}
			out = append(out, model.Ward{Code: string(k), Name: sum.WardName})
			return nil
		})
	})
	return out, err
}

// AddPublicConcern records what a member of the public left for a published
// ward's panel. Its audit entry is the officers' and says nothing of the
// text or the contact.
func (s *Store) AddPublicConcern(by model.Actor, c model.Concern) (model.Concern, error) {
	if err := c.Validate(); err != nil {
		return model.Concern{}, err
	}
	err := s.change("add concern", by, func(tx *bolt.Tx, now time.Time) (model.AuditEntry, error) {
		if tx.Bucket(bucketPublished).Get([]byte(c.Ward)) == nil {
			return model.AuditEntry{}, fail(model.ErrNotFound, "ward %s has published no summary", c.Ward)
		}
		b := tx.Bucket(bucketConcerns)
		seq, err := b.NextSequence()
		if err != nil {
			return model.AuditEntry{}, err
		}
		c.ID, c.At, c.Status = model.ID(seq), now, model.ConcernPending
		if err := put(b, u64(seq), c); err != nil {
			return model.AuditEntry{}, err
		}
		return model.AuditEntry{Action: "concern.add", Target: fmt.Sprintf("concern/%d", c.ID), Ward: c.Ward,
			Visibility: model.Visibility{Kind: model.VisOfficers}, Summary: "a concern from the public, awaiting moderation"}, nil
	})
	if err != nil {
		return model.Concern{}, err
	}
	return c, nil
}

// PublicConcerns lists ward's public concerns, pending first, for its panel's officers.
func (s *Store) PublicConcerns(viewer model.User, ward string) ([]model.Concern, error) {
	code, err := model.ParseWardCode(ward)
	if err != nil {
		return nil, err
	}
	if err := model.CheckModerate(viewer, code); err != nil {
		return nil, err
	}
	out := []model.Concern{}
	err = s.view("list concerns", func(tx *bolt.Tx) error {
		return eachRecord(tx.Bucket(bucketConcerns), func(c model.Concern) error {
			if c.Ward == code {
				out = append(out, c)
			}
			return nil
		})
	})
	slices.SortStableFunc(out, func(a, b model.Concern) int {
		return boolOrder(a.Status != model.ConcernPending, b.Status != model.ConcernPending)
	})
	return out, err
}

func boolOrder(a, b bool) int {
	switch {
	case a == b:
		return 0
	case a:
		return 1
	}
	return -1
}

// decideConcern runs decide on pending concern id, as an officer of its ward, and stores it.
func decideConcern(tx *bolt.Tx, by model.Actor, now time.Time, id model.ID, decide func(c *model.Concern) error) (model.Concern, error) {
	b := tx.Bucket(bucketConcerns)
	var c model.Concern
	found, err := get(b, u64(uint64(id)), &c)
	if err != nil {
		return c, err
	}
	if !found || !by.User.InWard(c.Ward) {
		return c, noConcern(id)
	}
	if err := model.CheckModerate(by.User, c.Ward); err != nil {
		return c, err
	}
	if c.Status != model.ConcernPending {
		return c, fail(model.ErrConflict, "concern %d is already %s", id, c.Status)
	}
	if err := decide(&c); err != nil {
		return c, err
	}
	c.DecidedBy, c.DecidedAt = by.User.Name, now
	return c, put(b, u64(uint64(id)), c)
}

// PromotePublicConcern turns pending concern id into a proposal on its ward's
// board, which links back to it, and it to the proposal.
func (s *Store) PromotePublicConcern(by model.Actor, id model.ID) (model.Concern, model.Problem, error) {
	var c model.Concern
	var p model.Problem
	err := s.change("promote concern", by, func(tx *bolt.Tx, now time.Time) (model.AuditEntry, error) {
		var err error
		c, err = decideConcern(tx, by, now, id, func(c *model.Concern) error {
			p = model.ProblemFromConcern(*c)
			if err := p.Validate(); err != nil {
				return err
			}
			if err := model.CheckCreateProblem(by.User, p); err != nil {
				return err
			}
			seq, err := tx.Bucket(bucketProblems).NextSequence()
			if err != nil {
				return err
			}
			p.ID, p.Version = model.ID(seq), 1
			p.CreatedBy, p.CreatedAt, p.UpdatedBy, p.UpdatedAt = by.User.Name, now, by.User.Name, now
			c.Status, c.ProblemID = model.ConcernPromoted, p.ID
			return putProblem(tx, p)
		})
		if err != nil {
			return model.AuditEntry{}, err
		}
		// A problem.* entry, so the board's caches warm as for any new problem.
		return model.AuditEntry{Action: "problem.create", Target: fmt.Sprintf("problem/%d", p.ID), Ward: p.Ward, Visibility: p.Visibility,
			Summary: fmt.Sprintf("title %q stage %s from public concern %d", p.Title, p.Stage, c.ID)}, nil
	})
	return c, p, err
}

// DeclinePublicConcern closes pending concern id with the officer's reason.
func (s *Store) DeclinePublicConcern(by model.Actor, id model.ID, reason string) (model.Concern, error) {
	var c model.Concern
	err := s.change("decline concern", by, func(tx *bolt.Tx, now time.Time) (model.AuditEntry, error) {
		var err error
		c, err = decideConcern(tx, by, now, id, func(c *model.Concern) error {
			c.Reason = model.CleanLine(reason, model.MaxLineLen)
			if len(bytes.TrimSpace([]byte(c.Reason))) < 3 {
				return fail(model.ErrInvalid, "say why the concern is declined (at least 3 characters)")
			}
			c.Status = model.ConcernDeclined
			return nil
		})
		if err != nil {
			return model.AuditEntry{}, err
		}
		return model.AuditEntry{Action: "concern.decline", Target: fmt.Sprintf("concern/%d", c.ID), Ward: c.Ward,
			Visibility: model.Visibility{Kind: model.VisOfficers}, Summary: "declined: " + c.Reason}, nil
	})
	return c, err
}

// samePerson matches a contact as a member of the public gives it again.
func samePerson(a, b string) bool {
	return a != "" && strings.EqualFold(strings.TrimSpace(a), strings.TrimSpace(b))
}

// PublicContactExport is every concern left with contact, for a subject
// access request from someone without an account (the operator's).
func (s *Store) PublicContactExport(by model.Actor, contact string) ([]model.Concern, error) {
	if !by.IsOperator() {
		return nil, fail(model.ErrForbidden, "only the operator exports personal data")
	}
	out := []model.Concern{}
	err := s.view("export a public contact", func(tx *bolt.Tx) error {
		return eachRecord(tx.Bucket(bucketConcerns), func(c model.Concern) error {
			if samePerson(c.Contact, contact) {
				out = append(out, c)
			}
			return nil
		})
	})
	return out, err
}

// ErasePublicContact removes contact, and the text that came with it,
// from every concern left with it; a promoted concern's proposal stays
// on the board, as the panel's record. It returns how many were erased.
func (s *Store) ErasePublicContact(by model.Actor, contact string) (int, error) {
	if !by.IsOperator() {
		return 0, fail(model.ErrForbidden, "only the operator erases personal data")
	}
	n := 0
	err := s.change("erase a public contact", by, func(tx *bolt.Tx, now time.Time) (model.AuditEntry, error) {
		b := tx.Bucket(bucketConcerns)
		var erased []model.Concern
		err := eachRecord(b, func(c model.Concern) error {
			if samePerson(c.Contact, contact) {
				c.Contact, c.Text = "", "(erased at the person's request)"
				erased = append(erased, c)
			}
			return nil
		})
		if err != nil {
			return model.AuditEntry{}, err
		}
		for _, c := range erased {
			if err := put(b, u64(uint64(c.ID)), c); err != nil {
				return model.AuditEntry{}, err
			}
		}
		n = len(erased)
		if n == 0 {
			return model.AuditEntry{}, fail(model.ErrNotFound, "no concern was left with that contact")
		}
		return model.AuditEntry{Action: "concern.erase", Target: "concerns", Visibility: model.Visibility{Kind: model.VisOfficers},
			Summary: fmt.Sprintf("a public contact erased from %d concerns", n)}, nil
	})
	return n, err
}
