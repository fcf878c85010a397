package main

import (
	"bufio"
	"encoding/csv"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"time"

	"wardpanel/model"
	"wardpanel/store"
)

// p9: a force's month. A generated police.uk street-level file of
// p9Rows rows is imported into a store of its own (on disk, as
// `wardpanel crimes import FILE` does: store.ImportCrimes from the open
// file), against reading and parsing the same file with encoding/csv
// alone. Rows per second, and the peak live heap of each.
func (b *bench) p9() error {
	rows := b.cfg.p9Rows
	path := filepath.Join(b.dir, "force-month.csv")
	if err := writeForceMonth(path, rows); err != nil {
		return err
	}
	dir := filepath.Join(b.dir, "p9")
	st, err := store.Open(dir, store.Options{})
	if err != nil {
		return err
	}
	defer st.Close()
	for w := range p9Wards {
		code := fmt.Sprintf("E05999%03d", 100+w)
		if _, err := st.AddWard(model.Operator, model.Ward{Code: code, Name: "Benchford ward " + strconv.Itoa(w+1)}); err != nil {
			return err
		}
		var lsoas []string
		for l := range p9LSOAsPerWard {
			lsoas = append(lsoas, p9LSOA(w*p9LSOAsPerWard+l))
		}
		if _, err := st.SetWardLSOAs(model.Operator, code, lsoas); err != nil {
			return err
		}
	}

	// The floor: encoding/csv reads and splits every row of the file.
	var n int
	csvTook, csvPeak, err := measured(func() error {
		f, err := os.Open(path)
		if err != nil {
			return err
		}
		defer f.Close()
		cr := csv.NewReader(bufio.NewReader(f))
		cr.ReuseRecord = true
		for n = -1; ; n++ {
			if _, err := cr.Read(); err == io.EOF {
				return nil
			} else if err != nil {
				return err
			}
		}
	})
	if err != nil {
		return fmt.Errorf("encoding/csv: %w", err)
	}
	if n != rows {
		return fmt.Errorf("encoding/csv read %d rows of %d", n, rows)
	}
	var sum model.CrimeImport
	impTook, impPeak, err := measured(func() error {
		f, err := os.Open(path)
		if err != nil {
			return err
		}
		defer f.Close()
		sum, err = st.ImportCrimes(model.Operator, filepath.Base(path), f)
		return err
	})
	if err != nil {
		return fmt.Errorf("import: %w", err)
	}
	if sum.Rows != rows || !sum.Complete || sum.Malformed != 0 {
		return fmt.Errorf("import read %d rows of %d (%d malformed)", sum.Rows, rows, sum.Malformed)
	}
	fi, _ := os.Stat(st.Path())
	impRate, csvRate := float64(rows)/impTook.Seconds(), float64(rows)/csvTook.Seconds()
	b.rep.add(figure{ID: "P9.rows_per_second", Name: fmt.Sprintf("P9 import rows/s, %s rows", count(rows)), Unit: "/s",
		Value: f64(impRate), Ref: f64(csvRate), RefName: "encoding/csv", Floor: f64(csvRate), FloorName: "encoding/csv"})
	b.rep.check(ratioAtLeast(0.5))
	b.rep.add(figure{ID: "P9.peak_heap", Name: "P9 import peak heap", Unit: "MB",
		Value: f64(impPeak), Ref: f64(csvPeak), RefName: "encoding/csv"})
	b.rep.note("P9: a generated police.uk street-level file of %d rows (%.1f MB; a force's month: a third anti-social behaviour, "+
		"2%% without location, 1%% second rows of a Crime ID, 1 row in 8 outside the %d wards of %d LSOAs) imported as "+
		"`wardpanel crimes import` does, store.ImportCrimes from the open file, into a new store on disk: %.2f s, %d crimes kept, "+
		"data file %.1f MB afterwards. The reference and floor: encoding/csv reading and splitting the same file, %.2f s. "+
		"Peak heap: the live heap sampled every 5 ms, after a GC.",
		rows, fileMB(path), p9Wards, p9LSOAsPerWard, impTook.Seconds(), sum.Imported, float64(fi.Size())/(1<<20), csvTook.Seconds())
	return nil
}

const (
	p9Wards        = 5
	p9LSOAsPerWard = 10
)

func p9LSOA(i int) string { return fmt.Sprintf("E01%06d", 990001+i) }

func fileMB(path string) float64 {
	fi, err := os.Stat(path)
	if err != nil {
		return 0
	}
	return float64(fi.Size()) / (1 << 20)
}

// measured runs fn after a GC and returns how long it took and the peak
// live heap while it ran, in MB.
func measured(fn func() error) (time.Duration, float64, error) {
	runtime.GC()
	stop, peak := make(chan struct{}), make(chan uint64, 1)
	go func() {
		var top uint64
		var ms runtime.MemStats
		t := time.NewTicker(5 * time.Millisecond)
		defer t.Stop()
		for {
			runtime.ReadMemStats(&ms)
			top = max(top, ms.HeapAlloc)
			select {
			case <-stop:
				peak <- top
				return
			case <-t.C:
			}
		}
	}()
	start := time.Now()
	err := fn()
	took := time.Since(start)
	close(stop)
	return took, float64(<-peak) / (1 << 20), err
}

var p9Types = []string{"Violence and sexual offences", "Burglary", "Vehicle crime", "Shoplifting", "Criminal damage and arson",
	"Other theft", "Public order", "Drugs", "Robbery", "Bicycle theft"}

// writeForceMonth writes a force's month of rows rows, every one of June
// 2024, in fictional LSOAs: the shape of store's crimes bench.
func writeForceMonth(path string, rows int) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	w := bufio.NewWriter(f)
	fmt.Fprintln(w, "Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,LSOA name,Crime type,Last outcome category,Context")
	const force = "Benchshire Constabulary,Benchshire Constabulary"
	for i := range rows {
		lsoa := p9LSOA(i % (p9Wards * p9LSOAsPerWard))
		if i%3 == 0 {
			lsoa = p9LSOA((i / 6) % (p9Wards * p9LSOAsPerWard))
		}
		if i%8 == 7 {
			lsoa = p9LSOA(5000 + i%400) // in no ward
		}
		loc := "On or near Street " + strconv.Itoa(i%40)
		if i%3 == 0 {
			loc = "On or near Street " + strconv.Itoa((i/6)%40)
		}
		switch {
		case i%100 == 1:
			fmt.Fprintf(w, "%064x,2024-06,%s,-1.5%04d,52.4%04d,\"%s\",%s,Benchford %03d,%s,Under investigation,\n",
				i-1, force, i%9973, i%7919, loc, lsoa, i%50, p9Types[(i-1)%len(p9Types)])
		case i%50 == 3:
			fmt.Fprintf(w, "%064x,2024-06,%s,,,No Location,,,Other theft,Under investigation,\n", i, force)
		case i%3 == 0:
			fmt.Fprintf(w, ",2024-06,%s,-1.5%04d,52.4%04d,%s,%s,Benchford %03d,Anti-social behaviour,,\n",
				force, (i/6)%9973, (i/6)%7919, loc, lsoa, i%50)
		default:
			fmt.Fprintf(w, "%064x,2024-06,%s,-1.5%04d,52.4%04d,\"%s\",%s,Benchford %03d,%s,Under investigation,\n",
				i, force, i%9973, i%7919, loc, lsoa, i%50, p9Types[i%len(p9Types)])
		}
	}
	if err := w.Flush(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
