package store

import (
	"cmp"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"wardpanel/model"
)

var picDay = time.Date(2025, 3, 12, 0, 0, 0, 0, time.UTC)

func (e *env) holdPicture(t testing.TB, by string, p model.PictureSession) model.PictureSession {
	t.Helper()
	p.Ward, p.Title = cmp.Or(p.Ward, north), cmp.Or(p.Title, "Parade walk-and-talk")
	if p.Date.IsZero() {
		p.Date = picDay
	}
	got, err := e.s.CreatePicture(e.actor(by), p)
	if err != nil {
		t.Fatalf("CreatePicture by %s: %v", by, err)
	}
	return got
}

func (e *env) capture(t testing.TB, by string, id model.ID, line string) model.Element {
	t.Helper()
	el, err := e.s.AddElement(e.actor(by), id, line)
	if err != nil {
		t.Fatalf("AddElement(%q) by %s: %v", line, by, err)
	}
	return el
}

func TestPictureSessionAndCapture(t *testing.T) {
	e := newEnv(t)
	var p model.PictureSession
	entry := wroteOne(t, e, func() (err error) {
		p, err = e.s.CreatePicture(e.actor("Chris Chair"), model.PictureSession{Ward: north, Title: "Parade walk-and-talk",
			Date: picDay.Add(18 * time.Hour), Place: "Community centre", Facilitators: []string{"Chris Chair", "Pat Police"},
			Groups: []model.Group{{Name: "residents", Count: 12}, {Name: "young people", Count: 6}}})
		return err
	})
	if p.ID != 1 || p.Version != 1 || p.CreatedBy != "Chris Chair" || !p.Date.Equal(picDay) || p.Participants() != 18 {
		t.Fatalf("created %+v", p)
	}
	if entry.Action != "picture.create" || entry.Target != "picture/1" || entry.Ward != north || entry.Visibility.Kind != model.VisPanel {
		t.Fatalf("audit entry %+v", entry)
	}

	var c model.Element
	entry = wroteOne(t, e, func() (err error) {
		c, err = e.s.AddElement(e.actor("Mo Member"), p.ID, "c: Dealing in the stairwell after 9pm #drugs #safety")
		return err
	})
	if c.ID == 0 || c.SessionID != p.ID || c.Ward != north || c.Kind != model.ElementConcern || c.By != "Mo Member" ||
		c.ByID != e.u["Mo Member"].ID || !slices.Equal(c.Themes, []string{"drugs", "safety"}) || c.Version != 1 {
		t.Fatalf("captured %+v", c)
	}
	// The trail says which line and what kind, never what it says.
	if entry.Action != "picture.capture" || entry.Ward != north || strings.Contains(entry.Summary, "stairwell") ||
		!strings.Contains(entry.Summary, fmt.Sprintf("line %d (concern)", c.ID)) {
		t.Fatalf("capture entry %+v", entry)
	}
	e.capture(t, "Pat Police", p.ID, "r: Police x young people: stop and search")
	e.capture(t, "Sam Secretary", p.ID, "Break for tea")
	lines, err := e.s.PictureElements(e.u["Olu Observer"], p.ID)
	if err != nil || len(lines) != 3 || lines[1].Relation != model.RelConflict || lines[2].Kind != model.ElementNote {
		t.Fatalf("the observer reads %+v, %v", lines, err)
	}
	got, err := e.s.Picture(e.u["Olu Observer"], p.ID)
	if err != nil || got.Lines != 3 {
		t.Fatalf("Picture: %+v, %v", got, err)
	}
	list, err := e.s.Pictures(e.u["Hana Housing"], north)
	if err != nil || len(list) != 1 || list[0].Lines != 3 {
		t.Fatalf("Pictures: %+v, %v", list, err)
	}
	// A line that does not read is refused with the parser's words, and nothing is written.
	before := auditCount(t, e.s)
	if _, err := e.s.AddElement(e.actor("Pat Police"), p.ID, "r: police and youth"); !errors.Is(err, model.ErrInvalid) ||
		!strings.Contains(err.Error(), "r: A -> B") {
		t.Fatalf("a bad line: %v", err)
	}
	if auditCount(t, e.s) != before {
		t.Fatal("a refused line left an audit entry")
	}
	// Details are edited from the version they started at.
	p.Title, p.Place = "Parade walk", "Library"
	saved, err := e.s.UpdatePicture(e.actor("Pat Police"), p)
	if err != nil || saved.Version != 2 || saved.Title != "Parade walk" || saved.CreatedBy != "Chris Chair" {
		t.Fatalf("UpdatePicture: %+v, %v", saved, err)
	}
	var ce *model.ConflictError
	if _, err := e.s.UpdatePicture(e.actor("Chris Chair"), p); !errors.As(err, &ce) || ce.By != "Pat Police" {
		t.Fatalf("a stale edit: %v", err)
	}
}

func TestPicturePermissionsInTheStore(t *testing.T) {
	e := newEnv(t)
	p := e.holdPicture(t, "Pat Police", model.PictureSession{})
	mine := e.capture(t, "Mo Member", p.ID, "s: Youth club on Fridays")
	theirs := e.capture(t, "Pat Police", p.ID, "c: Litter")

	for _, who := range []string{"Mo Member", "Olu Observer", "Ada Admin"} {
		if _, err := e.s.CreatePicture(e.actor(who), model.PictureSession{Ward: north, Title: "Mine", Date: picDay}); !errors.Is(err, model.ErrForbidden) {
			t.Errorf("%s held a session: %v", who, err)
		}
	}
	for _, who := range []string{"Olu Observer", "Ada Admin"} {
		if _, err := e.s.AddElement(e.actor(who), p.ID, "c: x"); !errors.Is(err, model.ErrForbidden) {
			t.Errorf("%s captured: %v", who, err)
		}
	}
	// Another ward's officer is told the session is not there at all.
	if _, err := e.s.AddElement(e.actor("Sol South"), p.ID, "c: x"); !errors.Is(err, model.ErrNotFound) || !strings.Contains(err.Error(), "session 1 not found") {
		t.Errorf("another ward captured: %v", err)
	}
	// Members change their own lines, not others'.
	if _, err := e.s.EditElement(e.actor("Mo Member"), p.ID, theirs.ID, "c: Litter everywhere", theirs.Version); !errors.Is(err, model.ErrForbidden) {
		t.Errorf("a member edited another's line: %v", err)
	}
	if err := e.s.DeleteElement(e.actor("Mo Member"), p.ID, theirs.ID); !errors.Is(err, model.ErrForbidden) {
		t.Errorf("a member deleted another's line: %v", err)
	}
	if _, err := e.s.EditElement(e.actor("Mo Member"), p.ID, mine.ID, "s: Youth club on Fridays and Saturdays", mine.Version); err != nil {
		t.Errorf("a member could not edit their own line: %v", err)
	}
	if err := e.s.DeleteElement(e.actor("Hana Housing"), p.ID, mine.ID); err != nil {
		t.Errorf("an officer could not delete a line: %v", err)
	}
	if _, err := e.s.RecordAsset(e.actor("Mo Member"), p.ID, mine.ID); err == nil {
		t.Error("a member recorded an asset")
	}
}

// A police-only session and everything in it is invisible to everyone
// outside police: every read, every write, the themes, the assets and
// the audit trail.
func TestPictureVisibilityCoversItsLines(t *testing.T) {
	e := newEnv(t)
	open := e.holdPicture(t, "Chris Chair", model.PictureSession{Title: "Open session"})
	e.capture(t, "Chris Chair", open.ID, "c: Bins overflow #bins")
	secret := e.holdPicture(t, "Pat Police", model.PictureSession{Title: "Heron Walk intelligence", Visibility: onlyAgencies("police")})
	s1 := e.capture(t, "Pat Police", secret.ID, "s: SECRET-STRENGTH informant network #secret-theme")
	c1 := e.capture(t, "Pat Police", secret.ID, "c: SECRET-CONCERN cuckooing at flat 3 #secret-theme")
	if _, err := e.s.RecordAsset(e.actor("Pat Police"), secret.ID, s1.ID); err != nil {
		t.Fatal(err)
	}
	prob, err := e.s.PromoteConcern(e.actor("Pat Police"), secret.ID, c1.ID)
	if err != nil {
		t.Fatal(err)
	}
	if prob.Visibility.String() != "agencies:police" {
		t.Fatalf("the problem is wider than its session: %s", prob.Visibility)
	}

	for _, who := range []string{"Hana Housing", "Chris Chair", "Mo Member", "Olu Observer", "Ada Admin", "Sol South"} {
		u := e.u[who]
		if _, err := e.s.Picture(u, secret.ID); !errors.Is(err, model.ErrNotFound) {
			t.Errorf("%s: Picture: %v", who, err)
		}
		if _, err := e.s.PictureElements(u, secret.ID); !errors.Is(err, model.ErrNotFound) {
			t.Errorf("%s: PictureElements: %v", who, err)
		}
		for name, err := range map[string]error{
			"edit": func() error {
				_, err := e.s.EditElement(e.actor(who), secret.ID, c1.ID, "c: x", c1.Version)
				return err
			}(),
			"delete":  e.s.DeleteElement(e.actor(who), secret.ID, c1.ID),
			"promote": func() error { _, err := e.s.PromoteConcern(e.actor(who), secret.ID, c1.ID); return err }(),
			"asset":   func() error { _, err := e.s.RecordAsset(e.actor(who), secret.ID, s1.ID); return err }(),
			"capture": func() error { _, err := e.s.AddElement(e.actor(who), secret.ID, "c: x"); return err }(),
		} {
			if !errors.Is(err, model.ErrNotFound) {
				t.Errorf("%s: %s on a session they cannot see: %v", who, name, err)
			}
		}
		var seen []string
		if ps, err := e.s.Pictures(u, north); err == nil {
			for _, p := range ps {
				seen = append(seen, p.Title)
			}
		}
		if tr, err := e.s.PictureThemes(u, north); err == nil {
			for _, r := range tr.Rows {
				seen = append(seen, r.Theme)
			}
		}
		if as, err := e.s.Assets(u, north, ""); err == nil {
			for _, a := range as {
				seen = append(seen, a.Name)
			}
		}
		if ls, err := e.s.PictureLinks(u, prob.ID); err == nil {
			for _, l := range ls {
				seen = append(seen, l.Element.Text)
			}
		}
		if entries, err := e.s.AuditFind(u, AuditQuery{}); err == nil {
			for _, a := range entries {
				seen = append(seen, a.Target+" "+a.Summary)
			}
		}
		for _, s := range seen {
			if strings.Contains(s, "SECRET-") || strings.Contains(s, "secret-theme") || strings.Contains(s, "Heron Walk") ||
				strings.Contains(s, fmt.Sprintf("picture/%d", secret.ID)) {
				t.Errorf("%s reads %q", who, s)
			}
		}
	}
	// Police see all of it.
	pat := e.u["Pat Police"]
	if ls, err := e.s.PictureElements(pat, secret.ID); err != nil || len(ls) != 2 {
		t.Fatalf("police read %v, %v", ls, err)
	}
	if tr, err := e.s.PictureThemes(pat, north); err != nil || len(tr.Sessions) != 2 || tr.Rows[0].Theme != "secret-theme" || tr.Rows[0].Total != 2 {
		t.Fatalf("police themes %+v, %v", tr, err)
	}
}

// Promote-to-problem: one transaction makes the problem (prefilled) and
// links the line to it; the problem is on the board and links back.
func TestPromoteConcernPutsAProblemOnTheBoard(t *testing.T) {
	e := newEnv(t)
	p := e.holdPicture(t, "Chris Chair", model.PictureSession{Place: "Community centre"})
	c := e.capture(t, "Mo Member", p.ID, "c: Dealing in the stairwell after 9pm #drugs #safety")
	var prob model.Problem
	entry := wroteOne(t, e, func() (err error) {
		prob, err = e.s.PromoteConcern(e.actor("Pat Police"), p.ID, c.ID)
		return err
	})
	if prob.ID == 0 || prob.Title != "Dealing in the stairwell after 9pm" || prob.Ward != north || prob.Stage != model.StageScanning ||
		prob.Category != "drugs" || prob.CreatedBy != "Pat Police" || prob.Version != 1 ||
		!strings.Contains(prob.Description, fmt.Sprintf("session %d", p.ID)) || !strings.Contains(prob.Description, fmt.Sprintf("line %d", c.ID)) {
		t.Fatalf("promoted %+v", prob)
	}
	if entry.Action != "picture.promote" || entry.Target != fmt.Sprintf("problem/%d", prob.ID) || entry.Ward != north {
		t.Fatalf("audit entry %+v", entry)
	}
	// On the board, for everyone in the ward.
	board, err := e.s.Problems(e.u["Olu Observer"], north)
	if err != nil || !slices.Contains(ids(board), prob.ID) {
		t.Fatalf("the board: %v, %v", ids(board), err)
	}
	// Linked both ways.
	lines, _ := e.s.PictureElements(e.u["Pat Police"], p.ID)
	if !slices.Equal(lines[0].Problems, []model.ID{prob.ID}) || lines[0].Version != 2 {
		t.Fatalf("the line is not linked: %+v", lines[0])
	}
	links, err := e.s.PictureLinks(e.u["Mo Member"], prob.ID)
	if err != nil || len(links) != 1 || links[0].Session.ID != p.ID || links[0].Element.ID != c.ID {
		t.Fatalf("PictureLinks: %+v, %v", links, err)
	}
	// Once only; concerns only; and the line stays while it is on the board.
	if _, err := e.s.PromoteConcern(e.actor("Pat Police"), p.ID, c.ID); !errors.Is(err, model.ErrDuplicate) {
		t.Errorf("promoted twice: %v", err)
	}
	idea := e.capture(t, "Pat Police", p.ID, "i: CCTV")
	if _, err := e.s.PromoteConcern(e.actor("Pat Police"), p.ID, idea.ID); !errors.Is(err, model.ErrInvalid) {
		t.Errorf("promoted an idea: %v", err)
	}
	if err := e.s.DeleteElement(e.actor("Pat Police"), p.ID, c.ID); !errors.Is(err, model.ErrForbidden) {
		t.Errorf("deleted a promoted line: %v", err)
	}
	if _, err := e.s.EditElement(e.actor("Pat Police"), p.ID, c.ID, "q: changed", 2); !errors.Is(err, model.ErrForbidden) {
		t.Errorf("a promoted line changed kind: %v", err)
	}
	// A member's promotion is a proposal, which CheckCreateProblem allows on a panel-wide session.
	c2 := e.capture(t, "Mo Member", p.ID, "c: Nowhere for teenagers to go #youth")
	if got, err := e.s.PromoteConcern(e.actor("Mo Member"), p.ID, c2.ID); err != nil || got.Category != "youth" {
		t.Errorf("a member's promotion: %+v, %v", got, err)
	}
	if _, err := e.s.PromoteConcern(e.actor("Olu Observer"), p.ID, c2.ID); err == nil {
		t.Error("an observer promoted")
	}
}

func TestRecordAssetAndSearchAssets(t *testing.T) {
	e := newEnv(t)
	p := e.holdPicture(t, "Chris Chair", model.PictureSession{Title: "Youth forum"})
	s := e.capture(t, "Mo Member", p.ID, "s: Mosque kitchen offers hot meals on Fridays #food")
	e.capture(t, "Mo Member", p.ID, "s: Boxing club takes referrals #youth")
	var a model.Asset
	entry := wroteOne(t, e, func() (err error) {
		a, err = e.s.RecordAsset(e.actor("Hana Housing"), p.ID, s.ID)
		return err
	})
	if a.ID != 1 || a.Name != "Mosque kitchen offers hot meals on Fridays" || a.Session != "Youth forum" || a.ElementID != s.ID ||
		!slices.Equal(a.Themes, []string{"food"}) || a.CreatedBy != "Hana Housing" {
		t.Fatalf("asset %+v", a)
	}
	if entry.Action != "picture.asset" || entry.Target != fmt.Sprintf("picture/%d", p.ID) {
		t.Fatalf("audit entry %+v", entry)
	}
	for q, want := range map[string]int{"": 1, "kitchen": 1, "#food": 1, "youth forum": 1, "boxing": 0} {
		got, err := e.s.Assets(e.u["Olu Observer"], north, q)
		if err != nil || len(got) != want {
			t.Errorf("Assets(%q): %+v, %v", q, got, err)
		}
	}
	if _, err := e.s.RecordAsset(e.actor("Pat Police"), p.ID, s.ID); !errors.Is(err, model.ErrDuplicate) {
		t.Errorf("recorded twice: %v", err)
	}
	if err := e.s.DeleteElement(e.actor("Pat Police"), p.ID, s.ID); !errors.Is(err, model.ErrForbidden) {
		t.Errorf("deleted an asset's line: %v", err)
	}
	if got, err := e.s.Assets(e.u["Sol South"], north, ""); err != nil || len(got) != 0 {
		t.Errorf("another ward's officer: %+v, %v", got, err)
	}

	// The same strength captured at a later session: recording it finds
	// the asset in the register, whatever the case and spacing, and the
	// line points to it; no second asset, dated today.
	later := e.holdPicture(t, "Chris Chair", model.PictureSession{Title: "Parade walk"})
	again := e.capture(t, "Mo Member", later.ID, "s: mosque kitchen  offers hot meals on Fridays")
	entry = wroteOne(t, e, func() (err error) {
		a, err = e.s.RecordAsset(e.actor("Pat Police"), later.ID, again.ID)
		return err
	})
	if a.ID != 1 || a.Session != "Youth forum" {
		t.Errorf("a strength already in the register became %+v", a)
	}
	if !strings.Contains(entry.Summary, "linked to community asset 1") {
		t.Errorf("audit summary %q", entry.Summary)
	}
	if got, err := e.s.Assets(e.u["Olu Observer"], north, ""); err != nil || len(got) != 1 {
		t.Errorf("the register after recording the same strength twice: %+v, %v", got, err)
	}
	lines, err := e.s.PictureElements(e.u["Pat Police"], later.ID)
	if err != nil || len(lines) != 1 || lines[0].AssetID != 1 {
		t.Errorf("the later line: %+v, %v", lines, err)
	}
}

func TestEditAndDeleteLines(t *testing.T) {
	e := newEnv(t)
	p := e.holdPicture(t, "Chris Chair", model.PictureSession{})
	l := e.capture(t, "Pat Police", p.ID, "c: Litter")
	var edited model.Element
	entry := wroteOne(t, e, func() (err error) {
		edited, err = e.s.EditElement(e.actor("Hana Housing"), p.ID, l.ID, "q: Litter everywhere #bins", l.Version)
		return err
	})
	if edited.Kind != model.ElementQuote || edited.Text != "Litter everywhere" || edited.EditedBy != "Hana Housing" || edited.Version != 2 || edited.By != "Pat Police" {
		t.Fatalf("edited %+v", edited)
	}
	if entry.Summary != fmt.Sprintf("%q: line %d edited, concern→quote", p.Title, l.ID) {
		t.Fatalf("summary %q", entry.Summary)
	}
	// Someone editing from the old version hears who changed it.
	var ce *model.ConflictError
	if _, err := e.s.EditElement(e.actor("Pat Police"), p.ID, l.ID, "c: mine", l.Version); !errors.As(err, &ce) || ce.By != "Hana Housing" {
		t.Fatalf("a stale edit: %v", err)
	}
	// The same line again changes nothing and writes nothing.
	before, rev := auditCount(t, e.s), e.s.Revision()
	same, err := e.s.EditElement(e.actor("Pat Police"), p.ID, l.ID, "q: Litter everywhere #bins", edited.Version)
	if err != nil || same.Version != edited.Version || auditCount(t, e.s) != before || e.s.Revision() != rev {
		t.Fatalf("an unchanged edit: %+v, %v", same, err)
	}
	wroteOne(t, e, func() error { return e.s.DeleteElement(e.actor("Pat Police"), p.ID, l.ID) })
	if ls, _ := e.s.PictureElements(e.u["Pat Police"], p.ID); len(ls) != 0 {
		t.Fatalf("deleted line still there: %+v", ls)
	}
	if err := e.s.DeleteElement(e.actor("Pat Police"), p.ID, l.ID); !errors.Is(err, model.ErrNotFound) {
		t.Fatalf("deleting it again: %v", err)
	}
	if got, _ := e.s.Check(); !got.OK() {
		t.Fatalf("Check: %v", got.Faults)
	}
}

func TestThemesPerWardOverTime(t *testing.T) {
	e := newEnv(t)
	later := e.holdPicture(t, "Chris Chair", model.PictureSession{Title: "Spring", Date: picDay.AddDate(0, 2, 0)})
	earlier := e.holdPicture(t, "Chris Chair", model.PictureSession{Title: "Winter", Date: picDay})
	for _, l := range []string{"c: a #safety", "c: b #safety #youth"} {
		e.capture(t, "Pat Police", earlier.ID, l)
	}
	for _, l := range []string{"c: c #youth", "q: d #youth", "i: e #parks"} {
		e.capture(t, "Pat Police", later.ID, l)
	}
	tr, err := e.s.PictureThemes(e.u["Mo Member"], north)
	if err != nil {
		t.Fatal(err)
	}
	if len(tr.Sessions) != 2 || tr.Sessions[0].Title != "Winter" || tr.Sessions[1].Lines != 3 {
		t.Fatalf("sessions %+v", tr.Sessions)
	}
	want := []model.ThemeRow{{Theme: "youth", Counts: []int{1, 2}, Total: 3}, {Theme: "safety", Counts: []int{2, 0}, Total: 2},
		{Theme: "parks", Counts: []int{0, 1}, Total: 1}}
	if fmt.Sprint(tr.Rows) != fmt.Sprint(want) {
		t.Fatalf("rows %+v, want %+v", tr.Rows, want)
	}
	if list, _ := e.s.Pictures(e.u["Mo Member"], north); list[0].Title != "Winter" {
		t.Fatalf("Pictures not in date order: %+v", list)
	}
}

// Facilitators capturing at once each get their own line: none is lost.
func TestConcurrentCaptureLosesNothing(t *testing.T) {
	e := newEnv(t)
	p := e.holdPicture(t, "Chris Chair", model.PictureSession{})
	var wg sync.WaitGroup
	who := []string{"Pat Police", "Hana Housing", "Mo Member", "Chris Chair"}
	for i, name := range who {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range 10 {
				if _, err := e.s.AddElement(e.actor(name), p.ID, fmt.Sprintf("n: line %d-%d", i, j)); err != nil {
					t.Error(err)
				}
			}
		}()
	}
	wg.Wait()
	lines, err := e.s.PictureElements(e.u["Olu Observer"], p.ID)
	if err != nil || len(lines) != 40 {
		t.Fatalf("%d lines, %v", len(lines), err)
	}
	if got, _ := e.s.Check(); !got.OK() {
		t.Fatalf("Check: %v", got.Faults)
	}
}

func TestCheckFindsPictureDamage(t *testing.T) {
	setup := func(t *testing.T) (*env, model.PictureSession, model.Element) {
		e := newEnv(t)
		p := e.holdPicture(t, "Chris Chair", model.PictureSession{})
		s := e.capture(t, "Pat Police", p.ID, "s: Youth club")
		c := e.capture(t, "Pat Police", p.ID, "c: Litter")
		if _, err := e.s.RecordAsset(e.actor("Pat Police"), p.ID, s.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := e.s.PromoteConcern(e.actor("Pat Police"), p.ID, c.ID); err != nil {
			t.Fatal(err)
		}
		if r, err := e.s.Check(); err != nil || !r.OK() {
			t.Fatalf("Check before damage: %v, %v", r.Faults, err)
		}
		return e, p, s
	}
	tests := []struct {
		name   string
		damage func(tx *bolt.Tx, p model.PictureSession, s model.Element) error
		want   string
	}{
		{"dangling session index", func(tx *bolt.Tx, _ model.PictureSession, _ model.Element) error {
			return tx.Bucket(bucketPicturesByWard).Put(wardIndexKey(north, 99), []byte{})
		}, "pictures_by_ward: lists session 99 under ward E05000001, but there is no session 99"},
		{"session missing from its index", func(tx *bolt.Tx, p model.PictureSession, _ model.Element) error {
			return tx.Bucket(bucketPicturesByWard).Delete(wardIndexKey(north, uint64(p.ID)))
		}, "rich-picture session 1: pictures_by_ward does not list it"},
		{"line of a missing session", func(tx *bolt.Tx, _ model.PictureSession, s model.Element) error {
			s.SessionID = 7
			return putRaw(tx, bucketPictureElements, pairKey(7, uint64(s.ID)), s)
		}, "line 1 of rich-picture session 7: the session does not exist"},
		{"line that does not decode", func(tx *bolt.Tx, p model.PictureSession, s model.Element) error {
			return tx.Bucket(bucketPictureElements).Put(pairKey(uint64(p.ID), uint64(s.ID)), []byte{9, 9})
		}, "line 1 of rich-picture session 1"},
		{"asset whose line is gone", func(tx *bolt.Tx, p model.PictureSession, s model.Element) error {
			return tx.Bucket(bucketPictureElements).Delete(pairKey(uint64(p.ID), uint64(s.ID)))
		}, "community asset 1: its line 1 of session 1 does not exist"},
		{"asset index in the wrong ward", func(tx *bolt.Tx, _ model.PictureSession, _ model.Element) error {
			if err := tx.Bucket(bucketAssetsByWard).Delete(wardIndexKey(north, 1)); err != nil {
				return err
			}
			return tx.Bucket(bucketAssetsByWard).Put(wardIndexKey(south, 1), []byte{})
		}, "assets_by_ward: lists asset 1 under ward E05000002, but it is in ward E05000001"},
		{"line linked to a missing problem", func(tx *bolt.Tx, p model.PictureSession, s model.Element) error {
			s.Problems = []model.ID{999}
			return putRaw(tx, bucketPictureElements, pairKey(uint64(p.ID), uint64(s.ID)), s)
		}, "its problem 999 does not exist"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e, p, s := setup(t)
			corrupt(t, e, func(tx *bolt.Tx) error { return tt.damage(tx, p, s) })
			r, err := e.s.Check()
			if err != nil {
				t.Fatal(err)
			}
			if !slices.ContainsFunc(r.Faults, func(f string) bool { return strings.Contains(f, tt.want) }) {
				t.Fatalf("faults %q lack %q", r.Faults, tt.want)
			}
		})
	}
}
