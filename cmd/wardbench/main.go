// Command wardbench measures wardpanel against a bare wish + Bubble Tea
// server built from the same library versions, in one process on
// 127.0.0.1, and prints each figure, the reference's, the ratio and the
// target of issue 8 (DESIGN.md §7).
//
//	go run ./cmd/wardbench [--json] [--quick] [--full] [--only P1,P2,…] [--sessions 100,500,1000]
//	                       [--p2 board,meeting] [--p7-sessions 100,300] [--p9-rows 100000] [--cpuprofile FILE] [-v]
//
// The sections: P1 first frame, P2 propagation of a change to N screens
// (every session on the board, and every session following a live
// meeting; --p2 board or --p2 meeting runs one of the two), P3 footprint of held sessions, P4 data scale, P5 writes, P6 bytes on the
// wire, P7 a meeting's burst of ballots, P8 the public's and the inbox's
// first frames, P9 a force's month of crimes imported. Each figure is printed
// beside its floor where it has one (issue 24): what the machine alone
// takes for the same work, measured in the same run. Progress goes to stderr; the table to stdout (with --json, the
// JSON goes to stdout and the table to stderr). A missed target is a
// finding, reported in the table; the exit status is 1 only when a
// section could not be measured, or a client that never answers terminal
// queries got no frame.
//
// P3 and P4 re-run this binary as a client driver (driverEnv set), which
// holds sessions in a process of its own so that the footprint read in
// this one is the servers' alone.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"
)

var sections = []string{"P1", "P2", "P3", "P4", "P5", "P6", "P7", "P8", "P9"}

// config is what a run measures, and how much of it.
type config struct {
	json, quick, full bool
	only              []string
	sessions          []int // P2 and P3
	p2Board           bool  // P2 with every session on the board
	p2Meeting         bool  // P2 with every session following a live meeting

	p1Conns     int           // sequential connections per server
	p2Changes   int           // changes per N
	p2Budget    time.Duration // at most this long on the changes at one N, per server
	p3Window    time.Duration
	p4Problems  int
	p4Actions   int
	p4Wards     int // --full: wards of that size
	p4Conns     int // first frames, warm
	p4Cold      int // first frames just after a change
	p4Keys      int
	p4Sessions  int
	p5Commits   int
	p5Writers   int
	p5Window    time.Duration
	p6Rounds    int
	p7Sessions  []int // P7: sessions following the meeting
	p7Ballots   int
	p7Window    time.Duration // the ballots come within it
	p8Conns     int
	p9Rows      int // P9: rows in the force's month
	parallel    int // connections opened at once when filling up to N
	log         io.Writer
	tempRoot    string // where temporary folders go ("": the system's)
	cpuProfile  string
	verbose     bool
	memTempRoot string // P4's store: tmpfs if there is one, so seeding is not fsync-bound
}

func defaultConfig(quick bool) config {
	c := config{
		quick: quick, sessions: []int{100, 500, 1000}, p2Board: true, p2Meeting: true,
		p1Conns: 200, p2Changes: 50, p2Budget: 40 * time.Second, p3Window: 3 * time.Second,
		p4Problems: 10_000, p4Actions: 100_000, p4Wards: 1, p4Conns: 30, p4Cold: 6, p4Keys: 120, p4Sessions: 20,
		p5Commits: 200, p5Writers: 50, p5Window: 3 * time.Second,
		p6Rounds: 5, p7Sessions: []int{100, 300}, p7Ballots: 50, p7Window: 2 * time.Second, p8Conns: 30,
		p9Rows: 100_000, parallel: 8, log: os.Stderr,
	}
	if quick {
		c.sessions = []int{100}
		c.p1Conns, c.p2Changes, c.p2Budget, c.p3Window = 50, 10, 15*time.Second, 2*time.Second
		c.p4Conns, c.p4Cold, c.p4Keys, c.p4Sessions = 10, 3, 20, 10
		c.p5Commits, c.p5Window = 50, 1500*time.Millisecond
		c.p6Rounds, c.p8Conns, c.p7Sessions = 3, 10, []int{100}
	}
	if st, err := os.Stat("/dev/shm"); err == nil && st.IsDir() {
		c.memTempRoot = "/dev/shm"
	}
	return c
}

func (c config) want(section string) bool {
	return len(c.only) == 0 || slices.Contains(c.only, section)
}

func parseArgs(args []string, stderr io.Writer) (config, error) {
	fs := flag.NewFlagSet("wardbench", flag.ContinueOnError)
	fs.SetOutput(stderr)
	jsonOut := fs.Bool("json", false, "print the figures as JSON on stdout (the table goes to stderr)")
	quick := fs.Bool("quick", false, "fewer connections, changes and sessions (N = 100 only): about a minute")
	full := fs.Bool("full", false, "P4 also with 20 wards of 10,000 problems and 100,000 actions (heavy)")
	only := fs.String("only", "", "comma-separated sections to run, e.g. P1,P2 (default: all)")
	sess := fs.String("sessions", "", "comma-separated session counts for P2 and P3 (default 100,500,1000; --quick 100)")
	p2 := fs.String("p2", "board,meeting", "P2's scenarios: board (every session on the board), meeting (every session following a live meeting), or both")
	verbose := fs.Bool("v", false, "log each P2 change's propagation time as it is measured")
	p7Sess := fs.String("p7-sessions", "", "comma-separated session counts for P7 (default 100,300; --quick 100)")
	p9Rows := fs.Int("p9-rows", 100_000, "rows in P9's generated force's month")
	cpuProfile := fs.String("cpuprofile", "", "write a CPU profile of the whole run (servers and clients) to this file")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: wardbench [--json] [--quick] [--full] [--only P1,P2,…] [--sessions 100,500,1000] [--p2 board,meeting] [--p7-sessions 100,300] [--p9-rows 100000] [--cpuprofile FILE] [-v]")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return config{}, err
	}
	if fs.NArg() > 0 {
		return config{}, fmt.Errorf("unexpected argument %q", fs.Arg(0))
	}
	c := defaultConfig(*quick)
	c.json, c.full, c.cpuProfile, c.verbose = *jsonOut, *full, *cpuProfile, *verbose
	if *p9Rows < 1 {
		return config{}, fmt.Errorf("--p9-rows: %d is not a count of rows", *p9Rows)
	}
	c.p9Rows = *p9Rows
	if c.full {
		c.p4Wards = 20
	}
	for _, s := range strings.Split(*only, ",") {
		s = strings.ToUpper(strings.TrimSpace(s))
		if s == "" {
			continue
		}
		if !slices.Contains(sections, s) {
			return config{}, fmt.Errorf("--only: unknown section %q (one of %s)", s, strings.Join(sections, ", "))
		}
		c.only = append(c.only, s)
	}
	c.p2Board, c.p2Meeting = false, false
	for _, s := range strings.Split(*p2, ",") {
		switch strings.ToLower(strings.TrimSpace(s)) {
		case "board":
			c.p2Board = true
		case "meeting":
			c.p2Meeting = true
		default:
			return config{}, fmt.Errorf("--p2: unknown scenario %q (board, meeting, or both)", s)
		}
	}
	for _, f := range []struct {
		flag, value string
		into        *[]int
	}{{"--sessions", *sess, &c.sessions}, {"--p7-sessions", *p7Sess, &c.p7Sessions}} {
		if f.value == "" {
			continue
		}
		*f.into = nil
		for _, s := range strings.Split(f.value, ",") {
			n, err := strconv.Atoi(strings.TrimSpace(s))
			if err != nil || n < 1 || n > 5000 {
				return config{}, fmt.Errorf("%s: %q is not a count from 1 to 5000", f.flag, s)
			}
			*f.into = append(*f.into, n)
		}
		slices.Sort(*f.into)
		*f.into = slices.Compact(*f.into)
	}
	return c, nil
}

func main() {
	if os.Getenv(driverEnv) != "" {
		os.Exit(runDriver(os.Stdin, os.Stdout))
	}
	os.Exit(realMain(os.Args[1:]))
}

// realMain runs the benchmark and returns the exit status: 2 for bad
// flags, 1 if the run could not finish or a section failed outright (a
// missed target is a finding, not a failure).
func realMain(args []string) int {
	cfg, err := parseArgs(args, os.Stderr)
	if errors.Is(err, flag.ErrHelp) {
		return 0
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "wardbench:", err)
		return 2
	}
	if cfg.cpuProfile != "" {
		f, err := os.Create(cfg.cpuProfile)
		if err == nil {
			err = pprof.StartCPUProfile(f)
		}
		if err != nil {
			fmt.Fprintln(os.Stderr, "wardbench:", err)
			return 1
		}
		defer f.Close()
		defer pprof.StopCPUProfile()
	}
	rep, err := run(cfg)
	if cfg.json {
		rep.writeTable(os.Stderr)
		if jerr := rep.writeJSON(os.Stdout); jerr != nil && err == nil {
			err = jerr
		}
	} else {
		rep.writeTable(os.Stdout)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "wardbench:", err)
		return 1
	}
	if len(rep.Failures) > 0 {
		return 1
	}
	return 0
}

// raiseFileLimit lifts the soft limit on open files to the hard one: a
// thousand sessions are two thousand sockets in this process.
func raiseFileLimit(need uint64) (uint64, error) {
	var lim syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_NOFILE, &lim); err != nil {
		return 0, err
	}
	if lim.Cur < lim.Max {
		lim.Cur = lim.Max
		if err := syscall.Setrlimit(syscall.RLIMIT_NOFILE, &lim); err != nil {
			return 0, err
		}
	}
	if lim.Cur < need {
		return lim.Cur, fmt.Errorf("open-file limit is %d, %d wanted: raise the hard limit (ulimit -Hn)", lim.Cur, need)
	}
	return lim.Cur, nil
}

// bench is one run: the servers and the report.
type bench struct {
	started time.Time
	cfg     config
	dir     string
	wp      *wardpanel
	bare    *bareServer
	floor   *floorServer // the same SSH stack with nothing behind it (P1, P2)
	p2Board p2Result     // P2 on the board, for P7's target
	rep     *report
}

func (b *bench) logf(format string, args ...any) {
	fmt.Fprintf(b.cfg.log, "wardbench [%5.1fs]: "+format+"\n", append([]any{time.Since(b.started).Seconds()}, args...)...)
}

// run starts both servers, runs the sections asked for, and returns what
// it found. A section that cannot run is a failure in the report, and the
// others go on.
func run(cfg config) (*report, error) {
	start := time.Now()
	rep := &report{Started: start.UTC().Round(time.Second), Quick: cfg.quick, Full: cfg.full, Go: runtime.Version(), CPUs: runtime.NumCPU()}
	maxN := 0
	if cfg.want("P2") || cfg.want("P3") {
		maxN = slices.Max(cfg.sessions)
	}
	if cfg.want("P7") {
		maxN = max(maxN, slices.Max(cfg.p7Sessions))
	}
	// Each session is two sockets here (the client's and the server's).
	if _, err := raiseFileLimit(uint64(2*maxN + 256)); err != nil {
		return rep, err
	}
	dir, err := os.MkdirTemp(cfg.tempRoot, "wardbench-")
	if err != nil {
		return rep, err
	}
	defer os.RemoveAll(dir)
	b := &bench{started: start, cfg: cfg, dir: dir, rep: rep}
	pre := watchLoad()
	time.Sleep(time.Second)
	if other, _, ok := pre.others(runtime.NumCPU()); ok && other > 10 {
		b.logf("warning: other processes are using %.0f%% of this machine's CPUs; the figures will suffer", other)
	}
	load := watchLoad()
	defer func() {
		if other, steal, ok := load.others(runtime.NumCPU()); ok {
			rep.note("Machine: while this ran, other processes used %.1f%% of its %d CPUs and the hypervisor stole %.1f%%%s.",
				other, runtime.NumCPU(), steal, map[bool]string{true: " — figures from a busy machine are worse than its own", false: ""}[other+steal > 5])
		}
	}()

	needMain := false
	for _, s := range []string{"P1", "P2", "P3", "P5", "P6", "P7", "P8"} {
		needMain = needMain || cfg.want(s)
	}
	if needMain {
		b.logf("seeding wardpanel and starting both servers")
		b.wp, err = startWardpanel(filepath.Join(dir, "wardpanel"), cfg.p5Writers)
		if err != nil {
			return rep, fmt.Errorf("wardpanel: %w", err)
		}
		defer b.wp.close()
		b.bare, err = startBare(filepath.Join(dir, "bare_host_ed25519"))
		if err != nil {
			return rep, fmt.Errorf("bare server: %w", err)
		}
		defer b.bare.close()
		if cfg.want("P1") || cfg.want("P2") {
			b.floor, err = startFloor(filepath.Join(dir, "floor_host_ed25519"))
			if err != nil {
				return rep, fmt.Errorf("floor server: %w", err)
			}
			defer b.floor.close()
		}
		b.warmUp()
	}
	for _, s := range []struct {
		name string
		run  func() error
	}{
		{"P1", b.p1}, {"P8", b.p8}, {"P6", b.p6}, {"P2", b.p2}, {"P7", b.p7}, {"P3", b.p3}, {"P5", b.p5}, {"P4", b.p4}, {"P9", b.p9},
	} {
		if !cfg.want(s.name) {
			continue
		}
		t := time.Now()
		b.logf("%s…", s.name)
		if err := s.run(); err != nil {
			rep.fail("%s: %v", s.name, err)
			b.logf("%s failed: %v", s.name, err)
		}
		b.logf("%s done in %.1f s", s.name, time.Since(t).Seconds())
	}
	rep.Seconds = time.Since(start).Seconds()
	return rep, nil
}

// warmUp opens and closes a few sessions on each server, so the first
// measured connection does not pay for code paths run for the first time.
func (b *bench) warmUp() {
	for range 3 {
		if t, _, err := connect(b.wpSpec(0, 80, 24, true)); err == nil {
			t.close()
		}
		if t, _, err := connect(b.bareSpec(80, 24, true)); err == nil {
			t.close()
		}
		if b.floor == nil {
			continue
		}
		if t, _, err := connect(b.floorSpec(80, 24, true)); err == nil {
			t.close()
		}
	}
}

func (b *bench) wpSpec(i, w, h int, answering bool) connectSpec {
	p := b.wp.people[i%len(b.wp.people)]
	return connectSpec{addr: b.wp.addr, signer: p.signer, w: w, h: h, answering: answering,
		frame: boardFrame(knownTitle), within: dialTimeout}
}

func (b *bench) bareSpec(w, h int, answering bool) connectSpec {
	return connectSpec{addr: b.bare.addr, signer: b.wp.people[0].signer, w: w, h: h, answering: answering,
		frame: bareFrame(), within: dialTimeout}
}
