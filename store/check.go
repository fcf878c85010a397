package store

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"maps"
	"runtime/debug"
	"slices"
	"strings"
	"time"

	bolt "go.etcd.io/bbolt"
	berrors "go.etcd.io/bbolt/errors"

	"wardpanel/model"
)

// maxFaults bounds a report: a badly damaged file would otherwise produce a
// line per record, and the first screenful says what matters.
const maxFaults = 200

// Report is what Check found: the counts of a healthy file, and one line per
// fault of a damaged one.
type Report struct {
	Path     string
	Schema   int
	Revision uint64

	Wards, Agencies, Users, Problems, Actions, Outcomes, Evidence, Meetings int
	// Plans counts the problems' SARA plans (not in Summary's line).
	Plans int
	// AuditEntries is how many entries the trail holds; AuditLast is the
	// highest sequence number among them (equal when the trail is whole).
	AuditEntries int
	AuditLast    uint64

	// Faults are readable lines, "where: what is wrong"; Omitted counts
	// those beyond maxFaults that were left out.
	Faults  []string
	Omitted int

	// Unmatched are actions whose assignee names no user of their ward
	// (typed before schema 12 and not matched by its migration): not
	// faults, but someone should pick the person. At most maxFaults.
	Unmatched []string
}

// OK reports whether the file passed every check.
func (r Report) OK() bool { return len(r.Faults) == 0 }

// Summary is one line: what the file holds, and whether it passed.
func (r Report) Summary() string {
	trail := "no audit entries"
	if r.AuditEntries > 0 {
		trail = fmt.Sprintf("audit entries 1–%d", r.AuditLast)
	}
	counts := fmt.Sprintf("%s, %s, %s, %s, %s, %s, %s, %s, %s (revision %d, schema %d)",
		model.Counted(r.Wards, "ward", "wards"), model.Counted(r.Agencies, "agency", "agencies"), model.Counted(r.Users, "user", "users"),
		model.Counted(r.Problems, "problem", "problems"), model.Counted(r.Actions, "action", "actions"), model.Counted(r.Outcomes, "outcome", "outcomes"),
		model.Counted(r.Evidence, "evidence entry", "evidence entries"), model.Counted(r.Meetings, "meeting", "meetings"), trail, r.Revision, r.Schema)
	if r.OK() {
		return "ok: " + counts
	}
	return fmt.Sprintf("%s found in %s", model.Counted(len(r.Faults)+r.Omitted, "fault", "faults"), r.Path)
}

// check runs the whole check inside a transaction that holds bbolt's
// writer lock and is then rolled back. The walk of the file's pages reads
// the file as the last commit left it, which writers would change under
// it. So writers wait while the check runs, about a second per 150 MB;
// readers do not.
func (s *Store) check() (r Report, err error) {
	err = s.guard("check", func() error {
		tx, err := s.db.Begin(true)
		if err != nil {
			return storageErr("check", err)
		}
		defer func() { _ = tx.Rollback() }()
		r = checkTx(tx, s.file, true)
		return nil
	})
	return r, err
}

// CheckFile checks a data file that no process is writing, such as a
// backup, without taking it over: it opens it read-only and migrates
// nothing, so a file at an older schema is reported as such. A file bbolt
// does not open is still walked, page by page, to say what is wrong.
func CheckFile(path string) (Report, error) {
	db, err := openBolt(path, true, DefaultLockTimeout)
	switch {
	case errors.Is(err, ErrLocked):
		return Report{}, err
	case err != nil:
		c := &checker{r: &Report{Path: path}}
		if _, walkErr := walkFile(path, true, c.fault); walkErr != nil {
			return Report{}, fmt.Errorf("open %s: %w", path, walkErr)
		}
		if c.r.OK() {
			c.fault("bbolt does not open it: %v", err)
		}
		return *c.r, nil
	}
	defer db.Close()
	var r Report
	err = db.View(func(tx *bolt.Tx) error {
		r = checkTx(tx, path, true)
		return nil
	})
	return r, err
}

// openBolt is bolt.Open with its errors in the store's terms. Read-only,
// it shares bbolt's lock with other readers; a writer holding it yields
// ErrLocked. bbolt reads the meta pages as it opens, and the free list if
// it opens for writing: on a damaged file that is a panic, or a memory
// fault on a file shorter than its meta pages, made an error here.
func openBolt(path string, readOnly bool, wait time.Duration) (db *bolt.DB, err error) {
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	defer func() {
		if p := recover(); p != nil {
			db, err = nil, fmt.Errorf("open %s: %w: %v", path, ErrDamaged, p)
		}
	}()
	db, err = bolt.Open(path, 0o600, &bolt.Options{ReadOnly: readOnly, Timeout: wait})
	switch {
	case errors.Is(err, berrors.ErrTimeout):
		return nil, fmt.Errorf("%s: %w", path, ErrLocked)
	case errors.Is(err, berrors.ErrInvalid) || errors.Is(err, berrors.ErrVersionMismatch) || errors.Is(err, berrors.ErrChecksum):
		return nil, fmt.Errorf("open %s: %w: %w", path, ErrCorrupt, err)
	case err != nil:
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	return db, nil
}

// checkTx walks the file's pages (if walk), then reads every record,
// recovering if a damaged page makes bbolt panic. Where the walk found
// pages that lie past the end of the file, bbolt would read memory that
// is not the file's: the records are not read, and the report says so.
func checkTx(tx *bolt.Tx, path string, walk bool) Report {
	c := &checker{tx: tx, r: &Report{Path: path}}
	safe := true
	if walk {
		var err error
		if safe, err = walkFile(path, true, c.fault); err != nil {
			c.fault("the file cannot be read: %v", err)
		}
	}
	if !safe {
		c.fault("the records were not read: the file is too damaged for bbolt to read them safely; restore the latest backup")
		return *c.r
	}
	c.domain()
	return *c.r
}

type checker struct {
	tx *bolt.Tx
	r  *Report

	wards     map[string]bool
	agencies  map[string]bool
	users     map[uint64]model.User // the ones that decode
	userIDs   map[uint64]bool       // all of them
	problems  map[uint64]string     // ID -> ward
	actions   map[uint64]actionRef  // the ones that decode
	actionIDs map[uint64]bool       // all of them
	meetings  map[uint64]string     // ID -> ward
}

// actionRef is what the indexes, outcomes and meetings are checked against;
// whole actions, descriptions and all, would hold the file's text in memory.
type actionRef struct {
	ward    string
	problem model.ID
	meeting model.ID
}

func (c *checker) fault(format string, args ...any) {
	if len(c.r.Faults) >= maxFaults {
		c.r.Omitted++
		return
	}
	c.r.Faults = append(c.r.Faults, fmt.Sprintf(format, args...))
}

// domain checks every record and index; false if reading the file panicked.
func (c *checker) domain() (ok bool) {
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	defer func() {
		if p := recover(); p != nil {
			c.fault("the file is damaged below the records (bbolt: %v); restore the latest backup", p)
			ok = false
		}
	}()
	c.buckets()
	c.meta()
	c.checkWards()
	c.checkAgencies()
	c.checkUsers()
	c.checkProblems()
	c.checkActions()
	c.checkOutcomes()
	c.checkEvidence()
	c.checkPlans() // in check_plans.go
	c.checkMeetings()
	c.checkPriorities()
	c.checkInvites() // in invites.go
	c.checkPictures()
	c.checkCrimes() // in crimes.go
	c.checkPublic() // in publish_check.go
	c.checkOutbox() // in outbox.go
	c.checkAudit()
	if c.r.Revision < uint64(c.r.AuditEntries) {
		c.fault("meta: the revision is %d but the audit trail holds %d entries; every change adds one of each", c.r.Revision, c.r.AuditEntries)
	}
	return true
}

func (c *checker) buckets() {
	known := map[string]bool{}
	for _, name := range allBuckets {
		known[string(name)] = true
		if c.tx.Bucket(name) == nil {
			c.fault("bucket %s is missing", name)
		}
	}
	_ = c.tx.ForEach(func(name []byte, _ *bolt.Bucket) error {
		if !known[string(name)] {
			c.fault("bucket %q is not one of wardpanel's", name)
		}
		return nil
	})
}

func (c *checker) meta() {
	meta := c.tx.Bucket(bucketMeta)
	if meta == nil {
		return
	}
	v, err := readSchema(meta)
	switch {
	case err != nil:
		c.fault("meta: %s", why(err))
	case v != currentSchema:
		c.fault("meta: the file is at schema %d; this version of wardpanel reads and writes schema %d", v, currentSchema)
	}
	c.r.Schema = v
	if raw := meta.Get(metaRevision); raw != nil && len(raw) != 8 {
		c.fault("meta: the revision is malformed (%d bytes)", len(raw))
	} else if raw != nil {
		c.r.Revision = binary.BigEndian.Uint64(raw)
	}
}

// each visits every key of a bucket that exists, reporting nested buckets,
// which wardpanel never makes.
func (c *checker) each(name []byte, fn func(k, v []byte)) {
	b := c.tx.Bucket(name)
	if b == nil {
		return
	}
	_ = b.ForEach(func(k, v []byte) error {
		if v == nil {
			c.fault("%s: %x is a nested bucket, which wardpanel never makes", name, k)
			return nil
		}
		fn(k, v)
		return nil
	})
}

// sequence reports a bucket whose ID counter is behind its records: the
// next record created would overwrite one.
func (c *checker) sequence(name []byte, what string, maxID uint64) {
	if b := c.tx.Bucket(name); b != nil && b.Sequence() < maxID {
		c.fault("%s: the ID counter is at %d but %s %d exists; the next one created would overwrite it", name, b.Sequence(), what, maxID)
	}
}

// id reads a big-endian ID key, reporting one of the wrong length.
func (c *checker) id(bucket []byte, k []byte) (uint64, bool) {
	if len(k) != 8 {
		c.fault("%s: key %x is not an 8-byte ID", bucket, k)
		return 0, false
	}
	return binary.BigEndian.Uint64(k), true
}

// eachID visits every record of an ID-keyed bucket whose key is an 8-byte
// ID, reporting the others, and returns the largest ID it saw.
func (c *checker) eachID(name []byte, fn func(id uint64, v []byte)) (maxID uint64) {
	c.each(name, func(k, v []byte) {
		id, ok := c.id(name, k)
		if !ok {
			return
		}
		maxID = max(maxID, id)
		fn(id, v)
	})
	return maxID
}

// why is an error without the sentinel's sentence, which the fault's line
// says in its own words.
func why(err error) string {
	return strings.TrimSuffix(err.Error(), ": "+ErrCorrupt.Error())
}

// undecodable decodes v into into, reporting a failure as "what: the
// record does not decode: why".
func (c *checker) undecodable(what string, v []byte, into any) bool {
	err := decode(v, into)
	if err == nil {
		return false
	}
	msg := why(err)
	msg = strings.TrimPrefix(msg, fmt.Sprintf("%T record: ", into))
	msg = strings.TrimPrefix(msg, fmt.Sprintf("%T record ", into))
	c.fault("%s: the record does not decode: %s", what, msg)
	return true
}

func (c *checker) checkWards() {
	c.wards = checkCodes(c, bucketWards, "ward", func(w model.Ward) string { return w.Code })
	c.r.Wards = len(c.wards)
}

func (c *checker) checkAgencies() {
	c.agencies = checkCodes(c, bucketAgencies, "agency", func(a model.Agency) string { return a.Code })
	c.r.Agencies = len(c.agencies)
}

// eachHashed reads a bucket keyed by a SHA-256 (crime imports by their
// file's, invites by their code's): a key of another length is a fault,
// what (and the key's first bytes) names a record that does not decode,
// and fn checks each one that does.
func eachHashed[T any](c *checker, bucket []byte, keyIs, what string, fn func(k []byte, rec T)) {
	c.each(bucket, func(k, v []byte) {
		if len(k) != sha256.Size {
			c.fault("%s: key %x is not %s", bucket, k, keyIs)
			return
		}
		var rec T
		if c.undecodable(fmt.Sprintf("%s %x…", what, k[:4]), v, &rec) {
			return
		}
		fn(k, rec)
	})
}

// checkCodes reads a bucket of records filed under their code (wards,
// agencies): each decodes and names the code it is filed under. It returns
// the codes that decode, which later checks look references up in.
func checkCodes[T any](c *checker, bucket []byte, what string, code func(T) string) map[string]bool {
	found := map[string]bool{}
	c.each(bucket, func(k, v []byte) {
		var r T
		if c.undecodable(fmt.Sprintf("%s %s", what, k), v, &r) {
			return
		}
		found[string(k)] = true
		if code(r) != string(k) {
			c.fault("%s %s: the record says its code is %s", what, k, code(r))
		}
	})
	return found
}

func (c *checker) checkUsers() {
	c.users = map[uint64]model.User{}
	c.userIDs = map[uint64]bool{}
	names, keys := c.tx.Bucket(bucketUserNames), c.tx.Bucket(bucketUserKeys)
	maxID := c.eachID(bucketUsers, func(id uint64, v []byte) {
		c.userIDs[id] = true
		var u model.User
		if c.undecodable(fmt.Sprintf("user %d", id), v, &u) {
			return
		}
		c.users[id] = u
		c.r.Users++
		if uint64(u.ID) != id {
			c.fault("user %d: the record says its ID is %d", id, u.ID)
		}
		if !c.agencies[u.Agency] {
			c.fault("user %d: agency %s does not exist", id, u.Agency)
		}
		for _, w := range u.Wards {
			if !c.wards[w] {
				c.fault("user %d: ward %s does not exist", id, w)
			}
		}
		if !listed(names, nameKey(u.Name), u64(id)) {
			c.fault("user %d: user_names does not list the name %q for this user", id, u.Name)
		}
		for _, key := range u.Keys {
			if !listed(keys, []byte(key.Fingerprint), u64(id)) {
				c.fault("user %d: user_keys does not list key %s for this user", id, key.Fingerprint)
			}
		}
	})
	c.sequence(bucketUsers, "user", maxID)
	c.each(bucketUserNames, func(k, v []byte) {
		u, ok := c.userFor(bucketUserNames, k, v)
		if ok && !bytes.Equal(nameKey(u.Name), k) {
			c.fault("user_names: %q names user %d, who is called %q", k, u.ID, u.Name)
		}
	})
	c.checkUserEmails() // useredit.go
	c.each(bucketUserKeys, func(k, v []byte) {
		u, ok := c.userFor(bucketUserKeys, k, v)
		if ok && !hasKey(u, string(k)) {
			c.fault("user_keys: key %s names user %d, who does not have it", k, u.ID)
		}
	})
}

// userFor follows an index entry to its user.
func (c *checker) userFor(index, k, v []byte) (model.User, bool) {
	if len(v) != 8 {
		c.fault("%s: entry %q holds %x, not an 8-byte user ID", index, k, v)
		return model.User{}, false
	}
	id := binary.BigEndian.Uint64(v)
	u, ok := c.users[id]
	if !c.userIDs[id] {
		c.fault("%s: entry %q names user %d, who does not exist", index, k, id)
	}
	return u, ok
}

// listed reports whether index (if there is one) maps key to the record id.
func listed(index *bolt.Bucket, key, id []byte) bool {
	if index == nil {
		return true // reported once as a missing bucket
	}
	got := index.Get(key)
	return got != nil && bytes.Equal(got, id)
}

func hasKey(u model.User, fp string) bool {
	for _, k := range u.Keys {
		if k.Fingerprint == fp {
			return true
		}
	}
	return false
}

// splitWardKey reads a problems_by_ward, actions_by_ward or meetings_by_ward key.
func splitWardKey(k []byte) (string, uint64, bool) {
	if len(k) < 9 || k[len(k)-9] != 0 {
		return "", 0, false
	}
	return string(k[:len(k)-9]), binary.BigEndian.Uint64(k[len(k)-8:]), true
}

func (c *checker) checkProblems() {
	c.problems = map[uint64]string{}
	byWard := c.tx.Bucket(bucketProblemsByWard)
	maxID := eachPlaced(c, bucketProblems, byWard, "problems_by_ward", "problem", c.problems,
		func(p model.Problem) (model.ID, string) { return p.ID, p.Ward },
		func(uint64, string, model.Problem) { c.r.Problems++ })
	c.sequence(bucketProblems, "problem", maxID)
	c.wardIndex(bucketProblemsByWard, "problem", c.problems)
}

func (c *checker) checkActions() {
	c.actions = map[uint64]actionRef{}
	c.actionIDs = map[uint64]bool{}
	byWard, byProblem := c.tx.Bucket(bucketActionsByWard), c.tx.Bucket(bucketActionsByProblem)
	maxID := c.eachID(bucketActions, func(id uint64, v []byte) {
		c.actionIDs[id] = true
		var a model.Action
		if c.undecodable(fmt.Sprintf("action %d", id), v, &a) {
			return
		}
		c.actions[id] = actionRef{ward: a.Ward, problem: a.ProblemID, meeting: a.MeetingID}
		c.r.Actions++
		c.assignee(id, a)
		c.placed(fmt.Sprintf("action %d", id), id, a.ID, a.Ward, byWard, "actions_by_ward")
		if a.ProblemID == 0 {
			return
		}
		pid := uint64(a.ProblemID)
		pw, exists := c.problems[pid]
		switch {
		case !exists:
			c.fault("action %d: its problem %d does not exist", id, pid)
		case pw != "" && pw != a.Ward:
			c.fault("action %d: it is in ward %s but its problem %d is in ward %s", id, a.Ward, pid, pw)
		}
		if byProblem != nil && byProblem.Get(pairKey(pid, id)) == nil {
			c.fault("action %d: actions_by_problem does not list it under problem %d", id, pid)
		}
	})
	c.sequence(bucketActions, "action", maxID)
	wards := make(map[uint64]string, len(c.actionIDs)) // "" for an action that does not decode
	for id := range c.actionIDs {
		wards[id] = c.actions[id].ward
	}
	c.wardIndex(bucketActionsByWard, "action", wards)
	c.each(bucketActionsByProblem, func(k, _ []byte) {
		if len(k) != 16 {
			c.fault("actions_by_problem: key %x is not a problem ID and an action ID", k)
			return
		}
		pid, id := binary.BigEndian.Uint64(k), binary.BigEndian.Uint64(k[8:])
		a, exists := c.actions[id]
		switch {
		case !c.actionIDs[id]:
			c.fault("actions_by_problem: lists action %d under problem %d, but there is no action %d", id, pid, id)
		case exists && uint64(a.problem) != pid:
			c.fault("actions_by_problem: lists action %d under problem %d, but it is on problem %d", id, pid, a.problem)
		}
	})
}

// assignee notes an action whose assignee is not an enrolled user of its
// ward, by the name as typed (made inert: it is free text).
func (c *checker) assignee(id uint64, a model.Action) {
	if a.Assignee == "" || len(c.r.Unmatched) >= maxFaults {
		return
	}
	for _, u := range c.users {
		if u.Name == a.Assignee && u.InWard(a.Ward) {
			return
		}
	}
	c.r.Unmatched = append(c.r.Unmatched, fmt.Sprintf("action %d (ward %s, owner %s): assignee %q is not an enrolled user; pick the person in the action's form",
		id, a.Ward, model.CleanLine(a.OwnerAgency, model.MaxNameLen), model.CleanLine(a.Assignee, model.MaxNameLen)))
}

// children checks a bucket of records keyed by parent ID then own ID, as
// outcomes and evidence are, and returns the highest own ID.
func (c *checker) children(name []byte, fn func(parent, id uint64, v []byte)) uint64 {
	var maxID uint64
	c.each(name, func(k, v []byte) {
		if len(k) != 16 {
			c.fault("%s: key %x is not a parent ID and an ID", name, k)
			return
		}
		id := binary.BigEndian.Uint64(k[8:])
		maxID = max(maxID, id)
		fn(binary.BigEndian.Uint64(k), id, v)
	})
	return maxID
}

func (c *checker) checkOutcomes() {
	maxID := c.children(bucketOutcomes, func(aid, id uint64, v []byte) {
		var o model.Outcome
		if c.undecodable(fmt.Sprintf("outcome %d", id), v, &o) {
			return
		}
		c.r.Outcomes++
		if uint64(o.ID) != id || uint64(o.ActionID) != aid {
			c.fault("outcome %d: the record says it is outcome %d of action %d, but it is filed as outcome %d of action %d", id, o.ID, o.ActionID, id, aid)
		}
		if !c.actionIDs[aid] {
			c.fault("outcome %d: its action %d does not exist", id, aid)
		}
	})
	c.sequence(bucketOutcomes, "outcome", maxID)
}

func (c *checker) checkEvidence() {
	maxID := c.children(bucketEvidence, func(pid, id uint64, v []byte) {
		var e model.Evidence
		if c.undecodable(fmt.Sprintf("evidence %d", id), v, &e) {
			return
		}
		c.r.Evidence++
		if uint64(e.ID) != id || uint64(e.ProblemID) != pid {
			c.fault("evidence %d: the record says it is entry %d on problem %d, but it is filed as entry %d on problem %d", id, e.ID, e.ProblemID, id, pid)
		}
		pw, ok := c.problems[pid]
		switch {
		case !ok:
			c.fault("evidence %d: its problem %d does not exist", id, pid)
		case pw != "" && pw != e.Ward:
			c.fault("evidence %d: it says ward %s but its problem %d is in ward %s", id, e.Ward, pid, pw)
		}
	})
	c.sequence(bucketEvidence, "evidence entry", maxID)
}

// problemWard and actionWard look up a record another points at: its ward
// ("" if it does not decode), and whether it exists at all.
func (c *checker) problemWard(id model.ID) (string, bool) {
	w, ok := c.problems[uint64(id)]
	return w, ok
}

func (c *checker) actionWard(id model.ID) (string, bool) {
	return c.actions[uint64(id)].ward, c.actionIDs[uint64(id)]
}

func (c *checker) meetingWard(id model.ID) (string, bool) {
	w, ok := c.meetings[uint64(id)]
	return w, ok
}

// ref reports a record that where points at (what: "its problem 7") that
// does not exist, or is in another ward than ward. A ward of "" (a record
// that does not decode, reported as such) is not compared.
func (c *checker) ref(where, ward, what string, lookup func(model.ID) (string, bool), id model.ID) {
	w, ok := lookup(id)
	switch {
	case !ok:
		c.fault("%s: %s does not exist", where, what)
	case w != "" && ward != "" && w != ward:
		c.fault("%s: it is in ward %s but %s is in ward %s", where, ward, what, w)
	}
}

// checkMeetings runs once problems and actions are known: a meeting
// points at both, and an action at the meeting that raised it.
func (c *checker) checkMeetings() {
	c.meetings = map[uint64]string{}
	byWard := c.tx.Bucket(bucketMeetingsByWard)
	type previous struct {
		id   uint64
		ward string
		prev model.ID
	}
	var carried []previous // checked once every meeting is known
	maxID := eachPlaced(c, bucketMeetings, byWard, "meetings_by_ward", "meeting", c.meetings,
		func(m model.Meeting) (model.ID, string) { return m.ID, m.Ward },
		func(id uint64, where string, m model.Meeting) {
			c.r.Meetings++
			if m.PreviousID != 0 {
				carried = append(carried, previous{id, m.Ward, m.PreviousID})
			}
			for _, it := range m.Items {
				for _, pid := range it.Problems {
					c.ref(where, m.Ward, fmt.Sprintf("item %d's problem %d", it.ID, pid), c.problemWard, pid)
				}
				for _, n := range it.Notes {
					if n.ActionID != 0 {
						c.ref(where, m.Ward, fmt.Sprintf("item %d's note of action %d", it.ID, n.ActionID), c.actionWard, n.ActionID)
					}
				}
				for _, r := range it.Reviews {
					c.ref(where, m.Ward, fmt.Sprintf("item %d's review of action %d", it.ID, r.ActionID), c.actionWard, r.ActionID)
				}
			}
			if m.Vote != nil {
				for _, pid := range m.Vote.Candidates {
					c.ref(where, m.Ward, fmt.Sprintf("its vote's candidate problem %d", pid), c.problemWard, pid)
				}
			}
		})
	c.sequence(bucketMeetings, "meeting", maxID)
	for _, p := range carried {
		c.ref(fmt.Sprintf("meeting %d", p.id), p.ward, fmt.Sprintf("its previous meeting %d", p.prev), c.meetingWard, p.prev)
	}
	c.wardIndex(bucketMeetingsByWard, "meeting", c.meetings)
	// The meeting that raised an action, in action ID order.
	for _, id := range slices.Sorted(maps.Keys(c.actions)) {
		if a := c.actions[id]; a.meeting != 0 {
			c.ref(fmt.Sprintf("action %d", id), a.ward, fmt.Sprintf("its meeting %d", a.meeting), c.meetingWard, a.meeting)
		}
	}
}

// checkPriorities: a ward's priorities name problems of the ward, set by
// one of its meetings.
func (c *checker) checkPriorities() {
	c.each(bucketPriorities, func(k, v []byte) {
		where := fmt.Sprintf("priorities of ward %s", k)
		var p model.WardPriorities
		if c.undecodable(where, v, &p) {
			return
		}
		ward := string(k)
		if p.Ward != ward {
			c.fault("%s: the record says they are ward %s's", where, p.Ward)
		}
		if !c.wards[ward] {
			c.fault("%s: there is no such ward", where)
		}
		for _, pid := range p.Problems {
			if w, ok := c.problemWard(pid); !ok {
				c.fault("%s: problem %d does not exist", where, pid)
			} else if w != "" && w != ward {
				c.fault("%s: problem %d is in ward %s", where, pid, w)
			}
		}
		if w, ok := c.meetingWard(p.MeetingID); !ok {
			c.fault("%s: the meeting that set them, %d, does not exist", where, p.MeetingID)
		} else if w != "" && w != ward {
			c.fault("%s: the meeting that set them, %d, is in ward %s", where, p.MeetingID, w)
		}
	})
}

// entries names a run of audit entries, "entry 5 is" or "entries 5–7 are".
func entries(from, to uint64) string {
	if from == to {
		return fmt.Sprintf("entry %d is", from)
	}
	return fmt.Sprintf("entries %d–%d are", from, to)
}

// around says where a gap in the trail is.
func around(before, after uint64) string {
	if before == 0 {
		return fmt.Sprintf("the trail starts at %d", after)
	}
	return fmt.Sprintf("the trail goes from %d to %d", before, after)
}

// checkAudit wants the trail to run 1, 2, … N with no gaps: entries are
// only ever appended, each with the next sequence number, so a gap is an
// entry lost.
func (c *checker) checkAudit() {
	var want uint64 = 1
	c.each(bucketAudit, func(k, v []byte) {
		seq, ok := c.id(bucketAudit, k)
		if !ok {
			return
		}
		if seq > want {
			c.fault("audit: %s missing (%s)", entries(want, seq-1), around(want-1, seq))
		}
		want = seq + 1
		c.r.AuditEntries++
		c.r.AuditLast = seq
		var e model.AuditEntry
		if c.undecodable(fmt.Sprintf("audit entry %d", seq), v, &e) {
			return
		}
		if e.Seq != seq {
			c.fault("audit entry %d: the record says its number is %d", seq, e.Seq)
		}
	})
	if b := c.tx.Bucket(bucketAudit); b != nil && b.Sequence() > c.r.AuditLast {
		c.fault("audit: %s missing (the trail was numbered up to %d)", entries(c.r.AuditLast+1, b.Sequence()), b.Sequence())
	}
	c.sequence(bucketAudit, "audit entry", c.r.AuditLast)
}
