package store

import (
	"bytes"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	bolt "go.etcd.io/bbolt"

	"wardpanel/model"
)

// Personal data (issue 6): what the file holds about one person, and
// erasing them. Both find the person's part in a record the same way
// (personRefs below), so an export lists exactly what an erasure changes.
//
// A person figures in records by their user ID (attendance, ballots,
// invites, the audit trail's actor) and by their name, which records copy
// when they are written (created_by, updated_by, an action's assignee, an
// outcome's by, minutes_by, …). Names are compared ignoring case, as
// names are unique that way. Free text (a description, minutes, a note)
// is not searched: it is the author's words, and it is listed in the
// export with its record.

// Held is one record the person figures in: what kind it is, and how they
// figure in it ("created", "assignee", "attended", …).
type Held[T any] struct {
	As     []string `json:"as"`
	Record T        `json:"record"`
}

// PersonMeeting is a meeting as the reader may read it, with the
// person's own ballot, which the meeting as others read it does not show.
type PersonMeeting struct {
	model.Meeting
	Ballot []model.ID `json:"ballot,omitempty"`
}

// PersonRecord is everything the file holds about one user, as one reader
// may see it: PersonExport's answer.
type PersonRecord struct {
	ExportedAt time.Time `json:"exported_at"`
	// ReadAs says whose view the ward's records are read with.
	ReadAs string `json:"read_as"`
	// User is the account, with every key.
	User     model.User             `json:"user"`
	Invites  []Held[model.Invite]   `json:"invites"`
	Problems []Held[model.Problem]  `json:"problems"`
	Actions  []Held[model.Action]   `json:"actions"`
	Outcomes []Held[model.Outcome]  `json:"outcomes"`
	Evidence []Held[model.Evidence] `json:"evidence"`
	// Updates are the partner updates they posted before a meeting.
	Updates  []Held[model.Update]     `json:"updates"`
	Meetings []Held[PersonMeeting]    `json:"meetings"`
	Audit    []Held[model.AuditEntry] `json:"audit"`
	// Mail is the e-mail queued for them and not yet sent: what it is
	// about, not its text, which is only built when it is sent.
	Mail []model.Mail `json:"queued_mail"`
	// Plans are the parts of problems' SARA plans they wrote, and the
	// stage moves they made (PersonPlan).
	Plans []Held[PersonPlan] `json:"plans"`
	// Withheld counts, by kind, the records that name them which the
	// reader may not see.
	Withheld map[string]int `json:"withheld,omitempty"`
}

// PersonErasure says what PersonErase changed.
type PersonErasure struct {
	UserID model.ID `json:"user_id"`
	// Placeholder is the name that now stands where theirs did.
	Placeholder string `json:"placeholder"`
	Keys        int    `json:"keys"`
	// Mail is how many queued e-mails to them were dropped.
	Mail int `json:"queued_mail"`
	// How many records of each kind named them (and now name Placeholder).
	Problems, Actions, Outcomes, Evidence, Meetings, Invites, AuditEntries int
	Updates                                                                int
	// Plans is how many problems' plans named them.
	Plans int
}

// PersonPlaceholder is the name an erased user's authorship is given.
func PersonPlaceholder(id model.ID) string { return fmt.Sprintf("former user #%d", id) }

// PersonExport returns everything held about the user called name (found
// ignoring case), as JSON-ready records: the account with its keys; the
// invites that named them or that they made; the problems, actions,
// outcomes and evidence they created, last updated, are assigned to or
// logged; the meetings they created, chaired, minuted, noted, reviewed,
// presented at, attended or voted in (with their own ballot); and the
// audit entries of what they did and of those that name them.
//
// Records are read as reader may see them: visibility holds here as on
// every read path. A nil reader is by's own view; the operator has no ward
// of its own, so theirs is each ward's records as the whole panel of that
// ward reads them (panel-wide records; meetings without what points at
// restricted ones). What the reader may not see is left out, and Withheld counts it
// by kind, so the export says it is incomplete; an export read as someone
// who may see more lists more. Audit entries are read by the same rule
// (their ward and visibility, and their record's as it is now);
// administrative ones, which have no ward, are included.
//
// Only the operator or an admin may export (ErrForbidden); an unknown
// name is ErrNotFound.
func (s *Store) PersonExport(by model.Actor, name string, reader *model.User) (PersonRecord, error) {
	if err := checkAdmin(by); err != nil {
		return PersonRecord{}, err
	}
	if reader == nil && !by.IsOperator() {
		reader = &by.User
	}
	rec := PersonRecord{ExportedAt: s.clock().UTC().Round(0), ReadAs: "the whole panel of each ward", Withheld: map[string]int{}}
	if reader != nil {
		rec.ReadAs = model.CleanLine(reader.Name, model.MaxNameLen)
	}
	err := s.view("export a person", func(tx *bolt.Tx) error {
		u, err := userVia(tx, bucketUserNames, nameKey(name), noSuchPerson(name))
		if err != nil {
			return err
		}
		rec.User = u
		refs, err := personRefs(tx, u)
		if err != nil {
			return err
		}
		if rec.Mail, _, err = personMail(tx, u.ID); err != nil {
			return err
		}
		if rec.Mail == nil {
			rec.Mail = []model.Mail{}
		}
		view := func(ward string, v model.Visibility) bool { return readerSees(reader, ward, v) }
		withhold := func(kind string) { rec.Withheld[kind]++ }
		rec.Invites = appendHeld([]Held[model.Invite]{}, refs.invites, func(model.Invite) bool { return true }, withhold, "invites")
		rec.Problems = appendHeld([]Held[model.Problem]{}, refs.problems,
			func(p model.Problem) bool { return view(p.Ward, p.Visibility) }, withhold, "problems")
		rec.Actions = appendHeld([]Held[model.Action]{}, refs.actions,
			func(a model.Action) bool { return view(a.Ward, a.Visibility) }, withhold, "actions")
		// Outcomes are as visible as their action.
		rec.Outcomes = []Held[model.Outcome]{}
		for _, h := range refs.outcomes {
			var a model.Action
			found, err := get(tx.Bucket(bucketActions), u64(uint64(h.Record.ActionID)), &a)
			if err != nil {
				return err
			}
			if found && view(a.Ward, a.Visibility) {
				rec.Outcomes = append(rec.Outcomes, h)
			} else {
				withhold("outcomes")
			}
		}
		// Updates are as visible as their record is now.
		rec.Updates = []Held[model.Update]{}
		for _, h := range refs.updates {
			ok, err := updateSeen(tx, reader, h.Record)
			if err != nil {
				return err
			}
			if ok {
				rec.Updates = append(rec.Updates, h)
			} else {
				withhold("updates")
			}
		}
		rec.Evidence = appendHeld([]Held[model.Evidence]{}, refs.evidence,
			func(e model.Evidence) bool { return view(e.Ward, e.Visibility) && problemSeen(tx, reader, e.ProblemID) }, withhold, "evidence")
		rec.Meetings = []Held[PersonMeeting]{}
		for _, h := range refs.meetings {
			m := h.Record
			r := panelReader(reader, m.Ward)
			if !model.CanSeeMeeting(r, m) {
				withhold("meetings")
				continue
			}
			read, err := s.forViewer(tx, r, m)
			if err != nil {
				return err
			}
			pm := PersonMeeting{Meeting: read}
			if m.Vote != nil {
				for _, id := range m.Vote.Choices(u.ID) {
					if problemSeen(tx, reader, id) {
						pm.Ballot = append(pm.Ballot, id)
					}
				}
			}
			rec.Meetings = append(rec.Meetings, Held[PersonMeeting]{As: h.As, Record: pm})
		}
		rec.Plans = []Held[PersonPlan]{}
		for _, h := range refs.plans {
			if pp, ok := personPlan(tx, u, reader, h.Record, withhold); ok {
				rec.Plans = append(rec.Plans, Held[PersonPlan]{As: pp.as(), Record: pp})
			}
		}
		rec.Audit = appendHeld([]Held[model.AuditEntry]{}, refs.audit, func(e model.AuditEntry) bool {
			if e.Ward == "" {
				return true
			}
			if !view(e.Ward, e.Visibility) {
				return false
			}
			now, exists := targetVisibility(tx, e.Target)
			return !exists || view(e.Ward, now)
		}, withhold, "audit entries")
		return nil
	})
	if err != nil {
		return PersonRecord{}, err
	}
	if len(rec.Withheld) == 0 {
		rec.Withheld = nil
	}
	return rec, nil
}

// PersonErase erases the user called name, in one transaction: the
// account, its name and its keys go (their sessions end and their keys
// are unknown from then on), and wherever a record names them (see
// PersonExport) the name becomes PersonPlaceholder(their ID), "former
// user #ID". Records keep their versions and times; IDs that point at the
// user (attendance, ballots, invites) stay, so votes still count. The
// audit trail keeps every entry of what they did, with its action, time,
// target and key fingerprint, under the placeholder; their name in any
// entry's summary (user.add, an assignee change) is replaced too. One
// entry, model.AuditPersonErase, records the erasure, without the name.
//
// Free text that mentions them (a description, minutes) is not changed:
// PersonExport lists it for a person to review.
//
// Only the operator or an admin may erase (ErrForbidden), and not
// themselves; an unknown name is ErrNotFound.
func (s *Store) PersonErase(by model.Actor, name string) (PersonErasure, error) {
	if err := checkAdmin(by); err != nil {
		return PersonErasure{}, err
	}
	var out PersonErasure
	err := s.change("erase a person", by, func(tx *bolt.Tx, now time.Time) (model.AuditEntry, error) {
		if err := checkAdminNow(tx, by); err != nil {
			return model.AuditEntry{}, err
		}
		u, err := userVia(tx, bucketUserNames, nameKey(name), noSuchPerson(name))
		if err != nil {
			return model.AuditEntry{}, err
		}
		if !by.IsOperator() && by.User.ID == u.ID {
			return model.AuditEntry{}, fail(model.ErrForbidden, "not allowed: you cannot erase yourself")
		}
		placeholder := PersonPlaceholder(u.ID)
		if tx.Bucket(bucketUserNames).Get(nameKey(placeholder)) != nil {
			return model.AuditEntry{}, fail(model.ErrDuplicate, "a user is called %q; rename them first", placeholder)
		}
		refs, err := personRefs(tx, u)
		if err != nil {
			return model.AuditEntry{}, err
		}

		// The account: record, name and keys.
		if err := tx.Bucket(bucketUsers).Delete(u64(uint64(u.ID))); err != nil {
			return model.AuditEntry{}, err
		}
		if err := tx.Bucket(bucketUserNames).Delete(nameKey(u.Name)); err != nil {
			return model.AuditEntry{}, err
		}
		if u.Email != "" {
			if err := tx.Bucket(bucketUserEmails).Delete([]byte(u.Email)); err != nil {
				return model.AuditEntry{}, err
			}
		}
		dropped, err := erasePersonMail(tx, u.ID) // outbox.go
		if err != nil {
			return model.AuditEntry{}, err
		}
		keys := tx.Bucket(bucketUserKeys)
		for _, k := range u.Keys {
			if err := keys.Delete([]byte(k.Fingerprint)); err != nil {
				return model.AuditEntry{}, err
			}
		}

		// Authorship: each record rewritten under its own key.
		m := personMatch{u}
		rename := func(s *string) {
			if m.named(*s) {
				*s = placeholder
			}
		}
		for _, h := range refs.problems {
			p := h.Record
			rename(&p.CreatedBy)
			rename(&p.UpdatedBy)
			if err := put(tx.Bucket(bucketProblems), u64(uint64(p.ID)), p); err != nil {
				return model.AuditEntry{}, err
			}
			noteTouched(tx, bucketProblems, u64(uint64(p.ID)))
		}
		for _, h := range refs.actions {
			a := h.Record
			rename(&a.CreatedBy)
			rename(&a.UpdatedBy)
			rename(&a.Assignee)
			if err := put(tx.Bucket(bucketActions), u64(uint64(a.ID)), a); err != nil {
				return model.AuditEntry{}, err
			}
			noteTouched(tx, bucketActions, u64(uint64(a.ID)))
		}
		for _, h := range refs.outcomes {
			o := h.Record
			rename(&o.By)
			if err := put(tx.Bucket(bucketOutcomes), pairKey(uint64(o.ActionID), uint64(o.ID)), o); err != nil {
				return model.AuditEntry{}, err
			}
		}
		for _, h := range refs.updates {
			up := h.Record
			rename(&up.By)
			if err := put(tx.Bucket(bucketUpdates), pairKey(uint64(up.MeetingID), uint64(up.ID)), up); err != nil {
				return model.AuditEntry{}, err
			}
		}
		for _, h := range refs.evidence {
			e := h.Record
			rename(&e.LoggedBy)
			if err := put(tx.Bucket(bucketEvidence), pairKey(uint64(e.ProblemID), uint64(e.ID)), e); err != nil {
				return model.AuditEntry{}, err
			}
		}
		for _, h := range refs.plans {
			plan := h.Record
			renamePlan(&plan, func(s *string) bool {
				rename(s)
				return false
			})
			if err := putPlan(tx, plan); err != nil {
				return model.AuditEntry{}, err
			}
		}
		for _, h := range refs.meetings {
			mt := h.Record.Clone()
			rename(&mt.CreatedBy)
			rename(&mt.UpdatedBy)
			rename(&mt.Chair)
			if mt.Vote != nil {
				rename(&mt.Vote.OpenedBy)
			}
			for _, it := range mt.ItemsAndUndo() {
				rename(&it.Presenter)
				rename(&it.MinutesBy)
				for j := range it.Notes {
					rename(&it.Notes[j].By)
				}
				for j := range it.Reviews {
					rename(&it.Reviews[j].By)
				}
			}
			for i := range mt.Attendance {
				if a := &mt.Attendance[i]; m.attended(*a) {
					a.Name = placeholder
				}
			}
			if err := put(tx.Bucket(bucketMeetings), u64(uint64(mt.ID)), mt); err != nil {
				return model.AuditEntry{}, err
			}
		}
		if b := tx.Bucket(bucketInvites); b != nil {
			for _, h := range refs.invites {
				inv := h.Record
				rename(&inv.Name)
				rename(&inv.CreatedBy)
				if err := put(b, refs.inviteKeys[inv.ID], inv); err != nil {
					return model.AuditEntry{}, err
				}
			}
		}
		for _, h := range refs.audit {
			e := h.Record
			if m.acted(e) {
				e.Actor.User.Name = placeholder
			}
			e.Summary = replaceName(e.Summary, u.Name, placeholder)
			if err := put(tx.Bucket(bucketAudit), u64(e.Seq), e); err != nil {
				return model.AuditEntry{}, err
			}
		}

		out = PersonErasure{UserID: u.ID, Placeholder: placeholder, Keys: len(u.Keys), Mail: dropped,
			Problems: len(refs.problems), Actions: len(refs.actions), Outcomes: len(refs.outcomes), Updates: len(refs.updates),
			Evidence: len(refs.evidence), Meetings: len(refs.meetings), Invites: len(refs.invites), AuditEntries: len(refs.audit),
			Plans: len(refs.plans)}
		return model.AuditEntry{
			Action: model.AuditPersonErase,
			Target: fmt.Sprintf("user/%d", u.ID),
			Summary: fmt.Sprintf("%s erased: the account, %s and %s; named in %s, %s, %s, %s, %s, %s, %s, %s", placeholder,
				model.Counted(out.Keys, "key", "keys"), model.Counted(out.Mail, "queued e-mail", "queued e-mails"), model.Counted(out.Problems, "problem", "problems"), model.Counted(out.Actions, "action", "actions"), model.Counted(out.Outcomes, "outcome", "outcomes"),
				model.Counted(out.Evidence, "evidence entry", "evidence entries"), model.Counted(out.Plans, "problem plan", "problem plans"), model.Counted(out.Meetings, "meeting", "meetings"), model.Counted(out.Invites, "invite", "invites"),
				model.Counted(out.AuditEntries, "audit entry", "audit entries")),
		}, nil
	})
	if err != nil {
		return PersonErasure{}, err
	}
	return out, nil
}

func noSuchPerson(name string) error {
	return fail(model.ErrNotFound, "no user named %q", model.CleanLine(name, model.MaxNameLen))
}

// personMatch recognises a person in a record.
type personMatch struct{ u model.User }

// named reports whether a name copied into a record is theirs.
func (m personMatch) named(s string) bool {
	return s != "" && strings.EqualFold(strings.TrimSpace(s), m.u.Name)
}

// attended reports whether an attendance entry is theirs: by user ID, or,
// for an entry made without an account, by name.
func (m personMatch) attended(a model.Attendee) bool {
	if a.UserID != 0 {
		return a.UserID == m.u.ID
	}
	return m.named(a.Name)
}

// acted reports whether an audit entry's actor is them: by user ID, or,
// for an actor without one (a refused attempt), by name.
func (m personMatch) acted(e model.AuditEntry) bool {
	if e.Actor.User.ID != 0 {
		return e.Actor.User.ID == m.u.ID
	}
	return e.Actor.Fingerprint != model.Operator.Fingerprint && m.named(e.Actor.User.Name)
}

// refs are the records a person figures in, as stored.
type refs struct {
	invites    []Held[model.Invite]
	inviteKeys map[model.ID][]byte
	problems   []Held[model.Problem]
	actions    []Held[model.Action]
	outcomes   []Held[model.Outcome]
	updates    []Held[model.Update]
	evidence   []Held[model.Evidence]
	plans      []Held[model.Plan]
	meetings   []Held[model.Meeting]
	audit      []Held[model.AuditEntry]
}

// personRefs reads every record u figures in. It scans the file: an
// export or an erasure is rare and the file is small beside the disk.
func personRefs(tx *bolt.Tx, u model.User) (refs, error) {
	m := personMatch{u}
	r := refs{inviteKeys: map[model.ID][]byte{}}
	as := func(pairs ...any) []string {
		var out []string
		for i := 0; i+1 < len(pairs); i += 2 {
			if pairs[i+1].(bool) {
				out = append(out, pairs[i].(string))
			}
		}
		return out
	}
	err := scan(tx, bucketProblems, func(_ []byte, p model.Problem) {
		if a := as("created", m.named(p.CreatedBy), "updated", m.named(p.UpdatedBy)); a != nil {
			r.problems = append(r.problems, Held[model.Problem]{a, p})
		}
	})
	if err == nil {
		err = scan(tx, bucketActions, func(_ []byte, x model.Action) {
			if a := as("created", m.named(x.CreatedBy), "updated", m.named(x.UpdatedBy), "assignee", m.named(x.Assignee)); a != nil {
				r.actions = append(r.actions, Held[model.Action]{a, x})
			}
		})
	}
	if err == nil {
		err = scan(tx, bucketOutcomes, func(_ []byte, o model.Outcome) {
			if m.named(o.By) {
				r.outcomes = append(r.outcomes, Held[model.Outcome]{[]string{"logged"}, o})
			}
		})
	}
	if err == nil {
		err = scan(tx, bucketUpdates, func(_ []byte, up model.Update) {
			if m.named(up.By) {
				r.updates = append(r.updates, Held[model.Update]{[]string{"posted"}, up})
			}
		})
	}
	if err == nil {
		err = scan(tx, bucketEvidence, func(_ []byte, e model.Evidence) {
			if m.named(e.LoggedBy) {
				r.evidence = append(r.evidence, Held[model.Evidence]{[]string{"logged"}, e})
			}
		})
	}
	if err == nil {
		err = scan(tx, bucketPlans, func(_ []byte, plan model.Plan) {
			if named := renamePlan(&plan, func(s *string) bool { return m.named(*s) }); named {
				r.plans = append(r.plans, Held[model.Plan]{[]string{"wrote"}, plan})
			}
		})
	}
	if err == nil {
		err = scan(tx, bucketMeetings, func(_ []byte, mt model.Meeting) {
			if a := meetingRoles(m, mt); a != nil {
				r.meetings = append(r.meetings, Held[model.Meeting]{a, mt})
			}
		})
	}
	if err == nil && tx.Bucket(bucketInvites) != nil {
		err = scan(tx, bucketInvites, func(k []byte, inv model.Invite) {
			invitee := m.named(inv.Name) || inv.UserID != 0 && inv.UserID == u.ID
			if a := as("invitee", invitee, "invited", m.named(inv.CreatedBy)); a != nil {
				r.invites = append(r.invites, Held[model.Invite]{a, inv})
				r.inviteKeys[inv.ID] = bytes.Clone(k)
			}
		})
	}
	if err == nil {
		err = scan(tx, bucketAudit, func(_ []byte, e model.AuditEntry) {
			named := replaceName(e.Summary, u.Name, "") != e.Summary
			if a := as("actor", m.acted(e), "named", named); a != nil {
				r.audit = append(r.audit, Held[model.AuditEntry]{a, e})
			}
		})
	}
	return r, err
}

// meetingRoles says how someone figures in a meeting, or nil.
func meetingRoles(m personMatch, mt model.Meeting) []string {
	var out []string
	add := func(role string, ok bool) {
		if ok && !slices.Contains(out, role) {
			out = append(out, role)
		}
	}
	add("created", m.named(mt.CreatedBy))
	add("updated", m.named(mt.UpdatedBy))
	add("chair", m.named(mt.Chair))
	for _, it := range mt.ItemsAndUndo() {
		add("presenter", m.named(it.Presenter))
		add("minutes", m.named(it.MinutesBy))
		for _, n := range it.Notes {
			add("note", m.named(n.By))
		}
		for _, r := range it.Reviews {
			add("review", m.named(r.By))
		}
	}
	for _, a := range mt.Attendance {
		if m.attended(a) {
			add(string(a.Kind), true)
		}
	}
	if v := mt.Vote; v != nil {
		add("opened the vote", m.named(v.OpenedBy))
		add("voted", v.Voted(m.u.ID))
	}
	return out
}

// scan decodes every record of a bucket, in key order.
func scan[T any](tx *bolt.Tx, bucket []byte, fn func(k []byte, v T)) error {
	return tx.Bucket(bucket).ForEach(func(k, v []byte) error {
		var x T
		if err := decode(v, &x); err != nil {
			return err
		}
		fn(k, x)
		return nil
	})
}

// appendHeld keeps the held records the reader may see and counts the rest.
func appendHeld[T any](out []Held[T], all []Held[T], sees func(T) bool, withhold func(string), kind string) []Held[T] {
	for _, h := range all {
		if sees(h.Record) {
			out = append(out, h)
		} else {
			withhold(kind)
		}
	}
	return out
}

// panelReader is whose view a ward's records are read with: reader, or,
// for the operator, the whole panel of the ward: a member of it with no
// agency and no panel office.
func panelReader(reader *model.User, ward string) model.User {
	if reader != nil {
		return *reader
	}
	return model.User{Name: "the panel", Role: model.RoleObserver, Wards: []string{ward}}
}

func readerSees(reader *model.User, ward string, v model.Visibility) bool {
	return model.CanSee(panelReader(reader, ward), ward, v)
}

// problemSeen reports whether the reader may see problem id.
func problemSeen(tx *bolt.Tx, reader *model.User, id model.ID) bool {
	var p model.Problem
	found, err := get(tx.Bucket(bucketProblems), u64(uint64(id)), &p)
	return err == nil && found && readerSees(reader, p.Ward, p.Visibility)
}

// targetVisibility is the visibility now of the problem or action an
// audit entry's target names, if it names one that exists.
func targetVisibility(tx *bolt.Tx, target string) (model.Visibility, bool) {
	_, bucket, id, ok := targetRecord(target)
	if !ok {
		return model.Visibility{}, false
	}
	var rec struct {
		Visibility model.Visibility `json:"visibility"`
	}
	found, err := get(tx.Bucket(bucket), u64(id), &rec)
	switch {
	case err != nil:
		// A record that does not decode is shown to nobody: a kind no
		// rule knows fails closed.
		return model.Visibility{Kind: "unreadable"}, true
	case !found:
		return model.Visibility{}, false
	}
	return rec.Visibility, true
}

// replaceName replaces name in s with with, ignoring case, where it
// stands as a name: not inside a longer word ("Al" is not replaced in
// "Alley").
func replaceName(s, name, with string) string {
	if name == "" || s == "" {
		return s
	}
	lower, lowerName := strings.ToLower(s), strings.ToLower(name)
	if len(lower) != len(s) || len(lowerName) != len(name) {
		lower, lowerName = s, name // case folding changed lengths: exact matches only
	}
	var b strings.Builder
	from := 0
	for i := 0; i <= len(lower)-len(lowerName); {
		j := strings.Index(lower[i:], lowerName)
		if j < 0 {
			break
		}
		j += i
		end := j + len(lowerName)
		before, _ := utf8.DecodeLastRuneInString(s[:j])
		after, _ := utf8.DecodeRuneInString(s[end:])
		if (j == 0 || !wordRune(before)) && (end == len(s) || !wordRune(after)) {
			b.WriteString(s[from:j])
			b.WriteString(with)
			from = end
			i = end
		} else {
			i = j + 1
		}
	}
	if from == 0 {
		return s
	}
	b.WriteString(s[from:])
	return b.String()
}

func wordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

// updateSeen: an update in an export is as visible as its record is now,
// read as reader (nil: the whole panel of its ward).
func updateSeen(tx *bolt.Tx, reader *model.User, up model.Update) (bool, error) {
	if up.Kind == model.RecordAction {
		var a model.Action
		found, err := get(tx.Bucket(bucketActions), u64(uint64(up.RecordID)), &a)
		return found && readerSees(reader, a.Ward, a.Visibility) && readerSees(reader, a.Ward, a.Parent), err
	}
	var p model.Problem
	found, err := get(tx.Bucket(bucketProblems), u64(uint64(up.RecordID)), &p)
	return found && readerSees(reader, p.Ward, p.Visibility), err
}
