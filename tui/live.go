package tui

import (
	"context"

	tea "charm.land/bubbletea/v2"

	"wardpanel/store"
)

// FollowStore tells p whenever the store commits a change, until ctx ends
// or the store closes. The subscription coalesces, so a session slow to take
// the message misses only intermediate revisions, and never holds up the
// writer or other sessions.
func FollowStore(ctx context.Context, st *store.Store, p *tea.Program) {
	sub := st.Subscribe()
	defer sub.Close()
	for {
		select {
		case <-ctx.Done():
			return
		case rev, ok := <-sub.C:
			if !ok {
				return
			}
			p.Send(StoreChangedMsg{Revision: rev})
		}
	}
}
