package store

// Every read in the store's tests checks what the touch log says against
// a read of every record: a write that changes problems or actions without
// noting them fails the test that reads them next.
func init() { verifyTouched = true }
