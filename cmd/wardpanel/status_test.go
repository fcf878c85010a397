package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus/promhttp"
	gossh "golang.org/x/crypto/ssh"

	"wardpanel/store"
)

var metricsAddr = regexp.MustCompile(`msg=metrics addr=(\S+)`)

// TestStatusAndMetricsAfterSessionsAndCommands runs a server with
// --metrics, has people connect and run commands (and a stranger be
// refused), then reads wardpanel status and scrapes /metrics: promtool
// accepts the exposition, the expected series have the expected values,
// and no label carries a name, a record's text or anything typed.
func TestStatusAndMetricsAfterSessionsAndCommands(t *testing.T) {
	fx := newFixture(t, t.TempDir(), 2)
	const maxSize = 64 << 20
	addr, log, _ := startServeWith(t, serveConfig{dir: fx.dir, metrics: "127.0.0.1:0", maxSize: maxSize})
	m := metricsAddr.FindStringSubmatch(log.String())
	if m == nil {
		t.Fatalf("no metrics address in the log:\n%s", log)
	}

	// One officer keeps a terminal open; both run commands.
	openIdleTerminal(t, addr, fx.officers[0].signer, nil)
	c1, err := dialSSH(addr, fx.officers[1].signer, nil, time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	defer c1.Close()
	const typed = "Confidential tip about Flat 4"
	for _, run := range []struct {
		cmd  string
		exit int
	}{
		{"whoami", 0},
		{"board", 0},
		{fmt.Sprintf("action done %d --outcome %q", fx.actions[1], typed), 0},
		{"action show 999999", 1},
		{"board --nonsense", 2},
		{typed, 2},
	} {
		_, _, err := sshRun(c1, run.cmd)
		var exit *gossh.ExitError
		if got := 0; err != nil {
			if !errorsAs(err, &exit) {
				t.Fatalf("%s: %v", run.cmd, err)
			}
			if got = exit.ExitStatus(); got != run.exit {
				t.Errorf("%s: exit %d, want %d", run.cmd, got, run.exit)
			}
		} else if run.exit != 0 {
			t.Errorf("%s: exit 0, want %d", run.cmd, run.exit)
		}
	}
	stranger, _ := newKey(t)
	if sc, err := dialSSH(addr, stranger, nil, 30*time.Second); err == nil {
		_, _, _ = sshRun(sc, "whoami")
		sc.Close()
	}
	if out, errOut, code := wp("backup", filepath.Join(t.TempDir(), "b.db"), "--data", fx.dir); code != 0 {
		t.Fatalf("backup: %s%s", out, errOut)
	}

	// wardpanel status, through the control socket.
	out, errOut, code := wp("status", "--data", fx.dir)
	if code != 0 {
		t.Fatalf("status: exit %d: %s", code, errOut)
	}
	t.Logf("wardpanel status:\n%s", out)
	fi, err := os.Stat(filepath.Join(fx.dir, store.FileName))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"wardpanel " + readBuildInfo().Version + " (schema " + strconv.Itoa(store.CurrentSchema) + "), serving " + fx.dir + "\n",
		"\nup        ",
		"\nsessions  1 (1 terminal, 0 command) from 1 user\n",
		"\nbackup    ",
		fmt.Sprintf("\ndata      %s of a 64.0 MiB cap (", humanBytes(fi.Size())),
		"\nwrites    no write has failed since start\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("status lacks %q", want)
		}
	}
	out, _, code = wp("status", "--json", "--data", fx.dir)
	var st status
	if err := json.Unmarshal([]byte(out), &st); err != nil || code != 0 {
		t.Fatalf("status --json: exit %d, %v\n%s", code, err, out)
	}
	if st.Sessions.Terminal != 1 || st.UsersConnected != 1 || st.LastBackup == nil || st.MaxBytes != maxSize || st.DataBytes != fi.Size() || st.WriteError != nil {
		t.Errorf("status --json = %+v", st)
	}

	// /metrics.
	resp, err := http.Get("http://" + m[1] + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	body, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("GET /metrics: %d, %v", resp.StatusCode, err)
	}
	if promtool, err := exec.LookPath("promtool"); err == nil {
		cmd := exec.Command(promtool, "check", "metrics")
		cmd.Stdin = bytes.NewReader(body)
		if res, err := cmd.CombinedOutput(); err != nil {
			t.Errorf("promtool check metrics: %v\n%s", err, res)
		}
	} else if os.Getenv("CI") != "" {
		t.Error("CI must install prometheus for promtool: apt-get install -y prometheus")
	} else {
		t.Log("no promtool here (Debian package prometheus): the exposition is not linted")
	}
	series := parseExposition(t, string(body))
	for name, want := range map[string]float64{
		`wardpanel_sessions{kind="terminal"}`:                       1,
		`wardpanel_sessions{kind="command"}`:                        0,
		`wardpanel_users_connected`:                                 1,
		`wardpanel_commands_total{command="whoami",status="0"}`:     1,
		`wardpanel_commands_total{command="board",status="0"}`:      1,
		`wardpanel_commands_total{command="board",status="2"}`:      1,
		`wardpanel_commands_total{command="action",status="0"}`:     1,
		`wardpanel_commands_total{command="action",status="1"}`:     1,
		`wardpanel_commands_total{command="unknown",status="2"}`:    1,
		`wardpanel_connections_refused_total{reason="unknown_key"}`: 1,
		`wardpanel_connections_refused_total{reason="limit"}`:       0,
		`wardpanel_backups_total{result="ok"}`:                      1,
		`wardpanel_store_write_errors_total`:                        0,
		`wardpanel_store_max_size_bytes`:                            maxSize,
		`wardpanel_store_size_bytes`:                                float64(fi.Size()),
		`wardpanel_build_info{commit="",goversion="` + readBuildInfo().Go + `",schema="` + strconv.Itoa(store.CurrentSchema) + `",version="` + readBuildInfo().Version + `"}`: 1,
	} {
		if got, ok := series[name]; !ok || got != want {
			t.Errorf("%s = %v (present %v), want %v", name, got, ok, want)
		}
	}
	if n := series["wardpanel_store_write_duration_seconds_count"]; n < 1 { // the outcome, at least
		t.Errorf("write latency histogram counted %v writes", n)
	}
	if age, ok := series["wardpanel_backup_age_seconds"]; !ok || age < 0 || age > 60 {
		t.Errorf("backup age %v (present %v)", age, ok)
	}
	var people []string
	for _, o := range fx.officers {
		people = append(people, o.user.Name)
	}
	for name := range series {
		for _, secret := range append(people, "Flat 4", "Confidential", "Patrol route", "Testford", "SHA256:") {
			if strings.Contains(name, secret) {
				t.Errorf("a series carries %q: %s", secret, name)
			}
		}
	}
}

// parseExposition reads Prometheus text into series name{labels} -> value
// (the exposition sorts labels by name).
func parseExposition(t *testing.T, text string) map[string]float64 {
	t.Helper()
	out := map[string]float64{}
	for _, line := range strings.Split(text, "\n") {
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		i := strings.LastIndexByte(line, ' ')
		v, err := strconv.ParseFloat(line[i+1:], 64)
		if err != nil {
			t.Fatalf("exposition line %q: %v", line, err)
		}
		out[line[:i]] = v
	}
	return out
}

func TestStatusWithoutAServer(t *testing.T) {
	_, errOut, code := wp("status", "--data", t.TempDir())
	if code != statusNotRunning || !strings.Contains(errOut, "no server is running on") {
		t.Errorf("status with no server: exit %d, %q", code, errOut)
	}
}

func errorsAs(err error, target any) bool { return errors.As(err, target) }

// TestStatusShowsTheLastFailures: a failed write, and a backup that
// failed after the last good one, are shown with their error, and counted.
func TestStatusShowsTheLastFailures(t *testing.T) {
	o := newOps(serveConfig{dir: t.TempDir()}, slog.New(slog.NewTextHandler(io.Discard, nil)))
	o.BackedUp("/backups/a.db", time.Millisecond, nil)
	o.BackedUp("/backups/b.db", time.Millisecond, errors.New("backup to /backups/b.db: the disk is full"))
	o.Wrote(time.Millisecond, nil)
	o.Wrote(time.Millisecond, errors.New("the data file is full: nothing was saved"))
	text := o.status().text(time.Now())
	for _, want := range []string{
		"\nbackup    ", "ago: /backups/a.db\n",
		"\n          the last attempt failed, 0s ago: backup to /backups/b.db: the disk is full\n",
		"\ndata      0 bytes (no cap: serve --max-size sets one)\n",
		"\nwrites    the last failed 0s ago: the data file is full: nothing was saved\n",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("status lacks %q:\n%s", want, text)
		}
	}
	o.BackedUp("/backups/c.db", time.Millisecond, nil)
	if text := o.status().text(time.Now()); strings.Contains(text, "last attempt failed") {
		t.Errorf("a failure before the last good backup is still shown:\n%s", text)
	}
	rec := httptest.NewRecorder()
	promhttp.HandlerFor(o.metrics.reg, promhttp.HandlerOpts{}).ServeHTTP(rec, httptest.NewRequest("GET", "/metrics", nil))
	series := parseExposition(t, rec.Body.String())
	for name, want := range map[string]float64{
		"wardpanel_store_write_errors_total":           1,
		"wardpanel_store_write_duration_seconds_count": 1,
		`wardpanel_backups_total{result="failed"}`:     1,
		`wardpanel_backups_total{result="ok"}`:         2,
	} {
		if series[name] != want {
			t.Errorf("%s = %v, want %v", name, series[name], want)
		}
	}
}
