package ui

import tea "charm.land/bubbletea/v2"

// Loader is the pattern every screen that reads the store follows: one
// load in flight at a time, numbered so a slow answer to an old question is
// known and dropped; a change while one is in flight marks it stale, and
// its answer starts one more, so the last change is always read.
type Loader struct {
	seq     int
	loading bool
	stale   bool
}

// Start is asked before a load: it returns the load's number, or ok false
// when one is in flight already (which will be followed by another).
// next numbers requests across the session (one counter for all screens).
func (l *Loader) Start(next func() int) (seq int, ok bool) {
	if l.loading {
		l.stale = true
		return 0, false
	}
	l.loading, l.stale = true, false
	l.seq = next()
	return l.seq, true
}

// Done is told each answer's number: ours says whether it answers the
// last load started; again, whether to start another because something
// changed meanwhile.
func (l *Loader) Done(seq int) (ours, again bool) {
	if seq != l.seq {
		return false, false
	}
	l.loading = false
	return true, l.stale
}

// Forget drops the load in flight: its answer will not be taken, and the
// next Start begins at once (a screen that changed what it asks for).
func (l *Loader) Forget() {
	l.loading = false
	l.seq = 0
}

// Seq is the number of the last load started.
func (l *Loader) Seq() int { return l.seq }

// Loading says a load is in flight.
func (l *Loader) Loading() bool { return l.loading }

// Landed takes a load's answer: ours is false when it is not the last
// load's, to be dropped; else cmd reports err, if any, on the status line
// as op, and starts another load (reload) if something changed meanwhile.
func (l *Loader) Landed(seq int, op string, err error, reload func() tea.Cmd) (cmd tea.Cmd, ours bool) {
	ours, again := l.Done(seq)
	if !ours {
		return nil, false
	}
	if err != nil {
		cmd = Cmd(Err{Op: op, Err: err})
	}
	if again {
		cmd = tea.Batch(cmd, reload())
	}
	return cmd, true
}
