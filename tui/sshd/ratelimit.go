package sshd

import (
	"fmt"
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// Session budgets (issue 14). New sessions are limited per enrolled user,
// not per address: an office of people, or one officer's batch script of
// a hundred `ssh host action …` commands, comes from one address. Those
// not enrolled yet (join@ newcomers, demo visitors) are limited per source
// address, as before authentication (gate.go).

// maxBudgets bounds the table; beyond it, budgets that are full again
// are dropped, and failing that the table is cleared (a fresh budget for
// everyone is the lesser harm than unbounded memory).
const maxBudgets = 1 << 14

var errSessionBudget = fmt.Errorf("too many sessions in a short time: wait a minute, then try again")

type sessionBudgets struct {
	user, source budgetRate

	mu sync.Mutex
	m  map[string]*rate.Limiter
}

type budgetRate struct {
	limit rate.Limit
	burst int
}

func newSessionBudgets(cfg Config) *sessionBudgets {
	perUser := budgetRate{rate.Limit(cfg.SessionsPerMinute / 60), cfg.SessionBurst}
	if cfg.SessionsPerMinute < 0 {
		perUser.limit = rate.Inf
	}
	perSource := budgetRate{rate.Limit(cfg.ConnectionsPerSecond), cfg.ConnectionBurst}
	if cfg.ConnectionsPerSecond < 0 {
		perSource.limit = rate.Inf
	}
	return &sessionBudgets{user: perUser, source: perSource, m: map[string]*rate.Limiter{}}
}

// allow takes one session from key's budget (r's rate and burst); key
// names its kind ("user/7", "key/SHA256:…", "source/203.0.113.9/32").
func (b *sessionBudgets) allow(key string, r budgetRate, now time.Time) bool {
	if r.limit == rate.Inf {
		return true
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	l := b.m[key]
	if l == nil {
		if len(b.m) >= maxBudgets {
			for k, l := range b.m {
				if l.TokensAt(now) >= float64(l.Burst()) {
					delete(b.m, k)
				}
			}
			if len(b.m) >= maxBudgets {
				clear(b.m)
			}
		}
		l = rate.NewLimiter(r.limit, r.burst)
		b.m[key] = l
	}
	return l.AllowN(now, 1)
}
