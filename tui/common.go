package tui

import (
	"strings"
	"time"

	"charm.land/bubbles/v2/help"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"wardpanel/model"
	"wardpanel/tui/ui"
)

// component is the contract every screen keeps (soft-serve's
// common.Component): the root sizes it, routes messages to it, draws it
// and shows its key help in the footer. Update mutates in place: screens
// hold text inputs and lists that would be costly to copy on every key.
type component interface {
	help.KeyMap
	Init() tea.Cmd
	Update(msg tea.Msg) tea.Cmd
	// View draws exactly the size last given to SetSize.
	View() string
	SetSize(width, height int)
	// capturing reports whether keys are going into a text field, so the
	// root leaves q and ? to be typed.
	capturing() bool
	// name names the screen in words (ui.Screen's Title).
	name() string
}

// common is one session's shared state, built in New and handed to every
// screen. Nothing here is package-level: one process serves many sessions.
// It is touched only on the program's goroutine; commands copy what they
// need (store, user, ward) before they run.
type common struct {
	width, height int
	isDark        bool
	styles        styles
	keys          keyMap

	store       Store
	user        model.User
	hasUser     bool
	actor       model.Actor
	fingerprint string
	demo        bool
	enrol       func(model.User) (model.User, error)
	// personas are the demo's people to pick from (Options.Personas).
	personas []model.User
	// inboxOnConnect: show the inbox before the board (Options.Inbox).
	inboxOnConnect bool

	// live: the session follows the store's change feed, and says so.
	live bool
	// now is the session's clock (Options.Now): overdue, due soon and
	// default dates come from it, so tests can fix it.
	now func() time.Time
	// tick schedules a redraw (tea.Tick); the synchronous test harness,
	// which would wait on it, turns it off.
	tick func(time.Duration, func(time.Time) tea.Msg) tea.Cmd

	// news is the ward's live meeting and priorities, for the header and board.
	news wardNews

	// ward is the ward on screen: its code is known from the user, its name
	// once the board has loaded.
	ward model.Ward
	// agencies are the agencies the board or the actions list loaded last:
	// the sets the visibility pickers offer are made of them.
	agencies []model.Agency

	seq int

	// header is the last header drawn and what it was drawn from: it
	// changes rarely, and every frame of every session needs it.
	header struct {
		key headerKey
		out string
	}
}

type headerKey struct {
	width              int
	dark, user, demo   bool
	live               bool
	ward               model.Ward
	name, agency, role string
	news               string
}

// nextSeq numbers a request so its answer can be matched to the asker.
func (c *common) nextSeq() int {
	c.seq++
	return c.seq
}

func (c *common) setUser(u model.User) {
	c.user = u
	c.hasUser = true
	c.actor = model.Actor{User: u, Fingerprint: c.fingerprint}
	c.ward = model.Ward{}
	if code := u.StartWard(); code != "" {
		c.ward = model.Ward{Code: code, Name: code}
	}
}

// today is the session's date, as due dates are kept.
func (c *common) today() time.Time { return model.DateOnly(c.now()) }

func (c *common) setDark(dark bool) {
	c.isDark = dark
	c.styles = newStyles(dark)
}

const demoWarning = "DEMO — anyone can get in; not for real data"

func (c *common) headerHeight() int {
	if c.demo {
		return 2
	}
	return 1
}

// headerView draws who and where you are. It tries ever shorter forms until
// one fits, so at 40 columns the ward and your name survive and the app
// name and agency go first.
func (c *common) headerView() string {
	k := headerKey{c.width, c.isDark, c.hasUser, c.demo, c.live, c.ward, c.user.Name, c.user.Agency, string(c.user.Role), c.newsLine()}
	if c.header.out == "" || c.header.key != k {
		c.header.key, c.header.out = k, c.drawHeader()
	}
	return c.header.out
}

// newsLine is the header's word on the ward: a meeting under way, and the
// priorities the panel set, by reference and short title.
func (c *common) newsLine() string { return c.news1(len(c.news.priorities)) }

// newsLines are the forms of newsLine to try, fullest first: every
// priority by reference and short title, then one title fewer at a time
// from the last, down to the references alone ("★ P4 P1 P7").
func (c *common) newsLines() []string {
	var out []string
	for k := len(c.news.priorities); k >= 0; k-- {
		if l := c.news1(k); l != "" && (len(out) == 0 || out[len(out)-1] != l) {
			out = append(out, l)
		}
	}
	return out
}

// news1 is the news with the first titled priorities named by reference
// and short title, the rest by reference alone.
func (c *common) news1(titled int) string {
	if c.news.ward != c.ward.Code {
		return ""
	}
	var parts []string
	if c.news.live.ID != 0 {
		parts = append(parts, "▶ meeting live")
	}
	if len(c.news.priorities) > 0 {
		ids := make([]string, len(c.news.priorities))
		for i, p := range c.news.priorities {
			ids[i] = model.ProblemRef(p.ID)
			if i < titled {
				ids[i] += " " + shortTitle(p.Title)
			}
		}
		sep := " "
		if titled > 0 {
			sep = ", "
		}
		parts = append(parts, "★ "+strings.Join(ids, sep))
	}
	return strings.Join(parts, " · ")
}

// shortTitle is a title's first two words, enough to recognise a problem
// the panel talks about every month.
func shortTitle(title string) string {
	words := strings.Fields(safeLine(title, model.MaxTitleLen))
	return trunc(strings.Join(words[:min(2, len(words))], " "), 20)
}

func (c *common) drawHeader() string {
	st := &c.styles
	inner := max(0, c.width-st.Header.GetHorizontalFrameSize())

	var lefts, rights []string
	withNews := 0 // the first lefts, which carry the news
	app := st.HeaderApp.Render("wardpanel")
	if !c.hasUser {
		lefts = []string{app + " · demo", app}
		rights = []string{"choose who to be", ""}
	} else {
		name := st.HeaderWard.Render(safeName(c.ward.Name))
		code := st.HeaderWard.Render(safeName(c.ward.Code))
		place := name
		if c.ward.Name != c.ward.Code {
			place = name + " " + code
		}
		if c.ward.Code == "" {
			place = "no ward"
		}
		who := safeName(c.user.Name)
		agency := safeName(c.user.Agency)
		role := string(c.user.Role)
		lefts = []string{app + " · " + place, place, name}
		// The meeting and the priorities go before the app's name and the
		// ward's code do; the priorities' titles go, last first, before
		// their references do.
		var news []string
		for _, n := range c.newsLines() {
			n = st.HeaderWard.Render(n)
			news = append(news, app+" · "+place+" · "+n, place+" · "+n, name+" · "+n)
		}
		lefts, withNews = append(news, lefts...), len(news)
		// The live marker is text, not only colour, so NO_COLOR keeps it;
		// at 40 columns it shrinks to its dot before the name goes.
		long, short := "", ""
		if c.live {
			long, short = st.Live.Render("● live")+"  ", st.Live.Render("●")+" "
		}
		rights = []string{
			long + st.HeaderWho.Render(who+" · "+agency+" · "+role),
			long + st.HeaderWho.Render(who+" · "+role),
			long + st.HeaderWho.Render(who),
			short + st.HeaderWho.Render(who),
		}
	}
	// The ward's news (a meeting under way, the priorities) outranks your
	// own agency and role: those lefts are tried with every right first.
	const perNews = 3 // the lefts with one form of the news
	line := ""
	fits := func(ls []string) bool {
		for _, r := range rights {
			for _, l := range ls {
				if lipgloss.Width(l)+1+lipgloss.Width(r) <= inner {
					line = l + strings.Repeat(" ", inner-lipgloss.Width(l)-lipgloss.Width(r)) + r
					return true
				}
			}
		}
		return false
	}
	found := false
	for i := 0; i < withNews && !found; i += perNews {
		found = fits(lefts[i : i+perNews])
	}
	if !found {
		fits(lefts[withNews:])
	}
	if line == "" {
		line = lefts[len(lefts)-1] + " " + rights[len(rights)-1]
	}
	out := st.Header.Width(c.width).Render(fit(line, inner))
	if c.demo {
		di := max(0, c.width-st.Demo.GetHorizontalFrameSize())
		warn := demoWarning
		if lipgloss.Width(warn) > di {
			warn = "DEMO — not for real data"
		}
		out += "\n" + st.Demo.Width(c.width).Render(fit(warn, di))
	}
	return out
}

// The session as a screen in a package of its own sees it (ui.Session).
var _ ui.Session = (*common)(nil)

func (c *common) User() model.User   { return c.user }
func (c *common) HasUser() bool      { return c.hasUser }
func (c *common) Actor() model.Actor { return c.actor }
func (c *common) Ward() model.Ward   { return c.ward }
func (c *common) Now() time.Time     { return c.now() }
func (c *common) Today() time.Time   { return c.today() }
func (c *common) NextSeq() int       { return c.nextSeq() }
func (c *common) Styles() *ui.Styles { return &c.styles.Styles }
func (c *common) Keys() *ui.Keys     { return &c.keys.Keys }
