package main

import (
	"bufio"
	"fmt"
	"os"
	"runtime"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// usage is this process's footprint at one moment.
type usage struct {
	heap       float64 // HeapInuse after a GC, bytes
	goroutines int
	rss        float64 // VmRSS after returning freed memory to the OS, bytes
}

// sample collects garbage, hands freed memory back to the OS, and reads
// the process's heap, goroutines and resident set.
func sample() usage {
	debug.FreeOSMemory() // runs a GC first
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return usage{heap: float64(m.HeapInuse), goroutines: runtime.NumGoroutine(), rss: float64(vmRSS())}
}

// vmRSS is the resident set size from /proc/self/status, in bytes.
func vmRSS() uint64 {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return 0
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(sc.Text(), "VmRSS:"); ok {
			fields := strings.Fields(rest)
			if len(fields) > 0 {
				kb, _ := strconv.ParseUint(fields[0], 10, 64)
				return kb << 10
			}
		}
	}
	return 0
}

// selfCPU is this process's user and system time so far.
func selfCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// idleCPU is the share of one core this process used over window, with
// nothing changing.
func idleCPU(window time.Duration) float64 {
	c0, t0 := selfCPU(), time.Now()
	time.Sleep(window)
	return 100 * float64(selfCPU()-c0) / float64(time.Since(t0))
}

// held is one server's footprint with n sessions, less its footprint with none.
type held struct {
	n                  int
	heap, rss          float64 // bytes per session
	goroutines         float64 // per session
	cpu                float64 // % of one core, absolute
	clientCPU          float64 // the driver's, % of one core, for the notes
	heapMB, rssMB      float64 // totals over the 0-session sample
	goroutinesOverZero int
}

// footprint holds sessions on one server through a client driver, n at a
// time as listed, and samples the process with each. Only this server has
// sessions while it runs; the other is idle.
func (b *bench) footprint(name string, req driverOpen, ns []int) (zeroCPU float64, rows []held, err error) {
	settle()
	base := sample()
	zeroCPU = idleCPU(b.cfg.p3Window)
	d, err := startDriver()
	if err != nil {
		return zeroCPU, nil, err
	}
	defer func() {
		d.stop()
		waitGoroutines(base.goroutines, 20*time.Second)
	}()
	have := 0
	for _, n := range ns {
		b.logf("P3 %s: holding %d sessions", name, n)
		req.N = n - have
		got, err := d.open(req)
		have = got
		if err != nil {
			return zeroCPU, rows, fmt.Errorf("holding %d sessions (%d held): %w", n, got, err)
		}
		time.Sleep(time.Second) // start-up work of the last sessions
		s := sample()
		c0 := d.cpu()
		cpu := idleCPU(b.cfg.p3Window)
		client := 100 * float64(d.cpu()-c0) / float64(b.cfg.p3Window)
		rows = append(rows, held{n: n,
			heap: (s.heap - base.heap) / float64(n), rss: (s.rss - base.rss) / float64(n),
			goroutines: float64(s.goroutines-base.goroutines) / float64(n), cpu: cpu, clientCPU: client,
			heapMB: (s.heap - base.heap) / 1e6, rssMB: (s.rss - base.rss) / 1e6, goroutinesOverZero: s.goroutines - base.goroutines})
	}
	return zeroCPU, rows, nil
}

// waitGoroutines waits for the count to fall back to about n (sessions
// ending on the server side), so the next measurement starts clean.
func waitGoroutines(n int, within time.Duration) {
	deadline := time.Now().Add(within)
	for runtime.NumGoroutine() > n+5 && time.Now().Before(deadline) {
		time.Sleep(50 * time.Millisecond) // there is no signal for "sessions have ended"
	}
}

// settle waits until sessions closed by an earlier step have finished
// ending: the goroutine count has not fallen for half a second.
func settle() {
	deadline := time.Now().Add(30 * time.Second)
	low, since := runtime.NumGoroutine(), time.Now()
	for time.Since(since) < 500*time.Millisecond && time.Now().Before(deadline) {
		time.Sleep(50 * time.Millisecond)
		if n := runtime.NumGoroutine(); n < low {
			low, since = n, time.Now()
		}
	}
}

func (b *bench) p3() error {
	ns := b.cfg.sessions
	var keys [][]byte
	for _, p := range b.wp.people {
		keys = append(keys, p.key)
	}
	wpReq := driverOpen{Addr: b.wp.addr, Keys: keys, W: 80, H: 24, Wait: []string{knownTitle, footerEnd}, Parallel: b.cfg.parallel}
	bareReq := driverOpen{Addr: b.bare.addr, Keys: keys[:1], W: 80, H: 24, Wait: []string{bareLastRow, "quit"}, Parallel: b.cfg.parallel}
	settle()
	zero := sample()
	wpZero, wp, werr := b.footprint("wardpanel", wpReq, ns)
	bareZero, bare, berr := b.footprint("bare", bareReq, ns)
	if werr != nil {
		b.rep.fail("P3: wardpanel: %v", werr)
	}
	if berr != nil {
		b.rep.fail("P3: bare: %v", berr)
	}

	// With no sessions both phases measure the same idle process: a ratio
	// of two near-zero figures would be noise, so the bare phase's goes in
	// the note.
	b.rep.add(figure{ID: "P3.idle_cpu.n0", Name: "P3 idle CPU, 0 sessions", Unit: "%", Value: f64(wpZero),
		Note: fmt.Sprintf("whole process; %.1f%% in the bare phase", bareZero)})
	find := func(rows []held, n int) (held, bool) {
		i := slices.IndexFunc(rows, func(h held) bool { return h.n == n })
		if i < 0 {
			return held{}, false
		}
		return rows[i], true
	}
	for _, n := range ns {
		w, wok := find(wp, n)
		r, rok := find(bare, n)
		if !wok && !rok {
			continue
		}
		v := func(ok bool, x float64) *float64 {
			if !ok {
				return nil
			}
			return f64(x)
		}
		b.rep.add(figure{ID: fmt.Sprintf("P3.heap_per_session.n%d", n), Name: fmt.Sprintf("P3 heap per session, N=%d", n),
			Unit: "kB", Value: v(wok, w.heap/1e3), Ref: v(rok, r.heap/1e3), RefName: "bare wish"})
		b.rep.check(ratioAtMost(1.5))
		b.rep.add(figure{ID: fmt.Sprintf("P3.rss_per_session.n%d", n), Name: fmt.Sprintf("P3 RSS per session, N=%d", n),
			Unit: "kB", Value: v(wok, w.rss/1e3), Ref: v(rok, r.rss/1e3), RefName: "bare wish"})
		b.rep.check(ratioAtMost(1.5))
		b.rep.add(figure{ID: fmt.Sprintf("P3.goroutines_per_session.n%d", n), Name: fmt.Sprintf("P3 goroutines per session, N=%d", n),
			Unit: "", Value: v(wok, w.goroutines), Ref: v(rok, r.goroutines), RefName: "bare wish"})
		b.rep.add(figure{ID: fmt.Sprintf("P3.idle_cpu.n%d", n), Name: fmt.Sprintf("P3 idle CPU, N=%d", n),
			Unit: "%", Value: v(wok, w.cpu), Ref: v(rok, r.cpu), RefName: "bare wish"})
		b.rep.check(ratioAtMost(1.0))
		if wok && rok {
			b.rep.note("P3 N=%d: wardpanel heap +%.1f MB, RSS +%.1f MB, +%d goroutines, clients' process %.1f%% CPU; "+
				"bare heap +%.1f MB, RSS +%.1f MB, +%d goroutines, clients' process %.1f%% CPU.",
				n, w.heapMB, w.rssMB, w.goroutinesOverZero, w.clientCPU, r.heapMB, r.rssMB, r.goroutinesOverZero, r.clientCPU)
		}
	}
	if top := slices.Max(ns); top >= 1000 {
		heldN := 0.0
		if len(wp) > 0 {
			heldN = float64(wp[len(wp)-1].n)
		}
		b.rep.add(figure{ID: "P3.sessions_held", Name: "P3 sessions held on this machine", Unit: "", Value: f64(heldN),
			Target: fmt.Sprintf("≥ 1000 on %d cores", runtime.NumCPU()), Pass: ptr(heldN >= 1000 && werr == nil)})
	}
	b.rep.note("P3: the sessions are opened and held by a child process (this binary re-run as a client driver), "+
		"so the figures of this process are the servers' alone; each server is measured with only its own sessions "+
		"connected, the other idle. Per session = (value with N held − value just before, with none) / N. Heap is "+
		"HeapInuse after a GC; RSS is VmRSS after debug.FreeOSMemory; idle CPU is getrusage user+system over %v "+
		"with nothing changing, as a share of one core, for the whole process (both listeners, this harness idle). "+
		"Process at the start of P3: heap %.1f MB, RSS %.1f MB, %d goroutines.",
		b.cfg.p3Window, zero.heap/1e6, zero.rss/1e6, zero.goroutines)
	return nil
}
