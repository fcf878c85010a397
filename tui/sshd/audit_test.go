package sshd

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"wardpanel/model"
	"wardpanel/store"
)

// runAuditJSON runs `audit ARGS --json` as u and decodes the answer.
func runAuditJSON(t *testing.T, w *cmdWorld, u model.User, args ...string) []auditJSON {
	t.Helper()
	var out, errOut bytes.Buffer
	code := runCommand(&cmdEnv{store: w.st, user: u, fingerprint: "SHA256:test", stdout: &out}, append(append([]string{"audit"}, args...), "--json"), &errOut)
	if code != 0 {
		t.Fatalf("audit %q as %s: exit %d, %s", args, u.Name, code, errOut.String())
	}
	var got []auditJSON
	if err := json.Unmarshal(out.Bytes(), &got); err != nil {
		t.Fatalf("audit %q: %v:\n%s", args, err, out.String())
	}
	return got
}

// Every user, every form of the command: the fuzz's rules hold (plain
// text, one line of error, no marker outside its audience).
func TestAuditCommandKeepsToVisibility(t *testing.T) {
	w := commandWorld(t)
	for _, u := range w.users {
		for _, args := range [][]string{
			{"audit"}, {"audit", "--json"}, {"audit", "--action", "problem."}, {"audit", "--who", "dana", "--json"},
			{"audit", "--since", "1h"}, {"audit", "--limit", "3"}, {"audit", "--action", "DENIED."},
			{"audit", "--since", "yesterday"}, {"audit", "--limit", "0"}, {"audit", "extra"},
			{"audit", "--who", "\x1b]52;c;eA==\x07"},
		} {
			w.check(t, u, args)
		}
	}
	// The markers do come out where they may, so their absence means something.
	for name, marker := range map[string]string{"Dana Police": "NARROWED-POLICE-13", "Carol Chair": "OFFICERS-ONLY-3",
		"Priya Housing": "HOUSING-ONLY-5"} {
		var out bytes.Buffer
		runCommand(&cmdEnv{store: w.st, user: w.user(t, name), stdout: &out}, []string{"audit"}, &bytes.Buffer{})
		if !strings.Contains(out.String(), marker) {
			t.Errorf("%s does not see %s in the audit:\n%s", name, marker, out.String())
		}
	}
}

func TestAuditCommandFilters(t *testing.T) {
	w := commandWorld(t)
	dana, admin := w.user(t, "Dana Police"), w.user(t, "Ada Admin")
	if err := w.st.AuditDenied(model.Actor{User: model.User{Name: "root"}, Fingerprint: "SHA256:intruder"}, "key", "ssh", "unknown key"); err != nil {
		t.Fatal(err)
	}
	all := runAuditJSON(t, w, dana)
	if len(all) == 0 {
		t.Fatal("Dana sees no entries")
	}
	for i := 1; i < len(all); i++ {
		if all[i].At.After(all[i-1].At) {
			t.Fatalf("not newest first: %s after %s", all[i].At, all[i-1].At)
		}
	}
	for _, e := range runAuditJSON(t, w, dana, "--who", "CAROL") {
		if e.Who != "Carol Chair" {
			t.Errorf("--who carol gave %s", e.Who)
		}
	}
	for _, e := range runAuditJSON(t, w, dana, "--action", "action.") {
		if model.AuditAction(e.Action).Family() != model.FamilyAction {
			t.Errorf("--action action. gave %s", e.Action)
		}
	}
	if got := runAuditJSON(t, w, dana, "--since", "1h"); len(got) != len(all) {
		t.Errorf("--since 1h: %d of %d", len(got), len(all))
	}
	if got := runAuditJSON(t, w, dana, "--until", "2000-01-01"); len(got) != 0 {
		t.Errorf("--until 2000: %d entries", len(got))
	}
	if got := runAuditJSON(t, w, dana, "--limit", "2"); len(got) != 2 || got[0] != all[0] {
		t.Errorf("--limit 2: %+v", got)
	}
	if got := runAuditJSON(t, w, dana, "--action", "denied."); len(got) != 0 {
		t.Errorf("an officer sees refusals: %+v", got)
	}
	denied := runAuditJSON(t, w, admin, "--action", "denied.")
	if len(denied) != 1 || denied[0].Key != "SHA256:intruder" || denied[0].Who != "root" || denied[0].Visibility != "admins" {
		t.Errorf("the admin's refusals: %+v", denied)
	}

	var out, errOut bytes.Buffer
	rita := w.user(t, "Rita Resident")
	if code := runCommand(&cmdEnv{store: w.st, user: rita, stdout: &out}, []string{"audit"}, &errOut); code != 1 ||
		!strings.Contains(errOut.String(), "officers and admins") || out.Len() != 0 {
		t.Errorf("a resident: exit %d, %q, %q", code, out.String(), errOut.String())
	}
	errOut.Reset()
	if code := runCommand(&cmdEnv{store: w.st, user: dana, stdout: &out}, []string{"audit", "--since", "soon"}, &errOut); code != 2 ||
		!strings.Contains(errOut.String(), "is not a time") {
		t.Errorf("a bad --since: exit %d, %q", code, errOut.String())
	}
}

// The trail's sequence numbers are not shown: a reader sees only the
// entries of records they may see, and the gaps between the numbers of
// those would count the others.
func TestAuditShowsNoSequenceNumbers(t *testing.T) {
	w := commandWorld(t)
	dana := w.user(t, "Dana Police")
	entries, err := w.st.AuditFind(w.user(t, "Ada Admin"), store.AuditQuery{Limit: store.MaxAuditLimit})
	if err != nil {
		t.Fatal(err)
	}
	var out, errOut bytes.Buffer
	env := &cmdEnv{store: w.st, user: dana, fingerprint: "SHA256:test", stdout: &out}
	if code := runCommand(env, []string{"audit", "--json"}, &errOut); code != 0 {
		t.Fatalf("audit --json: exit %d, %s", code, errOut.String())
	}
	var raw []map[string]any
	if err := json.Unmarshal(out.Bytes(), &raw); err != nil || len(raw) == 0 {
		t.Fatalf("audit --json: %v, %d entries", err, len(raw))
	}
	for _, e := range raw {
		if _, ok := e["seq"]; ok {
			t.Fatalf("an entry as JSON has its sequence number: %v", e)
		}
	}
	out.Reset()
	if code := runCommand(env, []string{"audit"}, &errOut); code != 0 {
		t.Fatalf("audit: exit %d, %s", code, errOut.String())
	}
	// The count, the column names, then one entry a line, each starting
	// with when it was.
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	if len(lines) < 3 || !strings.HasPrefix(lines[1], "WHEN ") {
		t.Fatalf("audit:\n%s", out.String())
	}
	for _, line := range lines[2:] {
		if _, err := time.Parse("2006-01-02 15:04", line[:min(len(line), 16)]); err != nil {
			t.Errorf("an entry does not start with its time: %q", line)
		}
	}
	if len(lines)-2 >= len(entries) {
		t.Fatalf("Dana sees %d entries of %d: the test needs some she may not see", len(lines)-2, len(entries))
	}
}

func TestParseSince(t *testing.T) {
	now := time.Date(2026, 3, 4, 10, 0, 0, 0, time.UTC)
	for in, want := range map[string]time.Time{
		"":                     {},
		"7d":                   now.AddDate(0, 0, -7),
		"2w":                   now.AddDate(0, 0, -14),
		"36h":                  now.Add(-36 * time.Hour),
		"90m":                  now.Add(-90 * time.Minute),
		"2026-03-01":           time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC),
		"2026-03-01T09:30:00Z": time.Date(2026, 3, 1, 9, 30, 0, 0, time.UTC),
	} {
		if got, err := parseSince(in, now); err != nil || !got.Equal(want) {
			t.Errorf("parseSince(%q) = %s, %v; want %s", in, got, err, want)
		}
	}
	for _, bad := range []string{"soon", "-3d", "d", "7x", "2026-13-01"} {
		if _, err := parseSince(bad, now); err == nil {
			t.Errorf("parseSince(%q) took it", bad)
		}
	}
}

// Over SSH, as a partner would run it.
func TestAuditCommandOverSSH(t *testing.T) {
	f := startServer(t, false)
	out, errOut, code := sshRun(t, f.addr, f.police, "audit --action problem.create")
	if code != 0 || !strings.Contains(out, "Cuckooing on Heron Walk") || !strings.Contains(out, "Fly-tipping on Mill Lane") {
		t.Fatalf("police: exit %d, %s\n%s", code, errOut, out)
	}
	out, errOut, code = sshRun(t, f.addr, f.housing, "audit --action problem.create")
	if code != 0 || strings.Contains(out, "Cuckooing") || !strings.Contains(out, "Fly-tipping on Mill Lane") {
		t.Fatalf("housing: exit %d, %s\n%s", code, errOut, out)
	}
}

// The text table names each record as the screens do (P4, A2); the JSON
// keeps the target as the file stores it, so scripts read old and new
// entries alike (issue 17).
func TestAuditNamesRecordsByReference(t *testing.T) {
	w := commandWorld(t)
	dana := w.user(t, "Dana Police")
	var out, errOut bytes.Buffer
	if code := runCommand(&cmdEnv{store: w.st, user: dana, fingerprint: "SHA256:test", stdout: &out},
		[]string{"audit", "--action", "problem.create"}, &errOut); code != 0 {
		t.Fatalf("exit %d: %s", code, errOut.String())
	}
	got := runAuditJSON(t, w, dana, "--action", "problem.create")
	if len(got) == 0 {
		t.Fatal("no problem.create entries")
	}
	for _, e := range got {
		id, ok := strings.CutPrefix(e.Target, "problem/")
		if !ok {
			t.Fatalf("JSON target %q, want problem/N as stored", e.Target)
		}
		if !strings.Contains(out.String(), " P"+id+" ") {
			t.Errorf("the table does not name P%s:\n%s", id, out.String())
		}
	}
	if strings.Contains(out.String(), "problem/") {
		t.Errorf("the table shows a stored target:\n%s", out.String())
	}
}
