package main

import (
	"bytes"
	"io"
	"strings"
	"testing"
	"time"

	"wardpanel/tui/termtest"
)

func TestLocalRunsInsideTheRunningServer(t *testing.T) {
	dir := t.TempDir()
	startServe(t, dir, true)

	keys, typeKeys := io.Pipe()
	screen := termtest.NewScreen(80, 24)
	defer screen.Close()
	var errOut bytes.Buffer
	done := make(chan int, 1)
	go func() { done <- run([]string{"local", "--user", "PC Dana Reid", "--data", dir}, keys, screen, &errOut) }()
	press := func(k string) {
		t.Helper()
		if _, err := typeKeys.Write([]byte(k)); err != nil {
			t.Fatalf("typing %q: %v", k, err)
		}
	}

	screen.WaitFor(t, "PC Dana Reid")
	press("/Kingfisher") // search: the most urgent match is the stairwell dealing
	press("\r")          // keep the search
	press("\r")          // open the problem under the cursor
	screen.WaitFor(t, "Kingfisher House, east stairwell")
	press("q")
	select {
	case code := <-done:
		if code != 0 {
			t.Errorf("local exited %d: %s", code, errOut.String())
		}
	case <-time.After(10 * time.Second):
		t.Fatal("q did not end the local session")
	}

	var out bytes.Buffer
	errOut.Reset()
	if code := run([]string{"local", "--user", "Nobody", "--data", dir}, strings.NewReader(""), &out, &errOut); code != 1 || !strings.Contains(errOut.String(), `no user named "Nobody"`) {
		t.Errorf("unknown user: exit %d, %q", code, errOut.String())
	}

	// A disabled user stays out, through the operator's terminal too.
	errOut.Reset()
	if code := run([]string{"user", "disable", "--name", "Priya Shah", "--data", dir}, strings.NewReader(""), &out, &errOut); code != 0 {
		t.Fatalf("user disable: exit %d, %s", code, errOut.String())
	}
	errOut.Reset()
	if code := run([]string{"local", "--user", "Priya Shah", "--data", dir}, strings.NewReader(""), &out, &errOut); code != 1 || !strings.Contains(errOut.String(), "Priya Shah is disabled") {
		t.Errorf("disabled user: exit %d, %q", code, errOut.String())
	}
}

func TestFramesDoNotInterleave(t *testing.T) {
	var wire bytes.Buffer
	fw := &frameWriter{w: &wire}
	const n = 200
	done := make(chan struct{})
	go func() {
		for i := 0; i < n; i++ {
			_ = fw.send(frameResize, resizeFrame(120, 40))
		}
		close(done)
	}()
	for i := 0; i < n; i++ {
		_ = fw.send(frameInput, []byte("keys"))
	}
	<-done
	counts := map[byte]int{}
	for wire.Len() > 0 {
		kind, data, err := readFrame(&wire)
		if err != nil {
			t.Fatalf("after %v frames: %v", counts, err)
		}
		if (kind == frameInput && string(data) != "keys") || (kind == frameResize && len(data) != 4) {
			t.Fatalf("corrupt frame %q %q", kind, data)
		}
		counts[kind]++
	}
	if counts[frameInput] != n || counts[frameResize] != n {
		t.Errorf("frames %v, want %d of each", counts, n)
	}
}
