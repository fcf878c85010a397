package plain

import (
	"bufio"
	"io"
	"strings"
	"sync"
	"unicode"
)

// term is a line terminal over a session's channel. Everything it writes
// is whole lines that follow each other down the page: it never moves the
// cursor up, clears the screen or goes back to the start of a line to
// redraw it, which is what a screen reader reads aloud reliably.
//
// Over `ssh -t` the client's terminal is raw: nothing the person types is
// shown or edited unless the server does it. term then echoes what is
// typed and takes backspace; without a terminal (a script piping lines in)
// the client's own terminal does that and term only reads lines.
type term struct {
	mu     sync.Mutex
	w      io.Writer
	echo   bool
	eol    string
	prompt string
	buf    []rune
	// showing: the prompt, and buf after it, are the page's last line.
	showing bool
}

func newTerm(w io.Writer, echo bool) *term {
	t := &term{w: w, echo: echo, eol: "\n"}
	if echo {
		// A raw terminal needs the return as well as the new line.
		t.eol = "\r\n"
	}
	return t
}

// say writes lines as announcements. A prompt the person is typing at is
// ended with a new line first, and given again after, with what they had
// typed so far: the announcement never overwrites it.
func (t *term) say(lines ...string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	var b strings.Builder
	if t.showing {
		b.WriteString(t.eol)
	}
	for _, l := range lines {
		for _, part := range strings.Split(l, "\n") {
			b.WriteString(part)
			b.WriteString(t.eol)
		}
	}
	if t.showing {
		b.WriteString(t.prompt)
		if t.echo {
			b.WriteString(string(t.buf))
		}
	}
	_, _ = io.WriteString(t.w, b.String())
}

// ask shows prompt at the start of a new line, waiting for input.
func (t *term) ask(prompt string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.prompt, t.showing = prompt, true
	_, _ = io.WriteString(t.w, prompt+string(t.buf))
}

// typed takes a rune the person typed; enter ends the line, which is
// returned with done set.
func (t *term) typed(r rune) (line string, done bool) {
	t.mu.Lock()
	defer t.mu.Unlock()
	switch {
	case r == '\r' || r == '\n':
		line = string(t.buf)
		t.buf = t.buf[:0]
		if t.echo {
			_, _ = io.WriteString(t.w, t.eol)
		}
		t.showing = false
		return line, true
	case r == 0x7f || r == 0x08:
		if len(t.buf) > 0 {
			t.buf = t.buf[:len(t.buf)-1]
			if t.echo {
				// Back one place on the same line, never up.
				_, _ = io.WriteString(t.w, "\b \b")
			}
		}
	case r == 0x15: // ctrl+u: start the line again, on a new line
		t.buf = t.buf[:0]
		if t.echo {
			_, _ = io.WriteString(t.w, t.eol+t.prompt)
		}
	case unicode.IsPrint(r) && len(t.buf) < maxLine:
		t.buf = append(t.buf, r)
		if t.echo {
			_, _ = io.WriteString(t.w, string(r))
		}
	}
	return "", false
}

// maxLine bounds one line of input (the longest text a field takes is the
// minutes; longer is cut by the model anyway).
const maxLine = 8000

// readLines reads what the person types and sends each line they end on
// lines, until the input ends or they press ctrl+c or ctrl+d (on an empty
// line); then lines is closed. Escape sequences (arrow keys) are dropped.
func (t *term) readLines(r io.Reader, lines chan<- string, done <-chan struct{}) {
	defer close(lines)
	in := bufio.NewReader(r)
	lastCR := false
	for {
		c, _, err := in.ReadRune()
		if err != nil {
			return
		}
		switch c {
		case 0x03:
			return
		case 0x04:
			t.mu.Lock()
			empty := len(t.buf) == 0
			t.mu.Unlock()
			if empty {
				return
			}
			continue
		case 0x1b:
			SkipEscape(in)
			continue
		}
		// \r\n from a client is one line end, not two.
		if c == '\n' && lastCR {
			lastCR = false
			continue
		}
		lastCR = c == '\r'
		if line, ok := t.typed(c); ok {
			select {
			case lines <- line:
			case <-done:
				return
			}
		}
	}
}

// SkipEscape reads past the rest of an escape sequence after its ESC:
// ESC [ … final (arrow keys, bracketed-paste markers) or ESC O x. Plain
// mode and the public line reader (sshd) drop what such keys send.
func SkipEscape(in *bufio.Reader) {
	c, err := in.ReadByte()
	if err != nil {
		return
	}
	switch c {
	case '[':
		for {
			c, err := in.ReadByte()
			if err != nil || c >= 0x40 && c <= 0x7e {
				return
			}
		}
	case 'O':
		_, _ = in.ReadByte()
	}
}
