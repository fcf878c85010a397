// Package termtest helps tests watch what a terminal session prints and
// wait for text to appear on it, without sleeping.
package termtest

import (
	"bytes"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"
)

// Screen collects a session's output; use it as the session's stdout.
type Screen struct {
	mu      sync.Mutex
	buf     bytes.Buffer
	changed chan struct{}
}

// NewScreen returns an empty screen.
func NewScreen() *Screen { return &Screen{changed: make(chan struct{}, 1)} }

func (s *Screen) Write(p []byte) (int, error) {
	s.mu.Lock()
	s.buf.Write(p)
	s.mu.Unlock()
	select {
	case s.changed <- struct{}{}:
	default:
	}
	return len(p), nil
}

// Text is everything printed so far, without escape sequences.
func (s *Screen) Text() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return ansi.Strip(s.buf.String())
}

// Mark is how much has been printed so far, for WaitForMore.
func (s *Screen) Mark() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.buf.Len()
}

// WaitForMore waits until something is printed after mark: on an idle
// screen, the redraw that follows a change.
func (s *Screen) WaitForMore(t testing.TB, mark int, within time.Duration) {
	t.Helper()
	deadline := time.After(within)
	for s.Mark() <= mark {
		select {
		case <-s.changed:
		case <-deadline:
			t.Fatalf("nothing printed within %v", within)
		}
	}
}

// WaitFor fails the test if want has not appeared within ten seconds.
func (s *Screen) WaitFor(t testing.TB, want string) {
	t.Helper()
	if err := s.Await(want, 10*time.Second); err != nil {
		t.Fatal(err)
	}
}

// Await waits for want to appear; unlike WaitFor it may be called from any goroutine.
func (s *Screen) Await(want string, within time.Duration) error {
	deadline := time.After(within)
	for !strings.Contains(s.Text(), want) {
		select {
		case <-s.changed:
		case <-deadline:
			return fmt.Errorf("timed out waiting for %q; screen so far:\n%s", want, s.Text())
		}
	}
	return nil
}
