package store

import (
	"bytes"
	"encoding/binary"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	bolt "go.etcd.io/bbolt"

	"wardpanel/model"
)

// appendAudit completes e and appends it in the write's own transaction.
// The actor is kept to who they were at the time (ID, name, agency, role)
// and the key they used; their keys and wards are not the trail's business.
func appendAudit(tx *bolt.Tx, by model.Actor, now time.Time, e model.AuditEntry) error {
	b := tx.Bucket(bucketAudit)
	seq, err := b.NextSequence()
	if err != nil {
		return err
	}
	e.Seq = seq
	e.At = now
	e.Actor = model.Actor{
		User: model.User{
			ID:     by.User.ID,
			Name:   by.User.Name,
			Agency: by.User.Agency,
			Role:   by.User.Role,
		},
		Fingerprint: by.Fingerprint,
	}
	if e.Visibility.Kind == "" {
		e.Visibility = model.Panel
	}
	return put(b, u64(seq), e)
}

// AuditQuery narrows a read of the audit trail. Every field is optional:
// the zero value asks for the newest DefaultAuditLimit entries the viewer
// may see.
type AuditQuery struct {
	// Who is part of the actor's name or key fingerprint, ignoring case.
	Who string
	// Action is model.ParseAuditFilter's: a family ("meeting" for every
	// change to meetings, "denied" for refusals) or a whole action such
	// as "action.status". Anything else is refused (ErrInvalid).
	Action string
	// Since and Until bound when the entry was written: from Since, and
	// before Until. A zero time leaves that end open.
	Since, Until time.Time
	// Before, if not 0, reads only entries numbered below it: the page
	// after one that ended with entry Before.
	Before uint64
	// Limit caps how many entries come back: 0 is DefaultAuditLimit, and
	// more than MaxAuditLimit is MaxAuditLimit.
	Limit int
}

const (
	// DefaultAuditLimit is how many entries AuditFind returns when the
	// query does not say.
	DefaultAuditLimit = 500
	// MaxAuditLimit is the most entries one AuditFind returns.
	MaxAuditLimit = 5000
	// MaxAuditScan is the most entries one AuditFind reads, matching or
	// not, so a filter that matches little cannot make a session read a
	// trail of millions: narrow it by time, or page on with Before.
	MaxAuditScan = 100_000
)

// AuditFind lists the audit entries viewer may see that match q, newest
// first. Who may see what is model.CanSeeAudit's rule, and, for an entry
// about a problem or an action that still exists, model.CanSeeAuditNow's
// against the record as it is now: restricting a record takes its history
// with it. Residents, and anyone else who reads no entry, get none without
// a scan. At most MaxAuditScan entries are read; the trail is read from
// its newest entry back to the first one written before q.Since.
func (s *Store) AuditFind(viewer model.User, q AuditQuery) ([]model.AuditEntry, error) {
	switch {
	case q.Limit <= 0:
		q.Limit = DefaultAuditLimit
	case q.Limit > MaxAuditLimit:
		q.Limit = MaxAuditLimit
	}
	return s.findAudit(viewer, q, MaxAuditScan)
}

func (s *Store) audit(viewer model.User, limit int) ([]model.AuditEntry, error) {
	return s.findAudit(viewer, AuditQuery{Limit: limit}, 0)
}

// findAudit scans the trail from the newest entry back. q.Limit and
// maxScan of 0 mean no limit.
func (s *Store) findAudit(viewer model.User, q AuditQuery, maxScan int) ([]model.AuditEntry, error) {
	out := []model.AuditEntry{}
	if !mayReadSomeAudit(viewer) {
		return out, nil // spares a scan of the whole trail for residents
	}
	who := strings.ToLower(strings.TrimSpace(q.Who))
	filter, err := model.ParseAuditFilter(q.Action)
	if err != nil {
		return nil, err
	}
	// The raw entry is searched for the name first, which spares decoding
	// most of what the filter leaves out.
	action := string(filter.Action)
	if filter.Family != "" {
		action = string(filter.Family) + "."
	}
	err = s.view("read audit", func(tx *bolt.Tx) error {
		scopes := map[string]recordScope{}
		c := tx.Bucket(bucketAudit).Cursor()
		k, v := c.Last()
		if q.Before != 0 {
			k, v = c.Seek(u64(q.Before))
			if k == nil {
				k, v = c.Last() // Before is past the end: start at the newest
			}
			for k != nil && binary.BigEndian.Uint64(k) >= q.Before {
				k, v = c.Prev()
			}
		}
		for scanned := 0; k != nil && (q.Limit <= 0 || len(out) < q.Limit) && (maxScan <= 0 || scanned < maxScan); k, v = c.Prev() {
			scanned++
			if !mayHold(v, action) || !mayHold(v, who) {
				continue // spares decoding most of what a filter leaves out
			}
			var e model.AuditEntry
			if err := decode(v, &e); err != nil {
				return err
			}
			if !q.Since.IsZero() && e.At.Before(q.Since) {
				break // appended in time order: the rest are older still
			}
			if !q.Until.IsZero() && !e.At.Before(q.Until) {
				continue
			}
			if !filter.Matches(e.Action) {
				continue
			}
			if who != "" && !strings.Contains(strings.ToLower(e.Actor.User.Name), who) &&
				!strings.Contains(strings.ToLower(e.Actor.Fingerprint), who) {
				continue
			}
			if !model.CanSeeAudit(viewer, e) {
				continue
			}
			if e.Ward != "" {
				// A ward's record: as it is now, too. (Administrative
				// entries, refusals among them, are the admins' whatever
				// they name.)
				sc, ok := scopes[e.Target]
				if !ok {
					sc = currentScope(tx, e.Target)
					scopes[e.Target] = sc
				}
				if sc.hidden || sc.exists && !model.CanSeeAuditNow(viewer, e, sc.Visibility) {
					continue
				}
				// An action is seen by its own rule (its problem narrows
				// it; its owner and assignee always see it), not by its
				// own visibility alone.
				if sc.action != nil && !model.CanSeeAction(viewer, *sc.action) {
					continue
				}
			}
			out = append(out, e)
		}
		return nil
	})
	return out, err
}

// mayHold reports whether the stored entry raw could have a field that
// holds needle (lower-case), ignoring case: false only when it cannot, so
// the entry need not be decoded. JSON writes text as it is, but for the
// characters it escapes; a needle with none of them appears in the raw
// bytes wherever it appears in a field.
func mayHold(raw []byte, needle string) bool {
	if needle == "" || strings.ContainsAny(needle, "\\\"<>&\u2028\u2029\ufffd") || !utf8.ValidString(needle) {
		return true
	}
	for _, r := range needle {
		if r < 0x20 || r == 0x7f {
			return true
		}
	}
	return bytes.Contains(bytes.ToLower(raw), []byte(needle))
}

// recordScope is where the record an audit entry is about stands now.
type recordScope struct {
	Visibility model.Visibility `json:"visibility"`
	// action is the action a target "action/N" names, as it is now.
	action *model.Action
	exists bool
	// hidden: the record is there but does not decode; its entries are
	// withheld rather than shown against a visibility nobody can read.
	hidden bool
}

// currentScope reads the visibility of the problem or action target names
// ("problem/12", "action/3"). Other targets (meetings, users, wards) are
// never restricted: their entries stand as written.
func currentScope(tx *bolt.Tx, target string) recordScope {
	kind, bucket, id, ok := targetRecord(target)
	if !ok {
		return recordScope{}
	}
	var sc recordScope
	found, err := get(tx.Bucket(bucket), u64(id), &sc)
	switch {
	case err != nil:
		return recordScope{exists: true, hidden: true}
	case !found:
		return recordScope{}
	}
	sc.exists = true
	if kind == "action" {
		var a model.Action
		if _, err := get(tx.Bucket(bucket), u64(id), &a); err != nil {
			return recordScope{exists: true, hidden: true}
		}
		sc.action = &a
	}
	return sc
}

// targetRecord reads an audit target that names a problem or an action
// ("problem/12", "action/3"): its kind, its bucket and its ID. Other
// targets (meetings, users, wards) are not records with a visibility.
func targetRecord(target string) (kind string, bucket []byte, id uint64, ok bool) {
	kind, num, _ := strings.Cut(target, "/")
	switch kind {
	case "problem":
		bucket = bucketProblems
	case "action":
		bucket = bucketActions
	default:
		return "", nil, 0, false
	}
	id, err := strconv.ParseUint(num, 10, 64)
	if err != nil {
		return "", nil, 0, false
	}
	return kind, bucket, id, true
}

// mayReadSomeAudit asks model, not a copy of its rules, whether any entry
// could be visible: an administrative one, or a panel-wide one in a ward of
// the viewer's.
func mayReadSomeAudit(u model.User) bool {
	if model.CanSeeAudit(u, model.AuditEntry{}) {
		return true
	}
	for _, w := range u.Wards {
		if model.CanSeeAudit(u, model.AuditEntry{Ward: w, Visibility: model.Panel}) {
			return true
		}
	}
	return false
}
