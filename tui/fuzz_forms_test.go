package tui

import (
	"fmt"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"wardpanel/model"
	"wardpanel/tui/form"
)

// The form fuzz types and pastes arbitrary text into each form, between
// moves, saves, resizes and someone else's edits. The form must not panic,
// must hold only text that is safe to draw, must keep what was typed
// exactly (less what cleaning removes), and must lose none of it to a
// refused save, a store change or a resize.
//
//	go test ./tui -run '^$' -fuzz '^FuzzForms$' -fuzztime 5m

// formOpeners are the ways into each form, as a user reaches it.
var formOpeners = []struct {
	name   string
	user   model.User
	keys   []string
	screen screen
}{
	{"new problem", officer, []string{"n"}, screenForm},
	{"edit problem", officer, []string{"/", "Elm", "enter", "enter", "e"}, screenForm},
	{"member's proposal", member, []string{"n"}, screenForm},
	{"new action", officer, []string{"/", "Elm", "enter", "enter", "a"}, screenActionForm},
	{"edit action", officer, []string{"t", "a", "enter", "e"}, screenActionForm},
	{"outcome", council, []string{"t", "a", "o"}, screenOutcome},
	{"evidence", officer, []string{"/", "Elm", "enter", "enter", "v"}, screenEvidence},
	{"member's evidence", member, []string{"/", "Fly", "enter", "enter", "v"}, screenEvidence},
}

// Form ops: each fuzz byte is one of these (add to the end: the committed
// corpus indexes this list). Text comes from the fuzz string, split on NUL
// into the pieces typed or pasted in turn.
var formOps = []string{
	fType, fPaste, fChanged, fResize,
	"tab", "shift+tab", "enter", "backspace", "delete", "left", "right", "up", "down", "home", "end",
	"ctrl+u", "ctrl+k", "ctrl+a", "ctrl+e", "ctrl+w", "ctrl+s", "ctrl+r", "ctrl+o",
}

const (
	fType    = "<type>"    // the next piece, a key press per rune
	fPaste   = "<paste>"   // the next piece as one bracketed paste
	fChanged = "<changed>" // someone else saves the record; the feed says so
	fResize  = "<resize>"  // the next two bytes are the new size
)

// keepsText are the ops after which every field must hold what it held.
var keepsText = map[string]bool{
	fChanged: true, fResize: true, "tab": true, "shift+tab": true, "up": true, "down": true, "ctrl+s": true,
}

func formSeed(ops ...string) []byte {
	var out []byte
	for _, op := range ops {
		if s, ok := strings.CutPrefix(op, "size:"); ok {
			var w, h int
			fmt.Sscanf(s, "%dx%d", &w, &h)
			out = append(out, byte(indexOf(formOps, fResize)), byte(w-20), byte(h-5))
			continue
		}
		i := indexOf(formOps, op)
		if i < 0 {
			panic("formSeed: no op " + op)
		}
		out = append(out, byte(i))
	}
	return out
}

func FuzzForms(f *testing.F) {
	hostile := strings.Join([]string{
		"Graffiti on the underpass", "Station Road\nunderpass", "Tags " + osc52 + "reappear\r\nwithin days" + clear,
		"漢字 🚲 e\u0301 \u202eevil\u202c zero\u200bwidth", osc8 + c1CSI + "\x07bell\ttab", "+2w", "-3", "yesterday",
		strings.Repeat("long ", 60),
	}, "\x00")
	save := formSeed(fType, "tab", fType, "tab", fType, "ctrl+s")
	for form := range formOpeners {
		f.Add(uint8(form), save, "Noise from the late bar\x00Mill Road\x00Every Friday")
		f.Add(uint8(form), formSeed(fPaste, "tab", fPaste, "tab", fPaste, fChanged, "ctrl+s", "ctrl+r", "ctrl+o", "ctrl+s"), hostile)
		f.Add(uint8(form), formSeed("ctrl+u", fType, "left", "left", fType, "size:20x5", "home", fPaste, "size:120x40", "ctrl+s"), hostile)
		f.Add(uint8(form), formSeed("tab", "tab", "tab", "right", "right", "tab", fType, fChanged, "up", "down", "ctrl+s", fType, "ctrl+s"), hostile)
		f.Add(uint8(form), formSeed("end", "ctrl+w", fType, "enter", fType, "shift+tab", "backspace", "delete", fPaste, "ctrl+k", "ctrl+s"),
			"ab\x00\x00x\x1b[31m")
	}
	f.Fuzz(func(t *testing.T, form uint8, ops []byte, text string) {
		if len(ops) > 100 || len(text) > 4096 {
			return // long inputs add time, not new states
		}
		runFormFuzz(t, int(form)%len(formOpeners), ops, strings.Split(text, "\x00"))
	})
}

func runFormFuzz(t *testing.T, form int, ops []byte, pieces []string) {
	open := formOpeners[form]
	st := newFakeStore()
	d := &appDriver{t: t, app: New(userOpts(st, open.user)).(*app), w: 80, h: 24}
	d.send(tea.WindowSizeMsg{Width: d.w, Height: d.h})
	d.run(d.app.Init())
	for _, k := range open.keys {
		if nk, ok := namedKey(k); ok {
			d.send(nk)
			continue
		}
		for _, r := range k {
			d.send(tea.KeyPressMsg{Code: r, Text: string(r)})
		}
	}
	if d.app.active != open.screen {
		t.Fatalf("%s: opened screen %v, want %v", open.name, d.app.active, open.screen)
	}

	typed := 0 // keys typed so far, of at most 400: each costs a frame
	next := func() string {
		if len(pieces) == 0 {
			return ""
		}
		p := pieces[0]
		pieces = pieces[1:]
		return p
	}
	for i := 0; i < len(ops); i++ {
		op := formOps[int(ops[i])%len(formOps)]
		before, _, _ := formFields(d.app)
		switch op {
		case fType:
			piece := []rune(next())
			piece = piece[:min(len(piece), 64, max(0, 400-typed))]
			typed += len(piece)
			typeInto(d, string(piece))
		case fPaste:
			d.send(tea.PasteMsg{Content: next()})
		case fChanged:
			someoneElseSaves(st, d.app)
			d.send(StoreChangedMsg{})
		case fResize:
			var bw, bh byte
			if i+2 < len(ops) {
				bw, bh = ops[i+1], ops[i+2]
			}
			i += 2
			d.w, d.h = fuzzSize(bw, bh)
			d.send(tea.WindowSizeMsg{Width: d.w, Height: d.h})
		default:
			d.send(fuzzKey(op))
		}
		after, _, open := formFields(d.app)
		if !open {
			return // saved, and the form has closed
		}
		checkFieldsSafe(t, after, op)
		if keepsText[op] && fmt.Sprint(before) != fmt.Sprint(after) {
			t.Fatalf("%s lost typed text:\nbefore %q\nafter  %q", op, before, after)
		}
	}
}

// typeInto presses a key per rune of s, as a terminal decodes typing.
// Control characters are left out: a terminal sends them as ctrl+ keys,
// which the ops cover. If the focus is on a text field, what lands there
// must be exactly what was typed, less what cleaning drops.
func typeInto(d *appDriver, s string) {
	d.t.Helper()
	before, focus, _ := formFields(d.app)
	var want strings.Builder
	plain := true
	d.batch = true
	defer func() {
		d.batch = false
		d.check(typedRun{s})
	}()
	for _, r := range s {
		if r < 0x20 || r == 0x7f {
			continue
		}
		if !unicode.IsPrint(r) || r == utf8.RuneError {
			plain = false
		}
		d.send(tea.KeyPressMsg{Code: r, Text: string(r)})
		if _, _, open := formFields(d.app); !open {
			return
		}
		want.WriteString(strings.TrimSuffix(model.CleanText(string(r)+"x", 0), "x"))
	}
	after, _, _ := formFields(d.app)
	f := before[focus]
	if !plain || f.kind == form.ChoiceField || f.kind == form.PersonField || want.Len() == 0 {
		return
	}
	if f.limit > 0 && utf8.RuneCountInString(f.value)+utf8.RuneCountInString(want.String()) > f.limit {
		return // the field stops the typing at its limit
	}
	if !strings.Contains(after[focus].value, want.String()) {
		d.t.Fatalf("typed %q into %q: it holds %q", s, before[focus].value, after[focus].value)
	}
}

// typedRun names a run of key presses in a failure message.
type typedRun struct{ text string }

type fuzzField struct {
	kind  form.FieldKind
	value string
	limit int // in runes; 0: none
}

func (f fuzzField) String() string { return f.value }

// formFields reads the open form's fields and which has the focus; false
// if no form is open.
func formFields(a *app) ([]fuzzField, int, bool) {
	var s *form.Sheet
	switch a.active {
	case screenForm:
		s = a.form().Sheet
	case screenActionForm:
		s = a.actionForm().Sheet
	case screenOutcome:
		s = a.outcome().Sheet
	case screenEvidence:
		s = a.evidence().Sheet
	default:
		return nil, 0, false
	}
	out := make([]fuzzField, len(s.Fields))
	for i, f := range s.Fields {
		out[i] = fuzzField{kind: f.Kind, value: f.Value()}
		switch f.Kind {
		case form.LineField:
			out[i].limit = f.Line.CharLimit
		case form.TextField:
			out[i].limit = f.Text.CharLimit
		}
	}
	return out, s.Focus, true
}

// checkFieldsSafe: whatever was typed or pasted, a field holds only text
// that is safe to draw and to store.
func checkFieldsSafe(t *testing.T, fields []fuzzField, op string) {
	t.Helper()
	for i, f := range fields {
		if !utf8.ValidString(f.value) {
			t.Fatalf("after %s field %d holds invalid UTF-8: %q", op, i, f.value)
		}
		for _, r := range f.value {
			if r == '\n' && f.kind == form.TextField {
				continue
			}
			if r < 0x20 || r == 0x7f || r >= 0x80 && r <= 0x9f || r >= 0x202a && r <= 0x202e || r >= 0x2066 && r <= 0x2069 ||
				r == 0x200e || r == 0x200f || r >= 0x200b && r <= 0x200d || r == 0xfeff {
				t.Fatalf("after %s field %d holds %U: %q", op, i, r, f.value)
			}
		}
	}
}

// someoneElseSaves bumps the version of what the open form works on, as
// another partner's save would.
func someoneElseSaves(st *fakeStore, a *app) {
	bump := func(id model.ID) {
		if p := st.get(id); p.ID != 0 {
			p.Version++
			p.UpdatedBy, p.Location = "Carol Hughes", "moved by Carol"
			st.put(p)
		}
	}
	bumpAction := func(id model.ID) {
		if x := st.getAction(id); x.ID != 0 {
			x.Version++
			x.UpdatedBy, x.Assignee = "Carol Hughes", "Carol Hughes"
			st.putAction(x)
		}
	}
	switch a.active {
	case screenForm:
		bump(a.form().Base().ID)
	case screenActionForm:
		bumpAction(a.actionForm().base.ID)
		if a.actionForm().problem != nil {
			bump(a.actionForm().problem.ID)
		}
	case screenOutcome:
		bumpAction(a.outcome().action.ID)
	case screenEvidence:
		bump(a.evidence().problem.ID)
	}
}

// TestFormFuzzSeesWhatIsTyped checks the fuzz's own reading of the forms:
// text typed into each form's first field is found there.
func TestFormFuzzSeesWhatIsTyped(t *testing.T) {
	for i, open := range formOpeners {
		runFormFuzz(t, i, formSeed("ctrl+u", fType), []string{"Hello there"})
		st := newFakeStore()
		hs := newHarness(t, userOpts(st, open.user), 80, 24)
		hs.keys(open.keys...)
		for i := 0; i < 10; i++ {
			if fields, focus, _ := formFields(hs.app); fields[focus].kind != form.ChoiceField {
				break
			}
			hs.keys("tab")
		}
		hs.keys("ctrl+u", "Hello there")
		fields, focus, ok := formFields(hs.app)
		if !ok || fields[focus].kind == form.ChoiceField || !strings.Contains(fields[focus].value, "Hello there") {
			t.Errorf("%s: fields %q (focus %d)", open.name, fields, focus)
		}
		checkFits(t, hs.view(), 80, 24, open.name)
		if !strings.Contains(ansi.Strip(hs.view()), "Hello there") {
			t.Errorf("%s: typed text not on screen:\n%s", open.name, ansi.Strip(hs.view()))
		}
	}
}
