package sshd

import (
	"strings"
	"sync"
	"testing"
	"time"

	"wardpanel/model"
)

// TestPictureTwoFacilitatorsCaptureAtOnceOverSSH is the rich-picture acceptance
// over SSH: two facilitators have the same session open on their own
// terminals and each types a line and presses Enter at the same moment;
// both lines are saved, and both screens show both lines with no key
// pressed after Enter. A third person watching the picture sees both too.
func TestPictureTwoFacilitatorsCaptureAtOnceOverSSH(t *testing.T) {
	f := startServer(t, false)
	dana, err := f.st.UserByName("Dana Police")
	if err != nil {
		t.Fatal(err)
	}
	p, err := f.st.CreatePicture(model.Actor{User: dana, Fingerprint: "test"}, model.PictureSession{Ward: testWard,
		Title: "Mill Lane walk-and-talk", Date: time.Now(), Place: "The Library",
		Groups: []model.Group{{Name: "residents", Count: 9}, {Name: "young people", Count: 4}}})
	if err != nil {
		t.Fatal(err)
	}

	open := func() *terminal {
		term := openTerminal(t, f.addr, f.police, 80, 24)
		term.screen.WaitFor(t, "● live")
		term.press(t, "r")
		term.screen.WaitFor(t, "Mill Lane walk-and-talk")
		term.press(t, "\r")
		term.screen.WaitFor(t, "Type a line below and press enter")
		return term
	}
	danaTerm := open()
	priyaTerm := func() *terminal {
		term := openTerminal(t, f.addr, f.housing, 80, 24)
		term.screen.WaitFor(t, "● live")
		term.press(t, "r")
		term.screen.WaitFor(t, "Mill Lane walk-and-talk")
		term.press(t, "\r")
		term.screen.WaitFor(t, "Type a line below and press enter")
		return term
	}()
	watcher := open()
	watcher.press(t, "\t") // the picture, summed up
	watcher.screen.WaitFor(t, "Picture · Mill Lane walk-and-talk")

	// Both type their line, then both press Enter at once.
	danaTerm.press(t, "c: Dealing under the bridge after dark #drugs")
	priyaTerm.press(t, "s: Tenants run a litter pick on Sundays #waste")
	danaTerm.screen.WaitFor(t, "under the bridge after dark")
	priyaTerm.screen.WaitFor(t, "litter pick on Sundays")
	marks := []int{danaTerm.screen.Mark(), priyaTerm.screen.Mark(), watcher.screen.Mark()}
	var wg sync.WaitGroup
	for _, term := range []*terminal{danaTerm, priyaTerm} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, _ = term.in.Write([]byte("\r"))
		}()
	}
	wg.Wait()

	for i, term := range []*terminal{danaTerm, priyaTerm} {
		term.screen.WaitForSince(t, marks[i], "concern   Dealing under the bridge after dark")
		term.screen.WaitFor(t, "strength  Tenants run a litter pick on Sundays")
		if got := term.screen.Text(); !strings.Contains(got, "2 lines") {
			t.Fatalf("terminal %d:\n%s", i, got)
		}
	}
	watcher.screen.WaitForSince(t, marks[2], "Dealing under the bridge after dark")
	watcher.screen.WaitFor(t, "Tenants run a litter pick on Sundays")
	watcher.screen.WaitFor(t, "#drugs")

	lines, err := f.st.PictureElements(dana, p.ID)
	if err != nil || len(lines) != 2 {
		t.Fatalf("saved: %+v, %v", lines, err)
	}
	by := map[string]model.ElementKind{}
	for _, l := range lines {
		by[l.By] = l.Kind
	}
	if by["Dana Police"] != model.ElementConcern || by["Priya Housing"] != model.ElementStrength {
		t.Fatalf("lines by %v", by)
	}
}
