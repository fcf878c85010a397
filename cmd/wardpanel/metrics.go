package main

import (
	"context"
	"errors"
	"log/slog"
	"net"
	"net/http"
	"os"
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"wardpanel/tui/sshd"
)

// metrics are the server's Prometheus series, on a registry of the
// server's own (tests run several servers in one process). Labels come
// from fixed sets only (a refusal's reason, a command's name in the
// table and its exit status, a session's kind): never a name, a key or
// anything a person typed.
type metrics struct {
	reg         *prometheus.Registry
	refusals    *prometheus.CounterVec
	commands    *prometheus.CounterVec
	writes      prometheus.Histogram
	writeErrors prometheus.Counter
	backups     *prometheus.CounterVec
}

func newMetrics(o *ops) *metrics {
	m := &metrics{
		reg: prometheus.NewRegistry(),
		refusals: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "wardpanel_connections_refused_total",
			Help: "Connections and sessions turned away, by reason.",
		}, []string{"reason"}),
		commands: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "wardpanel_commands_total",
			Help: "Commands run over SSH without a terminal, by command and exit status.",
		}, []string{"command", "status"}),
		writes: prometheus.NewHistogram(prometheus.HistogramOpts{
			Name:    "wardpanel_store_write_duration_seconds",
			Help:    "Time from the start of a write transaction to its commit on disk.",
			Buckets: []float64{.0005, .001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5},
		}),
		writeErrors: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "wardpanel_store_write_errors_total",
			Help: "Writes that failed for a reason of storage: the disk, the --max-size cap, I/O.",
		}),
		backups: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "wardpanel_backups_total",
			Help: "Backups written (scheduled and asked for), by result.",
		}, []string{"result"}),
	}
	for _, r := range sshd.Refusals {
		m.refusals.WithLabelValues(string(r))
	}
	m.backups.WithLabelValues("ok")
	m.backups.WithLabelValues("failed")

	sessions := func(kind string, count func(sshd.SessionCounts) int) prometheus.Collector {
		return prometheus.NewGaugeFunc(prometheus.GaugeOpts{
			Name: "wardpanel_sessions", Help: "Sessions of enrolled users open now, by kind.",
			ConstLabels: prometheus.Labels{"kind": kind},
		}, func() float64 { return float64(count(o.sessionCounts())) })
	}
	m.reg.MustRegister(
		m.refusals, m.commands, m.writes, m.writeErrors, m.backups,
		sessions("terminal", func(c sshd.SessionCounts) int { return c.Terminal }),
		sessions("command", func(c sshd.SessionCounts) int { return c.Command }),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{
			Name: "wardpanel_users_connected", Help: "Enrolled users with at least one session open.",
		}, func() float64 { return float64(o.sessionCounts().Users) }),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{
			Name: "wardpanel_store_size_bytes", Help: "Size of the data file.",
		}, func() float64 {
			fi, err := os.Stat(o.file)
			if err != nil {
				return 0
			}
			return float64(fi.Size())
		}),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{
			Name: "wardpanel_store_max_size_bytes", Help: "The --max-size cap on the data file (0: none).",
		}, func() float64 { return float64(o.maxSize) }),
		backupAge{o},
		outboxDepth{o},
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{
			Name: "wardpanel_start_time_seconds", Help: "When the server started, in seconds since the Unix epoch.",
		}, func() float64 { return float64(o.started.UnixNano()) / 1e9 }),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{
			Name: "wardpanel_build_info", Help: "The running release (always 1).",
			ConstLabels: prometheus.Labels{"version": o.build.Version, "commit": o.build.Commit,
				"goversion": o.build.Go, "schema": strconv.Itoa(o.build.Schema)},
		}, func() float64 { return 1 }),
		collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
	)
	return m
}

func (m *metrics) refused(why sshd.Refusal) { m.refusals.WithLabelValues(string(why)).Inc() }

func (m *metrics) command(name string, status int) {
	m.commands.WithLabelValues(name, strconv.Itoa(status)).Inc()
}

func (m *metrics) wrote(took time.Duration, err error) {
	if err != nil {
		m.writeErrors.Inc()
		return
	}
	m.writes.Observe(took.Seconds())
}

func (m *metrics) backedUp(err error) {
	if err != nil {
		m.backups.WithLabelValues("failed").Inc()
		return
	}
	m.backups.WithLabelValues("ok").Inc()
}

// backupAge exports the last good backup's time and age, and nothing
// while none is known: a made-up age would page someone, or hide a gap.
type backupAge struct{ o *ops }

var (
	backupTimeDesc = prometheus.NewDesc("wardpanel_backup_last_success_timestamp_seconds",
		"When the last good backup was written, in seconds since the Unix epoch.", nil, nil)
	backupAgeDesc = prometheus.NewDesc("wardpanel_backup_age_seconds",
		"Seconds since the last good backup was written.", nil, nil)
)

func (b backupAge) Describe(ch chan<- *prometheus.Desc) { ch <- backupTimeDesc; ch <- backupAgeDesc }

func (b backupAge) Collect(ch chan<- prometheus.Metric) {
	b.o.mu.Lock()
	at := b.o.lastBackup.At
	b.o.mu.Unlock()
	if at.IsZero() {
		return
	}
	ch <- prometheus.MustNewConstMetric(backupTimeDesc, prometheus.GaugeValue, float64(at.UnixNano())/1e9)
	ch <- prometheus.MustNewConstMetric(backupAgeDesc, prometheus.GaugeValue, time.Since(at).Seconds())
}

// outboxDepth exports how many e-mails wait in the outbox, and nothing
// while e-mail is off: a queue that cannot exist has no depth.
type outboxDepth struct{ o *ops }

var outboxDesc = prometheus.NewDesc("wardpanel_mail_queue",
	"E-mails waiting in the outbox: queued, or failed and waiting to be retried.", nil, nil)

func (q outboxDepth) Describe(ch chan<- *prometheus.Desc) { ch <- outboxDesc }

func (q outboxDepth) Collect(ch chan<- prometheus.Metric) {
	q.o.mu.Lock()
	depth := q.o.outbox
	q.o.mu.Unlock()
	if depth == nil {
		return
	}
	if n, err := depth(); err == nil {
		ch <- prometheus.MustNewConstMetric(outboxDesc, prometheus.GaugeValue, float64(n))
	}
}

// mailing starts reporting the outbox's depth.
func (o *ops) mailing(depth func() (int, error)) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.outbox = depth
}

// serveMetrics serves /metrics on addr until ctx ends; the returned
// function waits for it to stop. Metrics carry no personal data, but
// they describe the service: keep addr on loopback or a monitoring
// network.
func (o *ops) serveMetrics(ctx context.Context, addr string, log *slog.Logger) (stop func(), err error) {
	if addr == "" {
		return func() {}, nil
	}
	l, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, err
	}
	mux := http.NewServeMux()
	mux.Handle("GET /metrics", promhttp.HandlerFor(o.metrics.reg, promhttp.HandlerOpts{
		ErrorLog: slog.NewLogLogger(log.Handler(), slog.LevelError),
	}))
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 5 * time.Second, ReadTimeout: 10 * time.Second,
		WriteTimeout: 30 * time.Second, IdleTimeout: time.Minute}
	done := make(chan struct{})
	go func() {
		defer close(done)
		if err := srv.Serve(l); err != nil && !errors.Is(err, http.ErrServerClosed) {
			log.Error("metrics", "err", err)
		}
	}()
	if ip, _, _ := net.SplitHostPort(l.Addr().String()); !net.ParseIP(ip).IsLoopback() {
		log.Warn("metrics are served beyond this machine: keep the port behind a firewall", "addr", l.Addr().String())
	}
	log.Info("metrics", "addr", l.Addr().String(), "path", "/metrics")
	stopped := make(chan struct{})
	go func() {
		select {
		case <-ctx.Done():
		case <-stopped:
		}
		shutdown, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		_ = srv.Shutdown(shutdown)
	}()
	return func() { close(stopped); <-done }, nil
}
