package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"slices"
	"strings"
	"text/tabwriter"
	"time"
)

// figure is one row of the report: wardpanel's value, what it is compared
// with, and the target for it.
type figure struct {
	ID      string   `json:"id"`
	Name    string   `json:"name"`
	Unit    string   `json:"unit"`
	Value   *float64 `json:"wardpanel"`
	Ref     *float64 `json:"reference,omitempty"`
	RefName string   `json:"reference_name,omitempty"`
	Ratio   *float64 `json:"ratio,omitempty"`
	// Floor is what the machine alone takes for the same work, measured
	// in the same run (the floor server, one fsync, encoding/csv alone).
	Floor      *float64 `json:"floor,omitempty"`
	FloorName  string   `json:"floor_name,omitempty"`
	FloorRatio *float64 `json:"floor_ratio,omitempty"`
	Target     string   `json:"target,omitempty"`
	Pass       *bool    `json:"pass,omitempty"`
	Note       string   `json:"note,omitempty"`
}

// report is everything one run found.
type report struct {
	Started  time.Time `json:"started"`
	Seconds  float64   `json:"seconds"`
	Quick    bool      `json:"quick"`
	Full     bool      `json:"full"`
	Go       string    `json:"go"`
	CPUs     int       `json:"cpus"`
	Figures  []figure  `json:"figures"`
	Notes    []string  `json:"notes"`
	Failures []string  `json:"failures,omitempty"`
}

func f64(v float64) *float64 { return &v }

// add appends a figure, working out its ratio to the reference.
func (r *report) add(f figure) {
	if f.Value != nil && f.Ref != nil && *f.Ref != 0 && f.Ratio == nil {
		f.Ratio = f64(*f.Value / *f.Ref)
	}
	if f.Value != nil && f.Floor != nil && *f.Floor != 0 && f.FloorRatio == nil {
		f.FloorRatio = f64(*f.Value / *f.Floor)
	}
	r.Figures = append(r.Figures, f)
}

func (r *report) note(format string, args ...any) {
	r.Notes = append(r.Notes, fmt.Sprintf(format, args...))
}

func (r *report) fail(format string, args ...any) {
	r.Failures = append(r.Failures, fmt.Sprintf(format, args...))
}

// Targets, from the issue.

func ratioAtMost(limit float64) func(f *figure) {
	return func(f *figure) {
		f.Target = fmt.Sprintf("≤ %.3g× %s", limit, f.RefName)
		if f.Ratio != nil {
			f.Pass = ptr(*f.Ratio <= limit)
		}
	}
}

// floorAtMost is a target on the ratio to the figure's floor.
func floorAtMost(limit float64) func(f *figure) {
	return func(f *figure) {
		f.Target = fmt.Sprintf("≤ %.3g× %s", limit, f.FloorName)
		if f.FloorRatio != nil {
			f.Pass = ptr(*f.FloorRatio <= limit)
		}
	}
}

// ratioAtLeast is a target on the ratio to the reference, for rates.
func ratioAtLeast(limit float64) func(f *figure) {
	return func(f *figure) {
		f.Target = fmt.Sprintf("≥ %.3g× %s", limit, f.RefName)
		if f.Ratio != nil {
			f.Pass = ptr(*f.Ratio >= limit)
		}
	}
}

func atMost(limit float64, unit string) func(f *figure) {
	return func(f *figure) {
		f.Target = fmt.Sprintf("≤ %s", format(limit, unit))
		if f.Value != nil {
			f.Pass = ptr(*f.Value <= limit)
		}
	}
}

func atLeast(limit float64, unit string) func(f *figure) {
	return func(f *figure) {
		f.Target = fmt.Sprintf("≥ %s", format(limit, unit))
		if f.Value != nil {
			f.Pass = ptr(*f.Value >= limit)
		}
	}
}

// both is two targets at once: it passes when each does.
func both(a, b func(*figure)) func(*figure) {
	return func(f *figure) {
		var x, y figure = *f, *f
		a(&x)
		b(&y)
		f.Target = x.Target + " and " + y.Target
		if x.Pass != nil && y.Pass != nil {
			f.Pass = ptr(*x.Pass && *y.Pass)
		} else if x.Pass != nil && !*x.Pass || y.Pass != nil && !*y.Pass {
			f.Pass = ptr(false)
		}
	}
}

func ptr[T any](v T) *T { return &v }

// check applies a target to the last figure added.
// latency adds the figure of quantile q (0.5 is "p50") of latencies in
// ms, beside the reference's and the floor's, measured alike.
func (r *report) latency(id, name string, q float64, v, ref, floor []float64, refName, floorName string) {
	tag := fmt.Sprintf("p%.0f", q*100)
	r.add(figure{ID: id + "." + tag, Name: name + " " + tag, Unit: "ms",
		Value: f64(percentile(v, q)), Ref: f64(percentile(ref, q)), RefName: refName,
		Floor: f64(percentile(floor, q)), FloorName: floorName})
}

func (r *report) check(target func(*figure)) {
	target(&r.Figures[len(r.Figures)-1])
}

func format(v float64, unit string) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return "—"
	}
	switch unit {
	case "ms":
		if v >= 100 {
			return fmt.Sprintf("%.0f ms", v)
		}
		return fmt.Sprintf("%.1f ms", v)
	case "B":
		return fmt.Sprintf("%.0f B", v)
	case "kB":
		return fmt.Sprintf("%.1f kB", v)
	case "MB":
		return fmt.Sprintf("%.1f MB", v)
	case "%":
		return fmt.Sprintf("%.1f%%", v)
	case "/s":
		return fmt.Sprintf("%.0f/s", v)
	case "":
		if v == math.Trunc(v) {
			return fmt.Sprintf("%.0f", v)
		}
		return fmt.Sprintf("%.1f", v)
	}
	return fmt.Sprintf("%.3g %s", v, unit)
}

// writeTable prints the figures as a table, then the notes.
func (r *report) writeTable(w io.Writer) {
	var buf bytes.Buffer
	tw := tabwriter.NewWriter(&buf, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "figure\twardpanel\tcompared with\tits value\tratio\tfloor\tits value\t× floor\ttarget\tresult")
	for _, f := range r.Figures {
		val, refVal, ratio, res := "—", "", "", ""
		floor, floorRatio := "", ""
		if f.Floor != nil {
			floor = format(*f.Floor, f.Unit)
		}
		if f.FloorRatio != nil {
			floorRatio = fmt.Sprintf("%.2f×", *f.FloorRatio)
		}
		if f.Value != nil {
			val = format(*f.Value, f.Unit)
		}
		if f.Ref != nil {
			refVal = format(*f.Ref, f.Unit)
		}
		if f.Ratio != nil {
			ratio = fmt.Sprintf("%.2f×", *f.Ratio)
		}
		if f.Pass != nil {
			res = map[bool]string{true: "pass", false: "MISS"}[*f.Pass]
		}
		if f.Note != "" {
			res = strings.TrimSpace(res + " (" + f.Note + ")")
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", f.Name, val, f.RefName, refVal, ratio,
			f.FloorName, floor, floorRatio, f.Target, res)
	}
	_ = tw.Flush()
	for _, line := range strings.SplitAfter(buf.String(), "\n") {
		fmt.Fprint(w, strings.TrimRight(line, " \n"), map[bool]string{true: "\n", false: ""}[strings.HasSuffix(line, "\n")])
	}
	var missed []string
	for _, f := range r.Figures {
		if f.Pass != nil && !*f.Pass {
			missed = append(missed, f.Name)
		}
	}
	fmt.Fprintf(w, "\n%d figures, %d with a target, %d missed; %s, Go %s, %d CPUs, %.0f s.\n",
		len(r.Figures), countTargets(r.Figures), len(missed), map[bool]string{true: "--quick", false: "full counts"}[r.Quick],
		r.Go, r.CPUs, r.Seconds)
	if len(r.Notes) > 0 {
		fmt.Fprintln(w, "\nNotes:")
		for _, n := range r.Notes {
			fmt.Fprintf(w, "- %s\n", n)
		}
	}
	if len(r.Failures) > 0 {
		fmt.Fprintln(w, "\nFAILURES:")
		for _, n := range r.Failures {
			fmt.Fprintf(w, "- %s\n", n)
		}
	}
}

func countTargets(fs []figure) int {
	n := 0
	for _, f := range fs {
		if f.Pass != nil {
			n++
		}
	}
	return n
}

func (r *report) writeJSON(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(r)
}

// Statistics.

// percentile is the nearest-rank percentile of xs (p in 0..1).
func percentile(xs []float64, p float64) float64 {
	if len(xs) == 0 {
		return math.NaN()
	}
	s := slices.Clone(xs)
	slices.Sort(s)
	i := int(math.Ceil(p*float64(len(s)))) - 1
	return s[max(0, min(i, len(s)-1))]
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

func durationsMS(ds []time.Duration) []float64 {
	out := make([]float64, len(ds))
	for i, d := range ds {
		out[i] = ms(d)
	}
	return out
}

func median(xs []float64) float64 { return percentile(xs, 0.5) }
