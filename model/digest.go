package model

import (
	"fmt"
	"strings"
	"time"
)

// E-mail to users who are not connected (issue 21): a daily digest of
// their inbox and a notice when an action is assigned to them. What a
// message says is decided here, per reader, through the same read rules as
// every screen; the mailer only wraps it in headers and sends it.

// MailKind is what a queued e-mail is.
type MailKind string

const (
	// MailDigest is the daily digest of a user's inbox.
	MailDigest MailKind = "digest"
	// MailNotice tells a user an action has been assigned to them.
	MailNotice MailKind = "notice"
)

// Mail is one e-mail waiting in the store's outbox. It holds who and what,
// never the text or the address: the message is built when it is sent, as
// its reader may see the records then, so a record narrowed or an address
// removed in the meantime is honoured, and the queue holds no copy of
// anyone's words.
type Mail struct {
	ID     ID       `json:"id"`
	Kind   MailKind `json:"kind"`
	UserID ID       `json:"user_id"`
	// ActionID is the action a notice is about.
	ActionID ID `json:"action_id,omitempty"`
	// Day is the date a digest is for, YYYY-MM-DD.
	Day      string    `json:"day,omitempty"`
	Queued   time.Time `json:"queued"`
	Attempts int       `json:"attempts,omitempty"`
	// NextAt is when the next attempt is due; zero: at once.
	NextAt time.Time `json:"next_at,omitzero"`
}

// MailMessage is the text of one e-mail: a subject line and a plain-text
// body, both inert (no control characters; the subject is one line).
type MailMessage struct {
	Subject string
	Body    string
}

// MaxMailSubject bounds a subject in runes, well inside a header line.
const MaxMailSubject = 120

// SSHLink is how a message says to open a record: the command to type,
// e.g. "ssh -p 23234 panel.example.org". Links in e-mail are commands,
// not URLs: wardpanel serves nothing else.
type SSHLink string

func (l SSHLink) cmd(args ...string) string {
	return strings.TrimSpace(string(l) + " " + strings.Join(args, " "))
}

// DigestMail is u's daily digest of b, or false when there is nothing in
// it worth a message. Every item is checked again against u's read rules,
// whatever b holds, so nothing u may not see reaches the message.
func DigestMail(u User, b Inbox, link SSHLink, now time.Time) (MailMessage, bool) {
	var body strings.Builder
	n := 0
	actions := func(heading string, as []Action) {
		var lines []string
		for _, a := range as {
			if !CanSeeAction(u, a) || a.Status.Closed() {
				continue
			}
			lines = append(lines, actionLine(a))
		}
		n += len(lines)
		mailSection(&body, heading, lines)
	}
	fmt.Fprintf(&body, "Hello %s,\n\nThis is what is new or pressing for you on the ward panel as of %s.\n",
		CleanLine(u.Name, MaxNameLen), now.UTC().Format("Monday 2 January 2006"))
	actions(fmt.Sprintf("New or changed for you or your agency in the last %d days", int(InboxWindow/(24*time.Hour))), b.New)
	actions("Yours overdue", b.Overdue)
	actions(fmt.Sprintf("Yours due within %d days", DueSoonDays), b.DueSoon)
	var lines []string
	for _, p := range b.Changed {
		if !CanSeeProblem(u, p) {
			continue
		}
		lines = append(lines, fmt.Sprintf("%s %s (%s), changed %s by %s", ProblemRef(p.ID), CleanLine(p.Title, MaxTitleLen),
			p.Stage, p.UpdatedAt.UTC().Format(time.DateOnly), CleanLine(p.UpdatedBy, MaxNameLen)))
	}
	n += len(lines)
	mailSection(&body, "Problems your agency leads, changed", lines)
	lines = nil
	for _, p := range b.PastReview {
		if !CanSeeProblem(u, p) {
			continue
		}
		lines = append(lines, fmt.Sprintf("%s %s (%s), review was due %s", ProblemRef(p.ID), CleanLine(p.Title, MaxTitleLen),
			p.Stage, p.ReviewBy.UTC().Format(time.DateOnly)))
	}
	n += len(lines)
	mailSection(&body, "Problems your agency leads, past their review", lines)
	lines = nil
	for _, m := range b.Meetings {
		if !CanSeeMeeting(u, m) {
			continue
		}
		line := fmt.Sprintf("M%d %s, %s", m.ID, CleanLine(m.Title, MaxTitleLen), m.When.UTC().Format("Mon 2 Jan 2006 15:04"))
		if v := CleanLine(m.Venue, MaxLineLen); v != "" {
			line += ", " + v
		}
		lines = append(lines, line)
	}
	n += len(lines)
	mailSection(&body, "Next meeting", lines)
	if n == 0 {
		return MailMessage{}, false
	}
	fmt.Fprintf(&body, "\nTo see it all: %s inbox\nTo open an action: %s action show A1 (its number in place of A1)\n",
		link.cmd(), link.cmd())
	body.WriteString(mailFooter)
	subject := fmt.Sprintf("Ward panel: %s for you, %s", Counted(n, "item", "items"), now.UTC().Format("2 Jan"))
	return MailMessage{Subject: CleanLine(subject, MaxMailSubject), Body: body.String()}, true
}

// NoticeMail tells u that action a is now theirs, or false when u may not
// see a, a is not assigned to u, or it is closed: then nothing is sent.
func NoticeMail(u User, a Action, link SSHLink) (MailMessage, bool) {
	if !CanSeeAction(u, a) || a.Assignee == "" || !strings.EqualFold(a.Assignee, u.Name) || a.Status.Closed() {
		return MailMessage{}, false
	}
	a = a.Safe()
	var body strings.Builder
	fmt.Fprintf(&body, "Hello %s,\n\n%s assigned an action to you on the ward panel:\n\n  %s\n  ward %s, owner %s\n",
		CleanLine(u.Name, MaxNameLen), a.UpdatedBy, actionLine(a), a.Ward, a.OwnerAgency)
	if a.Description != "" {
		body.WriteString("\n")
		for _, line := range strings.Split(CleanText(a.Description, 2000), "\n") {
			body.WriteString("  " + line + "\n")
		}
	}
	fmt.Fprintf(&body, "\nTo open it: %s action show A%d\n", link.cmd(), a.ID)
	body.WriteString(mailFooter)
	subject := fmt.Sprintf("Ward panel: A%d assigned to you: %s", a.ID, a.Title)
	return MailMessage{Subject: CleanLine(subject, MaxMailSubject), Body: body.String()}, true
}

const mailFooter = "\nYou get this because your panel admin gave wardpanel your e-mail address;\n" +
	"ask them to remove it to stop these messages.\n"

func actionLine(a Action) string {
	return fmt.Sprintf("%s %s (due %s, %s)", ActionRef(a.ID), CleanLine(a.Title, MaxTitleLen), a.Due.Format(time.DateOnly), a.Status)
}

func mailSection(b *strings.Builder, heading string, lines []string) {
	if len(lines) == 0 {
		return
	}
	fmt.Fprintf(b, "\n%s (%d):\n", heading, len(lines))
	for _, l := range lines {
		b.WriteString("  " + l + "\n")
	}
}
