package store

import (
	"cmp"
	"errors"
	"fmt"
	"slices"
	"time"

	bolt "go.etcd.io/bbolt"

	"wardpanel/model"
)

// Meetings. A meeting is one record holding its agenda, minutes,
// attendance and vote; model.MeetingChange values say what is done to it
// and check who may. The store adds what needs other records: matters
// arising's open actions, the problems an item or a vote points at, the
// ward's priorities, and actions raised in the room.
//
// Meetings are panel-wide, so their audit entries are too; a change about
// a restricted action is audited with the action's visibility instead.

func noMeeting(id model.ID) error { return fail(model.ErrNotFound, "meeting %d not found", id) }

func visibleMeeting(tx *bolt.Tx, u model.User, id model.ID) (model.Meeting, error) {
	return visibleRecord(tx, bucketMeetings, id, func(m model.Meeting) bool { return model.CanSeeMeeting(u, m) }, noMeeting)
}

func putMeeting(tx *bolt.Tx, m model.Meeting) error {
	return putWardRecord(tx, bucketMeetings, bucketMeetingsByWard, m.Ward, m.ID, m)
}

func meetingEntry(verb model.AuditAction, m model.Meeting, summary string) model.AuditEntry {
	return recordEntry(verb, "meeting", m.ID,
		fmt.Sprintf("%q: %s", m.Title, summary), m.Ward, model.Panel)
}

// forViewer is what u may read of m. Whether u may see the problems and
// actions it points at is looked up in the ward's decoded records, cached
// per revision: every session following a meeting re-reads it after each
// change, and decoding each linked record for each of them would cost more
// than the meeting itself.
func (s *Store) forViewer(tx *bolt.Tx, u model.User, m model.Meeting) (model.Meeting, error) {
	ps, err := s.problemCache.load(tx, m.Ward, problemSource(tx, m.Ward))
	if err != nil {
		return model.Meeting{}, err
	}
	as, err := s.actionCache.load(tx, m.Ward, actionSource(tx, m.Ward))
	if err != nil {
		return model.Meeting{}, err
	}
	canSeeProblem := func(id model.ID) bool {
		p, ok := byID(ps.records, id, func(p *model.Problem) model.ID { return p.ID })
		return ok && model.CanSeeProblem(u, *p)
	}
	canSeeAction := func(id model.ID) bool {
		a, ok := byID(as.records, id, func(a *model.Action) model.ID { return a.ID })
		return ok && model.CanSeeAction(u, *a)
	}
	return m.ForViewer(u, canSeeProblem, canSeeAction), nil
}

// byID finds id in records, which are in ID order.
func byID[T any](records []*T, id model.ID, idOf func(*T) model.ID) (*T, bool) {
	i, ok := slices.BinarySearchFunc(records, id, func(r *T, id model.ID) int { return cmp.Compare(idOf(r), id) })
	if !ok {
		return nil, false
	}
	return records[i], true
}

func (s *Store) createMeeting(by model.Actor, in model.Meeting) (model.Meeting, error) {
	// Only what the person planning it chooses is taken; the rest (state,
	// chair, timers, minutes, attendance, vote) starts empty. The caller's
	// items are copied, not rewritten in place.
	m := model.Meeting{Ward: in.Ward, Title: in.Title, When: in.When, Venue: in.Venue, PreviousID: in.PreviousID, State: model.MeetingPlanned}
	for _, it := range in.Items {
		m.Items = append(m.Items, model.AgendaItem{Kind: it.Kind, Title: it.Title, Presenter: it.Presenter,
			Allotted: it.Allotted, Problems: slices.Clone(it.Problems)})
	}
	if err := m.Validate(); err != nil {
		return model.Meeting{}, err
	}
	// Links the caller made are checked; links carried over were checked
	// when they were made, and may point at problems the person creating
	// the next meeting cannot see (reads filter them).
	given := slices.Clone(m.Items)
	err := s.change("create meeting", by, func(tx *bolt.Tx, now time.Time) (model.AuditEntry, error) {
		if tx.Bucket(bucketWards).Get([]byte(m.Ward)) == nil {
			return model.AuditEntry{}, unknownWard(m.Ward)
		}
		if err := model.CheckCreateMeeting(by.User, m); err != nil {
			return model.AuditEntry{}, err
		}
		summary := "new"
		if m.PreviousID != 0 {
			prev, err := visibleMeeting(tx, by.User, m.PreviousID)
			if err != nil {
				return model.AuditEntry{}, err
			}
			if prev.Ward != m.Ward {
				return model.AuditEntry{}, noMeeting(m.PreviousID)
			}
			if len(m.Items) == 0 {
				m.Items = model.CarryOver(prev)
			}
			summary = fmt.Sprintf("carried over from meeting %d", prev.ID)
		} else if len(m.Items) == 0 {
			m.Items = model.StandardAgenda()
		}
		for _, it := range given {
			if err := checkLinks(tx, by.User, m.Ward, it.Problems); err != nil {
				return model.AuditEntry{}, err
			}
		}
		m.NumberItems()
		if err := createRecord(tx, bucketMeetings, &m, by, now); err != nil {
			return model.AuditEntry{}, err
		}
		if err := listOpenActions(tx, &m); err != nil {
			return model.AuditEntry{}, err
		}
		if err := putMeeting(tx, m); err != nil {
			return model.AuditEntry{}, err
		}
		return meetingEntry(model.AuditMeetingCreate, m, fmt.Sprintf("%s, %d items, %s", m.When.Format("2006-01-02 15:04"), len(m.Items), summary)), nil
	})
	if err != nil {
		return model.Meeting{}, err
	}
	return s.meeting(by.User, m.ID)
}

// listOpenActions puts on matters arising every action of the ward still
// open that an earlier meeting raised, once. It runs when a meeting is
// made (carrying over the previous meeting's open actions) and again when
// it starts, for what was raised in between.
func listOpenActions(tx *bolt.Tx, m *model.Meeting) error {
	it := m.ItemOfKind(model.ItemReview)
	if it == nil {
		return nil
	}
	all, err := actionsVia(tx, bucketActionsByWard, wardIndexPrefix(m.Ward), func(a model.Action) bool { return a.Ward == m.Ward })
	if err != nil {
		return err
	}
	open := map[model.ID]bool{}
	for _, a := range all {
		if a.MeetingID == 0 || a.MeetingID >= m.ID || a.Status.Closed() {
			continue
		}
		open[a.ID] = true
		if !slices.ContainsFunc(it.Reviews, func(r model.Review) bool { return r.ActionID == a.ID }) {
			it.Reviews = append(it.Reviews, model.Review{ActionID: a.ID})
		}
	}
	// An action closed since the meeting was made is no longer matters
	// arising, unless the meeting has already heard about it. (This runs
	// before any review is stepped to, so ReviewAt is still 0.)
	it.Reviews = slices.DeleteFunc(it.Reviews, func(r model.Review) bool { return !r.Taken() && !open[r.ActionID] })
	return nil
}

// checkLinks: an item may point only at problems of its ward that the
// person linking them can see.
func checkLinks(tx *bolt.Tx, u model.User, ward string, ids []model.ID) error {
	for _, id := range ids {
		if _, err := wardProblem(tx, u, ward, id); err != nil {
			return err
		}
	}
	return nil
}

// wardProblem loads problem id for u if it is of ward; one of another
// ward reads as missing, as a hidden one does.
func wardProblem(tx *bolt.Tx, u model.User, ward string, id model.ID) (model.Problem, error) {
	p, err := visibleProblem(tx, u, id)
	if err != nil {
		return model.Problem{}, err
	}
	if p.Ward != ward {
		return model.Problem{}, noProblem(id)
	}
	return p, nil
}

// checkCandidates: priorities are shown to the whole ward, so only
// problems of the ward visible to all of it can be voted on.
func checkCandidates(tx *bolt.Tx, u model.User, ward string, ids []model.ID) error {
	for _, id := range ids {
		p, err := wardProblem(tx, u, ward, id)
		if err != nil {
			return err
		}
		if p.Visibility.Restricted() {
			return fail(model.ErrInvalid, "problem %s is restricted; priorities are shown to the whole panel, so it cannot be one", model.ProblemRef(id))
		}
	}
	return nil
}

// recordReviewIndex turns to, an index into reviews as u's copy of the
// meeting lists them (without the actions u may not see), into an index
// into the record's; past the end is len(reviews).
func recordReviewIndex(tx *bolt.Tx, u model.User, reviews []model.Review, to int) int {
	if to < 0 {
		return to
	}
	seen := 0
	for i, r := range reviews {
		if _, err := visibleAction(tx, u, r.ActionID); err != nil {
			continue
		}
		if seen == to {
			return i
		}
		seen++
	}
	return len(reviews)
}

func (s *Store) changeMeeting(by model.Actor, id model.ID, ch model.MeetingChange) (model.Meeting, error) {
	// Ballots come in a burst, fifty people voting in the same minute:
	// they share commits (groupcommit.go). The function below is safe to
	// run twice: it reads the meeting afresh, and starts from the change
	// as given each time (ch is its own copy, which it may rewrite).
	write := s.change
	if _, ok := ch.(model.CastVote); ok {
		write = s.changeGrouped
	}
	given := ch
	err := write("change meeting", by, func(tx *bolt.Tx, now time.Time) (model.AuditEntry, error) {
		ch := given
		m, err := visibleMeeting(tx, by.User, id)
		if err != nil {
			return model.AuditEntry{}, err
		}
		switch c := ch.(type) {
		case model.EditItem:
			err = checkLinks(tx, by.User, m.Ward, c.Problems)
		case model.AddItem:
			err = checkLinks(tx, by.User, m.Ward, c.Item.Problems)
		case model.OpenVote:
			err = checkCandidates(tx, by.User, m.Ward, c.Candidates)
		case model.StepReview:
			if it, _ := m.Item(c.Item); it != nil {
				c.To = recordReviewIndex(tx, by.User, it.Reviews, c.To)
				ch = c
			}
		case model.AddAttendee:
			if c.Attendee.UserID != 0 {
				// An enrolled user is recorded as the store knows them.
				var u model.User
				found, gerr := get(tx.Bucket(bucketUsers), u64(uint64(c.Attendee.UserID)), &u)
				if gerr != nil {
					return model.AuditEntry{}, gerr
				}
				if !found || !u.InWard(m.Ward) {
					return model.AuditEntry{}, fail(model.ErrNotFound, "user %d is not in this ward", c.Attendee.UserID)
				}
				c.Attendee.Name, c.Attendee.Agency = u.Name, u.Agency
				ch = c
			}
		}
		if err != nil {
			return model.AuditEntry{}, err
		}
		vis := model.Panel
		if c, ok := ch.(model.CorrectEntry); ok {
			// Its entry holds what the entry said: as restricted as the entry.
			vis = c.EntryVisibility(m)
		}
		summary, err := model.ApplyMeetingChange(by.User, &m, ch, now)
		if err != nil {
			// ErrUnchanged rolls back with nothing written: not even a revision.
			return model.AuditEntry{}, err
		}
		switch c := ch.(type) {
		case model.StartMeeting:
			err = listOpenActions(tx, &m)
		case model.CloseMeeting:
			err = freeze(tx, &m)
		case model.AgreeMinutes:
			err = agreeMinutes(tx, by.User, m, c.Previous, now)
		case model.CloseVote:
			err = put(tx.Bucket(bucketPriorities), []byte(m.Ward),
				model.WardPriorities{Ward: m.Ward, Problems: m.Vote.Result, MeetingID: m.ID, SetAt: now})
		}
		if err != nil {
			return model.AuditEntry{}, err
		}
		m.UpdatedBy, m.UpdatedAt = by.User.Name, now
		m.Version++
		if err := putMeeting(tx, m); err != nil {
			return model.AuditEntry{}, err
		}
		e := meetingEntry(ch.Audit(), m, summary)
		e.Visibility = vis
		return e, nil
	})
	if err != nil && !errors.Is(err, model.ErrUnchanged) {
		return model.Meeting{}, err
	}
	return s.meetingUncached(by.User, id)
}

// freeze keeps, in a closing meeting, what its minutes name as it
// stands: every reader's copy then renders from it, and a later edit or
// restriction of a problem or an action changes neither what the closed
// minutes say nor who reads which line.
func freeze(tx *bolt.Tx, m *model.Meeting) error {
	problems, actions := m.Named()
	f := &model.Frozen{}
	for _, id := range problems {
		var p model.Problem
		found, err := get(tx.Bucket(bucketProblems), u64(uint64(id)), &p)
		if err != nil {
			return err
		}
		if found && p.Ward == m.Ward {
			f.Problems = append(f.Problems, model.FrozenProblem{ID: p.ID, Title: p.Title, Visibility: p.Visibility})
		}
	}
	for _, id := range actions {
		var a model.Action
		found, err := get(tx.Bucket(bucketActions), u64(uint64(id)), &a)
		if err != nil {
			return err
		}
		if found && a.Ward == m.Ward {
			f.Actions = append(f.Actions, model.FreezeAction(a))
		}
	}
	m.Frozen = f
	return nil
}

// agreeMinutes marks meeting prev's minutes agreed at the live meeting m:
// from now on they stand as they are.
func agreeMinutes(tx *bolt.Tx, u model.User, m model.Meeting, prevID model.ID, now time.Time) error {
	prev, err := visibleMeeting(tx, u, prevID)
	if err != nil {
		return err
	}
	if err := model.CheckAgreeable(prev, m); err != nil {
		return err
	}
	prev.AgreedIn, prev.AgreedAt = m.ID, now
	prev.UpdatedBy, prev.UpdatedAt = u.Name, now
	prev.Version++
	return putMeeting(tx, prev)
}

// checkPanelRecord refuses to restrict problem p while it is the panel's
// record: a current ward priority, a candidate in an open vote, or named
// in closed minutes. One officer must not make a priority the panel voted
// for disappear, nor change what a closed meeting's minutes show.
// Widening is always allowed.
func checkPanelRecord(tx *bolt.Tx, old, p model.Problem) error {
	if old.Visibility.Within(p.Visibility) {
		return nil // nobody who saw it loses it
	}
	var pr model.WardPriorities
	if _, err := get(tx.Bucket(bucketPriorities), []byte(p.Ward), &pr); err != nil {
		return err
	}
	if slices.Contains(pr.Problems, p.ID) {
		return fail(model.ErrForbidden, "problem %s is a ward priority the panel voted for at meeting %d; "+
			"it stays visible to the whole panel until the panel sets new priorities", model.ProblemRef(p.ID), pr.MeetingID)
	}
	meetings, err := decodeWardMeetings(tx, p.Ward)
	if err != nil {
		return err
	}
	for _, m := range meetings {
		problems, _ := m.Named()
		if !slices.Contains(problems, p.ID) {
			continue
		}
		switch {
		case m.State == model.MeetingClosed:
			return fail(model.ErrForbidden, "problem %s is named in the closed minutes of meeting %d, which are the panel's record; "+
				"it cannot be restricted", model.ProblemRef(p.ID), m.ID)
		case m.Vote != nil && m.Vote.Open && slices.Contains(m.Vote.Candidates, p.ID):
			return fail(model.ErrForbidden, "problem %s is on the ballot of the open vote in meeting %d; "+
				"it cannot be restricted while the panel votes on it", model.ProblemRef(p.ID), m.ID)
		}
	}
	return nil
}

func (s *Store) raiseMeetingAction(by model.Actor, meetingID model.ID, item int, a model.Action) (model.Action, error) {
	err := s.change("raise action in meeting", by, func(tx *bolt.Tx, now time.Time) (model.AuditEntry, error) {
		m, err := visibleMeeting(tx, by.User, meetingID)
		if err != nil {
			return model.AuditEntry{}, err
		}
		if err := model.CheckRaiseInMeeting(by.User, m); err != nil {
			return model.AuditEntry{}, err
		}
		if it, _ := m.Item(item); it == nil {
			return model.AuditEntry{}, fail(model.ErrNotFound, "agenda item %d not found", item)
		}
		a.Ward, a.MeetingID = m.Ward, m.ID
		var e model.AuditEntry
		if a, e, err = insertAction(tx, by, now, a); err != nil {
			return model.AuditEntry{}, err
		}
		if err := m.NoteAction(item, a, by.User, now); err != nil {
			return model.AuditEntry{}, err
		}
		m.UpdatedBy, m.UpdatedAt = by.User.Name, now
		m.Version++
		if err := putMeeting(tx, m); err != nil {
			return model.AuditEntry{}, err
		}
		e.Summary += fmt.Sprintf(", item %d", item)
		return e, nil
	})
	if err != nil {
		return model.Action{}, err
	}
	return a, nil
}

func (s *Store) reviewAction(by model.Actor, meetingID, actionID model.ID, update string, status model.ActionStatus) (model.Meeting, error) {
	err := s.change("review action", by, func(tx *bolt.Tx, now time.Time) (model.AuditEntry, error) {
		m, err := visibleMeeting(tx, by.User, meetingID)
		if err != nil {
			return model.AuditEntry{}, err
		}
		a, err := visibleAction(tx, by.User, actionID)
		if err != nil {
			return model.AuditEntry{}, err
		}
		// Someone in two wards must not put one ward's action on the other's minutes.
		if a.Ward != m.Ward {
			return model.AuditEntry{}, noAction(actionID)
		}
		if err := model.CheckReview(by.User, m, a); err != nil {
			return model.AuditEntry{}, hidden(err, noAction(actionID))
		}
		if status == "" {
			status = a.Status
		}
		if status, err = model.ParseActionStatus(string(status)); err != nil {
			return model.AuditEntry{}, err
		}
		if err := m.RecordReview(by.User, a.ID, update, status, now); err != nil {
			return model.AuditEntry{}, err
		}
		summary := fmt.Sprintf("%q: reviewed in meeting %d", a.Title, m.ID)
		if status != a.Status {
			if err := a.Status.CheckMove(status); err != nil {
				return model.AuditEntry{}, err
			}
			summary += fmt.Sprintf(", status %s→%s", a.Status, status)
			a.Status = status
			a.UpdatedBy, a.UpdatedAt = by.User.Name, now
			a.Version++
			if err := putAction(tx, a); err != nil {
				return model.AuditEntry{}, err
			}
		}
		m.UpdatedBy, m.UpdatedAt = by.User.Name, now
		m.Version++
		if err := putMeeting(tx, m); err != nil {
			return model.AuditEntry{}, err
		}
		// The update is about the action, so its entry is as restricted as the action.
		return actionEntry(model.AuditActionReview, a, summary), nil
	})
	if err != nil {
		return model.Meeting{}, err
	}
	return s.meetingUncached(by.User, meetingID)
}

// meetingUncached is meeting, read straight from the stored records rather
// than through the ward's cached ones: for whoever has just changed the
// meeting. After each change every session following the meeting re-reads
// it through the cache, one at a time behind its lock; a ballot's
// read-back, queued behind all of theirs, took up to 780 ms of its commit
// with 300 following (issue 24, P7). The meeting and the few records it
// names cost the writer a decode each, and wait for nobody.
func (s *Store) meetingUncached(viewer model.User, id model.ID) (model.Meeting, error) {
	var out model.Meeting
	err := s.view("read meeting", func(tx *bolt.Tx) error {
		m, err := visibleMeeting(tx, viewer, id)
		if err != nil {
			return err
		}
		// As forViewer: only the ward's records, as viewer may see them.
		var failed error
		sees := func(id model.ID, ward func(model.ID) (string, error)) bool {
			w, err := ward(id)
			if err != nil && !errors.Is(err, model.ErrNotFound) {
				failed = cmp.Or(failed, err)
			}
			return err == nil && w == m.Ward
		}
		out = m.ForViewer(viewer,
			func(id model.ID) bool {
				return sees(id, func(id model.ID) (string, error) { p, err := visibleProblem(tx, viewer, id); return p.Ward, err })
			},
			func(id model.ID) bool {
				return sees(id, func(id model.ID) (string, error) { a, err := visibleAction(tx, viewer, id); return a.Ward, err })
			})
		return failed
	})
	if err != nil {
		return model.Meeting{}, err
	}
	return out, nil
}

// meeting is read from its ward's cached meetings: every session following
// a meeting re-reads it after each change to the store, which is seldom a
// change to the meeting.
func (s *Store) meeting(viewer model.User, id model.ID) (m model.Meeting, err error) {
	err = s.view("read meeting", func(tx *bolt.Tx) error {
		ward, ok := s.meetingWards.Load(id)
		if !ok {
			stored, err := visibleMeeting(tx, viewer, id)
			if err != nil {
				return err
			}
			ward, _ = s.meetingWards.LoadOrStore(id, stored.Ward)
		}
		all, err := s.meetingCache.records(tx, ward.(string), func() ([]model.Meeting, error) { return decodeWardMeetings(tx, ward.(string)) })
		if err != nil {
			return err
		}
		i, found := slices.BinarySearchFunc(all, id, func(m model.Meeting, id model.ID) int { return cmp.Compare(m.ID, id) })
		if !found || !model.CanSeeMeeting(viewer, all[i]) {
			return noMeeting(id)
		}
		// forViewer copies: nothing handed out shares the cache's records.
		m, err = s.forViewer(tx, viewer, all[i])
		return err
	})
	if err != nil {
		return model.Meeting{}, err
	}
	return m, nil
}

func (s *Store) meetings(viewer model.User, ward string) ([]model.Meeting, error) {
	return wardList(s, "list meetings", viewer, ward, func(tx *bolt.Tx, code string) ([]model.Meeting, error) {
		all, err := s.meetingCache.records(tx, code, func() ([]model.Meeting, error) { return decodeWardMeetings(tx, code) })
		if err != nil {
			return nil, err
		}
		var out []model.Meeting
		for _, m := range all {
			// forViewer copies: nothing handed out shares the cache's records.
			m, err := s.forViewer(tx, viewer, m)
			if err != nil {
				return nil, err
			}
			out = append(out, m)
		}
		return out, nil
	})
}

func decodeWardMeetings(tx *bolt.Tx, code string) ([]model.Meeting, error) {
	return allInWard(tx, bucketMeetings, bucketMeetingsByWard, code, "a meeting",
		func(m model.Meeting) string { return m.Ward })
}

func (s *Store) priorities(viewer model.User, ward string) (model.WardPriorities, error) {
	var p model.WardPriorities
	code, err := s.wardView("read priorities", viewer, ward, func(tx *bolt.Tx, code string) error {
		if _, err := get(tx.Bucket(bucketPriorities), []byte(code), &p); err != nil {
			return err
		}
		// A priority restricted since the vote drops out for those who may not see it.
		p.Problems = slices.DeleteFunc(p.Problems, func(id model.ID) bool {
			_, err := visibleProblem(tx, viewer, id)
			return err != nil
		})
		return nil
	})
	if err != nil {
		return model.WardPriorities{}, err
	}
	p.Ward = code
	return p, nil
}
