package store

import "encoding/binary"

// Every bucket the store uses is named here and nowhere else, so the layout
// of the file can be read in one place. A bucket is never renamed: a later
// layout that needs a different shape adds a bucket and migrates into it,
// so migrations can use these names for every schema that had the bucket.
var (
	// bucketMeta holds the schema version and the revision counter.
	bucketMeta = []byte("meta")
	// bucketWards: ward code -> Ward.
	bucketWards = []byte("wards")
	// bucketAgencies: agency code -> Agency.
	bucketAgencies = []byte("agencies")
	// bucketUsers: big-endian ID -> User.
	bucketUsers = []byte("users")
	// bucketUserNames: lower-cased name -> big-endian user ID.
	bucketUserNames = []byte("user_names")
	// bucketUserKeys: key fingerprint -> big-endian user ID (since schema 2).
	bucketUserKeys = []byte("user_keys")
	// bucketProblems: big-endian ID -> Problem.
	bucketProblems = []byte("problems")
	// bucketProblemsByWard: ward code, 0x00, big-endian problem ID -> empty
	// (since schema 2). A board is one prefix scan instead of a full scan.
	bucketProblemsByWard = []byte("problems_by_ward")
	// bucketAudit: big-endian sequence -> AuditEntry. Append-only.
	bucketAudit = []byte("audit")
)

// allBuckets is what Open makes sure exists once migrations have run.
var allBuckets = [][]byte{
	bucketMeta, bucketWards, bucketAgencies, bucketUsers, bucketUserNames,
	bucketUserKeys, bucketProblems, bucketProblemsByWard, bucketAudit,
}

// Keys in bucketMeta.
var (
	metaSchema   = []byte("schema")
	metaRevision = []byte("revision")
)

// u64 encodes an ID or counter big-endian so that bbolt's byte order is
// numeric order.
func u64(n uint64) []byte {
	return binary.BigEndian.AppendUint64(make([]byte, 0, 8), n)
}

// wardIndexKey is the problems_by_ward key of problem id in ward.
func wardIndexKey(ward string, id uint64) []byte {
	k := make([]byte, 0, len(ward)+1+8)
	k = append(k, ward...)
	k = append(k, 0)
	return binary.BigEndian.AppendUint64(k, id)
}

// wardIndexPrefix is the prefix all of a ward's index keys share. The 0x00
// separator keeps one code from matching another that merely starts with it.
func wardIndexPrefix(ward string) []byte {
	return append([]byte(ward), 0)
}
