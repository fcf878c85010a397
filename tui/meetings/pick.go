package meetings

import (
	"fmt"
	"slices"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"wardpanel/model"
	"wardpanel/tui/ui"
)

// Pick chooses problems in order: candidates for a vote, or a
// ballot's choices (first is most wanted).
type Pick struct {
	c       *env
	title   string
	hint    string
	options []model.Problem
	chosen  []model.ID
	limit   int
	cursor  int
	submit  func(chosen []model.ID) tea.Cmd
	done    string
	err     string

	saving  bool
	saveSeq int

	width, height int
}

func (p *Pick) Init() tea.Cmd    { return nil }
func (p *Pick) Capturing() bool  { return false }
func (p *Pick) Title() string    { return "Pick a problem" }
func (p *Pick) SetSize(w, h int) { p.width, p.height = w, h }

func (p *Pick) ShortHelp() []key.Binding {
	k := p.c.k
	return []key.Binding{k.Toggle, k.Confirm, k.Cancel, k.Down, k.Up}
}

func (p *Pick) FullHelp() [][]key.Binding {
	k := p.c.k
	return [][]key.Binding{{k.Up, k.Down, k.Toggle}, {k.Confirm, k.Cancel, k.ForceQuit}}
}

func newVotePick(c *env, m model.Meeting, candidates []model.Problem) *Pick {
	p := &Pick{c: c, title: "Open the priorities vote",
		hint:    "Choose the candidate problems (only those the whole panel can see), then enter.",
		options: candidates, limit: model.MaxCandidates, done: "Vote open: members and officers press b to vote."}
	p.submit = func(chosen []model.ID) tea.Cmd {
		p.saveSeq = c.NextSeq()
		return changeMeetingCmd(c.st, c.Actor(), m.ID, model.OpenVote{Candidates: chosen}, "", p.saveSeq)
	}
	return p
}

func newBallotPick(c *env, m model.Meeting, problem func(model.ID) (model.Problem, bool)) *Pick {
	p := &Pick{c: c, title: "Your vote", limit: model.MaxPriorities,
		hint: "Choose up to three, most wanted first, then enter. You vote once.", done: "Your vote is in."}
	for _, id := range m.Vote.Candidates {
		if pr, ok := problem(id); ok {
			p.options = append(p.options, pr)
		}
	}
	p.submit = func(chosen []model.ID) tea.Cmd {
		p.saveSeq = c.NextSeq()
		return changeMeetingCmd(c.st, c.Actor(), m.ID, model.CastVote{Choices: chosen}, "", p.saveSeq)
	}
	return p
}

func (p *Pick) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case meetingSavedMsg:
		if msg.seq != p.saveSeq || !p.saving {
			return nil
		}
		p.saving = false
		if msg.err != nil {
			p.err = ui.DescribeErr("saving", msg.err)
			return nil
		}
		return ui.Cmd(p.c.links.Done(p.done, 0))
	case tea.KeyPressMsg:
		k := p.c.k
		switch {
		case key.Matches(msg, k.Cancel):
			if !p.saving {
				return ui.Cmd(ui.Back{})
			}
		case key.Matches(msg, k.Up):
			p.cursor = max(0, p.cursor-1)
		case key.Matches(msg, k.Down):
			p.cursor = min(len(p.options)-1, p.cursor+1)
		case key.Matches(msg, k.Toggle):
			if len(p.options) == 0 {
				return nil
			}
			id := p.options[p.cursor].ID
			if i := slices.Index(p.chosen, id); i >= 0 {
				p.chosen = slices.Delete(p.chosen, i, i+1)
			} else if len(p.chosen) < p.limit {
				p.chosen = append(p.chosen, id)
			} else {
				p.err = fmt.Sprintf("At most %d: press space on one to drop it first.", p.limit)
				return nil
			}
			p.err = ""
		case key.Matches(msg, k.Confirm):
			if p.saving {
				return nil
			}
			if len(p.chosen) == 0 {
				p.err = "Choose at least one with space."
				return nil
			}
			p.saving, p.err = true, ""
			return p.submit(slices.Clone(p.chosen))
		}
	}
	return nil
}

func (p *Pick) View() string {
	st := p.c.Styles()
	head := p.title
	if p.saving {
		head = "Saving… " + head
	}
	lines := []string{st.Title.Render(ui.Trunc(head, p.width))}
	for _, l := range ui.Wrap(p.hint, p.width) {
		lines = append(lines, st.Muted.Render(l))
	}
	if p.err != "" {
		lines = append(lines, st.Error.Render(ui.Trunc(ui.SafeLine(p.err, model.MaxLineLen), p.width)))
	}
	if len(p.options) == 0 {
		lines = append(lines, st.Muted.Render("There is nothing to choose from."))
	}
	room := max(1, p.height-len(lines))
	first := ui.Clamp(p.cursor-room+1, 0, max(0, len(p.options)-room))
	for i := first; i < len(p.options) && i < first+room; i++ {
		o := p.options[i]
		box := "[ ]"
		if n := slices.Index(p.chosen, o.ID); n >= 0 {
			box = fmt.Sprintf("[%d]", n+1)
		}
		line := fmt.Sprintf("%s %s %s", box, model.ProblemRef(o.ID), ui.SafeLine(o.Title, model.MaxTitleLen))
		if i == p.cursor {
			lines = append(lines, st.RowSelected.Render(ui.Fit("> "+line, p.width)))
		} else {
			lines = append(lines, ui.Trunc("  "+line, p.width))
		}
	}
	return ui.Block(lines, p.width, p.height)
}
