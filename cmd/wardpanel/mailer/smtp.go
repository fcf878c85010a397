package mailer

import (
	"bytes"
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"mime"
	"mime/quotedprintable"
	"net"
	"net/smtp"
	"net/textproto"
	"strings"
	"time"

	"wardpanel/model"
)

// SMTP is the mail server messages are handed to. net/smtp is enough for
// this: one message per connection, STARTTLS and PLAIN auth, a connection
// whose deadline we set ourselves; and it keeps the server's binary free
// of another dependency.
type SMTP struct {
	Addr string // HOST:PORT
	From string // the envelope and header sender
	// Username and Password, if Username is set, authenticate with PLAIN,
	// which is only ever sent over TLS (or to this machine).
	Username, Password string
	// Plain allows a server that does not offer STARTTLS (a relay on this
	// machine). Otherwise STARTTLS is required: digests name people's work.
	Plain bool
	// TLS is the client's TLS configuration; nil: the system's roots,
	// checked against the host of Addr.
	TLS *tls.Config
	// Hostname is what the server is told we are (EHLO) and the right
	// side of Message-IDs.
	Hostname string
}

// sendTimeout bounds one message's whole conversation with the server.
const sendTimeout = time.Minute

func (s SMTP) check() error {
	host, port, err := net.SplitHostPort(s.Addr)
	if err != nil || host == "" || port == "" {
		return fmt.Errorf("--smtp %q: want HOST:PORT, e.g. mail.example.org:587", s.Addr)
	}
	if from, err := model.ParseEmail(s.From); err != nil || from == "" {
		return fmt.Errorf("--smtp-from: want one plain address, e.g. wardpanel@example.org")
	}
	if s.Username != "" && s.Password == "" {
		return errors.New("--smtp-user is set but no password was given (WARDPANEL_SMTP_PASSWORD or --smtp-password-file)")
	}
	if strings.ContainsAny(s.Hostname, "\r\n <>") {
		return errors.New("the host name for e-mail has spaces or line breaks")
	}
	return nil
}

// send hands one message for to to the server: a fresh connection each
// time, cut off when ctx ends or after sendTimeout.
func (s SMTP) send(ctx context.Context, to string, msg []byte) error {
	host, _, _ := net.SplitHostPort(s.Addr)
	d := net.Dialer{Timeout: 10 * time.Second}
	conn, err := d.DialContext(ctx, "tcp", s.Addr)
	if err != nil {
		return err
	}
	stop := context.AfterFunc(ctx, func() { conn.Close() })
	defer stop()
	if err := conn.SetDeadline(time.Now().Add(sendTimeout)); err != nil {
		conn.Close()
		return err
	}
	c, err := smtp.NewClient(conn, host)
	if err != nil {
		conn.Close()
		return err
	}
	defer c.Close()
	if err := c.Hello(s.hostname()); err != nil {
		return err
	}
	if ok, _ := c.Extension("STARTTLS"); ok {
		cfg := &tls.Config{ServerName: host, MinVersion: tls.VersionTLS12}
		if s.TLS != nil {
			cfg = s.TLS.Clone()
			if cfg.ServerName == "" {
				cfg.ServerName = host
			}
		}
		if err := c.StartTLS(cfg); err != nil {
			return err
		}
	} else if !s.Plain {
		return errors.New("the mail server does not offer STARTTLS (run with --smtp-plain only for a relay on this machine)")
	}
	if s.Username != "" {
		if err := c.Auth(smtp.PlainAuth("", s.Username, s.Password, host)); err != nil {
			return err
		}
	}
	if err := c.Mail(s.From); err != nil {
		return err
	}
	if err := c.Rcpt(to); err != nil {
		return err
	}
	w, err := c.Data()
	if err != nil {
		return err
	}
	if _, err := w.Write(msg); err != nil {
		return err
	}
	if err := w.Close(); err != nil {
		return err
	}
	return c.Quit()
}

func (s SMTP) hostname() string {
	if s.Hostname == "" {
		return "localhost"
	}
	return s.Hostname
}

// compose writes msg as an RFC 5322 message in UTF-8. The subject comes
// from model as one inert line; headerText strips line breaks all the same,
// so nothing a user typed can start a header of its own. The body is
// quoted-printable: any line length, any character, 7-bit on the wire.
func compose(s SMTP, to string, msg model.MailMessage, ml model.Mail, now time.Time) []byte {
	var b bytes.Buffer
	header := func(name, value string) { fmt.Fprintf(&b, "%s: %s\r\n", name, value) }
	header("From", "Ward panel <"+headerText(s.From)+">")
	header("To", "<"+headerText(to)+">")
	header("Subject", mime.QEncoding.Encode("utf-8", headerText(msg.Subject)))
	header("Date", now.Format(time.RFC1123Z))
	header("Message-ID", fmt.Sprintf("<wardpanel.%s.%d.%d@%s>", ml.Kind, ml.ID, now.UnixNano(), s.hostname()))
	header("MIME-Version", "1.0")
	header("Content-Type", "text/plain; charset=utf-8")
	header("Content-Transfer-Encoding", "quoted-printable")
	// RFC 3834: no out-of-office replies to a robot.
	header("Auto-Submitted", "auto-generated")
	b.WriteString("\r\n")
	qp := quotedprintable.NewWriter(&b)
	_, _ = qp.Write([]byte(model.CleanText(msg.Body, 0)))
	_ = qp.Close()
	return b.Bytes()
}

func headerText(s string) string {
	return strings.NewReplacer("\r", " ", "\n", " ").Replace(model.CleanLine(s, 0))
}

// redact is an error as the log may show it: a mail server's reply can
// quote the address it refused, so any word with an @ in it goes.
func redact(err error) string {
	msg := err.Error()
	var tp *textproto.Error
	if errors.As(err, &tp) {
		msg = fmt.Sprintf("smtp %d %s", tp.Code, tp.Msg)
	}
	words := strings.Fields(msg)
	for i, w := range words {
		if strings.Contains(w, "@") {
			words[i] = "[address]"
		}
	}
	return strings.Join(words, " ")
}
