package store

import (
	"bytes"
	"fmt"
	"slices"
	"strings"

	bolt "go.etcd.io/bbolt"
)

// migrateCrimeRecount recounts the crimes an earlier release imported
// under police.uk's rules (issue 20). That release merged a repeated Crime
// ID only within one LSOA, so an ID split across LSOAs counted twice, and
// it did not record which force's file a crime came in. Now:
//
//   - within a month one Crime ID is one crime: of its records the one the
//     earliest import wrote is kept (files were read in order, so that is
//     the first placed row), then the first in LSOA order; every record
//     that release kept had a location;
//   - every crime is indexed under force "" (imported before forces were
//     recorded), to be claimed by the force-month that next covers it;
//   - each month the earlier imports covered becomes force ""'s coverage,
//     with its rows per LSOA counted from the crimes kept.
//
// It is self-contained: it reads the records as that release wrote them
// (through the store's value encoding, which has not changed), with types
// of its own, so later changes to the store's types leave it
// as it is.
func migrateCrimeRecount(tx *bolt.Tx) error {
	crimes, imports := tx.Bucket([]byte("crimes")), tx.Bucket([]byte("crime_imports"))
	byForce, coverage := tx.Bucket([]byte("crimes_by_force")), tx.Bucket([]byte("crime_coverage"))
	if crimes == nil || imports == nil || byForce == nil || coverage == nil {
		return fmt.Errorf("a schema 7 file without its crime buckets: %w", ErrCorrupt)
	}
	type v7Crime struct {
		Import uint64 `json:"i"`
	}
	type v7Import struct {
		Number uint64   `json:"number"`
		Months []string `json:"months"`
		Wards  []string `json:"wards"`
	}
	type chosen struct {
		key     []byte
		import_ uint64
	}
	split := func(k []byte) (lsoa, month, key string, err error) {
		parts := bytes.SplitN(k, []byte{0}, 3)
		if len(parts) != 3 || len(parts[1]) != 7 {
			return "", "", "", fmt.Errorf("crime key %q: %w", k, ErrCorrupt)
		}
		return string(parts[0]), string(parts[1]), string(parts[2]), nil
	}
	// One record per month and Crime ID.
	best := map[string]chosen{}
	var drop [][]byte
	err := crimes.ForEach(func(k, v []byte) error {
		_, month, key, err := split(k)
		if err != nil || strings.HasPrefix(key, "~") {
			return err
		}
		var r v7Crime
		if err := decode(v, &r); err != nil {
			return fmt.Errorf("crime %q: %w", k, err)
		}
		id := month + "\x00" + key
		have, ok := best[id]
		switch {
		case !ok:
			best[id] = chosen{key: slices.Clone(k), import_: r.Import}
		case r.Import < have.import_:
			drop = append(drop, have.key)
			best[id] = chosen{key: slices.Clone(k), import_: r.Import}
		default:
			drop = append(drop, slices.Clone(k))
		}
		return nil
	})
	if err != nil {
		return err
	}
	for _, k := range drop {
		if err := crimes.Delete(k); err != nil {
			return err
		}
	}
	// Index what is left under force "", counting per month and LSOA.
	perMonth := map[string]map[string]int{}
	err = crimes.ForEach(func(k, _ []byte) error {
		lsoa, month, key, err := split(k)
		if err != nil {
			return err
		}
		if perMonth[month] == nil {
			perMonth[month] = map[string]int{}
		}
		perMonth[month][lsoa]++
		idx := append([]byte{0}, month...)
		idx = append(append(append(append(idx, 0), lsoa...), 0), key...)
		return byForce.Put(idx, []byte{})
	})
	if err != nil {
		return err
	}
	// The months the imports covered, as force ""'s.
	type cover struct {
		Force  string         `json:"force"`
		Month  string         `json:"month"`
		Import uint64         `json:"import"`
		Rows   int            `json:"rows"`
		LSOAs  map[string]int `json:"lsoas,omitempty"`
		Wards  []string       `json:"wards,omitempty"`
	}
	covers := map[string]*cover{}
	err = imports.ForEach(func(_, v []byte) error {
		var imp v7Import
		if err := decode(v, &imp); err != nil {
			return fmt.Errorf("crime import: %w", err)
		}
		for _, m := range imp.Months {
			c := covers[m]
			if c == nil {
				c = &cover{Month: m, LSOAs: perMonth[m]}
				for _, n := range perMonth[m] {
					c.Rows += n
				}
				covers[m] = c
			}
			c.Import = max(c.Import, imp.Number)
			for _, w := range imp.Wards {
				if !slices.Contains(c.Wards, w) {
					c.Wards = append(c.Wards, w)
				}
			}
			slices.Sort(c.Wards)
		}
		return nil
	})
	if err != nil {
		return err
	}
	for m, c := range covers {
		raw, err := encode(c)
		if err != nil {
			return err
		}
		if err := coverage.Put(append([]byte{0}, m...), raw); err != nil {
			return err
		}
	}
	// Pictures cached under the old counts are stale.
	return crimes.SetSequence(crimes.Sequence() + 1)
}
