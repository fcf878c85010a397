// Package pictures is the rich-picture screens (issue 5): the ward's
// sessions, themes and community assets (List), one session, captured
// line by line and summed up (View), and the form that holds a session or
// edits its details (Form, built on tui/form). The problem a concern
// became is reached through Links.
package pictures

import (
	"errors"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"wardpanel/model"
	"wardpanel/tui/ui"
)

// The store calls, messages and keys of the rich-picture screens. Every
// call runs in a tea.Cmd with the seq of the screen that asked, which each
// screen checks.

// IDs are the screens' lines in the table.
const (
	ListID = "pictures"
	ViewID = "picture"
)

// Store is what the screens read and write.
type Store interface {
	ui.ProblemReader
	Picture(viewer model.User, id model.ID) (model.PictureSession, error)
	Pictures(viewer model.User, ward string) ([]model.PictureSession, error)
	PictureElements(viewer model.User, id model.ID) ([]model.Element, error)
	AddElement(by model.Actor, id model.ID, line string) (model.Element, error)
	EditElement(by model.Actor, id, elementID model.ID, line string, version uint64) (model.Element, error)
	DeleteElement(by model.Actor, id, elementID model.ID) error
	PromoteConcern(by model.Actor, id, elementID model.ID) (model.Problem, error)
	RecordAsset(by model.Actor, id, elementID model.ID) (model.Asset, error)
	Assets(viewer model.User, ward, query string) ([]model.Asset, error)
	PictureThemes(viewer model.User, ward string) (model.ThemeTrend, error)
	// The session form's writes.
	CreatePicture(by model.Actor, p model.PictureSession) (model.PictureSession, error)
	UpdatePicture(by model.Actor, p model.PictureSession) (model.PictureSession, error)
}

// Links are the ways from these screens to the router and to screens of
// other packages, given by the table's lines.
type Links struct {
	// OpenForm places the session form (FormID) on top.
	OpenForm func(f ui.Screen) tea.Msg
	// Done closes the session form, which saved: text for the status
	// line, and the session to show.
	Done func(text string, id model.ID) tea.Msg
	// OpenProblem opens a problem a concern became.
	OpenProblem func(p model.Problem) tea.Msg
}

// Show opens session ID on the session screen (View answers it).
type Show struct{ ID model.ID }

// keys are the shared keys and the screens' own.
type keys struct {
	*ui.Keys
	Pictures KeyMap
}

type picturesLoadedMsg struct {
	seq      int
	sessions []model.PictureSession
	err      error
}

type themesLoadedMsg struct {
	seq   int
	trend model.ThemeTrend
	err   error
}

type assetsLoadedMsg struct {
	seq    int
	assets []model.Asset
	err    error
}

// pictureLoadedMsg is a session with its lines and the problems its
// concerns became (those this user may see).
type pictureLoadedMsg struct {
	seq      int
	s        model.PictureSession
	lines    []model.Element
	problems map[model.ID]model.Problem
	err      error
}

// pictureSavedMsg answers a write from the session screen: text is the
// status line on success; line is what was sent (kept through errors).
type pictureSavedMsg struct {
	seq     int
	text    string
	line    string
	problem model.Problem // a concern promoted
	err     error
}

func loadPicturesCmd(st Store, u model.User, ward string, seq int) tea.Cmd {
	return func() tea.Msg {
		ss, err := st.Pictures(u, ward)
		// Filtered again here, so a bug there still shows nobody a session.
		kept := ss[:0:0]
		for _, s := range ss {
			if model.CanSeePicture(u, s) {
				kept = append(kept, s)
			}
		}
		return picturesLoadedMsg{seq: seq, sessions: kept, err: err}
	}
}

func loadThemesCmd(st Store, u model.User, ward string, seq int) tea.Cmd {
	return func() tea.Msg {
		tr, err := st.PictureThemes(u, ward)
		return themesLoadedMsg{seq: seq, trend: tr, err: err}
	}
}

func loadAssetsCmd(st Store, u model.User, ward, query string, seq int) tea.Cmd {
	return func() tea.Msg {
		as, err := st.Assets(u, ward, query)
		kept := as[:0:0]
		for _, a := range as {
			if model.CanSeeAsset(u, a) {
				kept = append(kept, a)
			}
		}
		return assetsLoadedMsg{seq: seq, assets: kept, err: err}
	}
}

func loadPictureCmd(st Store, u model.User, id model.ID, seq int) tea.Cmd {
	return func() tea.Msg {
		msg := pictureLoadedMsg{seq: seq, problems: map[model.ID]model.Problem{}}
		msg.s, msg.err = st.Picture(u, id)
		if msg.err == nil && !model.CanSeePicture(u, msg.s) {
			msg.err = model.ErrNotFound
		}
		if msg.err != nil {
			return msg
		}
		if msg.lines, msg.err = st.PictureElements(u, id); msg.err != nil {
			return msg
		}
		for _, e := range msg.lines {
			for _, pid := range e.Problems {
				if p, err := ui.ReadProblem(st, u, pid); err == nil {
					msg.problems[pid] = p
				} else if !errors.Is(err, model.ErrNotFound) {
					msg.err = err
					return msg
				}
			}
		}
		return msg
	}
}

// KeyMap is the rich-picture screens' keys; the board offers Board.
type KeyMap struct {
	Board    key.Binding // board → rich pictures
	New      key.Binding
	Details  key.Binding
	Themes   key.Binding
	Assets   key.Binding
	Search   key.Binding
	Type     key.Binding
	Save     key.Binding
	Stop     key.Binding
	EditLine key.Binding
	Delete   key.Binding
	Promote  key.Binding
	Asset    key.Binding
	Problem  key.Binding
	Switch   key.Binding
	Select   key.Binding
}

// NewKeyMap makes the keys.
func NewKeyMap() KeyMap {
	return KeyMap{
		Board:    key.NewBinding(key.WithKeys("r"), key.WithHelp("r", "rich pictures")),
		New:      key.NewBinding(key.WithKeys("n"), key.WithHelp("n", "new session")),
		Details:  key.NewBinding(key.WithKeys("E"), key.WithHelp("E", "edit session")),
		Themes:   key.NewBinding(key.WithKeys("#"), key.WithHelp("#", "themes")),
		Assets:   key.NewBinding(key.WithKeys("a"), key.WithHelp("a", "assets")),
		Search:   key.NewBinding(key.WithKeys("/"), key.WithHelp("/", "search")),
		Type:     key.NewBinding(key.WithKeys("enter", "i"), key.WithHelp("enter/i", "type a line")),
		Save:     key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "save line")),
		Stop:     key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "stop typing")),
		EditLine: key.NewBinding(key.WithKeys("e"), key.WithHelp("e", "edit line")),
		Delete:   key.NewBinding(key.WithKeys("d"), key.WithHelp("d d", "delete line")),
		Promote:  key.NewBinding(key.WithKeys("p"), key.WithHelp("p", "make problem")),
		Asset:    key.NewBinding(key.WithKeys("a"), key.WithHelp("a", "record asset")),
		Problem:  key.NewBinding(key.WithKeys("o"), key.WithHelp("o", "open problem")),
		Switch:   key.NewBinding(key.WithKeys("tab"), key.WithHelp("tab", "capture/picture")),
		Select:   key.NewBinding(key.WithKeys("up", "down"), key.WithHelp("↑/↓", "select line")),
	}
}
