package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// `wardpanel service-unit` prints a systemd unit that runs the server as
// a service: its own user, its data in systemd's state directory, stopped
// cleanly by SIGTERM, restarted if it fails, and fenced in by the
// hardening systemd offers that a network server which writes one folder
// can live with.

const serviceUnitUsage = "wardpanel service-unit [--port 23234 | --addr HOST:PORT] [--data /var/lib/wardpanel] [--bin /usr/local/bin/wardpanel] " +
	"[--metrics 127.0.0.1:9464] [--backup-every 1h] [--backup-keep 48] [--max-size SIZE]"

// serviceStopTimeout is how long systemd waits after SIGTERM before it
// kills: the server's own shutdown gives sessions serveShutdown to end,
// then closes them, well within it.
const serviceStopTimeout = 15 * time.Second

type unitOptions struct {
	bin, addr, data, metrics string
	backupEvery              time.Duration
	backupKeep               int
	maxSize                  string
}

func runServiceUnit(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("service-unit", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	var o unitOptions
	port := fs.Int("port", 23234, "")
	fs.StringVar(&o.addr, "addr", "", "")
	fs.StringVar(&o.data, "data", "/var/lib/wardpanel", "")
	fs.StringVar(&o.bin, "bin", "/usr/local/bin/wardpanel", "")
	fs.StringVar(&o.metrics, "metrics", "", "")
	fs.DurationVar(&o.backupEvery, "backup-every", time.Hour, "")
	fs.IntVar(&o.backupKeep, "backup-keep", 48, "")
	fs.StringVar(&o.maxSize, "max-size", "", "")
	if err := fs.Parse(args); err != nil || fs.NArg() > 0 {
		fmt.Fprintf(stderr, "wardpanel service-unit: usage: %s\n", serviceUnitUsage)
		return 2
	}
	if o.addr == "" {
		o.addr = ":" + strconv.Itoa(*port)
	}
	unit, err := serviceUnit(o)
	if err != nil {
		fmt.Fprintf(stderr, "wardpanel service-unit: %s\n", err)
		return 2
	}
	io.WriteString(stdout, unit)
	return 0
}

// serviceUnit writes the unit for o.
func serviceUnit(o unitOptions) (string, error) {
	if !filepath.IsAbs(o.bin) {
		return "", fmt.Errorf("--bin %q: systemd needs the program's absolute path", o.bin)
	}
	for _, home := range []string{"/home/", "/root/", "/run/user/"} {
		if strings.HasPrefix(o.bin, home) {
			return "", fmt.Errorf("--bin %s: ProtectHome hides that folder from the service; install the program "+
				"outside home folders, e.g. install -m 0755 %s /usr/local/bin/wardpanel", o.bin, o.bin)
		}
	}
	state, ok := strings.CutPrefix(filepath.Clean(o.data), "/var/lib/")
	if !ok || state == "" {
		return "", fmt.Errorf("--data %s: the data folder must be under /var/lib, where systemd's StateDirectory= "+
			"makes it and gives it to the service's user", o.data)
	}
	port, err := portOf(o.addr)
	if err != nil {
		return "", fmt.Errorf("--addr %q: %w", o.addr, err)
	}
	lowPort := port > 0 && port < 1024
	if o.metrics != "" {
		mport, err := portOf(o.metrics)
		if err != nil {
			return "", fmt.Errorf("--metrics %q: %w", o.metrics, err)
		}
		lowPort = lowPort || (mport > 0 && mport < 1024)
	}
	if o.maxSize != "" {
		if _, err := parseSize(o.maxSize); err != nil {
			return "", fmt.Errorf("--max-size: %w", err)
		}
	}

	// %S is systemd's state folder, /var/lib for a system service.
	exec := []string{o.bin, "serve", "--addr", o.addr, "--data", "%S/" + state}
	if o.backupEvery > 0 {
		exec = append(exec, "--backup-every", o.backupEvery.String(), "--backup-keep", strconv.Itoa(o.backupKeep))
	}
	if o.maxSize != "" {
		exec = append(exec, "--max-size", o.maxSize)
	}
	if o.metrics != "" {
		exec = append(exec, "--metrics", o.metrics)
	}

	caps := `# No capabilities at all: the port is 1024 or above.
CapabilityBoundingSet=
AmbientCapabilities=
PrivateUsers=yes`
	if lowPort {
		caps = `# A port below 1024 needs CAP_NET_BIND_SERVICE, and that alone.
CapabilityBoundingSet=CAP_NET_BIND_SERVICE
AmbientCapabilities=CAP_NET_BIND_SERVICE`
	}

	return fmt.Sprintf(`# wardpanel.service, written by wardpanel service-unit.
# Install:  wardpanel service-unit … > /etc/systemd/system/wardpanel.service
#           systemctl daemon-reload && systemctl enable --now wardpanel
# The data folder must hold a data file first: wardpanel init --data %[1]s …
[Unit]
Description=wardpanel: ward panels and multi-agency tasking over SSH
After=network-online.target
Wants=network-online.target

[Service]
Type=exec
ExecStart=%[2]s
# Its own user, made by systemd while the service runs (or the static
# user wardpanel, if one exists), owning the state folder %[1]s.
User=wardpanel
Group=wardpanel
DynamicUser=yes
StateDirectory=%[3]s
StateDirectoryMode=0700
WorkingDirectory=%%S/%[3]s
UMask=0077

# SIGTERM is a clean stop: new connections are refused and open sessions
# are given time to end before the data file is closed.
KillSignal=SIGTERM
KillMode=mixed
TimeoutStopSec=%[4]d
Restart=on-failure
RestartSec=2s
# A thousand sessions need more than the default 1024 files.
LimitNOFILE=65536

%[5]s
NoNewPrivileges=yes
ProtectSystem=strict
ProtectHome=yes
PrivateTmp=yes
PrivateDevices=yes
PrivateIPC=yes
PrivateMounts=yes
ProtectHostname=yes
ProtectClock=yes
ProtectKernelTunables=yes
ProtectKernelModules=yes
ProtectKernelLogs=yes
ProtectControlGroups=yes
ProtectProc=invisible
ProcSubset=pid
RestrictAddressFamilies=AF_UNIX AF_INET AF_INET6
RestrictNamespaces=yes
RestrictRealtime=yes
RestrictSUIDSGID=yes
RemoveIPC=yes
LockPersonality=yes
MemoryDenyWriteExecute=yes
SystemCallArchitectures=native
SystemCallFilter=@system-service
SystemCallFilter=~@privileged
SystemCallErrorNumber=EPERM

[Install]
WantedBy=multi-user.target
`, o.data, strings.Join(exec, " "), state, int(serviceStopTimeout.Seconds()), caps), nil
}

// portOf reads the port of HOST:PORT or :PORT.
func portOf(addr string) (int, error) {
	_, p, err := net.SplitHostPort(addr)
	if err != nil {
		return 0, err
	}
	n, err := strconv.Atoi(p)
	if err != nil || n < 0 || n > 65535 {
		return 0, errors.New("the port must be a number from 0 to 65535")
	}
	return n, nil
}
