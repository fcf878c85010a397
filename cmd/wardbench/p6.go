package main

import (
	"fmt"
	"time"
)

const (
	p6Width, p6Height = 100, 30
	quietAfter        = 150 * time.Millisecond // no more bytes this long: the redraw is over
)

// liveTitles are what P6's live updates retitle a row to, in turn: edits
// a person might make, each different from the one before.
var liveTitles = []string{"Shutters on the parade tagged", "Graffiti on Riverside Parade", "Parade shutters tagged again"}

// byteCounts is what one client received per step.
type byteCounts struct{ scroll, live []float64 }

// p6: bytes a 100×30 client receives for a one-row scroll (j on the board)
// and for a one-row live update (another user retitles a visible problem;
// on the bare server, a broadcast retitles one row), counted on the
// client from the keypress or the change until the output goes quiet.
func (b *bench) p6() error {
	wp, err := b.p6Run(b.wpSpec(0, p6Width, p6Height, true), func(i int) (string, func() error) {
		title := liveTitles[i%len(liveTitles)]
		return title, func() error { return b.wp.retitle(b.wp.people[0], &b.wp.live, title) }
	})
	if err != nil {
		return fmt.Errorf("wardpanel: %w", err)
	}
	bare, err := b.p6Run(b.bareSpec(p6Width, p6Height, true), func(i int) (string, func() error) {
		title := liveTitles[i%len(liveTitles)]
		return title, func() error {
			b.bare.broadcast(bareChangeMsg{row: bareLiveRow, col: bareTitleCol, text: title})
			return nil
		}
	})
	if err != nil {
		return fmt.Errorf("bare: %w", err)
	}
	b.rep.add(figure{ID: "P6.bytes.scroll", Name: "P6 bytes per one-row scroll", Unit: "B",
		Value: f64(median(wp.scroll)), Ref: f64(median(bare.scroll)), RefName: "bare wish"})
	b.rep.check(atMost(600, "B"))
	b.rep.add(figure{ID: "P6.bytes.live", Name: "P6 bytes per one-row live update", Unit: "B",
		Value: f64(median(wp.live)), Ref: f64(median(bare.live)), RefName: "bare wish"})
	b.rep.check(atMost(1000, "B"))
	b.rep.note("P6: medians over %d scrolls and %d live updates at %d×%d; wardpanel scroll bytes per step %v, live %v; bare %v and %v.",
		b.cfg.p6Rounds, b.cfg.p6Rounds, p6Width, p6Height, wp.scroll, wp.live, bare.scroll, bare.live)
	return nil
}

// p6Run counts on one client; change(i) says what the i-th live update
// shows and returns the function that makes it.
func (b *bench) p6Run(spec connectSpec, change func(i int) (want string, apply func() error)) (byteCounts, error) {
	var out byteCounts
	t, _, err := connect(spec)
	if err != nil {
		return out, err
	}
	defer t.close()
	t.waitQuiet(300*time.Millisecond, 3*time.Second) // answers to the terminal's replies, restyling
	step := func(what string, act func() error, c <-chan time.Time) (float64, error) {
		mark := t.bytes.Load()
		if err := act(); err != nil {
			return 0, err
		}
		if _, err := t.await(c, 5*time.Second, what); err != nil {
			return 0, err
		}
		t.waitQuiet(quietAfter, 3*time.Second)
		return float64(t.bytes.Load() - mark), nil
	}
	for i := range b.cfg.p6Rounds {
		n, err := step("the scrolled screen", func() error { return t.key("j") }, t.nextWrite())
		if err != nil {
			return out, err
		}
		out.scroll = append(out.scroll, n)

		want, apply := change(i + 1)
		n, err = step("the live update", apply, t.expect(contains(want)))
		if err != nil {
			return out, err
		}
		out.live = append(out.live, n)
	}
	return out, nil
}
