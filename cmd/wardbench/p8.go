package main

import (
	"context"
	"fmt"
	"path/filepath"
	"time"

	"wardpanel/model"
)

// inboxItems is how many items P8's inbox lists.
const inboxItems = 50

// p8: the public and the inbox. First frame for `ssh public@host` (the
// published summaries' screen) and for a user whose "since you were last
// here" panel lists inboxItems actions, against the board's first frame for
// a user with nothing in their inbox, on one server that shows the inbox
// on connecting (sshd's Config.Inbox), over the same store.
func (b *bench) p8() error {
	w := b.wp
	chair := w.people[len(w.people)-1]
	if _, err := w.st.PublishSummary(chair.actor(), demoWard); err != nil {
		return fmt.Errorf("publishing the summary: %w", err)
	}
	for _, a := range []model.Agency{{Code: "library", Name: "Benchford Library"}, {Code: "parks", Name: "Benchford Parks"}} {
		if _, err := w.st.PutAgency(model.Operator, a); err != nil {
			return err
		}
	}
	// The board's reader: of an agency that leads nothing and owns
	// nothing, so their inbox is empty and the board is their first frame.
	reader, err := enrol(w.st, "Lena Brooks", "library", model.RoleOfficer, demoWard)
	if err != nil {
		return err
	}
	inboxed, err := enrol(w.st, "Omar Price", "parks", model.RoleOfficer, demoWard)
	if err != nil {
		return err
	}
	lead, err := enrol(w.st, "Grace Hill", "parks", model.RoleOfficer, demoWard)
	if err != nil {
		return err
	}
	due := model.DateOnly(time.Now()).AddDate(0, 0, 30) // neither overdue nor due soon: each is new
	for i := range inboxItems {
		if _, err := w.st.CreateAction(lead.actor(), model.Action{Ward: demoWard, ProblemID: w.known.ID,
			Title: fmt.Sprintf("Parks check %d of the stairwell planting", i+1), OwnerAgency: "parks",
			Assignee: inboxed.user.Name, Due: due}); err != nil {
			return fmt.Errorf("action %d for the inbox: %w", i, err)
		}
	}
	srv, addr, served, err := serveStore(w.st, filepath.Join(b.dir, "inbox_host_ed25519"), true)
	if err != nil {
		return err
	}
	defer func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		_ = srv.Shutdown(ctx)
		cancel()
		<-served
	}()
	spec := func(p person, frame func(string) bool) connectSpec {
		return connectSpec{addr: addr, signer: p.signer, w: 80, h: 24, answering: true, frame: frame, within: dialTimeout}
	}
	board := spec(reader, boardFrame(knownTitle))
	public := spec(reader, contains("you said, we did", "q quit"))
	public.user = "public"
	inbox := spec(inboxed, contains("Since you were last here", fmt.Sprintf("New or changed for you (%d)", inboxItems)))
	kinds := []struct {
		name string
		spec connectSpec
		got  []time.Duration
	}{{"board", board, nil}, {"public", public, nil}, {"inbox", inbox, nil}}
	for _, warm := range []bool{true, false} {
		n := b.cfg.p8Conns
		if warm {
			n = 2
		}
		for i := range n {
			for k := range kinds {
				t, d, err := connect(kinds[k].spec)
				if err != nil {
					return fmt.Errorf("%s connection %d: %w", kinds[k].name, i, err)
				}
				t.close()
				if !warm {
					kinds[k].got = append(kinds[k].got, d)
				}
			}
		}
	}
	ref := durationsMS(kinds[0].got)
	for _, k := range kinds[1:] {
		v := durationsMS(k.got)
		b.rep.add(figure{ID: "P8." + k.name + ".first_frame.p50", Name: fmt.Sprintf("P8 %s first frame p50", k.name), Unit: "ms",
			Value: f64(percentile(v, 0.5)), Ref: f64(percentile(ref, 0.5)), RefName: "board"})
		b.rep.check(ratioAtMost(1.5))
		b.rep.add(figure{ID: "P8." + k.name + ".first_frame.p99", Name: fmt.Sprintf("P8 %s first frame p99", k.name), Unit: "ms",
			Value: f64(percentile(v, 0.99)), Ref: f64(percentile(ref, 0.99)), RefName: "board"})
	}
	b.rep.note("P8: %d connections of each kind, in turn (after 2 of each unmeasured), to a wardpanel showing the inbox on "+
		"connecting, over the benchmark's store: `ssh public@host` to its screen of published summaries (the demo ward's "+
		"published; frame: its title and key help); a user whose inbox lists %d new actions (frame: the panel with all %d "+
		"counted; the board comes first and the panel over it once read); and, the reference, the board's first frame for a "+
		"user whose inbox is empty.", b.cfg.p8Conns, inboxItems, inboxItems)
	return nil
}
