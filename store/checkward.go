package store

import (
	"fmt"

	bolt "go.etcd.io/bbolt"

	"wardpanel/model"
)

// What the check asks of every record kept by ward (problems, actions,
// meetings, rich-picture sessions, community assets), written once.

// placed checks a ward record against its key and its ward: the ID it
// carries is its key's, its ward exists, and byWard (named index) lists it.
func (c *checker) placed(where string, id uint64, recID model.ID, ward string, byWard *bolt.Bucket, index string) {
	if uint64(recID) != id {
		c.fault("%s: the record says its ID is %d", where, recID)
	}
	if !c.wards[ward] {
		c.fault("%s: ward %s does not exist", where, ward)
	}
	if byWard != nil && byWard.Get(wardIndexKey(ward, id)) == nil {
		c.fault("%s: %s does not list it under ward %s", where, index, ward)
	}
}

// eachPlaced reads a bucket of records filed by ward (problems, meetings,
// rich-picture sessions): each one's ID and ward go in wards, which later
// checks look references up in ("" for a record that does not decode:
// what points at it is checked against its existence, not its ward); one
// that decodes must be listed in the ward index (indexName, for the fault)
// and is handed to fn with its name for faults ("meeting 7"). It returns
// the highest ID, for c.sequence.
func eachPlaced[T any](c *checker, bucket []byte, index *bolt.Bucket, indexName, what string, wards map[uint64]string,
	placing func(T) (model.ID, string), fn func(id uint64, where string, rec T)) uint64 {
	return c.eachID(bucket, func(id uint64, v []byte) {
		where := fmt.Sprintf("%s %d", what, id)
		var rec T
		if c.undecodable(where, v, &rec) {
			wards[id] = ""
			return
		}
		recID, ward := placing(rec)
		wards[id] = ward
		c.placed(where, id, recID, ward, index, indexName)
		fn(id, where, rec)
	})
}

// wardIndex checks a ward index against the records it lists (ID -> ward,
// "" for a record that does not decode).
func (c *checker) wardIndex(name []byte, what string, records map[uint64]string) {
	c.each(name, func(k, _ []byte) {
		ward, id, ok := splitWardKey(k)
		if !ok {
			c.fault("%s: key %x is not a ward code and %s %s ID", name, k, article(what), what)
			return
		}
		w, exists := records[id]
		switch {
		case !exists:
			c.fault("%s: lists %s %d under ward %s, but there is no %s %d", name, what, id, ward, what, id)
		case w != "" && w != ward:
			c.fault("%s: lists %s %d under ward %s, but it is in ward %s", name, what, id, ward, w)
		}
	})
}

// article is "an" before a vowel, else "a".
func article(word string) string {
	if word != "" && (word[0] == 'a' || word[0] == 'e' || word[0] == 'i' || word[0] == 'o' || word[0] == 'u') {
		return "an"
	}
	return "a"
}
