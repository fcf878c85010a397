// Package mailer sends what the store's outbox holds: each user's daily
// digest of their inbox and a notice when an action is assigned to them
// (issue 21). It is the server's one background loop for e-mail: it wakes
// when the store changes (an assignment queues a notice in its own
// transaction), when a retry or the day's digest falls due, and stops when
// its context ends.
//
// Each message is built as it is sent, as its reader may see the records
// then (model.DigestMail, model.NoticeMail). A failed send is deferred with
// back-off and logged without addresses or names; it never touches the
// write that queued it.
package mailer

import (
	"context"
	"errors"
	"log/slog"
	"time"

	"wardpanel/model"
	"wardpanel/tui/inbox"
)

// Config is how the server sends e-mail.
type Config struct {
	SMTP SMTP
	// Link is how messages say to open a record: "ssh -p 23234 host".
	Link model.SSHLink
	// DigestAt is the time of day, after local midnight, from which the
	// day's digests are queued (07:00 by default).
	DigestAt time.Duration
	// Backoff is the wait before attempt n+1 after n failures; nil: Backoff.
	Backoff func(failures int) time.Duration
	// GiveUpAfter is how long a message is retried for after it was
	// queued; zero: model.InboxWindow, after which it is no longer news.
	GiveUpAfter time.Duration
	Now         func() time.Time // nil: time.Now
	Log         *slog.Logger
	// Attempted, if set, is told the outcome of every attempt (tests wait
	// on it instead of sleeping).
	Attempted func(m model.Mail, err error)
}

// Backoff doubles from a minute up to an hour: a mail server that is down
// for maintenance is not hammered, and one back within the hour is used
// within the hour.
func Backoff(failures int) time.Duration {
	d := time.Minute
	for i := 1; i < failures && d < time.Hour; i++ {
		d *= 2
	}
	return min(d, time.Hour)
}

// batch is how many messages one round sends before looking at the
// context and the clock again.
const batch = 20

// Mailer is the sending loop.
type Mailer struct {
	cfg       Config
	st        Store
	digestDay string // the last day this process queued digests for
}

// Check says what is wrong with cfg's settings, before anything is sent.
func (cfg Config) Check() error {
	if err := cfg.SMTP.check(); err != nil {
		return err
	}
	if cfg.DigestAt < 0 || cfg.DigestAt >= 24*time.Hour {
		return errors.New("the digest time must be within the day")
	}
	return nil
}

// New checks cfg and returns a mailer for st.
func New(st Store, cfg Config) (*Mailer, error) {
	if err := cfg.Check(); err != nil {
		return nil, err
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Backoff == nil {
		cfg.Backoff = Backoff
	}
	if cfg.GiveUpAfter <= 0 {
		cfg.GiveUpAfter = model.InboxWindow
	}
	if cfg.Log == nil {
		cfg.Log = slog.New(slog.DiscardHandler)
	}
	return &Mailer{cfg: cfg, st: st}, nil
}

// Run sends until ctx ends. A send under way when ctx ends is cut off and
// left queued: it goes out after the next start (possibly twice, if the
// server had already taken it: e-mail is sent at least once, never lost).
func (m *Mailer) Run(ctx context.Context) {
	sub := m.st.Subscribe()
	defer sub.Close()
	timer := time.NewTimer(0)
	defer timer.Stop()
	for {
		next := m.round(ctx)
		if ctx.Err() != nil {
			return
		}
		timer.Reset(max(0, next.Sub(m.cfg.Now())))
		select {
		case <-ctx.Done():
			return
		case _, ok := <-sub.C:
			if !ok {
				return // the store closed
			}
		case <-timer.C:
		}
	}
}

// round queues the day's digests once they are due, sends what is due,
// and says when to look again.
func (m *Mailer) round(ctx context.Context) time.Time {
	now := m.cfg.Now()
	m.queueDigests(now)
	wake := m.nextDigest(now)
	due, next, err := m.st.DueMail(now, batch)
	if err != nil {
		m.cfg.Log.Error("mail: read the outbox", "err", err)
		return now.Add(time.Minute)
	}
	for _, ml := range due {
		if ctx.Err() != nil {
			return now
		}
		m.deliver(ctx, ml)
	}
	if len(due) == batch {
		return now // more waiting
	}
	if !next.IsZero() && next.Before(wake) {
		wake = next
	}
	return wake
}

func (m *Mailer) queueDigests(now time.Time) {
	local := now.Local()
	day := local.Format(time.DateOnly)
	if day == m.digestDay || local.Sub(midnight(local)) < m.cfg.DigestAt {
		return
	}
	n, err := m.st.QueueDigests(local)
	if err != nil {
		m.cfg.Log.Error("mail: queue the day's digests", "err", err)
		return
	}
	m.digestDay = day
	if n > 0 {
		m.cfg.Log.Info("mail: digests queued", "count", n)
	}
}

// nextDigest is when the next day's digests are due.
func (m *Mailer) nextDigest(now time.Time) time.Time {
	local := now.Local()
	at := midnight(local).Add(m.cfg.DigestAt)
	if m.digestDay == local.Format(time.DateOnly) || !at.After(local) {
		at = midnight(local.AddDate(0, 0, 1)).Add(m.cfg.DigestAt)
	}
	return at
}

func midnight(t time.Time) time.Time {
	y, mo, d := t.Date()
	return time.Date(y, mo, d, 0, 0, 0, 0, t.Location())
}

// deliver builds and sends one message and records what came of it. The
// log names the message by its queue number and kind, never its reader.
func (m *Mailer) deliver(ctx context.Context, ml model.Mail) {
	log := m.cfg.Log.With("mail", ml.ID, "kind", ml.Kind)
	now := m.cfg.Now()
	to, msg, why := m.build(ml, now)
	if why != "" {
		log.Info("mail: not sent", "why", why)
		m.done(log, ml)
		return
	}
	err := m.cfg.SMTP.send(ctx, to, compose(m.cfg.SMTP, to, msg, ml, now))
	if m.cfg.Attempted != nil {
		defer m.cfg.Attempted(ml, err)
	}
	switch {
	case err == nil:
		log.Info("mail: sent", "attempts", ml.Attempts+1)
		m.done(log, ml)
	case ctx.Err() != nil:
		// Shutting down: left queued as it was, for the next start.
	case now.Sub(ml.Queued) >= m.cfg.GiveUpAfter:
		log.Error("mail: given up", "attempts", ml.Attempts+1, "err", redact(err))
		m.done(log, ml)
	default:
		wait := m.cfg.Backoff(ml.Attempts + 1)
		log.Warn("mail: send failed, will retry", "attempts", ml.Attempts+1, "retry_in", wait, "err", redact(err))
		if err := m.st.MailRetry(ml.ID, now.Add(wait)); err != nil {
			log.Error("mail: defer", "err", err)
		}
	}
}

func (m *Mailer) done(log *slog.Logger, ml model.Mail) {
	if err := m.st.MailDone(ml.ID); err != nil {
		log.Error("mail: take out of the outbox", "err", err)
	}
}

// build returns the address and message for ml, or why it is not to be
// sent: its reader gone, disabled or without an address, the action
// no longer theirs or hidden from them, or nothing to say.
func (m *Mailer) build(ml model.Mail, now time.Time) (to string, msg model.MailMessage, why string) {
	u, err := m.st.User(ml.UserID)
	if errors.Is(err, model.ErrNotFound) {
		return "", msg, "reader no longer enrolled"
	}
	if err != nil {
		return "", msg, "reader unreadable"
	}
	to, err = model.ParseEmail(u.Email)
	switch {
	case err != nil || to == "":
		return "", msg, "reader has no e-mail address"
	case u.Disabled:
		return "", msg, "reader disabled"
	}
	ok := false
	switch ml.Kind {
	case model.MailNotice:
		a, err := m.st.Action(u, ml.ActionID) // the store's read rules
		if err != nil {
			return "", msg, "action not visible to its reader"
		}
		if msg, ok = model.NoticeMail(u, a, m.cfg.Link); !ok {
			return "", msg, "action no longer assigned to its reader"
		}
	case model.MailDigest:
		b, err := inbox.Read(m.st, u, now)
		if err != nil {
			return "", msg, "inbox unreadable"
		}
		if msg, ok = model.DigestMail(u, b, m.cfg.Link, now); !ok {
			return "", msg, "nothing new"
		}
	default:
		return "", msg, "unknown kind"
	}
	return to, msg, ""
}
