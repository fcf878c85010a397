package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"os"
	"strings"
	"time"

	"wardpanel/cmd/wardpanel/mailer"
	"wardpanel/model"
)

// passwordEnv is where serve reads the SMTP password from, unless
// --smtp-password-file names a file: never a flag's value, which every
// user of the machine can read in the process list.
const passwordEnv = "WARDPANEL_SMTP_PASSWORD"

// serveMailFlags are serve's e-mail options (issue 21).
type serveMailFlags struct {
	addr, from, user, passwordFile, digestAt, sshHost *string
	plain                                             *bool
}

func mailFlags(fs *flag.FlagSet) serveMailFlags {
	return serveMailFlags{
		addr:         fs.String("smtp", "", "send e-mail digests and notices through the SMTP server at HOST:PORT (off if empty)"),
		from:         fs.String("smtp-from", "", "the sender address of e-mail, e.g. wardpanel@example.org"),
		user:         fs.String("smtp-user", "", "log in to the SMTP server as this user; the password comes from $"+passwordEnv+" or --smtp-password-file"),
		passwordFile: fs.String("smtp-password-file", "", "read the SMTP password from this file (its first line)"),
		plain:        fs.Bool("smtp-plain", false, "allow an SMTP server without STARTTLS (only for a relay on this machine)"),
		digestAt:     fs.String("smtp-digest-at", "07:00", "local time of day from which the daily digests are sent, HH:MM"),
		sshHost:      fs.String("smtp-ssh-host", "", "host name e-mails tell people to connect to (default: this machine's name)"),
	}
}

// config turns the flags into the mailer's configuration, or nil when
// --smtp is not given. listen is serve's --addr, whose port the
// e-mails' ssh commands name.
func (f serveMailFlags) config(listen string) (*mailer.Config, error) {
	if *f.addr == "" {
		if *f.from != "" || *f.user != "" || *f.passwordFile != "" {
			return nil, errors.New("--smtp-from, --smtp-user and --smtp-password-file need --smtp HOST:PORT")
		}
		return nil, nil
	}
	at, err := time.Parse("15:04", *f.digestAt)
	if err != nil {
		return nil, fmt.Errorf("--smtp-digest-at %q: want HH:MM, e.g. 07:00", *f.digestAt)
	}
	password := os.Getenv(passwordEnv)
	if *f.passwordFile != "" {
		raw, err := os.ReadFile(*f.passwordFile)
		if err != nil {
			return nil, fmt.Errorf("--smtp-password-file: %w", err)
		}
		password, _, _ = strings.Cut(string(raw), "\n")
		password = strings.TrimRight(password, "\r")
	}
	host := *f.sshHost
	if host == "" {
		if host, err = os.Hostname(); err != nil {
			return nil, fmt.Errorf("this machine's name, for the e-mails' ssh commands: %w (give --smtp-ssh-host)", err)
		}
	}
	if strings.ContainsAny(host, " \t\r\n\"'`$;&|<>") {
		return nil, fmt.Errorf("--smtp-ssh-host %q: want a host name", host)
	}
	cfg := &mailer.Config{
		SMTP: mailer.SMTP{Addr: *f.addr, From: *f.from, Username: *f.user, Password: password, Plain: *f.plain,
			Hostname: host},
		Link:     sshLink(host, listen),
		DigestAt: time.Duration(at.Hour())*time.Hour + time.Duration(at.Minute())*time.Minute,
	}
	if err := cfg.Check(); err != nil { // now, not at the first send
		return nil, err
	}
	return cfg, nil
}

// sshLink is the command an e-mail tells its reader to type: port 22
// needs no -p.
func sshLink(host, listen string) model.SSHLink {
	_, port, err := net.SplitHostPort(listen)
	if err != nil || port == "22" || port == "" {
		return model.SSHLink("ssh " + host)
	}
	return model.SSHLink(fmt.Sprintf("ssh -p %s %s", port, host))
}

// startMailer runs the mailer until ctx ends or the returned stop is
// called; stop waits for it to finish.
func startMailer(ctx context.Context, st Store, cfg mailer.Config, log *slog.Logger) (stop func(), err error) {
	cfg.Log = log
	m, err := mailer.New(st, cfg)
	if err != nil {
		return nil, err
	}
	mailCtx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() {
		defer close(done)
		m.Run(mailCtx)
	}()
	log.Info("e-mail", "smtp", cfg.SMTP.Addr, "digest_at", cfg.DigestAt.String(), "starttls_required", !cfg.SMTP.Plain,
		"auth", cfg.SMTP.Username != "")
	return func() { cancel(); <-done }, nil
}
