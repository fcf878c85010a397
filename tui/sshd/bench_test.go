package sshd

import (
	"fmt"
	"slices"
	"sync/atomic"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"

	"wardpanel/tui/termtest"
)

// arrivals records when each write reached a client. Until the board is up
// it also draws the screen; after that it only timestamps, so emulating
// 100 terminals does not eat the CPU the server is being measured on.
type arrivals struct {
	screen  *termtest.Screen
	measure atomic.Bool
	at      chan time.Time
}

func (a *arrivals) Write(p []byte) (int, error) {
	if !a.measure.Load() {
		return a.screen.Write(p)
	}
	select {
	case a.at <- time.Now():
	default: // the benchmark drains between changes; never block the client
	}
	return len(p), nil
}

// firstWriteAfter is when the first write after start arrived.
func (a *arrivals) firstWriteAfter(b *testing.B, start time.Time) time.Duration {
	timeout := time.After(10 * time.Second)
	for {
		select {
		case at := <-a.at:
			if !at.Before(start) { // earlier ones are the tail of a previous frame
				return at.Sub(start)
			}
		case <-timeout:
			b.Fatal("a client never received the change")
		}
	}
}

// BenchmarkPropagation measures, for N clients on one ward's board, the time
// from a committed change to its redraw reaching the last client, over
// loopback with real SSH clients. Run: go test ./tui/sshd -run '^$' -bench Propagation
// With public readers, that many public@ sessions (issue 22) sit on the
// published summary meanwhile.
func BenchmarkPropagation(b *testing.B) {
	for _, tc := range []struct{ n, public int }{{100, 0}, {100, 50}} {
		n := tc.n
		name := fmt.Sprintf("clients=%d", n)
		if tc.public > 0 {
			name += fmt.Sprintf(",public=%d", tc.public)
		}
		b.Run(name, func(b *testing.B) {
			f := startServer(b, false, func(c *Config) {
				// n sessions of one user, from one address; the public
				// readers too, all counted as unauthenticated.
				c.ConnectionBurst, c.MaxSessionsPerUser = n+tc.public+10, -1
				c.MaxUnauthenticatedPerSource = -1
			})
			f.publicReaders(b, tc.public) // public_bench_test.go
			clients := make([]*arrivals, n)
			for i := range clients {
				c, err := gossh.Dial("tcp", f.addr, &gossh.ClientConfig{User: "bench", Auth: []gossh.AuthMethod{gossh.PublicKeys(f.housing)},
					HostKeyCallback: gossh.InsecureIgnoreHostKey(), Timeout: 10 * time.Second})
				if err != nil {
					b.Fatal(err)
				}
				b.Cleanup(func() { c.Close() })
				sess, err := c.NewSession()
				if err != nil {
					b.Fatal(err)
				}
				a := &arrivals{screen: termtest.NewScreen(80, 24), at: make(chan time.Time, 1024)}
				b.Cleanup(func() { a.screen.Close() })
				sess.Stdout = a
				if err := sess.RequestPty("xterm-256color", 24, 80, gossh.TerminalModes{}); err != nil {
					b.Fatal(err)
				}
				if err := sess.Shell(); err != nil {
					b.Fatal(err)
				}
				a.screen.WaitFor(b, "Priya Housing")
				a.measure.Store(true)
				clients[i] = a
			}

			var last []time.Duration
			round := 0
			for b.Loop() {
				for _, c := range clients {
					for len(c.at) > 0 {
						<-c.at
					}
				}
				round++
				start := time.Now()
				f.touch(b, fmt.Sprintf("Round %d of the benchmark", round))
				var slowest time.Duration
				for _, c := range clients {
					slowest = max(slowest, c.firstWriteAfter(b, start))
				}
				last = append(last, slowest)
			}
			slices.Sort(last)
			pct := func(p float64) float64 {
				return float64(last[min(len(last)-1, int(p*float64(len(last))))].Microseconds()) / 1000
			}
			b.ReportMetric(pct(0.50), "p50-ms")
			b.ReportMetric(pct(0.99), "p99-ms")
		})
	}
}
