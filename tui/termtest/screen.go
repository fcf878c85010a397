// Package termtest helps tests watch what a terminal session prints and
// wait for text to appear on it, without sleeping.
package termtest

import (
	"bytes"
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

// WaitFor fails the test if want has not appeared within ten seconds.
func (s *Screen) WaitFor(t testing.TB, want string) {
	t.Helper()
	deadline := time.After(10 * time.Second)
	for !strings.Contains(s.Text(), want) {
		select {
		case <-s.changed:
		case <-deadline:
			t.Fatalf("timed out waiting for %q; screen so far:\n%s", want, s.Text())
		}
	}
}
