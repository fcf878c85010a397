package store

// Schema 12 adds partner updates before a meeting (updates.go). No file
// before it had any, so the migration only adds the bucket.
var migrateToUpdates = migration{to: 13, name: "add partner updates before meetings", adds: [][]byte{bucketUpdates}}
