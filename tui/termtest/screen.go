// Package termtest gives tests a client-side terminal: what a session
// prints is fed to a terminal emulator, so tests wait for text to be on
// the screen (not merely somewhere in the byte stream, which a renderer
// that redraws only changed cells never guarantees), without sleeping.
package termtest

import (
	"bytes"
	"fmt"
	"io"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/charmbracelet/x/vt"
)

// Screen is a w×h terminal; use it as a session's stdout. Close it when done.
type Screen struct {
	mu      sync.Mutex
	raw     bytes.Buffer
	emu     *vt.SafeEmulator
	changed chan struct{}
}

// NewScreen returns a blank w×h screen that never answers the program's
// terminal queries, like some real clients.
func NewScreen(w, h int) *Screen { return NewAnsweringScreen(w, h, io.Discard) }

// NewAnsweringScreen is a screen whose answers to terminal queries (colours,
// device attributes, cursor position) go to answers, as a real terminal's
// go back to the program: pass the session's stdin.
func NewAnsweringScreen(w, h int, answers io.Writer) *Screen {
	s := &Screen{emu: vt.NewSafeEmulator(w, h), changed: make(chan struct{}, 1)}
	// The emulator writes answers into a pipe: someone must read them, or
	// the next query would block every write to the screen.
	go func() { _, _ = io.Copy(answers, s.emu) }()
	return s
}

// Close releases the screen's reader of terminal answers. It closes the
// answer pipe itself: the emulator's own Close sets a flag its Read checks
// without a lock.
func (s *Screen) Close() error {
	if c, ok := s.emu.InputPipe().(io.Closer); ok {
		return c.Close()
	}
	return nil
}

func (s *Screen) Write(p []byte) (int, error) {
	s.mu.Lock()
	s.raw.Write(p)
	_, _ = s.emu.Write(p)
	s.mu.Unlock()
	select {
	case s.changed <- struct{}{}:
	default:
	}
	return len(p), nil
}

// Resize follows a window change the test made.
func (s *Screen) Resize(w, h int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.emu.Resize(w, h)
}

// Text is what the screen shows now, one line per row.
func (s *Screen) Text() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.emu.String()
}

// Mark is how much has been printed so far, for WaitForMore and WaitForSince.
func (s *Screen) Mark() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.raw.Len()
}

// WaitForMore waits until something is printed after mark: on an idle
// screen, the redraw that follows a change.
func (s *Screen) WaitForMore(t testing.TB, mark int, within time.Duration) {
	t.Helper()
	if err := s.await(func() bool { return s.Mark() > mark }, within); err != nil {
		t.Fatalf("nothing printed within %v", within)
	}
}

// WaitFor fails the test if want is not on the screen within ten seconds.
func (s *Screen) WaitFor(t testing.TB, want string) {
	t.Helper()
	if err := s.Await(want, 10*time.Second); err != nil {
		t.Fatal(err)
	}
}

// WaitForSince is WaitFor for a screen redrawn after mark (see Mark):
// proof that want was drawn in response to what happened since.
func (s *Screen) WaitForSince(t testing.TB, mark int, want string) {
	t.Helper()
	if err := s.await(func() bool { return s.Mark() > mark && strings.Contains(s.Text(), want) }, 10*time.Second); err != nil {
		t.Fatalf("timed out waiting for %q; the screen shows:\n%s", want, s.Text())
	}
}

// Await waits for want to be on the screen; unlike WaitFor it may be
// called from any goroutine.
func (s *Screen) Await(want string, within time.Duration) error {
	if err := s.await(func() bool { return strings.Contains(s.Text(), want) }, within); err != nil {
		return fmt.Errorf("timed out waiting for %q; the screen shows:\n%s", want, s.Text())
	}
	return nil
}

func (s *Screen) await(done func() bool, within time.Duration) error {
	deadline := time.After(within)
	for !done() {
		select {
		case <-s.changed:
		case <-deadline:
			return fmt.Errorf("timed out")
		}
	}
	return nil
}
