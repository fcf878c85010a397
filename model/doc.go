// Package model is wardpanel's domain: the records partners keep (users,
// wards, agencies, problems), their validation, and the role and visibility
// rules of the product brief as pure functions.
//
// Nothing here does I/O or imports another wardpanel package: the store,
// the TUI and the SSH commands all call these functions, so the rules live
// in one place and every read and write path applies the same ones.
package model
