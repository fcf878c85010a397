package main

import (
	"fmt"
	"time"
)

// silentWithin is how long a client that never answers terminal queries
// waits for its first frame before the run fails.
const silentWithin = 5 * time.Second

// p1: connect-to-first-frame, p50/p99 over sequential connections to each
// server in turn (interleaved, so drift in the machine hits both alike),
// then once each with a client that never answers terminal queries.
func (b *bench) p1() error {
	n := b.cfg.p1Conns
	var wp, bare, floor []time.Duration
	for i := range n {
		t, d, err := connect(b.wpSpec(i, 80, 24, true))
		if err != nil {
			return fmt.Errorf("wardpanel connection %d: %w", i, err)
		}
		t.close()
		wp = append(wp, d)
		t, d, err = connect(b.bareSpec(80, 24, true))
		if err != nil {
			return fmt.Errorf("bare connection %d: %w", i, err)
		}
		t.close()
		bare = append(bare, d)
		t, d, err = connect(b.floorSpec(80, 24, true))
		if err != nil {
			return fmt.Errorf("floor connection %d: %w", i, err)
		}
		t.close()
		floor = append(floor, d)
	}
	w, r, fl := durationsMS(wp), durationsMS(bare), durationsMS(floor)
	b.rep.latency("P1.first_frame", "P1 first frame", 0.5, w, r, fl, "bare wish", "fixed frame")
	b.rep.check(ratioAtMost(1.2))
	b.rep.latency("P1.first_frame", "P1 first frame", 0.99, w, r, fl, "bare wish", "fixed frame")
	b.rep.note("P1: %d sequential connections to each server, in turn; each is timed from the TCP connect "+
		"through the SSH handshake, PTY and shell to the write that completes the first frame on an emulated "+
		"80×24 screen that answers terminal queries (wardpanel: the known problem's row and the key help; "+
		"bare: the table's last row and its footer). The floor is a third server on the same SSH stack (wish, "+
		"PTY, shell) that answers the shell with the bare server's first frame, precomputed, as one write; connected "+
		"to in turn with the other two.", n)

	silent := func(spec connectSpec) (*float64, string) {
		spec.answering, spec.within = false, silentWithin
		t, d, err := connect(spec)
		if err != nil {
			return nil, err.Error()
		}
		t.close()
		return f64(ms(d)), ""
	}
	sw, werr := silent(b.wpSpec(0, 80, 24, false))
	sb, berr := silent(b.bareSpec(80, 24, false))
	f := figure{ID: "P1.silent_client", Name: "P1 first frame, silent client", Unit: "ms", Value: sw, Ref: sb,
		RefName: "bare wish", Target: fmt.Sprintf("a frame within %v", silentWithin), Pass: ptr(werr == "")}
	if werr != "" {
		f.Note = "no frame"
		b.rep.fail("P1: wardpanel drew nothing for a client that never answers terminal queries: %s", werr)
	}
	if berr != "" {
		b.rep.note("P1: the bare server drew nothing for a silent client within %v.", silentWithin)
	}
	b.rep.add(f)
	return nil
}
