package tui

import (
	"errors"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"wardpanel/model"
)

// Problems' SARA plans (issue 19) on the problem screen: the plan by stage,
// the stage timeline and the assessment's figures (plan.go), and the
// sheets that write them (planforms.go). What the screen shows comes from
// the store, which filters the plan for its reader (model.VisiblePlan);
// every key is offered only when the model's Check* allows it.

// PlanStore is what the problem screen reads and writes of a plan:
// *store.Store satisfies it.
type PlanStore interface {
	Plan(viewer model.User, id model.ID) (model.Plan, error)
	BeforeAfter(viewer model.User, id model.ID) (model.BeforeAfter, bool, error)
	SetPlanText(by model.Actor, id model.ID, field model.PlanField, text string, vis *model.Visibility, version uint64) (model.Plan, error)
	AddPlanNote(by model.Actor, id model.ID, text string, vis *model.Visibility) (model.Plan, error)
	AddResponse(by model.Actor, id model.ID, r model.Response) (model.Plan, error)
	SetPlanScan(by model.Actor, id model.ID, src model.ProblemSource, focus model.CrimeFocus) (model.Plan, error)
	SetReview(by model.Actor, id model.ID, date time.Time) (model.Problem, error)
	MoveStage(by model.Actor, id model.ID, to model.Stage, reason string, version uint64) (model.Problem, error)
}

// planKeyMap is the plan's keys, on the problem screen, and the board's
// "for review" filter; keyMap.Plan holds them.
type planKeyMap struct {
	Move     key.Binding
	Text     key.Binding
	Scan     key.Binding // how it came in, and the crime focus
	Note     key.Binding
	Response key.Binding
	Review   key.Binding
	// ForReview filters the board to the problems past their review date.
	ForReview key.Binding
	// The problem screen's sections: the plan's stages, the timeline,
	// actions and evidence.
	NextSection, PrevSection key.Binding
}

func newPlanKeyMap() planKeyMap {
	return planKeyMap{
		Move:        key.NewBinding(key.WithKeys("s"), key.WithHelp("s", "move stage")),
		Text:        key.NewBinding(key.WithKeys("p"), key.WithHelp("p", "edit plan")),
		Scan:        key.NewBinding(key.WithKeys("f"), key.WithHelp("f", "source & crime focus")),
		Note:        key.NewBinding(key.WithKeys("n"), key.WithHelp("n", "analysis note")),
		Response:    key.NewBinding(key.WithKeys("r"), key.WithHelp("r", "add response")),
		Review:      key.NewBinding(key.WithKeys("d"), key.WithHelp("d", "review date")),
		ForReview:   key.NewBinding(key.WithKeys("d"), key.WithHelp("d", "for review")),
		NextSection: key.NewBinding(key.WithKeys("]"), key.WithHelp("]", "next section")),
		PrevSection: key.NewBinding(key.WithKeys("["), key.WithHelp("[", "previous section")),
	}
}

// problemLoadedMsg is the problem screen's load: the problem with its
// actions and evidence (detailLoadedMsg), and its plan and figures.
type problemLoadedMsg struct {
	detailLoadedMsg
	plan    model.Plan
	hasPlan bool
	planErr error
	// figures are the assessment's before and after, when there are any
	// this reader may see.
	figures *model.BeforeAfter
}

// loadProblemCmd reads what the problem screen shows. The plan comes
// filtered by the store (model.VisiblePlan), and is checked again here to
// be the plan of the problem loaded.
func loadProblemCmd(st Store, viewer model.User, id model.ID, seq int) tea.Cmd {
	detail := loadDetailCmd(st, viewer, id, seq)
	return func() tea.Msg {
		msg := problemLoadedMsg{detailLoadedMsg: detail().(detailLoadedMsg)}
		if msg.err != nil {
			return msg
		}
		plan, err := st.Plan(viewer, id)
		switch {
		case err != nil:
			msg.planErr = err
			return msg
		case plan.ProblemID != id:
			msg.planErr = model.ErrNotFound
			return msg
		}
		msg.plan, msg.hasPlan = plan, true
		// Figures need the crime picture, which not every reader may see:
		// without it the assessment shows none, and says nothing of why.
		if ba, ok, err := st.BeforeAfter(viewer, id); err == nil && ok {
			msg.figures = &ba
		} else if err != nil && !errors.Is(err, model.ErrForbidden) && !errors.Is(err, model.ErrNotFound) {
			msg.planErr = err
		}
		return msg
	}
}

// planSavedMsg answers a plan sheet's save: text is the status line.
type planSavedMsg struct {
	seq  int
	text string
	err  error
}

// openPlanFormMsg opens a plan sheet built by the problem screen.
type openPlanFormMsg struct{ f *planForm }

// planDoneMsg: a plan sheet saved; the root closes it and the problem
// screen reads the problem afresh.
type planDoneMsg struct{ text string }
