package main

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"time"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"charm.land/lipgloss/v2/table"
	"charm.land/ssh"
	"charm.land/wish/v2"
	"charm.land/wish/v2/bubbletea"
)

// The bare server: wish + Bubble Tea as their own examples put them
// together, built from the same library versions as wardpanel. Its model
// shows a static 20-row table and re-renders all of it whenever anything
// changes; a "change" is a message sent to every program.

const (
	bareRows     = 20
	bareLastRow  = "Item 20" // the table's last row: the frame is complete
	bareLiveRow  = 2         // the row P6 retitles
	bareRoundRow = 0         // the row whose status P2 changes
	bareTitleCol = 1
	bareStatus   = 2
)

// bareChangeMsg changes one cell on every screen. Statuses all have the
// same width, and titles are no longer than the longest, so a change never
// re-lays out the table.
type bareChangeMsg struct {
	row, col int
	text     string
}

type bareModel struct {
	rows          [bareRows][3]string
	cursor        int
	width, height int
}

func newBareModel() *bareModel {
	m := &bareModel{width: 80, height: 24}
	for i := range m.rows {
		is := issues[i%len(issues)]
		m.rows[i] = [3]string{fmt.Sprintf("Item %02d", i+1), fmt.Sprintf("%s on %s", is.what, places[(i*3)%len(places)]), "waiting"}
	}
	return m
}

func (m *bareModel) Init() tea.Cmd { return nil }

func (m *bareModel) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.width, m.height = msg.Width, msg.Height
	case bareChangeMsg:
		m.rows[msg.row][msg.col] = msg.text
	case tea.KeyPressMsg:
		switch msg.String() {
		case "j", "down":
			m.cursor = min(m.cursor+1, bareRows-1)
		case "k", "up":
			m.cursor = max(m.cursor-1, 0)
		case "q", "ctrl+c":
			return m, tea.Quit
		}
	}
	return m, nil
}

var (
	bareTitle    = lipgloss.NewStyle().Bold(true).Foreground(lipgloss.Color("212"))
	bareHeader   = lipgloss.NewStyle().Bold(true).Foreground(lipgloss.Color("99")).Padding(0, 1)
	bareCell     = lipgloss.NewStyle().Padding(0, 1)
	bareSelected = lipgloss.NewStyle().Padding(0, 1).Reverse(true)
	bareFooter   = lipgloss.NewStyle().Foreground(lipgloss.Color("241"))
)

func (m *bareModel) View() tea.View {
	rows := make([][]string, len(m.rows))
	for i := range m.rows {
		rows[i] = m.rows[i][:]
	}
	t := table.New().
		Border(lipgloss.NormalBorder()).
		BorderTop(false).BorderBottom(false).BorderLeft(false).BorderRight(false).
		Headers("ITEM", "TITLE", "STATUS").
		Rows(rows...).
		StyleFunc(func(row, _ int) lipgloss.Style {
			switch {
			case row == table.HeaderRow:
				return bareHeader
			case row == m.cursor:
				return bareSelected
			}
			return bareCell
		})
	var b strings.Builder
	b.WriteString(bareTitle.Render("bare wish + Bubble Tea"))
	b.WriteByte('\n')
	b.WriteString(t.Render())
	b.WriteByte('\n')
	b.WriteString(bareFooter.Render("j/k move · q quit"))
	v := tea.NewView(b.String())
	v.AltScreen = true
	return v
}

// bareServer is the bare server and its registry of programs.
type bareServer struct {
	addr   string
	srv    *ssh.Server
	served chan error

	mu    sync.Mutex
	progs map[*tea.Program]struct{}
}

type bareProgKey struct{}

func startBare(hostKey string) (*bareServer, error) {
	b := &bareServer{progs: map[*tea.Program]struct{}{}, served: make(chan error, 1)}
	srv, err := wish.NewServer(
		wish.WithHostKeyPath(hostKey),
		wish.WithPublicKeyAuth(func(ssh.Context, ssh.PublicKey) bool { return true }),
		wish.WithMiddleware(
			b.forget, // innermost: runs once the program has ended
			bubbletea.MiddlewareWithProgramHandler(b.program),
		),
	)
	if err != nil {
		return nil, err
	}
	b.srv = srv
	if b.addr, err = serveLoopback("bare", srv.Serve, b.served); err != nil {
		return nil, err
	}
	return b, nil
}

func (b *bareServer) program(sess ssh.Session) *tea.Program {
	p := tea.NewProgram(newBareModel(), bubbletea.MakeOptions(sess)...)
	sess.Context().SetValue(bareProgKey{}, p)
	b.mu.Lock()
	b.progs[p] = struct{}{}
	b.mu.Unlock()
	return p
}

func (b *bareServer) forget(next ssh.Handler) ssh.Handler {
	return func(sess ssh.Session) {
		if p, ok := sess.Context().Value(bareProgKey{}).(*tea.Program); ok {
			b.mu.Lock()
			delete(b.progs, p)
			b.mu.Unlock()
		}
		next(sess)
	}
}

// broadcast sends msg to every program, each on its own goroutine (Send
// waits while a program is busy), never under the lock.
func (b *bareServer) broadcast(msg tea.Msg) {
	b.mu.Lock()
	progs := make([]*tea.Program, 0, len(b.progs))
	for p := range b.progs {
		progs = append(progs, p)
	}
	b.mu.Unlock()
	for _, p := range progs {
		go p.Send(msg)
	}
}

func (b *bareServer) close() {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := b.srv.Shutdown(ctx); err != nil {
		_ = b.srv.Close()
	}
	<-b.served
}

func bareFrame() func(string) bool { return contains(bareLastRow, "quit") }
