package main

import (
	"os"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// machineCPU is the whole machine's CPU time from /proc/stat: busy (all
// but idle and iowait) and stolen by the hypervisor.
type machineCPU struct{ busy, steal time.Duration }

func readMachineCPU() (machineCPU, bool) {
	data, err := os.ReadFile("/proc/stat")
	if err != nil {
		return machineCPU{}, false
	}
	line, _, _ := strings.Cut(string(data), "\n")
	f := strings.Fields(line)
	if len(f) < 9 || f[0] != "cpu" {
		return machineCPU{}, false
	}
	var v [8]time.Duration
	for i := range v {
		n, err := strconv.ParseUint(f[i+1], 10, 64)
		if err != nil {
			return machineCPU{}, false
		}
		v[i] = time.Duration(n) * time.Second / 100 // USER_HZ
	}
	// user nice system idle iowait irq softirq steal
	return machineCPU{busy: v[0] + v[1] + v[2] + v[5] + v[6] + v[7], steal: v[7]}, true
}

// ownCPU is this process's CPU time and that of its children that have
// ended (the client drivers).
func ownCPU() time.Duration {
	var self, kids syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &self)
	_ = syscall.Getrusage(syscall.RUSAGE_CHILDREN, &kids)
	return time.Duration(self.Utime.Nano() + self.Stime.Nano() + kids.Utime.Nano() + kids.Stime.Nano())
}

// loadWatch tells afterwards how busy the machine was with other work
// while the benchmark ran: figures measured on a busy machine are worse.
type loadWatch struct {
	start   time.Time
	machine machineCPU
	own     time.Duration
	ok      bool
}

func watchLoad() loadWatch {
	m, ok := readMachineCPU()
	return loadWatch{start: time.Now(), machine: m, own: ownCPU(), ok: ok}
}

// others returns the share of the machine's CPUs (in %) that other
// processes, and the hypervisor's steal, took since the watch began.
func (w loadWatch) others(cpus int) (other, steal float64, ok bool) {
	m, ok2 := readMachineCPU()
	if !w.ok || !ok2 {
		return 0, 0, false
	}
	capacity := float64(time.Since(w.start)) * float64(cpus)
	busy := m.busy - w.machine.busy
	stolen := m.steal - w.machine.steal
	own := ownCPU() - w.own
	return 100 * max(0, float64(busy-stolen-own)) / capacity, 100 * float64(stolen) / capacity, true
}
