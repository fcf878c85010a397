package ui

// TopOnly is a message only the screen on top may have (a timer's tick):
// the router tells the others theirs lapsed (Lapser), and they start it
// again when shown.
type TopOnly interface{ TopOnly() }

// Lapser is a screen whose timer the router let lapse while it was not on top.
type Lapser interface{ Lapse() }
