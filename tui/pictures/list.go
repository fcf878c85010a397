package pictures

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"wardpanel/model"
	"wardpanel/tui/ui"
)

// List is the Rich picture screen: the ward's sessions, newest
// first; the ward's themes across its sessions over time (#); and the
// community assets recorded from strengths, searchable (a).
type List struct {
	s     ui.Session
	st    Store
	k     keys
	links Links
	mode  listMode

	sessions []model.PictureSession // newest first
	cursor   int
	picked   model.ID // the session the user moved to: reloads keep it
	loaded   bool

	trend        model.ThemeTrend
	trendLoaded  bool
	assets       []model.Asset
	assetsLoaded bool
	scroll       int

	query  textinput.Model
	typing bool

	load ui.Loader

	width, height int
}

type listMode int

const (
	listSessions listMode = iota
	listThemes
	listAssets
)

// NewList makes the list, once per session.
func NewList(s ui.Session, st Store, links Links) *List {
	in := textinput.New()
	in.Prompt = "/ "
	in.Placeholder = "words of the asset, its session, or #theme"
	in.CharLimit = model.MaxLineLen
	in.KeyMap.Paste.Unbind()
	l := &List{s: s, st: st, k: keys{s.Keys(), NewKeyMap()}, links: links, query: in}
	l.Restyle()
	return l
}

// Restyle follows the terminal's background.
func (l *List) Restyle()      { l.query.SetStyles(l.s.Styles().TextInput) }
func (l *List) Init() tea.Cmd { return l.reload() }
func (l *List) Title() string { return "Rich pictures" }

// Capturing: typing a search.
func (l *List) Capturing() bool { return l.typing }

func (l *List) SetSize(w, h int) {
	l.width, l.height = w, h
	l.query.SetWidth(max(1, w-len(l.query.Prompt)-1))
}

// show opens the list at the sessions.
// Show reads afresh as the list opens.
func (l *List) Show() tea.Cmd {
	l.mode, l.scroll, l.typing = listSessions, 0, false
	l.query.Blur()
	return l.reload()
}

// reload re-reads what the mode shows; one load at a time, and one more
// for whatever changed meanwhile.
func (l *List) reload() tea.Cmd {
	if !l.s.HasUser() || l.s.Ward().Code == "" {
		return nil
	}
	seq, ok := l.load.Start(l.s.NextSeq)
	if !ok {
		return nil
	}
	switch l.mode {
	case listThemes:
		return loadThemesCmd(l.st, l.s.User(), l.s.Ward().Code, seq)
	case listAssets:
		return loadAssetsCmd(l.st, l.s.User(), l.s.Ward().Code, l.query.Value(), seq)
	}
	return loadPicturesCmd(l.st, l.s.User(), l.s.Ward().Code, seq)
}

// switchTo changes mode and loads it: a load under way for the old mode
// is dropped by its seq.
func (l *List) switchTo(m listMode) tea.Cmd {
	l.mode, l.scroll = m, 0
	l.load.Forget()
	return l.reload()
}

func (l *List) ShortHelp() []key.Binding {
	k, pk := l.k, l.k.Pictures
	if l.typing {
		return []key.Binding{k.FilterApply, k.FilterCancel}
	}
	switch l.mode {
	case listThemes:
		return []key.Binding{k.Help, k.Back, k.Down, k.Up, k.Quit}
	case listAssets:
		return []key.Binding{k.Help, k.Back, pk.Search, k.Down, k.Up, k.Quit}
	}
	out := []key.Binding{k.Help, k.Back, k.Open}
	if model.CanRunPictures(l.s.User()) {
		out = append(out, pk.New)
	}
	return append(out, pk.Themes, pk.Assets, k.Down, k.Up, k.Quit)
}

func (l *List) FullHelp() [][]key.Binding {
	k, pk := l.k, l.k.Pictures
	if l.typing {
		return [][]key.Binding{{k.FilterApply, k.FilterCancel}}
	}
	act := []key.Binding{k.Open, pk.Themes, pk.Assets, k.Back}
	if l.mode == listSessions && model.CanRunPictures(l.s.User()) {
		act = append(act, pk.New)
	}
	if l.mode == listAssets {
		act = append(act, pk.Search)
	}
	return [][]key.Binding{{k.Up, k.Down, k.PageUp, k.PageDown, k.Home, k.End}, append(act, k.Help, k.Quit)}
}

func (l *List) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case ui.StoreChanged:
		return l.reload()
	case picturesLoadedMsg:
		return l.landed(msg.seq, msg.err, "loading rich pictures", func() {
			l.sessions = make([]model.PictureSession, len(msg.sessions))
			for i, s := range msg.sessions {
				l.sessions[len(msg.sessions)-1-i] = s
			}
			l.cursor = 0
			for i, s := range l.sessions {
				if s.ID == l.picked {
					l.cursor = i
				}
			}
			l.loaded = true
		})
	case themesLoadedMsg:
		return l.landed(msg.seq, msg.err, "loading themes", func() { l.trend, l.trendLoaded = msg.trend, true })
	case assetsLoadedMsg:
		return l.landed(msg.seq, msg.err, "loading community assets", func() { l.assets, l.assetsLoaded = msg.assets, true })
	case tea.PasteMsg:
		if l.typing {
			var cmd tea.Cmd
			l.query, cmd = l.query.Update(ui.CleanInput(msg))
			return tea.Batch(cmd, l.reload())
		}
	case tea.KeyPressMsg:
		if l.typing {
			return l.typingKey(msg)
		}
		return l.key(msg)
	}
	return nil
}

func (l *List) landed(seq int, err error, op string, apply func()) tea.Cmd {
	ours, again := l.load.Done(seq)
	if !ours {
		return nil
	}
	var cmd tea.Cmd
	if err != nil {
		cmd = ui.Cmd(ui.Err{Op: op, Err: err})
	} else {
		apply()
	}
	if again {
		cmd = tea.Batch(cmd, l.reload())
	}
	return cmd
}

func (l *List) typingKey(msg tea.KeyPressMsg) tea.Cmd {
	k := l.k
	switch {
	case key.Matches(msg, k.FilterApply):
		l.typing = false
		l.query.Blur()
		return nil
	case key.Matches(msg, k.FilterCancel):
		l.typing = false
		l.query.Blur()
		l.query.SetValue("")
		return l.reload()
	}
	before := l.query.Value()
	var cmd tea.Cmd
	l.query, cmd = l.query.Update(ui.CleanInput(msg))
	if l.query.Value() != before {
		l.scroll = 0
		cmd = tea.Batch(cmd, l.reload())
	}
	return cmd
}

func (l *List) key(msg tea.KeyPressMsg) tea.Cmd {
	k, pk := l.k, l.k.Pictures
	switch {
	case key.Matches(msg, k.Back):
		if l.mode != listSessions {
			if l.mode == listAssets && l.query.Value() != "" {
				l.query.SetValue("")
			}
			return l.switchTo(listSessions)
		}
		return ui.Cmd(ui.Back{})
	case key.Matches(msg, k.Up):
		l.move(-1)
	case key.Matches(msg, k.Down):
		l.move(1)
	case key.Matches(msg, k.PageUp):
		l.move(-max(1, l.height-3))
	case key.Matches(msg, k.PageDown):
		l.move(max(1, l.height-3))
	case key.Matches(msg, k.Home):
		l.move(-1 << 20)
	case key.Matches(msg, k.End):
		l.move(1 << 20)
	case key.Matches(msg, pk.Themes) && l.mode != listThemes:
		return l.switchTo(listThemes)
	case key.Matches(msg, pk.Assets) && l.mode != listAssets:
		return l.switchTo(listAssets)
	case l.mode == listAssets && key.Matches(msg, pk.Search):
		l.typing = true
		l.query.CursorEnd()
		return l.query.Focus()
	case l.mode == listSessions && key.Matches(msg, k.Open):
		if len(l.sessions) > 0 {
			return ui.Cmd(Show{ID: l.sessions[l.cursor].ID})
		}
	case l.mode == listSessions && key.Matches(msg, pk.New):
		if model.CanRunPictures(l.s.User()) && l.s.Ward().Code != "" {
			return ui.Cmd(l.links.OpenForm(NewForm(l.s, l.st, nil, l.links)))
		}
	}
	return nil
}

func (l *List) move(d int) {
	if l.mode != listSessions {
		l.scroll = max(0, l.scroll+d)
		return
	}
	if len(l.sessions) == 0 {
		return
	}
	l.cursor = ui.Clamp(l.cursor+d, 0, len(l.sessions)-1)
	l.picked = l.sessions[l.cursor].ID
}

func (l *List) View() string {
	switch l.mode {
	case listThemes:
		return l.themesView()
	case listAssets:
		return l.assetsView()
	}
	st := l.s.Styles()
	lines := []string{st.Title.Render(ui.Trunc("Rich pictures of "+ui.SafeName(l.s.Ward().Name), l.width))}
	switch {
	case !l.loaded:
		lines = append(lines, st.Muted.Render("Loading sessions…"))
	case len(l.sessions) == 0:
		msg := "No sessions yet."
		if model.CanRunPictures(l.s.User()) {
			msg += " Press n to hold one."
		}
		for _, w := range ui.Wrap(msg, l.width) {
			lines = append(lines, st.Muted.Render(w))
		}
	}
	room := max(1, l.height-len(lines))
	first := ui.Clamp(l.cursor-room+1, 0, max(0, len(l.sessions)-room))
	for i := first; i < len(l.sessions) && i < first+room; i++ {
		lines = append(lines, l.row(l.sessions[i], i == l.cursor))
	}
	return ui.Block(lines, l.width, l.height)
}

func (l *List) row(s model.PictureSession, selected bool) string {
	st := l.s.Styles()
	marker := "  "
	if selected {
		marker = "> "
	}
	when := s.Date.Format("2 Jan 2006")
	if l.width < 60 {
		when = s.Date.Format("2 Jan 06")
	}
	count := fmt.Sprintf("%3d lines", s.Lines)
	if l.width < 60 {
		count = fmt.Sprintf("%3d", s.Lines)
	}
	tag := ui.VisibilityTag(s.Visibility)
	title := ui.SafeLine(s.Title, model.MaxTitleLen)
	if s.Place != "" && l.width >= 72 {
		title += " · " + ui.SafeName(s.Place)
	}
	if tag != "" {
		title = tag + " " + title
	}
	head := marker + ui.Fit(when, len(when)) + "  "
	room := max(1, l.width-ui.TextWidth(head)-ui.TextWidth(count)-1)
	line := head + ui.Fit(title, room) + " " + count
	if selected {
		return st.RowSelected.Render(ui.Fit(line, l.width))
	}
	return ui.Trunc(line, l.width)
}

// themesView is a table: a row per theme, a column per session (the
// newest that fit), and each theme's total.
func (l *List) themesView() string {
	st := l.s.Styles()
	tr := l.trend
	lines := []string{st.Title.Render(ui.Trunc("Themes across the sessions of "+ui.SafeName(l.s.Ward().Name), l.width))}
	switch {
	case !l.trendLoaded:
		lines = append(lines, st.Muted.Render("Loading themes…"))
		return ui.Block(lines, l.width, l.height)
	case len(tr.Rows) == 0:
		for _, w := range ui.Wrap("No themes yet: tag captured lines with #words, like #safety.", l.width) {
			lines = append(lines, st.Muted.Render(w))
		}
		return ui.Block(lines, l.width, l.height)
	}
	const colW, totalW = 7, 6
	themeW := ui.Clamp(l.width/4, 10, 20)
	cols := ui.Clamp((l.width-themeW-totalW)/colW, 1, len(tr.Sessions))
	from := len(tr.Sessions) - cols
	var head strings.Builder
	head.WriteString(ui.Fit("THEME", themeW))
	for _, s := range tr.Sessions[from:] {
		head.WriteString(fmt.Sprintf("%*s", colW, s.Date.Format("Jan 06")))
	}
	head.WriteString(fmt.Sprintf("%*s", totalW, "ALL"))
	lines = append(lines, st.ColHeader.Render(ui.Trunc(head.String(), l.width)))
	if from > 0 {
		lines = append(lines, st.Muted.Render(ui.Trunc(fmt.Sprintf("the newest %d of %d sessions; ALL counts every one", cols, len(tr.Sessions)), l.width)))
	}
	room := max(1, l.height-len(lines))
	l.scroll = ui.Clamp(l.scroll, 0, max(0, len(tr.Rows)-room))
	for _, r := range tr.Rows[l.scroll:min(len(tr.Rows), l.scroll+room)] {
		var b strings.Builder
		b.WriteString(ui.Fit("#"+ui.SafeLine(r.Theme, model.MaxThemeLen), themeW))
		for _, n := range r.Counts[from:] {
			cell := "·"
			if n > 0 {
				cell = fmt.Sprint(n)
			}
			b.WriteString(fmt.Sprintf("%*s", colW, cell))
		}
		b.WriteString(fmt.Sprintf("%*d", totalW, r.Total))
		lines = append(lines, ui.Trunc(b.String(), l.width))
	}
	return ui.Block(lines, l.width, l.height)
}

// assetsView lists the community assets that match the search.
func (l *List) assetsView() string {
	st := l.s.Styles()
	lines := []string{st.Title.Render(ui.Trunc("Community assets of "+ui.SafeName(l.s.Ward().Name), l.width))}
	if l.typing || l.query.Value() != "" {
		lines = append(lines, l.query.View())
	}
	switch {
	case !l.assetsLoaded:
		lines = append(lines, st.Muted.Render("Loading assets…"))
	case len(l.assets) == 0 && l.query.Value() != "":
		lines = append(lines, st.Muted.Render(ui.Trunc("No asset matches.", l.width)))
	case len(l.assets) == 0:
		for _, w := range ui.Wrap("None recorded yet: in a session, select a strength and press a.", l.width) {
			lines = append(lines, st.Muted.Render(w))
		}
	}
	var rows []string
	for _, a := range l.assets {
		head := "★ " + ui.SafeLine(a.Name, model.MaxLineLen)
		if tag := ui.VisibilityTag(a.Visibility); tag != "" {
			head = tag + " " + head
		}
		rows = append(rows, ui.Trunc(head, l.width))
		meta := "    from " + ui.SafeLine(a.Session, model.MaxTitleLen) + ", " + a.CreatedAt.Format("2 Jan 2006")
		if len(a.Themes) > 0 {
			meta += " · #" + ui.SafeLine(strings.Join(a.Themes, " #"), model.MaxLineLen)
		}
		rows = append(rows, st.Muted.Render(ui.Trunc(meta, l.width)))
	}
	room := max(1, l.height-len(lines))
	l.scroll = ui.Clamp(l.scroll, 0, max(0, len(rows)-room))
	lines = append(lines, rows[l.scroll:min(len(rows), l.scroll+room)]...)
	return ui.Block(lines, l.width, l.height)
}
