// Package plaintest reads plain mode's output in tests: it waits for what
// a session says, and checks that the byte stream only ever writes lines
// down the page, as a screen reader needs.
package plaintest

import (
	"bytes"
	"fmt"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
)

// Output is a session's output as it arrives, with a signal on each write.
type Output struct {
	mu    sync.Mutex
	b     bytes.Buffer
	wrote chan struct{}
	from  int // what has been waited for so far
}

// NewOutput is an empty Output.
func NewOutput() *Output { return &Output{wrote: make(chan struct{}, 1)} }

func (o *Output) Write(p []byte) (int, error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.b.Write(p)
	select {
	case o.wrote <- struct{}{}:
	default:
	}
	return len(p), nil
}

// String is everything written so far.
func (o *Output) String() string {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.b.String()
}

// WaitFor waits until the output after what was last waited for has s,
// for up to 20 seconds (a loaded machine under the race detector).
func (o *Output) WaitFor(t testing.TB, s string) {
	t.Helper()
	deadline := time.NewTimer(20 * time.Second)
	defer deadline.Stop()
	for {
		all := o.String()
		o.mu.Lock()
		from := o.from
		o.mu.Unlock()
		if i := strings.Index(all[from:], s); i >= 0 {
			o.mu.Lock()
			o.from = from + i + len(s)
			o.mu.Unlock()
			return
		}
		select {
		case <-o.wrote:
		case <-deadline.C:
			t.Fatalf("no %q in the output after:\n%s", s, all[from:])
		}
	}
}

// cursorMoves is what a screen reader cannot follow: the cursor moved up,
// home or to a place, the screen or a line cleared, the alternate screen,
// or a return without a new line after it (a line redrawn in place).
var cursorMoves = regexp.MustCompile(`\x1b\[\d*[ABHJKf]|\x1b\[\d+;\d+[Hf]|\x1b\[\?1049[hl]|\x1b\[2J|\r[^\n]|\r$`)

// Linear says where out does anything but write lines down the page, or
// has any escape sequence at all (plain mode uses no colour either).
func Linear(out string) error {
	if loc := cursorMoves.FindStringIndex(out); loc != nil {
		return fmt.Errorf("the output moves the cursor or redraws at byte %d: %q", loc[0], out[max(0, loc[0]-40):min(len(out), loc[1]+20)])
	}
	if i := strings.IndexByte(out, 0x1b); i >= 0 {
		return fmt.Errorf("the output has an escape sequence at byte %d: %q", i, out[max(0, i-40):min(len(out), i+20)])
	}
	return nil
}
