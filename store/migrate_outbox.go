package store

// migrateOutbox is schema 12: e-mail reminders (issue 21). Nothing was
// ever queued before, so the migration only adds the two empty buckets.
var migrateOutbox = migration{to: 12, name: "add the e-mail outbox", adds: [][]byte{bucketOutbox, bucketMailDigests}}
