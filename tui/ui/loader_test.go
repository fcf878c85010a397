package ui

import "testing"

func TestLoaderOneAtATimeAndOneMoreForAChange(t *testing.T) {
	n := 0
	next := func() int { n++; return n }
	var l Loader

	first, ok := l.Start(next)
	if !ok || first != 1 || !l.Loading() {
		t.Fatalf("first start: seq %d ok %v loading %v", first, ok, l.Loading())
	}
	if _, ok := l.Start(next); ok {
		t.Fatal("a second load started while one was in flight")
	}
	if ours, _ := l.Done(99); ours {
		t.Error("an answer to someone else's question was taken")
	}
	ours, again := l.Done(first)
	if !ours || !again {
		t.Fatalf("the answer: ours %v again %v; want both, a change came meanwhile", ours, again)
	}
	second, ok := l.Start(next)
	if !ok || second != 2 || l.Seq() != 2 {
		t.Fatalf("second start: seq %d ok %v", second, ok)
	}
	if ours, _ := l.Done(first); ours {
		t.Error("the old answer was taken for the new question")
	}
	if ours, again := l.Done(second); !ours || again {
		t.Errorf("quiet answer: ours %v again %v", ours, again)
	}
	l.Start(next)
	l.Forget()
	if ours, _ := l.Done(3); ours {
		t.Error("a forgotten load's answer was taken")
	}
	if _, ok := l.Start(next); !ok {
		t.Error("a load could not start after Forget")
	}
}
