package main

import (
	"bytes"
	"encoding/json"
	"io"
	"math"
	"os"
	"slices"
	"strings"
	"testing"
	"time"
)

// TestMain lets this test binary stand in as the client driver, as the
// command's own binary does: P3 and P4 start os.Executable() with
// driverEnv set.
func TestMain(m *testing.M) {
	if os.Getenv(driverEnv) != "" {
		os.Exit(runDriver(os.Stdin, os.Stdout))
	}
	os.Exit(m.Run())
}

// tiny is the harness at its smallest: every section runs, on few
// sessions and little data, to prove the pieces work together.
func tiny(t *testing.T) config {
	c := defaultConfig(true)
	c.sessions = []int{10}
	c.p1Conns, c.p2Changes, c.p3Window = 5, 3, 300*time.Millisecond
	c.p4Problems, c.p4Actions, c.p4Conns, c.p4Cold, c.p4Keys, c.p4Sessions = 300, 600, 2, 2, 6, 2
	c.p5Commits, c.p5Writers, c.p5Window = 5, 5, 300*time.Millisecond
	c.p6Rounds = 2
	c.p9Rows = 2000
	c.p7Sessions, c.p7Ballots, c.p7Window, c.p8Conns = []int{5}, 5, 300*time.Millisecond, 2
	c.full, c.p4Wards = true, 2 // the second scale too, at its smallest
	c.tempRoot = t.TempDir()
	c.memTempRoot = t.TempDir()
	c.log = testLog{t}
	return c
}

type testLog struct{ t *testing.T }

func (l testLog) Write(p []byte) (int, error) {
	l.t.Log(strings.TrimSpace(string(p)))
	return len(p), nil
}

func TestSmallestRunOfEverySection(t *testing.T) {
	if testing.Short() {
		t.Skip("opens a few dozen SSH sessions and seeds a store: skipped with -short")
	}
	rep, err := run(tiny(t))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range rep.Failures {
		t.Errorf("failure: %s", f)
	}
	want := []string{
		"P1.first_frame.p50", "P1.first_frame.p99", "P1.silent_client",
		"P2.propagation.n10.p50", "P2.propagation.n10.p99", "P2.meeting.n10.p50", "P2.meeting.n10.p99",
		"P3.heap_per_session.n10", "P3.rss_per_session.n10", "P3.goroutines_per_session.n10", "P3.idle_cpu.n10",
		"P4.first_frame.p50", "P4.first_frame_after_change.p50", "P4.scroll_key.p50", "P4.filter_key.p50", "P4.heap_per_session",
		"P4.first_frame.p50.wards2", "P4.scroll_key.p50.wards2", "P4.filter_key.p50.wards2",
		"P5.commit.p50", "P5.commit.p99", "P5.commits_per_second", "P5.busy_commit.p99",
		"P6.bytes.scroll", "P6.bytes.live",
		"P7.n5.ballot_commit.p50", "P7.n5.ballot_commit.p99", "P7.n5.all_current",
		"P8.public.first_frame.p50", "P8.inbox.first_frame.p50",
		"P9.rows_per_second", "P9.peak_heap",
	}
	got := map[string]figure{}
	for _, f := range rep.Figures {
		got[f.ID] = f
	}
	for _, id := range want {
		f, ok := got[id]
		switch {
		case !ok:
			t.Errorf("no figure %s", id)
		case f.Value == nil || math.IsNaN(*f.Value):
			t.Errorf("%s has no value", id)
		case f.Ref == nil && id != "P3.sessions_held" && !strings.HasPrefix(id, "P7."): // P7's reference needs P2 at its N
			t.Errorf("%s has no reference value", id)
		}
	}
	if f := got["P1.silent_client"]; f.Pass == nil || !*f.Pass {
		t.Errorf("a client that never answers terminal queries got no frame: %+v", f)
	}
	for _, id := range []string{"P6.bytes.scroll", "P6.bytes.live"} {
		if f := got[id]; f.Value != nil && *f.Value <= 0 {
			t.Errorf("%s: %v bytes; the client must have received the redraw", id, *f.Value)
		}
	}
	for _, id := range []string{"P2.propagation.n10.p99", "P2.meeting.n10.p99"} {
		if f := got[id]; f.Note != "" {
			t.Errorf("%s: %s; every session must receive every change", id, f.Note)
		}
	}
	if f := got["P3.goroutines_per_session.n10"]; f.Value != nil && *f.Value < 1 {
		t.Errorf("wardpanel holds %.1f goroutines per session: the sessions were not held", *f.Value)
	}

	var table bytes.Buffer
	rep.writeTable(&table)
	for _, s := range []string{"P1 first frame p50", "bare wish", "P5 commits/s", "Notes:"} {
		if !strings.Contains(table.String(), s) {
			t.Errorf("the table lacks %q:\n%s", s, table.String())
		}
	}
	var js bytes.Buffer
	if err := rep.writeJSON(&js); err != nil {
		t.Fatal(err)
	}
	var back report
	if err := json.Unmarshal(js.Bytes(), &back); err != nil || len(back.Figures) != len(rep.Figures) {
		t.Errorf("JSON does not read back: %v (%d figures of %d)", err, len(back.Figures), len(rep.Figures))
	}
	t.Logf("\n%s", table.String())
}

func TestOnlyRunsTheSectionsAskedFor(t *testing.T) {
	if testing.Short() {
		t.Skip("opens SSH sessions: skipped with -short")
	}
	c := tiny(t)
	c.only = []string{"P6"}
	rep, err := run(c)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range rep.Figures {
		if !strings.HasPrefix(f.ID, "P6.") {
			t.Errorf("--only P6 measured %s", f.ID)
		}
	}
	if len(rep.Figures) != 2 || len(rep.Failures) > 0 {
		t.Errorf("--only P6: %d figures, failures %v", len(rep.Figures), rep.Failures)
	}
}

func TestParseArgs(t *testing.T) {
	c, err := parseArgs([]string{"--quick", "--json", "--only", "p1,P2", "--sessions", "500,100,100"}, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if !c.quick || !c.json || strings.Join(c.only, ",") != "P1,P2" || len(c.sessions) != 2 || c.sessions[0] != 100 || c.sessions[1] != 500 {
		t.Errorf("parsed %+v", c)
	}
	if c, _ := parseArgs(nil, io.Discard); len(c.sessions) != 3 || c.p1Conns != 200 || c.p2Changes != 50 {
		t.Errorf("defaults: sessions %v, %d connections, %d changes", c.sessions, c.p1Conns, c.p2Changes)
	}
	if c, _ := parseArgs(nil, io.Discard); !c.p2Board || !c.p2Meeting {
		t.Errorf("P2 runs both scenarios by default: board %v, meeting %v", c.p2Board, c.p2Meeting)
	}
	if c, _ := parseArgs([]string{"--p7-sessions", "300,100", "--p9-rows", "5000"}, io.Discard); !slices.Equal(c.p7Sessions, []int{100, 300}) || c.p9Rows != 5000 {
		t.Errorf("--p7-sessions 300,100 --p9-rows 5000: %v, %d", c.p7Sessions, c.p9Rows)
	}
	if c, _ := parseArgs([]string{"--p2", "meeting"}, io.Discard); c.p2Board || !c.p2Meeting {
		t.Errorf("--p2 meeting: board %v, meeting %v", c.p2Board, c.p2Meeting)
	}
	for _, bad := range [][]string{{"--p2", "vote"}, {"--p2", ""}, {"--only", "P10"}, {"--sessions", "0"}, {"--p7-sessions", "x"}, {"--p9-rows", "0"}, {"--sessions", "x"}, {"extra"}} {
		if _, err := parseArgs(bad, io.Discard); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
}

func TestPercentileAndTargets(t *testing.T) {
	xs := []float64{5, 1, 4, 2, 3}
	if p := percentile(xs, 0.5); p != 3 {
		t.Errorf("p50 = %v", p)
	}
	if p := percentile(xs, 0.99); p != 5 {
		t.Errorf("p99 = %v", p)
	}
	if xs[0] != 5 {
		t.Error("percentile sorted its argument in place")
	}
	if !math.IsNaN(percentile(nil, 0.5)) {
		t.Error("percentile of nothing is a number")
	}
	var fr report
	fr.add(figure{Name: "f", Unit: "ms", Value: f64(30), Ref: f64(100), Floor: f64(10), FloorName: "one write"})
	fr.check(floorAtMost(3))
	if f := fr.Figures[0]; f.FloorRatio == nil || *f.FloorRatio != 3 || f.Pass == nil || !*f.Pass || f.Target != "≤ 3× one write" {
		t.Errorf("30 ms against a floor of 10 ms: %+v", f)
	}
	var r report
	r.add(figure{Name: "x", Unit: "ms", Value: f64(40), Ref: f64(100), RefName: "bare wish"})
	r.check(both(ratioAtMost(0.5), atMost(50, "ms")))
	if f := r.Figures[0]; f.Pass == nil || !*f.Pass || *f.Ratio != 0.4 {
		t.Errorf("40 ms against 100 ms: %+v", f)
	}
	r.add(figure{Name: "y", Unit: "ms", Value: f64(60), Ref: f64(200), RefName: "bare wish"})
	r.check(both(ratioAtMost(0.5), atMost(50, "ms")))
	if f := r.Figures[1]; f.Pass == nil || *f.Pass {
		t.Errorf("60 ms passes a 50 ms bar: %+v", f)
	}
}
