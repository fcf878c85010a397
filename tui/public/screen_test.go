package public

import (
	"fmt"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/exp/teatest/v2"

	"wardpanel/model"
)

// fakeSource is one published ward and the concerns left for it.
type fakeSource struct {
	sum      model.Summary
	concerns []model.Concern
}

func (f *fakeSource) PublishedWards() ([]model.Ward, error) {
	return []model.Ward{{Code: f.sum.Ward, Name: f.sum.WardName}}, nil
}

func (f *fakeSource) Published(ward string) (model.Summary, error) {
	if ward != f.sum.Ward {
		return model.Summary{}, fmt.Errorf("ward %s has published no summary: %w", ward, model.ErrNotFound)
	}
	return f.sum, nil
}

func (f *fakeSource) LeaveConcern(ward, text, contact string) error {
	c := model.Concern{Ward: ward, Text: text, Contact: contact}
	if err := c.Validate(); err != nil {
		return err
	}
	f.concerns = append(f.concerns, c)
	return nil
}

var t0 = time.Date(2026, 3, 4, 19, 0, 0, 0, time.UTC)

func testSummary() model.Summary {
	return model.Summary{Ward: "E05009367", WardName: "Northfield", Version: 2, PublishedAt: t0, PublishedBy: "Carol Hughes",
		Current: []model.SummaryPriority{
			{Title: "Drug dealing in the Tower B stairwell", Location: "Tower B", Stage: model.StageResponse, Did: []model.SummaryOutcome{
				{Agency: "police", Text: "Patrols on four evenings a week; two arrests.", Result: "enforcement", At: t0.AddDate(0, 0, -9)},
				{Agency: "housing", Text: "Door entry repaired.\nCCTV asked for.", Result: "environmental-change", At: t0.AddDate(0, 0, -3)}}},
			{Title: "Fly-tipping in the Elm Grove alley", Stage: model.StageAnalysis},
		},
		Past: []model.SummaryPriority{{Title: "Speeding on Mill Lane", Stage: model.StageClosed, Did: []model.SummaryOutcome{
			{Agency: "council", Text: "Speed cushions fitted.", Result: "environmental-change", At: t0.AddDate(0, -2, 0)}}}},
		Next: &model.SummaryMeeting{When: t0.AddDate(0, 1, 0), Venue: "Northfield Library"},
	}
}

func press(s *Screen, keys ...string) {
	for _, k := range keys {
		var msg tea.KeyPressMsg
		switch k {
		case "enter":
			msg = tea.KeyPressMsg{Code: tea.KeyEnter}
		case "esc":
			msg = tea.KeyPressMsg{Code: tea.KeyEscape}
		case "down":
			msg = tea.KeyPressMsg{Code: tea.KeyDown}
		default:
			for _, r := range k {
				s.Update(tea.KeyPressMsg{Code: r, Text: string(r)})
			}
			continue
		}
		s.Update(msg)
	}
}

// The public screen at 80×24 and at 40×12: the wards, then the summary.
func TestGoldenPublicScreen(t *testing.T) {
	for _, sz := range [][2]int{{80, 24}, {40, 12}} {
		t.Run(fmt.Sprintf("%dx%d", sz[0], sz[1]), func(t *testing.T) {
			s := New(&fakeSource{sum: testSummary()})
			s.Update(tea.WindowSizeMsg{Width: sz[0], Height: sz[1]})
			out := s.View().Content + "\n----\n"
			press(s, "enter")
			out += s.View().Content + "\n"
			teatest.RequireEqualOutput(t, []byte(out))
		})
	}
}

// c, a line, enter, a contact, enter: the concern is left, and said so;
// esc while typing sends nothing.
func TestPublicScreenConcern(t *testing.T) {
	src := &fakeSource{sum: testSummary()}
	s := New(src)
	press(s, "enter", "c", "esc")
	if len(src.concerns) != 0 || s.status != "Nothing was sent." {
		t.Fatalf("esc sent %+v, status %q", src.concerns, s.status)
	}
	press(s, "c", "Bins overflowing on Station Road", "enter", "07700 900123", "enter")
	if len(src.concerns) != 1 || src.concerns[0].Text != "Bins overflowing on Station Road" || src.concerns[0].Contact != "07700 900123" {
		t.Fatalf("concerns %+v", src.concerns)
	}
	if s.status != "Thank you: your concern is with the panel's officers." {
		t.Errorf("status %q", s.status)
	}
	press(s, "c", "ok", "enter", "enter")
	if len(src.concerns) != 1 || s.status == "" {
		t.Errorf("a too-short concern: %+v, status %q", src.concerns, s.status)
	}
}
