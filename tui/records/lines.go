package records

import (
	"errors"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"wardpanel/model"
	"wardpanel/tui/ui"
)

// errNoRecord stands for the model's answer while no record is on screen:
// nothing is offered, and a key refuses nothing.
var errNoRecord = errors.New("no record on screen")

// offered appends bs to out when err, the model's answer to what they
// do, allows it.
func offered(out []key.Binding, err error, bs ...key.Binding) []key.Binding {
	if err != nil {
		return out
	}
	return append(out, bs...)
}

// ask sends the message a key makes when err, the model's answer, allows
// it; else the status line gives the model's reason.
func ask(err error, msg func() tea.Msg) tea.Cmd {
	switch {
	case err == nil:
		return ui.Cmd(msg())
	case errors.Is(err, errNoRecord):
		return nil
	}
	return ui.Refused(err)
}

// logState is a record's log (actions, evidence, outcomes) before its
// entries: loading, failed, or empty, each said in a line or two.
type logState struct {
	err    error
	loaded bool
	n      int
	// what the log is, for "Could not load what" (with the error when
	// withErr); none says it is empty, hint how to add to it when offered.
	what       string
	withErr    bool
	none, hint string
	offered    bool
}

// lines are the log's lines at width w when it has no entries to show;
// ok false when it has.
func (l logState) lines(st *ui.Styles, w int) (out []string, ok bool) {
	switch {
	case l.err != nil && !l.loaded:
		text := "Could not load " + l.what + "."
		if l.withErr {
			text = "Could not load " + l.what + ": " + ui.SafeLine(l.err.Error(), model.MaxLineLen)
		}
		return []string{st.Error.Render(ui.Trunc(text, w))}, true
	case !l.loaded:
		return []string{st.Muted.Render("Loading…")}, true
	case l.n > 0:
		return nil, false
	}
	msg := l.none
	if l.offered {
		msg += l.hint
	}
	for _, line := range ui.Wrap(msg, w) {
		out = append(out, st.Muted.Render(line))
	}
	return out, true
}

// logLines append a log to lines: what it is while it has no entries to
// show, else each entry as draw lays it out, a blank line between.
func logLines[T any](lines []string, st *ui.Styles, w int, l logState, entries []T, draw func(*ui.Styles, T, int) []string) []string {
	l.n = len(entries)
	if out, ok := l.lines(st, w); ok {
		return append(lines, out...)
	}
	for i, e := range entries {
		if i > 0 {
			lines = append(lines, "")
		}
		lines = append(lines, draw(st, e, w)...)
	}
	return lines
}

// entryLines are a log entry: its heading line, then its text indented.
func entryLines(st *ui.Styles, head, text string, w int) []string {
	out := []string{ui.Trunc(head, w)}
	for _, l := range ui.Wrap(text, max(1, w-2)) {
		out = append(out, "  "+st.Value.Render(l))
	}
	return out
}

// evidenceLines draws one evidence entry: a heading line (when, kind,
// agency, who) and its text, indented. The kind is a word in capitals and
// comes before anything the user wrote, so a resident's report is never
// read as a recorded fact, with or without colour.
func evidenceLines(st *ui.Styles, e model.Evidence, w int) []string {
	e = e.Safe()
	kind := ui.Fit(evidenceKindLabel(e.Kind), 7)
	switch e.Kind {
	case model.EvidenceFact:
		kind = st.KindFact.Render(kind)
	case model.EvidenceReport:
		kind = st.KindReport.Render(kind)
	case model.EvidenceOpinion:
		kind = st.KindOpinion.Render(kind)
	}
	who := ui.SafeLine(e.Agency, model.MaxLineLen)
	if e.LoggedBy != "" {
		who += " · " + e.LoggedBy
	}
	head := st.Label.Render(ui.DateLabel(e.Occurred)) + " " + kind + " " + st.Value.Render(who)
	if tag := ui.VisibilityTag(e.Visibility); tag != "" {
		head += " " + st.Restricted.Render(tag)
	}
	return entryLines(st, head, e.Text, w)
}

func evidenceKindLabel(k model.EvidenceKind) string {
	switch k {
	case model.EvidenceFact:
		return "FACT"
	case model.EvidenceReport:
		return "REPORT"
	case model.EvidenceOpinion:
		return "OPINION"
	}
	return strings.ToUpper(ui.SafeLine(string(k), 10))
}
