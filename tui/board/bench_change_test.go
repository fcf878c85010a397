package board

import (
	"fmt"
	"testing"

	tea "charm.land/bubbletea/v2"

	"wardpanel/model"
)

// A session's first load of the board just after a change: the store
// hands out a new list, the last one's problems but one, by pointer
// (store.SharedProblems), which no session has sorted or checked yet; and
// the session's cursor is on a problem, to be found again.
func BenchmarkBoardFirstLoadAfterChange10k(b *testing.B) {
	x, msg := bigBoard(b)
	ps := msg.problems.ps
	x.b.Update(msg)
	x.keys("j", "j")
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		b.StopTimer()
		changed := *ps[5000]
		changed.Title = fmt.Sprintf("Retitled %d", i)
		ps = append([]*model.Problem(nil), ps...)
		ps[5000] = &changed
		m := msg
		m.problems = sharedOf(ps)
		m.seq, _ = x.b.load.Start(x.s.NextSeq)
		b.StartTimer()
		x.b.Update(tea.Msg(m))
		_ = x.b.View()
	}
}
