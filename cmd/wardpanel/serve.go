package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"os/signal"
	"sync/atomic"
	"syscall"
	"time"

	"wardpanel/cmd/wardpanel/mailer"
	"wardpanel/store"
	"wardpanel/tui/sshd"
)

const demoWarning = `
  ******************************************************************
  *  DEMO MODE: anyone who can reach this port can get in and pick  *
  *  any role. It is for trying wardpanel, never for real data.     *
  ******************************************************************
`

func runServe(args []string, stderr io.Writer) int {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(stderr)
	addr := fs.String("addr", "127.0.0.1:23234", "address to listen on")
	dir := fs.String("data", "", "data folder (default $WARDPANEL_DATA, else ./wardpanel-data)")
	demo := fs.Bool("demo", false, "seed a fictional ward and let any key pick a persona")
	maxSize := fs.String("max-size", "0", "cap on the data file in bytes, or with K, M, G (0: no cap)")
	backupEvery := fs.Duration("backup-every", 0, "back up to DATA/backups this often, e.g. 1h (0: never)")
	backupKeep := fs.Int("backup-keep", 48, "how many scheduled backups to keep")
	checkFull := fs.Bool("check-full", false, "check every page and record before serving, whatever the file's size")
	metricsAddr := fs.String("metrics", "", "serve Prometheus metrics at http://ADDR/metrics, e.g. 127.0.0.1:9464")
	logFormat := fs.String("log-format", "text", "text or json: one line per event either way")
	mail := mailFlags(fs) // mail.go
	if err := fs.Parse(args); err != nil {
		return 2
	}
	size, err := parseSize(*maxSize)
	if err == nil && *backupEvery < 0 {
		err = errors.New("--backup-every must not be negative")
	}
	if err == nil && *backupKeep < 1 {
		err = errors.New("--backup-keep must be at least 1")
	}
	log, logErr := newLogger(*logFormat, stderr) // ops.go
	if err == nil {
		err = logErr
	}
	var mailCfg *mailer.Config
	if err == nil {
		mailCfg, err = mail.config(*addr)
	}
	if err != nil {
		fmt.Fprintf(stderr, "wardpanel serve: %s\n", err)
		return 2
	}
	if !*demo {
		if err := needsInit(dataDir(*dir)); err != nil { // init.go
			fmt.Fprintf(stderr, "wardpanel serve: %s\n", err)
			return 1
		}
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	cfg := serveConfig{addr: *addr, dir: dataDir(*dir), demo: *demo, maxSize: size, backupEvery: *backupEvery, backupKeep: *backupKeep,
		check: store.CheckAuto, metrics: *metricsAddr, mail: mailCfg}
	if *checkFull {
		cfg.check = store.CheckFull
	}
	if err := serveWith(ctx, cfg, log, stderr, nil); err != nil {
		fmt.Fprintf(stderr, "wardpanel serve: %s\n", err)
		return 1
	}
	return 0
}

// serveLockWait is how long a starting server waits for the data file. A
// server being stopped lets go within its shutdown; a second server on
// the same folder must be told at once, not after a wait.
const serveLockWait = 300 * time.Millisecond

// serveConfig is what `wardpanel serve` was asked for.
type serveConfig struct {
	addr, dir   string
	demo        bool
	maxSize     int64
	backupEvery time.Duration
	backupKeep  int
	check       store.CheckLevel // how much of the file is checked before serving
	metrics     string           // address for /metrics, or ""
	mail        *mailer.Config   // e-mail reminders, or nil: none
}

// serve runs until ctx ends; ready, if set, receives the listening address.
func serve(ctx context.Context, addr, dir string, demo bool, log *slog.Logger, stderr io.Writer, ready chan<- string) error {
	return serveWith(ctx, serveConfig{addr: addr, dir: dir, demo: demo, check: store.CheckAuto}, log, stderr, ready)
}

func serveWith(ctx context.Context, cfg serveConfig, log *slog.Logger, stderr io.Writer, ready chan<- string) error {
	addr, dir, demo := cfg.addr, cfg.dir, cfg.demo
	o := newOps(cfg, log) // ops.go: status and metrics
	st, err := store.Open(dir, store.Options{LockTimeout: serveLockWait, MaxSize: cfg.maxSize, OnFull: fullLogger(log, cfg.maxSize),
		Check: cfg.check, OnDamaged: damageLogger(log), Observer: o})
	if errors.Is(err, store.ErrLocked) {
		return fmt.Errorf("%s: %w", dir, store.ErrLocked) // the folder, which is what the operator named
	}
	if errors.Is(err, store.ErrDamaged) || errors.Is(err, store.ErrCorrupt) {
		return refuseDamaged(dir, err, stderr) // check.go
	}
	if err != nil {
		return err
	}
	defer st.Close()
	var personas []string
	if demo {
		if personas, err = seedDemo(st); err != nil {
			return fmt.Errorf("demo data: %w", err)
		}
		fmt.Fprint(stderr, demoWarning)
	}

	control, err := listenControl(dir)
	if err != nil {
		return err
	}
	defer control.Close()
	go serveControl(control, st, o, log)

	if cfg.backupEvery > 0 {
		backupCtx, stopBackups := context.WithCancel(ctx)
		backupsDone := make(chan struct{})
		go func() {
			defer close(backupsDone)
			backupLoop(backupCtx, st, dir, cfg.backupEvery, cfg.backupKeep, log)
		}()
		// Runs before the store closes: a backup under way finishes first.
		defer func() { stopBackups(); <-backupsDone }()
	}

	if cfg.mail != nil {
		stopMail, err := startMailer(ctx, st, *cfg.mail, log) // mail.go
		if err != nil {
			return err
		}
		// Runs before the store closes: a send under way is cut off and
		// stays queued for the next start.
		defer stopMail()
		o.mailing(st.OutboxLen) // metrics.go
	}

	hostKey := hostKeyPath(dir)
	srv, err := sshd.New(sshd.Config{Store: st, HostKeyPath: hostKey, Demo: demo, Personas: personas, Inbox: true, Logger: log, Observer: o})
	if err != nil {
		return err
	}
	o.serving(srv)
	stopMetrics, err := o.serveMetrics(ctx, cfg.metrics, log)
	if err != nil {
		return fmt.Errorf("--metrics: %w", err)
	}
	defer stopMetrics()
	if !demo {
		o.warnIfNobodyCanConnect(st)
	}
	fp, err := sshd.HostKeyFingerprint(hostKey)
	if err != nil {
		return err
	}
	l, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	log.Info("listening", "addr", l.Addr().String(), "host_key", fp, "data", dir, "demo", demo,
		"max_size", cfg.maxSize, "backup_every", cfg.backupEvery)
	if ready != nil {
		ready <- l.Addr().String()
	}

	served := make(chan error, 1)
	go func() { served <- srv.Serve(l) }()
	select {
	case err := <-served:
		return err
	case <-ctx.Done():
	}
	log.Info("shutting down")
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	return srv.Shutdown(shutdownCtx)
}

// fullLogger tells the operator that writes are being refused, at most once
// a minute: every refused keystroke-save would otherwise fill the log too.
func fullLogger(log *slog.Logger, maxSize int64) func(error) {
	return everyMinute(func(cause error) {
		log.Error("writes refused: the data file is full; restart with a larger --max-size or free disk space",
			"max_size", maxSize, "cause", cause)
	})
}

// everyMinute passes on at most one call a minute: a busy server meets the
// same trouble on every request, and one log line says it.
func everyMinute(fn func(error)) func(error) {
	var last atomic.Int64
	return func(cause error) {
		now := time.Now().Unix()
		prev := last.Load()
		if now-prev < 60 || !last.CompareAndSwap(prev, now) {
			return
		}
		fn(cause)
	}
}
