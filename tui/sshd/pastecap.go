package sshd

import "io"

// MaxPasteBytes is the most of one bracketed paste a session passes on to
// its program. The longest field takes model.MaxTextLen runes; what is
// beyond this could never be kept, and the terminal reader rescans a paste
// it cannot yet parse from its start on every read, so a long paste laced
// with escapes or bad UTF-8 would cost the server CPU quadratic in its size.
const MaxPasteBytes = 64 << 10

var (
	pasteStart = []byte("\x1b[200~")
	pasteEnd   = []byte("\x1b[201~")
)

// pasteCap passes a terminal's input through, cutting each bracketed paste
// to max bytes while keeping its end marker, so the paste still ends.
type pasteCap struct {
	r   io.Reader
	max int

	in      bool // inside a paste
	n       int  // bytes of the current paste passed on
	match   int  // bytes of the awaited marker seen
	shown   int  // of those, how many were passed on
	scratch []byte
}

func newPasteCap(r io.Reader, max int) *pasteCap { return &pasteCap{r: r, max: max} }

func (c *pasteCap) Read(p []byte) (int, error) {
	for {
		if cap(c.scratch) < len(p) {
			c.scratch = make([]byte, len(p))
		}
		buf := c.scratch[:len(p)]
		n, err := c.r.Read(buf)
		out := c.filter(p[:0], buf[:n])
		// Reading on when a whole read was dropped: a zero-byte read with
		// no error would look like a stalled terminal to the program.
		if len(out) > 0 || err != nil {
			return len(out), err
		}
	}
}

// filter appends to dst what of src passes. Markers are short and cannot
// overlap themselves, so one byte of look-back (match) finds them across reads.
func (c *pasteCap) filter(dst, src []byte) []byte {
	for _, b := range src {
		marker := pasteStart
		if c.in {
			marker = pasteEnd
		}
		pass := !c.in || c.n < c.max
		switch {
		case b == marker[c.match]:
			c.match++
		case b == marker[0]:
			c.match, c.shown = 1, 0
		default:
			c.match, c.shown = 0, 0
		}
		if pass {
			dst = append(dst, b)
			if c.in {
				c.n++
			}
			if c.match > 0 {
				c.shown = c.match
			}
		}
		if c.match == len(marker) {
			if !pass {
				// The marker's bytes not yet passed on: the paste ends.
				dst = append(dst, marker[c.shown:]...)
			}
			c.in, c.n, c.match, c.shown = !c.in, 0, 0, 0
		}
	}
	return dst
}
