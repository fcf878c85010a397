package tui

import (
	"context"

	tea "charm.land/bubbletea/v2"

	"wardpanel/store"
)

// FollowStore calls send with a StoreChangedMsg whenever the store commits
// a change, until ctx ends or the store closes. The subscription coalesces:
// while send is busy (a slow session), later revisions fold into one, so
// nothing queues up and the writer and other sessions never wait.
func FollowStore(ctx context.Context, st interface{ Subscribe() *store.Subscription }, send func(tea.Msg)) {
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
			send(StoreChangedMsg{Revision: rev})
		}
	}
}
