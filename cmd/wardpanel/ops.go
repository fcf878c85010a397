package main

import (
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"wardpanel/model"
	"wardpanel/store"
	"wardpanel/tui/sshd"
)

// ops is what the running server knows about itself for its operator:
// `wardpanel status` reads it through the control socket, and --metrics
// (metrics.go) exports it. It hears of writes, backups and upgrades from
// the store, and of refusals and commands from the SSH server, as their
// Observer. Nothing it holds names a person or carries a record's text.
type ops struct {
	started time.Time
	dir     string
	file    string
	maxSize int64
	build   buildInfo
	log     *slog.Logger
	metrics *metrics // metrics.go

	mu         sync.Mutex
	sessions   func() sshd.SessionCounts // set once the SSH server exists
	outbox     func() (int, error)       // the e-mail queue's depth; nil: e-mail is off
	lastBackup event
	backupFail event // the last failed backup
	writeFail  event // the last failed write
}

// event is a time, and a path or an error's text.
type event struct {
	At   time.Time `json:"at"`
	What string    `json:"what"`
}

func newOps(cfg serveConfig, log *slog.Logger) *ops {
	o := &ops{started: time.Now(), dir: cfg.dir, file: filepath.Join(cfg.dir, store.FileName), maxSize: cfg.maxSize,
		build: readBuildInfo(), log: log}
	o.lastBackup = newestScheduledBackup(cfg.dir)
	o.metrics = newMetrics(o)
	return o
}

// serving starts counting the SSH server's sessions.
func (o *ops) serving(srv *sshd.Server) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.sessions = srv.Sessions
}

func (o *ops) sessionCounts() sshd.SessionCounts {
	o.mu.Lock()
	count := o.sessions
	o.mu.Unlock()
	if count == nil {
		return sshd.SessionCounts{}
	}
	return count()
}

// Wrote is the store's report of a write (store.Observer).
func (o *ops) Wrote(took time.Duration, err error) {
	o.metrics.wrote(took, err)
	if err != nil {
		o.mu.Lock()
		o.writeFail = event{time.Now(), err.Error()}
		o.mu.Unlock()
	}
}

// BackedUp is the store's report of a backup, scheduled or asked for (store.Observer).
func (o *ops) BackedUp(path string, took time.Duration, err error) {
	o.metrics.backedUp(err)
	o.mu.Lock()
	defer o.mu.Unlock()
	if err != nil {
		o.backupFail = event{time.Now(), err.Error()}
		return
	}
	o.lastBackup = event{time.Now(), path}
}

// Upgrading is the store's report that it migrates the file (store.Observer).
func (o *ops) Upgrading(from, to int, backup string) {
	o.log.Warn("migrating the data file to this release's schema; the file as it was is copied first",
		"from_schema", from, "to_schema", to, "copy", backup)
}

// Refused is the SSH server's report of a refusal (sshd.Observer).
func (o *ops) Refused(why sshd.Refusal) { o.metrics.refused(why) }

// CommandDone is the SSH server's report of a command (sshd.Observer).
func (o *ops) CommandDone(name string, status int) { o.metrics.command(name, status) }

// newestScheduledBackup finds the newest backup in DATA/backups, so that
// a restart does not forget when the last one was made.
func newestScheduledBackup(dir string) event {
	entries, err := os.ReadDir(filepath.Join(dir, backupFolder))
	if err != nil {
		return event{}
	}
	var names []string
	for _, e := range entries {
		if e.Type().IsRegular() && backupName.MatchString(e.Name()) {
			names = append(names, e.Name())
		}
	}
	if len(names) == 0 {
		return event{}
	}
	newest := slices.Max(names)
	at, err := time.Parse(backupLayout, newest)
	if err != nil {
		return event{}
	}
	return event{at, filepath.Join(dir, backupFolder, newest)}
}

// status is what `wardpanel status` shows; --json prints it as it is.
type status struct {
	Version       string    `json:"version"`
	Schema        int       `json:"schema"`
	Data          string    `json:"data"`
	Started       time.Time `json:"started"`
	UptimeSeconds int64     `json:"uptime_seconds"`
	Sessions      struct {
		Terminal int `json:"terminal"`
		Command  int `json:"command"`
	} `json:"sessions"`
	UsersConnected int    `json:"users_connected"`
	LastBackup     *event `json:"last_backup,omitempty"`
	BackupFailed   *event `json:"last_backup_failure,omitempty"` // only if after the last success
	DataBytes      int64  `json:"data_bytes"`
	MaxBytes       int64  `json:"max_bytes"` // 0: no cap
	WriteError     *event `json:"last_write_error,omitempty"`
}

func (o *ops) status() status {
	now := time.Now()
	st := status{Version: o.build.Version, Schema: o.build.Schema, Data: o.dir, Started: o.started.UTC(),
		UptimeSeconds: int64(now.Sub(o.started).Seconds()), MaxBytes: o.maxSize}
	c := o.sessionCounts()
	st.Sessions.Terminal, st.Sessions.Command, st.UsersConnected = c.Terminal, c.Command, c.Users
	if fi, err := os.Stat(o.file); err == nil {
		st.DataBytes = fi.Size()
	}
	o.mu.Lock()
	defer o.mu.Unlock()
	if !o.lastBackup.At.IsZero() {
		b := o.lastBackup
		st.LastBackup = &b
	}
	if !o.backupFail.At.IsZero() && o.backupFail.At.After(o.lastBackup.At) {
		f := o.backupFail
		st.BackupFailed = &f
	}
	if !o.writeFail.At.IsZero() {
		w := o.writeFail
		st.WriteError = &w
	}
	return st
}

// statusReply answers a status request on the control socket.
func (o *ops) statusReply(format string) controlReply {
	st := o.status()
	if format == "json" {
		b, err := json.MarshalIndent(st, "", "  ")
		if err != nil {
			return controlReply{Stderr: fmt.Sprintf("wardpanel status: %s\n", err), Code: 1}
		}
		return controlReply{Stdout: string(b) + "\n"}
	}
	return controlReply{Stdout: st.text(time.Now())}
}

func (st status) text(now time.Time) string {
	var b strings.Builder
	const when = "2006-01-02 15:04:05 UTC"
	ago := func(t time.Time) string { return roughly(now.Sub(t)) + " ago" }
	fmt.Fprintf(&b, "wardpanel %s (schema %d), serving %s\n", st.Version, st.Schema, st.Data)
	fmt.Fprintf(&b, "up        %s (since %s)\n", roughly(time.Duration(st.UptimeSeconds)*time.Second), st.Started.Format(when))
	fmt.Fprintf(&b, "sessions  %d (%d terminal, %d command) from %s\n", st.Sessions.Terminal+st.Sessions.Command,
		st.Sessions.Terminal, st.Sessions.Command, model.Counted(st.UsersConnected, "user", "users"))
	switch {
	case st.LastBackup != nil:
		fmt.Fprintf(&b, "backup    %s, %s: %s\n", st.LastBackup.At.UTC().Format(when), ago(st.LastBackup.At), st.LastBackup.What)
	default:
		b.WriteString("backup    none known (none made since start, none in the backups folder)\n")
	}
	if st.BackupFailed != nil {
		fmt.Fprintf(&b, "          the last attempt failed, %s: %s\n", ago(st.BackupFailed.At), model.CleanLine(st.BackupFailed.What, 300))
	}
	if st.MaxBytes > 0 {
		fmt.Fprintf(&b, "data      %s of a %s cap (%.0f%%)\n", humanBytes(st.DataBytes), humanBytes(st.MaxBytes),
			100*float64(st.DataBytes)/float64(st.MaxBytes))
	} else {
		fmt.Fprintf(&b, "data      %s (no cap: serve --max-size sets one)\n", humanBytes(st.DataBytes))
	}
	if st.WriteError != nil {
		fmt.Fprintf(&b, "writes    the last failed %s: %s\n", ago(st.WriteError.At), model.CleanLine(st.WriteError.What, 300))
	} else {
		b.WriteString("writes    no write has failed since start\n")
	}
	return b.String()
}

// roughly says a duration as a person would: 3d4h, 2h5m, 4m10s, 12s.
func roughly(d time.Duration) string {
	d = d.Round(time.Second)
	switch {
	case d >= 24*time.Hour:
		return fmt.Sprintf("%dd%dh", d/(24*time.Hour), d%(24*time.Hour)/time.Hour)
	case d >= time.Hour:
		return fmt.Sprintf("%dh%dm", d/time.Hour, d%time.Hour/time.Minute)
	}
	return d.String()
}

// warnIfNobodyCanConnect tells the operator of a data file no one can get
// into: no enabled user with a key and no open invite.
func (o *ops) warnIfNobodyCanConnect(st Store) {
	users, err := st.Users()
	if err != nil {
		return
	}
	for _, u := range users {
		if !u.Disabled && len(u.Keys) > 0 {
			return
		}
	}
	invites, err := st.Invites(model.Operator)
	if err != nil {
		return
	}
	now := time.Now()
	for _, inv := range invites {
		if inv.State(now) == model.InviteOpen {
			return
		}
	}
	o.log.Warn("nobody can connect yet: no enabled user has a key and no invite is open; add one with wardpanel user add --key or wardpanel invite")
}

// newLogger writes one line per event, as logfmt text or JSON.
func newLogger(format string, w io.Writer) (*slog.Logger, error) {
	switch format {
	case "text", "":
		return slog.New(slog.NewTextHandler(w, nil)), nil
	case "json":
		return slog.New(slog.NewJSONHandler(w, nil)), nil
	}
	return nil, fmt.Errorf("--log-format %q: use text or json", format)
}
