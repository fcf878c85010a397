package main

import (
	"bufio"
	"encoding/json"
	"os/exec"
	"strings"
	"testing"
	"time"
)

// TestLogFormatJSON: serve --log-format json writes one JSON object a
// line, with the host key's fingerprint and no personal data.
func TestLogFormatJSON(t *testing.T) {
	bin := wardpanelBinary(t)
	fx := newFixture(t, t.TempDir(), 1)
	cmd := exec.Command(bin, "serve", "--addr", "127.0.0.1:0", "--data", fx.dir, "--log-format", "json")
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
	first := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stderr)
		if sc.Scan() {
			first <- sc.Text()
		}
		close(first)
	}()
	var line string
	select {
	case line = <-first:
	case <-time.After(15 * time.Second):
		t.Fatal("no log line")
	}
	var event map[string]any
	if err := json.Unmarshal([]byte(line), &event); err != nil {
		t.Fatalf("log line %q is not JSON: %v", line, err)
	}
	if event["msg"] != "listening" || !strings.HasPrefix(event["host_key"].(string), "SHA256:") || strings.Contains(line, fx.officers[0].user.Name) {
		t.Errorf("first log line %s", line)
	}

	_, errOut, code := wp("serve", "--data", fx.dir, "--log-format", "xml")
	if code != 2 || !strings.Contains(errOut, `--log-format "xml": use text or json`) {
		t.Errorf("--log-format xml: exit %d, %q", code, errOut)
	}
}
