package sshd

import (
	"strings"

	"charm.land/ssh"
	gossh "golang.org/x/crypto/ssh"
)

// Limits on a connection's session channels and the requests on them
// (issue 14). The SSH library keeps every env request a session is sent,
// with no limit, and passes every window change on; so each session
// channel's requests go through a filter first. It refuses env requests
// but for a few variables a terminal program reads, refuses agent and X11
// forwarding (nothing here uses them), coalesces window changes to the
// latest the session has not yet taken, and closes the connection of a
// client that sends a channel more requests than any client needs.

const (
	// maxChannelsPerConn is how many sessions one connection may have
	// open at once, as OpenSSH's MaxSessions.
	maxChannelsPerConn = 10
	// maxRequestsPerChannel counts every request but window changes and
	// keepalives: a client sends a handful (env, pty-req, shell or exec,
	// a signal).
	maxRequestsPerChannel = 64
	// maxEnv, maxEnvName and maxEnvValue bound the variables kept.
	maxEnv      = 16
	maxEnvName  = 64
	maxEnvValue = 256
)

// envAllowed is whether a variable may be set: those that say how to draw
// for this terminal, and nothing else.
func envAllowed(name string) bool {
	switch name {
	case "TERM", "LANG", "NO_COLOR", "COLORTERM":
		return true
	}
	return strings.HasPrefix(name, "LC_")
}

// sessionChannel is the handler for "session" channels: the library's,
// behind the connection's channel cap and the request filter.
func (s *Server) sessionChannel(srv *ssh.Server, conn *gossh.ServerConn, nc gossh.NewChannel, ctx ssh.Context) {
	c, _ := ctx.Value(connKey).(*connState)
	if !c.openChannel() {
		_ = nc.Reject(gossh.ResourceShortage, "too many sessions on one connection")
		return
	}
	defer c.closeChannel()
	ssh.DefaultSessionHandler(srv, conn, filteredChannel{NewChannel: nc, s: s, conn: conn}, ctx)
}

// openChannel counts a session channel; false if the connection has its
// share open.
func (c *connState) openChannel() bool {
	if c == nil {
		return true
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.channels >= maxChannelsPerConn {
		return false
	}
	c.channels++
	return true
}

func (c *connState) closeChannel() {
	if c == nil {
		return
	}
	c.mu.Lock()
	c.channels--
	c.mu.Unlock()
}

// filteredChannel is a new channel whose requests, once accepted, come
// through filterRequests.
type filteredChannel struct {
	gossh.NewChannel
	s    *Server
	conn gossh.Conn
}

func (f filteredChannel) Accept() (gossh.Channel, <-chan *gossh.Request, error) {
	ch, reqs, err := f.NewChannel.Accept()
	if err != nil {
		return ch, reqs, err
	}
	out := make(chan *gossh.Request)
	go f.s.filterRequests(f.conn, reqs, out)
	return ch, out, nil
}

// filterRequests passes on the requests the session may have, until in
// closes. A window change waits, replaced by any later one, until the
// session takes it: a client resizing thousands of times costs parsing,
// not thousands of redraws.
func (s *Server) filterRequests(conn gossh.Conn, in <-chan *gossh.Request, out chan<- *gossh.Request) {
	defer close(out)
	var window *gossh.Request // the latest window change not yet taken
	requests, env := 0, 0
	for {
		var send chan<- *gossh.Request
		if window != nil {
			send = out
		}
		var req *gossh.Request
		select {
		case send <- window:
			window = nil
			continue
		case r, ok := <-in:
			if !ok {
				return
			}
			req = r
		}
		switch req.Type {
		case "window-change":
			if window != nil {
				_ = window.Reply(false, nil)
			}
			window = req
			continue
		case "keepalive@openssh.com":
			// Some clients keep a long session alive this way: answered,
			// and not counted, as it costs nothing kept.
			_ = req.Reply(false, nil)
			continue
		}
		if requests++; requests > maxRequestsPerChannel {
			if requests == maxRequestsPerChannel+1 {
				s.log.Warn("closing a connection that sent too many requests on one channel", "limit", maxRequestsPerChannel)
				_ = conn.Close()
			}
			_ = req.Reply(false, nil)
			continue
		}
		switch req.Type {
		case "env":
			var kv struct{ Name, Value string }
			if gossh.Unmarshal(req.Payload, &kv) != nil || env >= maxEnv || !envAllowed(kv.Name) ||
				len(kv.Name) > maxEnvName || len(kv.Value) > maxEnvValue {
				_ = req.Reply(false, nil)
				continue
			}
			env++
		case "auth-agent-req@openssh.com", "x11-req":
			_ = req.Reply(false, nil)
			continue
		}
		// Other requests keep their order after a window change.
		if window != nil {
			out <- window
			window = nil
		}
		out <- req
	}
}
