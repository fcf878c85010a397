package store

import (
	"bufio"
	"encoding/csv"
	"fmt"
	"io"
	"os"
	"runtime"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"wardpanel/model"
)

// crimeGen makes a street-level file of rows rows as it is read, so the
// file is never in memory: a force's month, roughly as police.uk has it —
// a third anti-social behaviour (no Crime ID, some rows identical), 2% "No
// Location", one Crime ID in a hundred given a second row in another LSOA,
// one row in eight in LSOAs outside any ward, the rest in the 50 LSOAs of
// five wards. Every row is June 2024.
type crimeGen struct {
	rows, i int
	line    []byte
	pending []byte
}

func newCrimeGen(rows int) *crimeGen {
	g := &crimeGen{rows: rows, line: make([]byte, 0, 512)}
	g.line = append(g.line, "Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,LSOA name,Crime type,Last outcome category,Context\n"...)
	g.pending = g.line
	return g
}

var genTypes = []string{"Violence and sexual offences", "Burglary", "Vehicle crime", "Shoplifting", "Criminal damage and arson",
	"Other theft", "Public order", "Drugs", "Robbery", "Bicycle theft"}

func (g *crimeGen) Read(p []byte) (int, error) {
	if len(g.pending) == 0 {
		if g.i >= g.rows {
			return 0, io.EOF
		}
		g.pending = g.next()
	}
	n := copy(p, g.pending)
	g.pending = g.pending[n:]
	return n, nil
}

func (g *crimeGen) next() []byte {
	i := g.i
	g.i++
	b := g.line[:0]
	lsoa := fmt.Sprintf("E01%06d", 1+i%50)
	if i%3 == 0 {
		lsoa = fmt.Sprintf("E01%06d", 1+(i/6)%50)
	}
	if i%8 == 7 {
		lsoa = fmt.Sprintf("E01%06d", 9000+i%400) // another force's area
	}
	month := "2024-06"
	loc := "On or near Street " + strconv.Itoa(i%40)
	if i%3 == 0 {
		loc = "On or near Street " + strconv.Itoa((i/6)%40)
	}
	switch {
	case i%100 == 1:
		// Another row of the crime before, in another LSOA.
		b = fmt.Appendf(b, "%064x,%s,Testshire Constabulary,Testshire Constabulary,-1.5%04d,52.4%04d,\"%s\",%s,Testford %03d,%s,Under investigation,\n",
			i-1, month, i%9973, i%7919, loc, lsoa, i%50, genTypes[(i-1)%len(genTypes)])
	case i%50 == 3:
		b = fmt.Appendf(b, "%064x,%s,Testshire Constabulary,Testshire Constabulary,,,No Location,,,Other theft,Under investigation,\n", i, month)
	case i%3 == 0:
		// Anti-social behaviour: identical rows now and then (i/6).
		b = fmt.Appendf(b, ",%s,Testshire Constabulary,Testshire Constabulary,-1.5%04d,52.4%04d,%s,%s,Testford %03d,Anti-social behaviour,,\n",
			month, (i/6)%9973, (i/6)%7919, loc, lsoa, i%50)
	default:
		b = fmt.Appendf(b, "%064x,%s,Testshire Constabulary,Testshire Constabulary,-1.5%04d,52.4%04d,\"%s\",%s,Testford %03d,%s,Under investigation,\n",
			i, month, i%9973, i%7919, loc, lsoa, i%50, genTypes[i%len(genTypes)])
	}
	g.line = b
	return b
}

// peakHeap samples the live heap until stop is closed and returns its peak.
func peakHeap(stop <-chan struct{}) <-chan uint64 {
	out := make(chan uint64, 1)
	go func() {
		var peak uint64
		var ms runtime.MemStats
		t := time.NewTicker(5 * time.Millisecond)
		defer t.Stop()
		for {
			runtime.ReadMemStats(&ms)
			peak = max(peak, ms.HeapAlloc)
			select {
			case <-stop:
				out <- peak
				return
			case <-t.C:
			}
		}
	}()
	return out
}

// BenchmarkImportCrimes imports a generated force's month of a thousand
// and of a hundred thousand rows (a large force's month) into a store with
// five wards of ten LSOAs, and reports rows per second and the peak live
// heap during the import (sampled every 5ms). In the same run it reads and
// parses the same file with encoding/csv alone, the least any import must
// do, and reports that rate and the ratio (csv-x: how many times slower
// than encoding/csv the import is). Run it once:
// go test ./store -run '^$' -bench ImportCrimes -benchtime 1x
func BenchmarkImportCrimes(b *testing.B) {
	for _, rows := range []int{1_000, 100_000} {
		b.Run(fmt.Sprintf("rows=%d", rows), func(b *testing.B) {
			var once sync.Once
			var lastPeak atomic.Uint64
			var total, baseline time.Duration
			for b.Loop() {
				b.StopTimer()
				s := benchCrimeStore(b)
				// The baseline: encoding/csv reads and splits every row.
				runtime.GC()
				start := time.Now()
				cr := csv.NewReader(newCrimeGen(rows))
				cr.ReuseRecord = true
				n := -1
				for {
					if _, err := cr.Read(); err != nil {
						if err != io.EOF {
							b.Fatal(err)
						}
						break
					}
					n++
				}
				baseline += time.Since(start)
				if n != rows {
					b.Fatalf("csv read %d rows", n)
				}
				runtime.GC()
				stop := make(chan struct{})
				peak := peakHeap(stop)
				b.StartTimer()
				start = time.Now()
				sum, err := s.ImportCrimes(model.Operator, "generated", newCrimeGen(rows))
				took := time.Since(start)
				b.StopTimer()
				close(stop)
				lastPeak.Store(<-peak)
				total += took
				if err != nil || sum.Rows != rows || !sum.Complete || sum.Malformed != 0 || len(sum.ForceMonths) != 1 {
					b.Fatalf("%+v %v", sum, err)
				}
				once.Do(func() {
					fi, _ := os.Stat(s.Path())
					b.Logf("%d rows: %d imported (%d new), %d repeated Crime ID rows, %d without location, %d outside any ward; file %.1f MB",
						sum.Rows, sum.Imported, sum.New, sum.Duplicates, sum.WithoutLocation, sum.OutsideWards, float64(fi.Size())/(1<<20))
				})
				s.Close()
				b.StartTimer()
			}
			b.ReportMetric(float64(rows)*float64(b.N)/total.Seconds(), "rows/s")
			b.ReportMetric(float64(rows)*float64(b.N)/baseline.Seconds(), "csv-rows/s")
			b.ReportMetric(total.Seconds()/baseline.Seconds(), "csv-x")
			b.ReportMetric(float64(lastPeak.Load())/(1<<20), "peak-heap-MB")
		})
	}
}

// BenchmarkImportCrimesFile is P9 as wardbench takes it: the generated
// force's month written to a file first, then, in each round, read and
// split by encoding/csv and imported into a new store, both from the file.
// go test ./store -run '^$' -bench ImportCrimesFile -benchtime 10x
func BenchmarkImportCrimesFile(b *testing.B) {
	const rows = 100_000
	path := b.TempDir() + "/force-month.csv"
	f, err := os.Create(path)
	if err != nil {
		b.Fatal(err)
	}
	if _, err := io.Copy(f, newCrimeGen(rows)); err != nil {
		b.Fatal(err)
	}
	f.Close()
	var total, baseline, cpu, csvCPU time.Duration
	for b.Loop() {
		b.StopTimer()
		s := benchCrimeStore(b)
		runtime.GC()
		start, cpu0 := time.Now(), cpuTime()
		f, err := os.Open(path)
		if err != nil {
			b.Fatal(err)
		}
		cr := csv.NewReader(bufio.NewReader(f))
		cr.ReuseRecord = true
		for {
			if _, err := cr.Read(); err != nil {
				break
			}
		}
		f.Close()
		baseline += time.Since(start)
		csvCPU += cpuTime() - cpu0
		runtime.GC()
		b.StartTimer()
		start, cpu0 = time.Now(), cpuTime()
		f, _ = os.Open(path)
		sum, err := s.ImportCrimes(model.Operator, "generated", f)
		total += time.Since(start)
		cpu += cpuTime() - cpu0
		b.StopTimer()
		f.Close()
		if err != nil || sum.Rows != rows || !sum.Complete || sum.Malformed != 0 {
			b.Fatalf("%+v %v", sum, err)
		}
		s.Close()
		b.StartTimer()
	}
	b.ReportMetric(float64(rows)*float64(b.N)/total.Seconds(), "rows/s")
	b.ReportMetric(float64(rows)*float64(b.N)/baseline.Seconds(), "csv-rows/s")
	b.ReportMetric(baseline.Seconds()/total.Seconds(), "x-csv-rate")
	b.ReportMetric(float64(cpu.Milliseconds())/float64(b.N), "cpu-ms/op")
	b.ReportMetric(float64(csvCPU.Milliseconds())/float64(b.N), "csv-cpu-ms/op")
}

// benchCrimeStore is a new store with five wards of ten LSOAs, the
// generated file's.
func benchCrimeStore(b *testing.B) *Store {
	s, err := Open(b.TempDir(), Options{Now: func() time.Time { return time.Date(2024, 8, 1, 0, 0, 0, 0, time.UTC) }})
	if err != nil {
		b.Fatal(err)
	}
	for w := range 5 {
		code := fmt.Sprintf("E0500000%d", w+1)
		if _, err := s.AddWard(model.Operator, model.Ward{Code: code, Name: "Ward " + code}); err != nil {
			b.Fatal(err)
		}
		var lsoas []string
		for l := range 10 {
			lsoas = append(lsoas, fmt.Sprintf("E01%06d", 1+w*10+l))
		}
		if _, err := s.SetWardLSOAs(model.Operator, code, lsoas); err != nil {
			b.Fatal(err)
		}
	}
	return s
}
