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
	// bucketUserEmails: lower-cased e-mail address -> big-endian user ID (since schema 8).
	bucketUserEmails = []byte("user_emails")
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
	// bucketActions: big-endian ID -> Action (since schema 3).
	bucketActions = []byte("actions")
	// bucketActionsByWard: ward code, 0x00, big-endian action ID -> empty
	// (since schema 3), as problems_by_ward is for problems.
	bucketActionsByWard = []byte("actions_by_ward")
	// bucketActionsByProblem: big-endian problem ID, big-endian action ID
	// -> empty (since schema 3). Actions raised in a meeting have no entry.
	bucketActionsByProblem = []byte("actions_by_problem")
	// bucketOutcomes: big-endian action ID, big-endian outcome ID -> Outcome
	// (since schema 3). Outcomes are only ever read through their action, so
	// they live under its ID and need no index; the bucket's sequence hands
	// out outcome IDs.
	bucketOutcomes = []byte("outcomes")
	// bucketEvidence: big-endian problem ID, big-endian evidence ID ->
	// Evidence (since schema 3), keyed like outcomes for the same reason.
	bucketEvidence = []byte("evidence")
	// bucketMeetings: big-endian ID -> Meeting, with its agenda, minutes,
	// attendance and vote in the one record (since schema 4): a meeting is
	// read and changed whole, and it is small.
	bucketMeetings = []byte("meetings")
	// bucketMeetingsByWard: ward code, 0x00, big-endian meeting ID -> empty
	// (since schema 4).
	bucketMeetingsByWard = []byte("meetings_by_ward")
	// bucketPriorities: ward code -> WardPriorities, the ward's current
	// priorities as its last vote set them (since schema 4).
	bucketPriorities = []byte("priorities")
	// bucketInvites: SHA-256 of the normalised invite code (32 bytes) ->
	// Invite (since schema 5). Keyed by the hash so a typed code is one
	// lookup, and the code itself is never stored.
	bucketInvites = []byte("invites")

	// Rich pictures (since schema 6).
	// bucketPictures: big-endian ID -> a rich-picture session.
	bucketPictures = []byte("pictures")
	// bucketPicturesByWard: ward code, 0x00, big-endian session ID -> empty.
	bucketPicturesByWard = []byte("pictures_by_ward")
	// bucketPictureElements: big-endian session ID, big-endian element ID
	// -> element; the bucket's sequence hands out element IDs.
	bucketPictureElements = []byte("picture_elements")
	// bucketAssets: big-endian ID -> a community asset recorded from a strength.
	bucketAssets = []byte("assets")
	// bucketAssetsByWard: ward code, 0x00, big-endian asset ID -> empty.
	bucketAssetsByWard = []byte("assets_by_ward")

	// The crime picture (since schema 7).
	// bucketCrimes (schema 16): LSOA code, 0x00, month "YYYY-MM", 0x00,
	// force -> a block of that force's month of crimes in the LSOA
	// (crimes_codec.go). A ward's picture is a prefix scan per LSOA.
	bucketCrimes = []byte("crimes")
	// bucketLSOAWards: LSOA code -> ward code, the areas wards are made of.
	bucketLSOAWards = []byte("lsoa_wards")
	// bucketCrimeImports: SHA-256 of an imported file -> its import summary.
	bucketCrimeImports = []byte("crime_imports")

	// police.uk's force-months (since the crime recount migration).
	// bucketCrimesByForce (schema 16): force, 0x00, month, 0x00, LSOA ->
	// empty: the blocks one force's month holds, so a republished month
	// replaces exactly them. Force "" is crimes imported
	// before forces were recorded.
	bucketCrimesByForce = []byte("crimes_by_force")
	// bucketCrimeCoverage: force, 0x00, month -> which import covered it,
	// its rows in the wards' LSOAs and the wards that had areas.
	bucketCrimeCoverage = []byte("crime_coverage")
	// "You said, we did" (since schema 11).
	// bucketPublished: ward code -> the ward's published Summary, frozen
	// until the next publish. A ward without an entry is unpublished.
	bucketPublished = []byte("published")
	// bucketConcerns: big-endian ID -> a Concern left by the public. Few
	// and read by officers a ward at a time, so a scan needs no index.
	bucketConcerns = []byte("concerns")

	// E-mail (since schema 12).
	// bucketOutbox: big-endian sequence -> model.Mail, e-mail waiting to
	// be sent (outbox.go).
	bucketOutbox = []byte("outbox")
	// bucketMailDigests: big-endian user ID -> the date, YYYY-MM-DD, of the
	// last digest queued for them, so a day's digest is queued once.
	bucketMailDigests = []byte("mail_digests")
	// bucketUpdates: big-endian meeting ID, big-endian update ID -> a
	// partner's update for that meeting (since schema 13). A meeting's
	// updates are one prefix scan; the bucket's sequence hands out IDs.
	bucketUpdates = []byte("updates")
	// bucketPlans: big-endian problem ID -> the problem's SARA plan and
	// stage history (since schema 14), read and written whole.
	bucketPlans = []byte("plans")
)

// allBuckets is what Open makes sure exists once migrations have run.
var allBuckets = [][]byte{
	bucketMeta, bucketWards, bucketAgencies, bucketUsers, bucketUserNames,
	bucketUserKeys, bucketProblems, bucketProblemsByWard, bucketAudit,
	bucketActions, bucketActionsByWard, bucketActionsByProblem, bucketOutcomes, bucketEvidence,
	bucketMeetings, bucketMeetingsByWard, bucketPriorities,
	bucketInvites,
	bucketPictures, bucketPicturesByWard, bucketPictureElements, bucketAssets, bucketAssetsByWard,
	bucketCrimes, bucketLSOAWards, bucketCrimeImports,
	bucketUserEmails,
	bucketCrimesByForce, bucketCrimeCoverage,
	bucketPublished, bucketConcerns,
	bucketOutbox, bucketMailDigests,
	bucketUpdates,
	bucketPlans,
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

// wardIndexKey is the problems_by_ward or actions_by_ward key of record id in ward.
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

// pairKey is the key of a child record under its parent (an action under
// its problem, an outcome under its action): the parent's ID is the prefix,
// so one prefix scan reads the children in ID order.
func pairKey(parent, child uint64) []byte {
	return binary.BigEndian.AppendUint64(u64(parent), child)
}
