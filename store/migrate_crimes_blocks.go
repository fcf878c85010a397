package store

import (
	"bytes"
	"fmt"
	"maps"
	"slices"

	bolt "go.etcd.io/bbolt"
)

// migrateCrimeBlocks keeps crimes in blocks (issue 24): each crime had a
// record of its own, keyed LSOA, month and its key, with its force inside
// and an index entry per crime under force, month, LSOA and key; now each
// LSOA's crimes of a force's month are one block (crimes_codec.go), keyed
// LSOA, month and force, indexed once under force, month and LSOA. What a
// crime says, its key and the import that wrote it last are kept as they
// were; coverage and imports are unchanged.
//
// It reads the records as the schema-15 release wrote them, with a type of
// its own, so later changes to the store's types leave it as it is.
var migrateCrimeBlocks = migration{to: 16, name: "keep a force-month's crimes in one block per LSOA", fn: migrateCrimesToBlocks}

func migrateCrimesToBlocks(tx *bolt.Tx) error {
	crimes := tx.Bucket(bucketCrimes)
	if crimes == nil || tx.Bucket(bucketCrimesByForce) == nil {
		return fmt.Errorf("a schema 15 file without its crime buckets: %w", ErrCorrupt)
	}
	type v15Crime struct {
		Type     string    `json:"t"`
		Location string    `json:"l,omitempty"`
		Point    []float64 `json:"p,omitempty"`
		Outcome  string    `json:"o,omitempty"`
		Context  string    `json:"c,omitempty"`
		Import   uint64    `json:"i"`
		Force    string    `json:"f,omitempty"`
	}
	// Strings shared by the crimes that repeat them, as an import's are.
	strs := map[string]string{}
	intern := func(s string) string {
		if v, ok := strs[s]; ok {
			return v
		}
		strs[s] = s
		return s
	}
	blocks := map[string][]blockCrime{} // by the block's key
	err := crimes.ForEach(func(k, v []byte) error {
		parts := bytes.SplitN(k, []byte{0}, 3)
		if len(parts) != 3 {
			return fmt.Errorf("crime key %q: %w", k, ErrCorrupt)
		}
		m, ok := crimeKeyMonth(k)
		if !ok {
			return fmt.Errorf("crime key %q has no month: %w", k, ErrCorrupt)
		}
		var r v15Crime
		if err := decode(v, &r); err != nil {
			return fmt.Errorf("crime %q: %w", k, err)
		}
		rec := crimeRecord{Type: intern(r.Type), Location: intern(r.Location), Outcome: intern(r.Outcome),
			Context: intern(r.Context), Import: r.Import}
		if len(r.Point) == 2 {
			rec.HasPoint, rec.Longitude, rec.Latitude = true, r.Point[0], r.Point[1]
		}
		bk := string(crimeBlockKey(string(parts[0]), m, r.Force))
		blocks[bk] = append(blocks[bk], blockCrime{key: parseCrimeKeyV(string(parts[2])), rec: rec})
		return nil
	})
	if err != nil {
		return err
	}
	// The crimes bucket's sequence is the pictures' stamp: it goes on.
	stamp := crimes.Sequence()
	for _, name := range [][]byte{bucketCrimes, bucketCrimesByForce} {
		if err := tx.DeleteBucket(name); err != nil {
			return err
		}
		if _, err := tx.CreateBucket(name); err != nil {
			return err
		}
	}
	crimes, index := tx.Bucket(bucketCrimes), tx.Bucket(bucketCrimesByForce)
	for _, bk := range slices.Sorted(maps.Keys(blocks)) {
		lsoa, m, force, err := splitCrimeBlockKey([]byte(bk))
		if err != nil {
			return fmt.Errorf("crimes %q: %v: %w", bk, err, ErrCorrupt)
		}
		if err := crimes.Put([]byte(bk), appendBlock(nil, blocks[bk])); err != nil {
			return err
		}
		if err := index.Put(byForceKey(force, m, lsoa), []byte{}); err != nil {
			return err
		}
	}
	return crimes.SetSequence(stamp + 1)
}
