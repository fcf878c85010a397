package pictures

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"wardpanel/model"
	"wardpanel/tui/ui"
)

// View is one rich-picture session, in two modes (tab switches):
//
//   - capture: the lines captured so far, live as anyone adds them, above
//     one input line: type, Enter, and the line is saved. Up and down
//     select a line; esc leaves the input, and then e edits the selected
//     line, d d deletes it, p puts a concern on the board, a records a
//     strength as a community asset, o opens the problem a line became.
//   - picture: the session summed up: concerns, strengths, quotes and
//     ideas; actors and places; relationships drawn as a text diagram,
//     conflict marked; theme counts.
type View struct {
	ses   ui.Session
	st    Store
	k     keys
	links Links

	s        model.PictureSession
	lines    []model.Element
	problems map[model.ID]model.Problem
	has      bool

	summary bool
	scroll  int // summary: first line shown

	input  textinput.Model
	typing bool
	// sel is the selected line's ID; 0 follows the newest line.
	sel model.ID
	// editing is the line the input rewrites (0: the input adds a line),
	// from version; draft is what was typed before editing began.
	editing  model.ID
	version  uint64
	draft    string
	conflict bool
	// confirm: the two-key pattern for deleting a line or promoting it.
	confirm ui.Twice
	// opening: the session was just opened; once it loads, a user who
	// captures starts typing.
	opening bool

	load    ui.Loader
	saveSeq int
	saving  bool

	width, height int
}

// NewView makes the session screen, once per session.
func NewView(s ui.Session, st Store, links Links) *View {
	in := textinput.New()
	in.Prompt = "› "
	in.Placeholder = "c: concern  s: strength  q: quote  r: A -> B  #theme — enter saves"
	in.CharLimit = model.MaxCaptureLen + 200
	in.KeyMap.Paste.Unbind()
	v := &View{ses: s, st: st, k: keys{s.Keys(), NewKeyMap()}, links: links, input: in, problems: map[model.ID]model.Problem{}}
	v.Restyle()
	return v
}

// Restyle follows the terminal's background.
func (v *View) Restyle()      { v.input.SetStyles(v.ses.Styles().TextInput) }
func (v *View) Init() tea.Cmd { return nil }

func (v *View) Title() string { return "Rich picture" }

// Capturing: typing a line, q and ? are letters.
func (v *View) Capturing() bool { return v.typing && !v.summary }

func (v *View) SetSize(w, h int) {
	v.width, v.height = w, h
	v.input.SetWidth(max(1, w-ui.TextWidth(v.input.Prompt)-1))
}

// show opens session id in capture mode, typing if the user captures.
func (v *View) show(id model.ID) tea.Cmd {
	if !v.has || v.s.ID != id {
		v.has, v.s, v.lines, v.sel, v.scroll = false, model.PictureSession{ID: id}, nil, 0, 0
		v.input.SetValue("")
		v.editing, v.draft, v.conflict = 0, "", false
	}
	v.summary, v.confirm = false, ui.Twice{}
	v.load.Forget()
	v.typing, v.opening = false, true
	v.input.Blur()
	return v.reload()
}

func (v *View) reload() tea.Cmd {
	if v.s.ID == 0 {
		return nil
	}
	seq, ok := v.load.Start(v.ses.NextSeq)
	if !ok {
		return nil
	}
	return loadPictureCmd(v.st, v.ses.User(), v.s.ID, seq)
}

func (v *View) canCapture() bool { return v.has && model.CheckCapture(v.ses.User(), v.s) == nil }

func (v *View) selected() (model.Element, bool) {
	i := slices.IndexFunc(v.lines, func(e model.Element) bool { return e.ID == v.sel })
	if i < 0 {
		return model.Element{}, false
	}
	return v.lines[i], true
}

func (v *View) canChange(e model.Element) bool  { return v.has && v.changeErr(e) == nil }
func (v *View) canPromote(e model.Element) bool { return v.has && v.promoteErr(e) == nil }
func (v *View) canAsset(e model.Element) bool   { return v.has && v.assetErr(e) == nil }

// The model's reasons a line may not be changed, promoted or recorded.
func (v *View) changeErr(e model.Element) error {
	return model.CheckChangeElement(v.ses.User(), v.s, e)
}

func (v *View) promoteErr(e model.Element) error {
	return model.CheckPromote(v.ses.User(), v.s, e, e.PromoteDraft(v.s))
}

func (v *View) assetErr(e model.Element) error {
	return model.CheckRecordAsset(v.ses.User(), v.s, e)
}

// lineKeys are the keys for the selected line, for this user.
func (v *View) lineKeys() []key.Binding {
	pk := v.k.Pictures
	e, ok := v.selected()
	if !ok {
		return nil
	}
	var out []key.Binding
	if v.canChange(e) {
		out = append(out, pk.EditLine, pk.Delete)
	}
	if v.canPromote(e) {
		out = append(out, pk.Promote)
	}
	if v.canAsset(e) {
		out = append(out, pk.Asset)
	}
	if len(e.Problems) > 0 {
		out = append(out, pk.Problem)
	}
	return out
}

func (v *View) ShortHelp() []key.Binding {
	k, pk := v.k, v.k.Pictures
	switch {
	case v.summary:
		return []key.Binding{k.Help, pk.Switch, k.Back, k.Down, k.Up, k.Quit}
	case v.typing:
		return []key.Binding{pk.Save, pk.Stop, pk.Select, pk.Switch}
	}
	out := []key.Binding{k.Help, k.Back}
	if v.canCapture() {
		out = append(out, pk.Type)
	}
	out = append(out, v.lineKeys()...)
	return append(out, pk.Switch, k.Down, k.Up, k.Quit)
}

func (v *View) FullHelp() [][]key.Binding {
	k, pk := v.k, v.k.Pictures
	if v.summary {
		return [][]key.Binding{{k.Up, k.Down, k.PageUp, k.PageDown}, {pk.Switch, k.Back, k.Help, k.Quit}}
	}
	if v.typing {
		return [][]key.Binding{{pk.Save, pk.Stop, pk.Select, pk.Switch}, {k.ForceQuit}}
	}
	act := []key.Binding{pk.Switch, k.Back}
	if v.canCapture() {
		act = append([]key.Binding{pk.Type}, act...)
	}
	if model.CanRunPictures(v.ses.User()) {
		act = append(act, pk.Details)
	}
	return [][]key.Binding{{k.Up, k.Down, k.PageUp, k.PageDown, k.Home, k.End}, v.lineKeys(), append(act, k.Help, k.Quit)}
}

func (v *View) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case Show:
		return tea.Batch(v.show(msg.ID), ui.Cmd(ui.Open{ID: ViewID}))
	case ui.StoreChanged:
		return v.reload()
	case pictureLoadedMsg:
		return v.loaded(msg)
	case pictureSavedMsg:
		return v.saved(msg)
	case tea.PasteMsg:
		if v.Capturing() {
			var cmd tea.Cmd
			v.input, cmd = v.input.Update(ui.CleanInput(msg))
			return cmd
		}
	case tea.KeyPressMsg:
		switch {
		case v.summary:
			return v.summaryKey(msg)
		case v.typing:
			return v.typingKey(msg)
		}
		return v.key(msg)
	}
	return nil
}

func (v *View) loaded(msg pictureLoadedMsg) tea.Cmd {
	gone := errors.Is(msg.err, model.ErrNotFound)
	op := "reloading the session"
	if gone {
		op = "opening the session"
	}
	landed, ours := v.load.Landed(msg.seq, op, msg.err, v.reload)
	if !ours {
		return nil
	}
	cmds := []tea.Cmd{landed}
	switch {
	case gone:
		v.has, v.typing = false, false
		cmds = append(cmds, ui.Cmd(ui.Back{}))
	case msg.err == nil:
		v.s, v.lines, v.problems, v.has = msg.s, msg.lines, msg.problems, true
		if v.opening && v.canCapture() {
			v.typing = true
			cmds = append(cmds, v.input.Focus())
		}
		v.opening = false
		if !v.canCapture() {
			v.typing = false
			v.input.Blur()
		}
		if _, ok := v.selected(); !ok {
			v.sel = 0
		}
		if v.editing != 0 {
			i := slices.IndexFunc(v.lines, func(e model.Element) bool { return e.ID == v.editing })
			switch {
			case i < 0:
				v.editing, v.conflict = 0, false
				cmds = append(cmds, ui.Cmd(ui.Status{Text: "The line you were editing was deleted; enter adds your text as a new line.", Err: true}))
			case v.conflict:
				// Saving again writes over what they saved: nothing of
				// theirs or ours is lost without the user choosing it.
				v.version = v.lines[i].Version
			}
		}
	}
	return tea.Batch(cmds...)
}

func (v *View) saved(msg pictureSavedMsg) tea.Cmd {
	if msg.seq != v.saveSeq {
		return nil
	}
	v.saving = false
	var ce *model.ConflictError
	switch {
	case errors.As(msg.err, &ce):
		v.conflict = true
		text := fmt.Sprintf("%s changed this line at %s since you began; your text is still here", ui.SafeName(ce.By), ce.At.Format("15:04"))
		if v.height < 7 {
			// No hint under the input says what the keys do.
			text += ": enter saves it over theirs, esc drops it"
		}
		return tea.Batch(v.reload(), ui.Cmd(ui.Status{Err: true, Text: text + "."}))
	case msg.err != nil:
		return ui.Cmd(ui.Err{Op: "saving", Err: msg.err})
	}
	if msg.line != "" && v.input.Value() == msg.line {
		v.input.SetValue("")
		if v.editing != 0 {
			v.input.SetValue(v.draft)
			v.editing, v.draft, v.conflict = 0, "", false
		}
	}
	cmds := []tea.Cmd{v.reload(), ui.Cmd(ui.Status{Text: msg.text})}
	if msg.problem.ID != 0 {
		// The board and every open screen learn of the new problem now,
		// whether or not the change feed runs here.
		cmds = append(cmds, ui.Cmd(ui.StoreChanged{}))
	}
	return tea.Batch(cmds...)
}

// write runs one store call for this screen; only one at a time.
func (v *View) write(line string, call func(Store, model.Actor) (string, model.Problem, error)) tea.Cmd {
	if v.saving {
		return nil
	}
	v.saving = true
	v.saveSeq = v.ses.NextSeq()
	st, by, seq := v.st, v.ses.Actor(), v.saveSeq
	return func() tea.Msg {
		text, p, err := call(st, by)
		return pictureSavedMsg{seq: seq, text: text, line: line, problem: p, err: err}
	}
}

func (v *View) typingKey(msg tea.KeyPressMsg) tea.Cmd {
	k, pk := v.k, v.k.Pictures
	switch {
	case key.Matches(msg, pk.Save):
		return v.submit()
	case key.Matches(msg, pk.Stop):
		if v.editing != 0 {
			v.input.SetValue(v.draft)
			v.editing, v.draft, v.conflict = 0, "", false
			return ui.Cmd(ui.Status{Text: "Edit dropped; the line is as it was."})
		}
		v.typing = false
		v.input.Blur()
		return nil
	case key.Matches(msg, pk.Switch):
		v.summary, v.scroll = true, 0
		return nil
	case msg.Text == "" && key.Matches(msg, k.Up):
		v.step(-1)
		return nil
	case msg.Text == "" && key.Matches(msg, k.Down):
		v.step(1)
		return nil
	case key.Matches(msg, k.PageUp):
		v.step(-max(1, v.listRows()-1))
		return nil
	case key.Matches(msg, k.PageDown):
		v.step(max(1, v.listRows()-1))
		return nil
	}
	var cmd tea.Cmd
	v.input, cmd = v.input.Update(ui.CleanInput(msg))
	return cmd
}

// submit saves the input: a new line, or the line being edited. A line
// that does not read is refused here, with the parser's words, and stays
// in the input.
func (v *View) submit() tea.Cmd {
	line := v.input.Value()
	if strings.TrimSpace(line) == "" || v.saving {
		return nil
	}
	if _, err := model.ParseCaptureLine(line); err != nil {
		return ui.Cmd(ui.Err{Op: "that line", Err: err})
	}
	id := v.s.ID
	if v.editing != 0 {
		eid, ver := v.editing, v.version
		return v.write(line, func(st Store, by model.Actor) (string, model.Problem, error) {
			e, err := st.EditElement(by, id, eid, line, ver)
			return fmt.Sprintf("Line %d saved (%s).", e.ID, e.Kind), model.Problem{}, err
		})
	}
	v.sel = 0 // follow the newest line, which this will be
	return v.write(line, func(st Store, by model.Actor) (string, model.Problem, error) {
		e, err := st.AddElement(by, id, line)
		return fmt.Sprintf("Saved %s %d.", e.Kind, e.ID), model.Problem{}, err
	})
}

func (v *View) summaryKey(msg tea.KeyPressMsg) tea.Cmd {
	k, pk := v.k, v.k.Pictures
	switch {
	case key.Matches(msg, pk.Switch):
		v.summary = false
		if v.typing {
			return v.input.Focus()
		}
	case key.Matches(msg, k.Back):
		return ui.Cmd(ui.Back{})
	case key.Matches(msg, k.Up):
		v.scroll = max(0, v.scroll-1)
	case key.Matches(msg, k.Down):
		v.scroll++
	case key.Matches(msg, k.PageUp):
		v.scroll = max(0, v.scroll-max(1, v.height-2))
	case key.Matches(msg, k.PageDown):
		v.scroll += max(1, v.height-2)
	case key.Matches(msg, k.Home):
		v.scroll = 0
	case key.Matches(msg, k.End):
		v.scroll = 1 << 20
	}
	return nil
}

func (v *View) key(msg tea.KeyPressMsg) tea.Cmd {
	k, pk := v.k, v.k.Pictures
	armed := v.confirm.Take()
	if !v.has {
		if key.Matches(msg, k.Back) {
			return ui.Cmd(ui.Back{})
		}
		return nil
	}
	e, sel := v.selected()
	id := v.s.ID
	switch {
	case key.Matches(msg, k.Back):
		return ui.Cmd(ui.Back{})
	case key.Matches(msg, pk.Switch):
		v.summary, v.scroll = true, 0
	case key.Matches(msg, k.Up):
		v.step(-1)
	case key.Matches(msg, k.Down):
		v.step(1)
	case key.Matches(msg, k.PageUp):
		v.step(-max(1, v.listRows()-1))
	case key.Matches(msg, k.PageDown):
		v.step(max(1, v.listRows()-1))
	case key.Matches(msg, k.Home):
		if len(v.lines) > 0 {
			v.sel = v.lines[0].ID
		}
	case key.Matches(msg, k.End):
		v.sel = 0
	case key.Matches(msg, pk.Type) && v.canCapture():
		v.typing = true
		return v.input.Focus()
	case key.Matches(msg, pk.Details) && model.CanRunPictures(v.ses.User()):
		return ui.Cmd(v.links.OpenForm(NewForm(v.ses, v.st, &v.s, v.links)))
	case !sel:
	case key.Matches(msg, pk.EditLine, pk.Delete) && !v.canChange(e):
		return ui.Refused(v.changeErr(e))
	case key.Matches(msg, pk.Promote) && !v.canPromote(e):
		return ui.Refused(v.promoteErr(e))
	case key.Matches(msg, pk.Asset) && !v.canAsset(e):
		return ui.Refused(v.assetErr(e))
	case key.Matches(msg, pk.EditLine) && v.canChange(e):
		if v.editing == 0 {
			v.draft = v.input.Value()
		}
		v.editing, v.version, v.conflict = e.ID, e.Version, false
		v.input.SetValue(e.Format())
		v.input.CursorEnd()
		v.typing = true
		if v.height >= 7 {
			// The hint under the input says so already: once is enough.
			return v.input.Focus()
		}
		return tea.Batch(v.input.Focus(), ui.Cmd(ui.Status{Text: fmt.Sprintf("Editing line %d: enter saves, esc drops the edit.", e.ID)}))
	case key.Matches(msg, pk.Delete) && v.canChange(e):
		if step := fmt.Sprint("delete ", e.ID); armed != step {
			return v.confirm.Ask(step, fmt.Sprintf("Press d again to delete line %d.", e.ID))
		}
		return v.write("", func(st Store, by model.Actor) (string, model.Problem, error) {
			return fmt.Sprintf("Deleted line %d.", e.ID), model.Problem{}, st.DeleteElement(by, id, e.ID)
		})
	case key.Matches(msg, pk.Promote) && v.canPromote(e):
		if step := fmt.Sprint("promote ", e.ID); armed != step {
			return v.confirm.Ask(step, fmt.Sprintf("Press p again to make line %d a problem on the board.", e.ID))
		}
		return v.write("", func(st Store, by model.Actor) (string, model.Problem, error) {
			p, err := st.PromoteConcern(by, id, e.ID)
			return fmt.Sprintf("The concern is problem %s on the board: o opens it.", model.ProblemRef(p.ID)), p, err
		})
	case key.Matches(msg, pk.Asset) && v.canAsset(e):
		return v.write("", func(st Store, by model.Actor) (string, model.Problem, error) {
			a, err := st.RecordAsset(by, id, e.ID)
			if err == nil && (a.ElementID != e.ID || a.SessionID != id) {
				return fmt.Sprintf("Already in the register as community asset %d, recorded %s from %s: this line now points to it.",
					a.ID, a.CreatedAt.Format("2 Jan 2006"), ui.SafeLine(a.Session, model.MaxTitleLen)), model.Problem{}, err
			}
			return fmt.Sprintf("Recorded as community asset %d: partners find it under rich pictures, a.", a.ID), model.Problem{}, err
		})
	case key.Matches(msg, pk.Problem) && len(e.Problems) > 0:
		if p, ok := v.problems[e.Problems[0]]; ok {
			return ui.Cmd(v.links.OpenProblem(p))
		}
		return ui.Cmd(ui.Status{Text: fmt.Sprintf("Problem %s is not on your board.", model.ProblemRef(e.Problems[0])), Err: true})
	}
	return nil
}

// step moves the selection d lines; past the newest line it follows the end.
func (v *View) step(d int) {
	if len(v.lines) == 0 {
		return
	}
	i := slices.IndexFunc(v.lines, func(e model.Element) bool { return e.ID == v.sel })
	if i < 0 {
		i = len(v.lines)
	}
	i += d
	switch {
	case i >= len(v.lines):
		v.sel = 0
	default:
		v.sel = v.lines[max(0, i)].ID
	}
}

// --- capture mode ---

func (v *View) View() string {
	st := v.ses.Styles()
	if !v.has {
		return ui.Block([]string{st.Muted.Render("Loading the session…")}, v.width, v.height)
	}
	if v.summary {
		all := v.summaryLines(v.width)
		room := max(0, v.height)
		v.scroll = ui.Clamp(v.scroll, 0, max(0, len(all)-room))
		return ui.Block(all[v.scroll:min(len(all), v.scroll+room)], v.width, v.height)
	}
	head := v.headLines()
	foot := v.footLines()
	rows := max(0, v.height-len(head)-len(foot))
	out := append(head, v.lineRows(rows)...)
	for len(out) < v.height-len(foot) {
		out = append(out, "")
	}
	return ui.Block(append(out, foot...), v.width, v.height)
}

// headLines are the session's title line and, if there is room, who came.
func (v *View) headLines() []string {
	st := v.ses.Styles()
	s := v.s
	title := ui.SafeLine(s.Title, model.MaxTitleLen)
	if tag := ui.VisibilityTag(s.Visibility); tag != "" {
		title = tag + " " + title
	}
	mode := "Capture · "
	if v.summary {
		mode = "Picture · "
	}
	line := st.Title.Render(mode + title)
	for _, tail := range []string{" · " + s.Date.Format("2 Jan 2006") + placeTail(s), " · " + s.Date.Format("2 Jan 2006"), ""} {
		if ui.TextWidth(mode+title+tail) <= v.width {
			line += st.Muted.Render(tail)
			break
		}
	}
	out := []string{ui.Trunc(line, v.width)}
	if v.height >= 10 {
		out = append(out, st.Muted.Render(ui.Trunc(v.whoCame(), v.width)))
	}
	return out
}

func placeTail(s model.PictureSession) string {
	if s.Place == "" {
		return ""
	}
	return " · " + ui.SafeName(s.Place)
}

// whoCame is the participant groups, the facilitators and the line count.
func (v *View) whoCame() string {
	s := v.s
	var parts []string
	if len(s.Groups) > 0 {
		gs := make([]string, len(s.Groups))
		for i, g := range s.Groups {
			gs[i] = fmt.Sprintf("%s %d", ui.SafeLine(g.Name, model.MaxNameLen), g.Count)
		}
		parts = append(parts, strings.Join(gs, ", "))
	}
	parts = append(parts, model.Counted(len(v.lines), "line", "lines"))
	if len(s.Facilitators) > 0 {
		names := make([]string, len(s.Facilitators))
		for i, f := range s.Facilitators {
			names[i] = ui.SafeName(f)
		}
		parts = append(parts, "facilitated by "+strings.Join(names, ", "))
	}
	return strings.Join(parts, " · ")
}

// footLines are the input and the prefixes' reminder, or for a reader a
// note that they read.
func (v *View) footLines() []string {
	st := v.ses.Styles()
	if !v.canCapture() {
		return []string{st.Muted.Render(ui.Trunc("You can read this session; officers and members capture lines.", v.width))}
	}
	var hint string
	switch {
	case v.editing != 0 && v.conflict:
		hint = fmt.Sprintf("Editing line %d — enter saves yours over theirs, esc drops it", v.editing)
	case v.editing != 0:
		hint = fmt.Sprintf("Editing line %d — enter saves, esc drops the edit", v.editing)
	case v.saving:
		hint = "Saving…"
	case v.typing && v.input.Value() == "":
		// The empty input's placeholder names the prefixes: once is enough.
	case v.typing:
		hint = "c: concern s: strength a: actor p: place q: quote i: idea r: A -> B, A x B (conflict), A + B · #theme"
	default:
		hint = "enter or i to type a line"
	}
	out := []string{v.input.View()}
	if v.height >= 7 {
		out = append(out, st.Muted.Render(ui.Trunc(hint, v.width)))
	}
	return out
}

// listRows is how many captured lines the capture view shows.
func (v *View) listRows() int {
	return max(1, v.height-len(v.headLines())-len(v.footLines()))
}

// lineRows draws the window of captured lines: the selected one in view,
// or the newest when following.
func (v *View) lineRows(rows int) []string {
	st := v.ses.Styles()
	if rows <= 0 {
		return nil
	}
	if len(v.lines) == 0 {
		msg := "Nothing captured yet."
		if v.canCapture() {
			msg += " Type a line below and press enter."
		}
		return []string{st.Muted.Render(ui.Trunc(msg, v.width))}
	}
	end := len(v.lines)
	if i := slices.IndexFunc(v.lines, func(e model.Element) bool { return e.ID == v.sel }); i >= 0 {
		end = ui.Clamp(i+rows/2+1, min(rows, len(v.lines)), len(v.lines))
	}
	start := max(0, end-rows)
	numW := len(fmt.Sprint(v.lines[len(v.lines)-1].ID))
	out := make([]string, 0, rows)
	for _, e := range v.lines[start:end] {
		out = append(out, v.lineRow(e, numW))
	}
	return out
}

// kindWord names a line's kind in the list; a relationship by its relation,
// so a conflict reads as one without colour.
func kindWord(e model.Element) string {
	if e.Kind == model.ElementRelationship {
		return string(e.Relation)
	}
	return string(e.Kind)
}

const kindW = 9

func (v *View) lineRow(e model.Element, numW int) string {
	st := v.ses.Styles()
	selected := e.ID == v.sel
	marker := "  "
	if selected {
		marker = "> "
	}
	kind := ui.Fit(kindWord(e), kindW)
	switch {
	case e.Relation == model.RelConflict:
		kind = st.Overdue.Render(kind)
	case e.Kind == model.ElementConcern:
		kind = st.Restricted.Render(kind)
	case e.Kind == model.ElementStrength:
		kind = st.Live.Render(kind)
	default:
		kind = st.Label.Render(kind)
	}
	text := elementText(e)
	// What the line became, and who captured it, stay in view; the
	// text gives way.
	var right []string
	for _, pid := range e.Problems {
		right = append(right, "→ "+model.ProblemRef(pid))
	}
	if e.AssetID != 0 {
		right = append(right, "★ asset")
	}
	tail := ""
	if len(right) > 0 {
		tail = " " + strings.Join(right, " ")
	}
	by := ""
	if v.width >= 72 {
		by = " " + firstName(e.By)
	}
	head := fmt.Sprintf("%s%*d ", marker, numW, e.ID)
	room := max(1, v.width-ui.TextWidth(head)-kindW-1-ui.TextWidth(tail)-ui.TextWidth(by))
	if selected {
		return st.RowSelected.Render(head) + kind + " " + st.RowSelected.Render(ui.Fit(text, room)+tail) + st.Muted.Render(by)
	}
	return head + kind + " " + ui.Fit(text, room) + tail + st.Muted.Render(by)
}

func firstName(name string) string {
	name = ui.SafeName(name)
	if f, _, ok := strings.Cut(name, " "); ok && f != "" {
		return ui.Fit(f, min(12, ui.TextWidth(f)))
	}
	return ui.Fit(name, min(12, ui.TextWidth(name)))
}

// elementText is a line as the screens show it: a relationship drawn with
// its arrow, themes written after the text unless the text has them.
func elementText(e model.Element) string {
	e = e.Safe()
	var s string
	if e.Kind == model.ElementRelationship {
		s = e.From + " " + relArrow(e.Relation) + " " + e.To
		if e.Text != "" {
			s += ": " + e.Text
		}
	} else {
		s = e.Text
	}
	for _, t := range e.ExtraThemes() {
		s += " #" + t
	}
	return s
}

func relArrow(r model.Relation) string {
	switch r {
	case model.RelConflict:
		return "✕"
	case model.RelSupport:
		return "+→"
	}
	return "→"
}

// --- the picture ---

// summaryLines is the whole picture, w wide; the view shows a window.
func (v *View) summaryLines(w int) []string {
	st := v.ses.Styles()
	out := v.headLines()
	if v.height < 10 {
		out = append(out, st.Muted.Render(ui.Trunc(v.whoCame(), w)))
	}
	if len(v.lines) == 0 {
		return append(out, st.Muted.Render("Nothing captured yet."))
	}
	by := map[model.ElementKind][]model.Element{}
	for _, e := range v.lines {
		by[e.Kind] = append(by[e.Kind], e)
	}
	list := func(kind model.ElementKind, title string, w int) []string {
		es := by[kind]
		head := st.Section.Render(ui.Trunc(fmt.Sprintf("%s (%d)", title, len(es)), w))
		res := []string{head}
		if len(es) == 0 {
			return append(res, st.Muted.Render("  none"))
		}
		for _, e := range es {
			text := elementText(e)
			if kind == model.ElementQuote {
				e.Text = "“" + strings.Trim(e.Text, `"“” `) + "”"
				text = elementText(e)
			}
			for _, p := range e.Problems {
				text += " → " + model.ProblemRef(p)
			}
			if e.AssetID != 0 {
				text += " ★"
			}
			for i, l := range ui.Wrap(text, max(1, w-2)) {
				lead := "• "
				if i > 0 {
					lead = "  "
				}
				res = append(res, lead+l)
			}
		}
		return res
	}
	pair := func(a, b []string) {
		if w < 70 {
			out = append(out, a...)
			out = append(out, b...)
			return
		}
		colW := (w - 3) / 2
		for i := range max(len(a), len(b)) {
			l, r := "", ""
			if i < len(a) {
				l = a[i]
			}
			if i < len(b) {
				r = b[i]
			}
			out = append(out, ui.Fit(l, colW)+"   "+ui.Trunc(r, colW))
		}
	}
	colW := w
	if w >= 70 {
		colW = (w - 3) / 2
	}
	pair(list(model.ElementConcern, "Concerns", colW), list(model.ElementStrength, "Strengths and assets", colW))
	pair(list(model.ElementQuote, "Quotes", colW), list(model.ElementIdea, "Ideas", colW))
	out = append(out, v.partyLines(w)...)
	out = append(out, v.themeLines(w)...)
	if notes := by[model.ElementNote]; len(notes) > 0 {
		out = append(out, list(model.ElementNote, "Notes", w)...)
	}
	return out
}

// partyLines lists the actors and places, then the relationships as a
// diagram: the parties in columns joined by their relation, a conflict
// drawn with ✕ and named in words.
func (v *View) partyLines(w int) []string {
	st := v.ses.Styles()
	var es []model.Element
	for _, e := range v.lines {
		es = append(es, e.Safe())
	}
	parties := model.PartiesOf(es)
	var rels []model.Element
	for _, e := range es {
		if e.Kind == model.ElementRelationship {
			rels = append(rels, e)
		}
	}
	out := []string{st.Section.Render(ui.Trunc(fmt.Sprintf("Actors and places (%d)", len(parties)), w))}
	var actors, places, named []string
	for _, p := range parties {
		switch p.Kind {
		case model.ElementActor:
			actors = append(actors, p.Name)
		case model.ElementPlace:
			places = append(places, p.Name)
		default:
			named = append(named, p.Name)
		}
	}
	for _, g := range []struct {
		label string
		names []string
	}{{"actors", actors}, {"places", places}, {"also named", named}} {
		if len(g.names) == 0 {
			continue
		}
		for i, l := range ui.Wrap(g.label+": "+strings.Join(g.names, ", "), max(1, w-2)) {
			if i == 0 {
				out = append(out, "  "+l)
			} else {
				out = append(out, "    "+l)
			}
		}
	}
	if len(parties) == 0 {
		out = append(out, st.Muted.Render("  none"))
	}
	out = append(out, st.Section.Render(ui.Trunc(fmt.Sprintf("Relationships (%d)", len(rels)), w)))
	if len(rels) == 0 {
		return append(out, st.Muted.Render("  none — r: A -> B, r: A x B (conflict), r: A + B (support)"))
	}
	fromW, toW := 0, 0
	for _, e := range rels {
		fromW, toW = max(fromW, ui.TextWidth(e.From)), max(toW, ui.TextWidth(e.To))
	}
	fromW, toW = min(fromW, max(6, w/4)), min(toW, max(6, w/4))
	for _, e := range rels {
		link := " ───→ "
		switch e.Relation {
		case model.RelConflict:
			link = " ──✕── "
		case model.RelSupport:
			link = " ──+→ "
		}
		line := "  " + ui.Fit(e.From, fromW) + link + ui.Fit(e.To, toW)
		if e.Text != "" {
			line += "  " + e.Text
		}
		if e.Relation == model.RelConflict {
			// The word, not only the mark or the colour.
			const tag = "  CONFLICT"
			line = ui.Trunc(line, max(1, w-len(tag)))
			out = append(out, st.Overdue.Render(line+tag))
			continue
		}
		out = append(out, ui.Trunc(line, w))
	}
	return out
}

// themeLines counts the session's themes, most used first, with bars.
func (v *View) themeLines(w int) []string {
	st := v.ses.Styles()
	counts := model.CountThemes(v.lines)
	out := []string{st.Section.Render(ui.Trunc(fmt.Sprintf("Themes (%d)", len(counts)), w))}
	if len(counts) == 0 {
		return append(out, st.Muted.Render("  none — tag lines with #words"))
	}
	nameW := 4
	for _, tc := range counts {
		nameW = max(nameW, ui.TextWidth(tc.Theme)+1)
	}
	nameW = min(nameW, max(8, w/3))
	top := counts[0].Count
	barW := ui.Clamp(w-nameW-10, 1, 30)
	for _, tc := range counts {
		n := max(1, tc.Count*barW/max(1, top))
		out = append(out, ui.Trunc(fmt.Sprintf("  %s %s %d", ui.Fit("#"+ui.SafeLine(tc.Theme, model.MaxThemeLen), nameW), strings.Repeat("█", n), tc.Count), w))
	}
	return out
}

// Input says whether a line is being typed, and what of it, for tests
// that drive the whole app.
func (v *View) Input() (typing bool, text string) { return v.typing, v.input.Value() }

// Session is the session on screen.
func (v *View) Session() model.PictureSession { return v.s }
