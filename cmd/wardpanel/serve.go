package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"
	"time"

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
	if err := fs.Parse(args); err != nil {
		return 2
	}
	log := slog.New(slog.NewTextHandler(stderr, nil))
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := serve(ctx, *addr, dataDir(*dir), *demo, log, stderr, nil); err != nil {
		fmt.Fprintf(stderr, "wardpanel serve: %s\n", err)
		return 1
	}
	return 0
}

// serve runs until ctx ends; ready, if set, receives the listening address.
func serve(ctx context.Context, addr, dir string, demo bool, log *slog.Logger, stderr io.Writer, ready chan<- string) error {
	st, err := store.Open(dir, store.Options{})
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
	go serveControl(control, st, log)

	hostKey := filepath.Join(dir, "host_ed25519")
	srv, err := sshd.New(sshd.Config{Store: st, HostKeyPath: hostKey, Demo: demo, Personas: personas, Logger: log})
	if err != nil {
		return err
	}
	fp, err := sshd.HostKeyFingerprint(hostKey)
	if err != nil {
		return err
	}
	l, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	log.Info("listening", "addr", l.Addr().String(), "host_key", fp, "data", dir, "demo", demo)
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
