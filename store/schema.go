package store

import (
	"encoding/binary"
	"fmt"

	bolt "go.etcd.io/bbolt"

	"wardpanel/model"
)

// currentSchema is the layout this code reads and writes.
//
// Schema history:
//
//	1: meta, wards, agencies, users, user_names, problems, audit.
//	2: adds the user_keys and problems_by_ward indexes.
//	3: adds tasking: actions with their actions_by_ward and
//	   actions_by_problem indexes, outcomes and evidence.
//	4: adds meetings with their meetings_by_ward index, and the wards'
//	   priorities.
//	5: adds invites.
//	6: adds rich-picture sessions, their elements, and community assets.
//	7: adds the crime picture: crimes by LSOA, LSOA-to-ward areas, imports.
//	8: adds users' e-mail addresses, unique, indexed by user_emails.
//	9: recounts the crimes as police.uk counts them (one crime per Crime ID
//	   in a force's month) and adds force-months: crimes_by_force and
//	   crime_coverage.
//	10: trust in the shared record: actions and evidence keep their
//	   problem's visibility beside their own (Parent), closed meetings
//	   freeze what their minutes name, and tallies score ranks (Points).
//	11: adds "you said, we did": published summaries and public concerns.
//	12: adds e-mail: the outbox and the day of each user's last digest.
//	13: adds partner updates before meetings (migrate_updates.go).
//	14: adds problems' SARA plans (with their stage history) and review dates.
//	15: actions name their assignee as the user enrolled (free text before).
//	16: crimes kept in blocks, one per LSOA of a force's month
//	   (migrate_crimes_blocks.go).
const currentSchema = 16

// A migration moves a file from schema to-1 to schema to. It runs inside the
// Open transaction, so a failure leaves the file exactly as it was. Most
// only add buckets for a new capability (adds), which the file at to-1
// cannot have had: one already there means the file is not what its schema
// number says. fn, if any, then moves data.
type migration struct {
	to   int
	name string
	adds [][]byte
	fn   func(tx *bolt.Tx) error
}

// migrations are applied in order; each must go up by exactly one.
// Actions carried a meeting ID before schema 4 (always 0), so meetings
// needed no data moved.
var migrations = []migration{
	{to: 2, name: "index users by key and problems by ward", fn: migrateV2Indexes},
	{to: 3, name: "add actions, outcomes and evidence",
		adds: [][]byte{bucketActions, bucketActionsByWard, bucketActionsByProblem, bucketOutcomes, bucketEvidence}},
	{to: 4, name: "add meetings and ward priorities", adds: [][]byte{bucketMeetings, bucketMeetingsByWard, bucketPriorities}},
	{to: 5, name: "add invites", adds: [][]byte{bucketInvites}},
	{to: 6, name: "add rich pictures and community assets",
		adds: [][]byte{bucketPictures, bucketPicturesByWard, bucketPictureElements, bucketAssets, bucketAssetsByWard}},
	{to: 7, name: "add the crime picture", adds: [][]byte{bucketCrimes, bucketLSOAWards, bucketCrimeImports}},
	// No user had an e-mail address before: the new index starts empty.
	{to: 8, name: "index users by e-mail", adds: [][]byte{bucketUserEmails}},
	{to: 9, name: "recount crimes as police.uk counts them", adds: [][]byte{bucketCrimesByForce, bucketCrimeCoverage},
		fn: migrateCrimeRecount},
	{to: 10, name: "compose visibility, freeze closed minutes, score ranks", fn: migrateTrust},
	{to: 11, name: "add published summaries and public concerns", adds: [][]byte{bucketPublished, bucketConcerns}},
	migrateOutbox, // migrate_outbox.go
	migrateToUpdates,
	planMigration, // migrate_plans.go
	{to: 15, name: "match free-text assignees to users", fn: migrateAssignees},
	migrateCrimeBlocks, // migrate_crimes_blocks.go
}

// prepare brings a file to currentSchema and makes sure every bucket
// exists. A brand-new file starts at currentSchema: its history begins now.
func prepare(tx *bolt.Tx) error {
	meta := tx.Bucket(bucketMeta)
	if meta == nil {
		foreign := false
		_ = tx.ForEach(func([]byte, *bolt.Bucket) error { foreign = true; return nil })
		if foreign {
			return fmt.Errorf("it has no %q bucket: %w", bucketMeta, ErrCorrupt)
		}
		for _, name := range allBuckets {
			if _, err := tx.CreateBucket(name); err != nil {
				return fmt.Errorf("create bucket %q: %w", name, err)
			}
		}
		return putSchema(tx, currentSchema)
	}

	v, err := readSchema(meta)
	if err != nil {
		return err
	}
	if v > currentSchema {
		return fmt.Errorf("schema %d, this version of wardpanel knows up to %d: %w", v, currentSchema, ErrSchemaTooNew)
	}
	for _, m := range migrations {
		if m.to <= v {
			continue
		}
		if m.to != v+1 {
			return fmt.Errorf("no migration from schema %d to %d", v, v+1)
		}
		if err := m.run(tx); err != nil {
			return fmt.Errorf("migrate schema %d to %d (%s): %w", v, m.to, m.name, err)
		}
		v = m.to
		if err := putSchema(tx, v); err != nil {
			return err
		}
	}
	if v != currentSchema {
		return fmt.Errorf("no migration from schema %d to %d", v, currentSchema)
	}
	for _, name := range allBuckets {
		if _, err := tx.CreateBucketIfNotExists(name); err != nil {
			return fmt.Errorf("create bucket %q: %w", name, err)
		}
	}
	return nil
}

func readSchema(meta *bolt.Bucket) (int, error) {
	raw := meta.Get(metaSchema)
	if len(raw) != 8 {
		return 0, fmt.Errorf("schema version missing or malformed: %w", ErrCorrupt)
	}
	v := binary.BigEndian.Uint64(raw)
	if v < 1 || v > 1<<20 {
		return 0, fmt.Errorf("schema version %d: %w", v, ErrCorrupt)
	}
	return int(v), nil
}

func putSchema(tx *bolt.Tx, v int) error {
	if err := tx.Bucket(bucketMeta).Put(metaSchema, u64(uint64(v))); err != nil {
		return fmt.Errorf("record schema version: %w", err)
	}
	return nil
}

// readRevision returns the persisted change counter; a file that never
// changed has none.
func readRevision(tx *bolt.Tx) (uint64, error) {
	raw := tx.Bucket(bucketMeta).Get(metaRevision)
	switch len(raw) {
	case 0:
		return 0, nil
	case 8:
		return binary.BigEndian.Uint64(raw), nil
	}
	return 0, fmt.Errorf("revision malformed: %w", ErrCorrupt)
}

// migrateV2Indexes builds user_keys and problems_by_ward from the records.
// Schema 1 looked keys up by scanning every user, and boards by scanning
// every problem. It decodes with today's model types, which read schema 1's
// JSON unchanged.
func migrateV2Indexes(tx *bolt.Tx) error {
	users, problems := tx.Bucket(bucketUsers), tx.Bucket(bucketProblems)
	if users == nil || problems == nil {
		return fmt.Errorf("schema 1 file without users or problems bucket: %w", ErrCorrupt)
	}
	keys, err := tx.CreateBucketIfNotExists(bucketUserKeys)
	if err != nil {
		return err
	}
	byWard, err := tx.CreateBucketIfNotExists(bucketProblemsByWard)
	if err != nil {
		return err
	}
	err = users.ForEach(func(k, v []byte) error {
		if len(k) != 8 {
			return fmt.Errorf("user key %x: %w", k, ErrCorrupt)
		}
		var u model.User
		if err := decode(v, &u); err != nil {
			return err
		}
		for _, key := range u.Keys {
			if other := keys.Get([]byte(key.Fingerprint)); other != nil && binary.BigEndian.Uint64(other) != binary.BigEndian.Uint64(k) {
				return fmt.Errorf("key %s is enrolled for users %d and %d; remove it from one of them with a schema 1 wardpanel first: %w",
					key.Fingerprint, binary.BigEndian.Uint64(other), binary.BigEndian.Uint64(k), model.ErrDuplicate)
			}
			if err := keys.Put([]byte(key.Fingerprint), k); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	return problems.ForEach(func(k, v []byte) error {
		if len(k) != 8 {
			return fmt.Errorf("problem key %x: %w", k, ErrCorrupt)
		}
		var p model.Problem
		if err := decode(v, &p); err != nil {
			return err
		}
		return byWard.Put(wardIndexKey(p.Ward, binary.BigEndian.Uint64(k)), []byte{})
	})
}

func (m migration) run(tx *bolt.Tx) error {
	for _, name := range m.adds {
		if tx.Bucket(name) != nil {
			return fmt.Errorf("schema %d file already has a %q bucket: %w", m.to-1, name, ErrCorrupt)
		}
		if _, err := tx.CreateBucket(name); err != nil {
			return fmt.Errorf("create bucket %q: %w", name, err)
		}
	}
	if m.fn == nil {
		return nil
	}
	return m.fn(tx)
}
