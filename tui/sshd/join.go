package sshd

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"sync"
	"sync/atomic"
	"time"

	"charm.land/ssh"
	"charm.land/wish/v2"

	"wardpanel/model"
)

// joinUser is the SSH user name newcomers connect as: ssh -p 23234 join@host.
const joinUser = "join"

// joinLimits is how join slows down guessing. Every wrong code from an
// address (used, expired and replaced codes count too) is followed by a
// delay that doubles with the address's recent failures, during which no
// other connection from the address may try a code; a connection is
// closed after tries wrong codes, and a new one from an address with
// failures waits its delay before it is asked for a code. An address with
// lockAfter failures is refused until window has passed since its last.
type joinLimits struct {
	first, max time.Duration // the delay after the first wrong code; delays double up to max
	tries      int           // wrong codes before the connection is closed
	lockAfter  int           // recent wrong codes from one address before it is refused outright
	window     time.Duration // an address's failures are forgotten this long after its last one
	addresses  int           // how many addresses are remembered (bounded memory under a scan)
	// wait sits out a delay, or returns early with the context's error.
	wait func(ctx context.Context, d time.Duration) error
}

// joinPolicy is read once per server, at its first join. Tests shorten it.
var joinPolicy = joinLimits{
	first: time.Second, max: time.Minute, tries: 3, lockAfter: 20,
	window: 15 * time.Minute, addresses: 4096, wait: sleepCtx,
}

func sleepCtx(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// delay is the wait after an address's nth wrong code.
func (l joinLimits) delay(n int) time.Duration {
	d := l.first
	for i := 1; i < n && d < l.max; i++ {
		d *= 2
	}
	return min(d, l.max)
}

// joinGuard is the server's addrGuard, made on first use with the policy
// then in force.
func (s *Server) joinGuard() *addrGuard {
	s.joinOnce.Do(func() { s.joins = &addrGuard{lim: joinPolicy, m: map[string]*addrEntry{}} })
	return s.joins
}

// addrGuard counts wrong codes per source address and gives each address
// one turn at a time.
type addrGuard struct {
	lim joinLimits
	mu  sync.Mutex
	m   map[string]*addrEntry
}

type addrEntry struct {
	failures int
	last     time.Time     // of the last failure
	turn     chan struct{} // capacity 1: held while checking a code and sitting out its delay
}

var errAddrLocked = errors.New("too many wrong invite codes from your address: try again later")

// entry finds or makes addr's entry, forgetting failures older than the
// window and, when full, the least interesting address. Under g.mu.
func (g *addrGuard) entry(addr string, now time.Time) *addrEntry {
	e := g.m[addr]
	if e == nil {
		if len(g.m) >= g.lim.addresses {
			g.evict(now)
		}
		e = &addrEntry{turn: make(chan struct{}, 1)}
		g.m[addr] = e
	}
	if e.failures > 0 && now.Sub(e.last) > g.lim.window {
		e.failures = 0
	}
	return e
}

// evict drops addresses with no recent failures, or failing that the one
// whose last failure is oldest. A connection holding a dropped entry's
// turn still releases it: it kept the channel.
func (g *addrGuard) evict(now time.Time) {
	var oldest string
	for a, e := range g.m {
		if e.failures == 0 || now.Sub(e.last) > g.lim.window {
			delete(g.m, a)
		} else if oldest == "" || e.last.Before(g.m[oldest].last) {
			oldest = a
		}
	}
	if len(g.m) >= g.lim.addresses && oldest != "" {
		delete(g.m, oldest)
	}
}

// take waits for addr's turn and returns its recent failures and the
// function that ends the turn; errAddrLocked if it has failed too often.
func (g *addrGuard) take(ctx context.Context, addr string) (int, func(), error) {
	g.mu.Lock()
	e := g.entry(addr, time.Now())
	locked := e.failures >= g.lim.lockAfter
	g.mu.Unlock()
	if locked {
		return 0, nil, errAddrLocked
	}
	select {
	case e.turn <- struct{}{}:
	case <-ctx.Done():
		return 0, nil, ctx.Err()
	}
	release := func() { <-e.turn }
	g.mu.Lock()
	n := e.failures
	if n > 0 && time.Since(e.last) > g.lim.window {
		n, e.failures = 0, 0
	}
	g.mu.Unlock()
	if n >= g.lim.lockAfter { // others failed while this one waited
		release()
		return 0, nil, errAddrLocked
	}
	return n, release, nil
}

// fail counts a wrong code from addr and says how many it has made lately.
func (g *addrGuard) fail(addr string) int {
	g.mu.Lock()
	defer g.mu.Unlock()
	now := time.Now()
	e := g.entry(addr, now)
	e.failures++
	e.last = now
	return e.failures
}

// addrKey is what failures are counted against: the IP, or for IPv6 its
// /64, which one subscriber usually holds whole.
func addrKey(a net.Addr) string {
	tcp, ok := a.(*net.TCPAddr)
	if !ok {
		return a.String()
	}
	if ip4 := tcp.IP.To4(); ip4 != nil {
		return ip4.String()
	}
	return tcp.IP.Mask(net.CIDRMask(64, 128)).String() + "/64"
}

// join enrols the session's key from a one-time invite code (issue 6): a
// line prompt on the session's terminal, no Bubble Tea. What it prints
// from the store is cleaned; what is typed is never echoed back in
// messages, logged or audited.
func (s *Server) join(sess ssh.Session, fp string) {
	host, port := connectAddr(sess)
	_, winch, ok := sess.Pty()
	if !ok || sess.RawCommand() != "" {
		s.refused(RefusedNoTerminal)
		s.log.Info("refused", "key", fp, "kind", "join", "reason", "no terminal")
		wish.Fatalln(sess, fmt.Sprintf("join needs a terminal to type your invite code in: run ssh -t -p %s join@%s", port, host))
		return
	}
	// Window changes must be taken for the session's whole life, or the
	// SSH library's request loop blocks on them.
	go func() {
		for range winch {
		}
	}()
	j := &joiner{s: s, sess: sess, fp: fp, addr: addrKey(sess.RemoteAddr()), guard: s.joinGuard(), host: host, port: port}
	j.in, j.done = make(chan []byte), make(chan struct{})
	defer close(j.done)
	go j.read()
	// The whole dialogue has a deadline: until the code is accepted the
	// connection counts as unauthenticated (gate.go), and a prompt left
	// open must give its place back.
	ctx, cancel := context.WithTimeout(sess.Context(), s.cfg.JoinTimeout)
	defer cancel()
	code := j.run(ctx)
	_ = sess.Exit(code)
}

// connectAddr is the address the client reached, for telling them how to
// connect: ssh -p PORT HOST.
func connectAddr(sess ssh.Session) (host, port string) {
	host, port, err := net.SplitHostPort(sess.LocalAddr().String())
	if err != nil {
		return "HOST", "PORT"
	}
	return host, port
}

type joiner struct {
	s     *Server
	sess  ssh.Session
	fp    string
	addr  string
	guard *addrGuard
	host  string
	port  string

	in      chan []byte   // what the client types, in chunks
	done    chan struct{} // closed when join returns
	tooMuch atomic.Bool   // the client typed more than maxJoinInput
}

// maxJoinInput is the most a join session may type in all: three codes
// with room to spare for editing and arrow keys. Beyond it the input is
// cut off and the dialogue ends.
const maxJoinInput = 4 << 10

// read passes on what the client types until the session ends, or it has
// typed more than maxJoinInput.
func (j *joiner) read() {
	defer close(j.in)
	buf := make([]byte, 256)
	total := 0
	for {
		n, err := j.sess.Read(buf)
		if total += n; total > maxJoinInput {
			j.tooMuch.Store(true)
			return
		}
		if n > 0 {
			select {
			case j.in <- append([]byte(nil), buf[:n]...):
			case <-j.done:
				return
			}
		}
		if err != nil {
			return
		}
	}
}

func (j *joiner) say(format string, args ...any) {
	_, _ = fmt.Fprintf(j.sess, format+"\n", args...)
}

// run is the dialogue; it returns the exit status.
func (j *joiner) run(ctx context.Context) int {
	st, lim := j.s.cfg.Store, j.guard.lim
	if u, err := st.UserByKey(j.fp); err == nil {
		if err := u.CanConnect(j.fp); err != nil { // a disabled account
			j.say("%s.", capitalise(err.Error()))
			return 1
		}
		j.enrolled(&model.AlreadyEnrolledError{User: u})
		return 1
	} else if !errors.Is(err, model.ErrNotFound) {
		j.s.log.Error("join", "key", j.fp, "err", err)
		j.say("wardpanel could not read its data; try again shortly.")
		return 1
	}

	// An address with recent wrong codes waits before it may try again,
	// on a new connection too.
	n, release, err := j.guard.take(ctx, j.addr)
	if err != nil {
		return j.gone(err)
	}
	if n > 0 {
		err = lim.wait(ctx, lim.delay(n))
	}
	release()
	if err != nil {
		return j.gone(err)
	}

	j.say("wardpanel: enrol this key (%s) with the invite code your panel admin gave you.", j.fp)
	key := model.KeyFrom(j.sess.PublicKey(), "joined with an invite")
	for wrong := 0; ; {
		_, _ = io.WriteString(j.sess, "Type your invite code: ")
		line, err := j.readLine(ctx)
		if err != nil {
			return j.gone(err)
		}
		if model.NormalizeInviteCode(line) == "" {
			continue
		}
		_, release, err := j.guard.take(ctx, j.addr)
		if err != nil {
			return j.gone(err)
		}
		u, err := st.RedeemInvite(line, key)
		switch {
		case err == nil:
			release()
			j.s.log.Info("enrolled", "key", j.fp, "user", u.ID, "kind", "join")
			j.say("Welcome, %s. Your key is enrolled: connect with ssh -p %s %s from now on.",
				model.CleanLine(u.Name, model.MaxNameLen), j.port, j.host)
			return 0
		case model.IsInviteRefusal(err):
			j.s.refused(RefusedInviteCode)
			wrong++
			n := j.guard.fail(j.addr)
			// The audit keeps why; the newcomer is told the same for
			// every code that cannot be used, so a guesser learns nothing
			// of which codes were ever issued.
			j.deny(fmt.Sprintf("%s (%d of %d on this connection; %d lately from %s)", err, wrong, lim.tries, n, j.addr))
			j.say("%s", unusableCode)
			err = lim.wait(ctx, lim.delay(n)) // holding the address's turn
			release()
			j.drain()
			switch {
			case err != nil:
				return j.gone(err)
			case wrong >= lim.tries || n >= lim.lockAfter:
				j.s.log.Info("refused", "key", j.fp, "kind", "join", "reason", "too many wrong invite codes", "addr", j.addr)
				j.say("Too many wrong codes. Check the code with your panel admin, then try again later.")
				return 1
			}
		default:
			release()
			var enrolled *model.AlreadyEnrolledError
			switch {
			case errors.As(err, &enrolled):
				j.enrolled(enrolled)
			case errors.Is(err, model.ErrDuplicate), errors.Is(err, model.ErrNotFound), errors.Is(err, model.ErrInvalid):
				// The code was right but the invite cannot be used as it
				// stands (its name taken since, its ward gone).
				j.deny(model.CleanLine(err.Error(), model.MaxLineLen))
				j.say("Your invite cannot be used as it stands (%s): ask your panel admin for a new one.",
					model.CleanLine(err.Error(), model.MaxLineLen))
			default:
				j.s.log.Error("join", "key", j.fp, "err", err)
				j.say("wardpanel could not enrol your key just now; try again shortly.")
			}
			return 1
		}
	}
}

// unusableCode is the one answer to a code that is unknown, used,
// expired or replaced.
const unusableCode = "That invite code cannot be used. Check it, or ask your panel admin for a new one."

// enrolled tells the holder of an enrolled key who they are.
func (j *joiner) enrolled(e *model.AlreadyEnrolledError) {
	j.say("%s.\nConnect with ssh -p %s %s.", capitalise(e.Error()), j.port, j.host)
}

// deny audits a refused code with the key alone as the actor.
func (j *joiner) deny(reason string) {
	if err := j.s.cfg.Store.AuditDenied(model.Actor{Fingerprint: j.fp}, "invite.redeem", "invite", reason); err != nil {
		j.s.log.Error("audit", "key", j.fp, "err", err)
	}
}

// gone ends the dialogue on an error that is not the newcomer's code.
func (j *joiner) gone(err error) int {
	switch {
	case errors.Is(err, errAddrLocked):
		j.s.log.Info("refused", "key", j.fp, "kind", "join", "reason", "address locked out", "addr", j.addr)
		j.say("Too many wrong invite codes from your address: try again later.")
	case errors.Is(err, errCancelled):
		j.say("")
	case errors.Is(err, context.DeadlineExceeded):
		j.s.log.Info("refused", "key", j.fp, "kind", "join", "reason", "no code in time", "addr", j.addr)
		j.say("\nNo invite code in %s: connect again when you have it.", humanDuration(j.s.cfg.JoinTimeout))
	case j.tooMuch.Load():
		j.s.log.Info("refused", "key", j.fp, "kind", "join", "reason", "too much input", "addr", j.addr)
		j.say("\nToo much typed for an invite code: connect again and type just the code.")
	}
	return 1
}

var errCancelled = errors.New("cancelled")

// maxCodeInput bounds a typed line: a code with its dashes is 12.
const maxCodeInput = 64

// readLine reads one line with minimal editing: printable code characters
// are echoed, backspace erases, Ctrl-C or Ctrl-D gives up, and escape
// sequences (arrow keys, bracketed-paste markers) are skipped whole.
func (j *joiner) readLine(ctx context.Context) (string, error) {
	var line []byte
	const (
		plain = iota
		escape
		sequence
	)
	state := plain
	for {
		var chunk []byte
		select {
		case c, ok := <-j.in:
			if !ok {
				return "", io.EOF
			}
			chunk = c
		case <-ctx.Done():
			return "", ctx.Err()
		}
		for _, c := range chunk {
			switch state {
			case escape:
				state = plain
				if c == '[' || c == 'O' {
					state = sequence
				}
				continue
			case sequence:
				if c >= 0x40 && c <= 0x7e {
					state = plain
				}
				continue
			}
			switch {
			case c == '\r' || c == '\n':
				_, _ = io.WriteString(j.sess, "\n")
				return string(line), nil
			case c == 3 || c == 4: // Ctrl-C, Ctrl-D
				return "", errCancelled
			case c == 0x7f || c == '\b':
				if len(line) > 0 {
					line = line[:len(line)-1]
					_, _ = io.WriteString(j.sess, "\b \b")
				}
			case c == 0x1b:
				state = escape
			case isCodeByte(c) && len(line) < maxCodeInput:
				line = append(line, c)
				_, _ = j.sess.Write([]byte{c})
			}
		}
	}
}

func isCodeByte(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '-' || c == ' '
}

// drain drops what was typed during a delay: the next code starts fresh.
func (j *joiner) drain() {
	for {
		select {
		case _, ok := <-j.in:
			if !ok {
				return
			}
		default:
			return
		}
	}
}

func capitalise(s string) string {
	if s == "" || s[0] < 'a' || s[0] > 'z' {
		return s
	}
	return string(s[0]-'a'+'A') + s[1:]
}
