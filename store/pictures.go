package store

import (
	"bytes"
	"cmp"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"time"

	bolt "go.etcd.io/bbolt"

	"wardpanel/model"
)

// Rich pictures (issue 5). A session is one record; its captured lines
// live under it in picture_elements, keyed by session ID then line ID, so
// a session's lines are one prefix scan. Community assets recorded from
// strengths have their own bucket and ward index.
//
// A session's visibility covers its lines, its assets and every audit
// entry about them: each entry carries the session's ward and visibility.
// Summaries name the session's title, the line's number and kind, never
// what the line says (a resident's words can be sensitive).

func noPicture(id model.ID) error {
	return fail(model.ErrNotFound, "rich-picture session %d not found", id)
}

func noElement(session, id model.ID) error {
	return fail(model.ErrNotFound, "line %d of rich-picture session %d not found", id, session)
}

// visiblePicture loads session id for u; missing and hidden read the same.
func visiblePicture(tx *bolt.Tx, u model.User, id model.ID) (model.PictureSession, error) {
	return visibleRecord(tx, bucketPictures, id, func(p model.PictureSession) bool { return model.CanSeePicture(u, p) }, noPicture)
}

func putPicture(tx *bolt.Tx, p model.PictureSession) error {
	return putWardRecord(tx, bucketPictures, bucketPicturesByWard, p.Ward, p.ID, p)
}

// element loads line id of session p (which the caller may see).
func element(tx *bolt.Tx, p model.PictureSession, id model.ID) (model.Element, error) {
	var e model.Element
	found, err := get(tx.Bucket(bucketPictureElements), pairKey(uint64(p.ID), uint64(id)), &e)
	if err != nil {
		return model.Element{}, err
	}
	if !found {
		return model.Element{}, noElement(p.ID, id)
	}
	return e, nil
}

// visibleElement loads session id for u and its line elementID: the
// start of every change to a line, so a hidden session and a missing line
// fail the same way everywhere.
func visibleElement(tx *bolt.Tx, u model.User, id, elementID model.ID) (model.PictureSession, model.Element, error) {
	p, err := visiblePicture(tx, u, id)
	if err != nil {
		return model.PictureSession{}, model.Element{}, err
	}
	e, err := element(tx, p, elementID)
	if err != nil {
		return model.PictureSession{}, model.Element{}, err
	}
	return p, e, nil
}

func putElement(tx *bolt.Tx, e model.Element) error {
	return put(tx.Bucket(bucketPictureElements), pairKey(uint64(e.SessionID), uint64(e.ID)), e)
}

// pictureEntry is an audit entry about session p, as restricted as p.
func pictureEntry(verb model.AuditAction, p model.PictureSession, summary string) model.AuditEntry {
	return recordEntry(verb, "picture", p.ID,
		fmt.Sprintf("%q: %s", p.Title, summary), p.Ward, p.Visibility)
}

// CreatePicture holds a new rich-picture session (model.CheckCreatePicture):
// validated, with its ID, Version 1 and Created*/Updated* set, and an audit
// entry as restricted as the session.
func (s *Store) CreatePicture(by model.Actor, p model.PictureSession) (model.PictureSession, error) {
	p = model.PictureSession{Ward: p.Ward, Title: p.Title, Date: p.Date, Place: p.Place,
		Facilitators: slices.Clone(p.Facilitators), Groups: slices.Clone(p.Groups), Visibility: p.Visibility}
	if err := p.Validate(); err != nil {
		return model.PictureSession{}, err
	}
	err := s.change("create rich-picture session", by, func(tx *bolt.Tx, now time.Time) (model.AuditEntry, error) {
		if tx.Bucket(bucketWards).Get([]byte(p.Ward)) == nil {
			return model.AuditEntry{}, unknownWard(p.Ward)
		}
		if err := model.CheckCreatePicture(by.User, p); err != nil {
			return model.AuditEntry{}, err
		}
		if err := createRecord(tx, bucketPictures, &p, by, now); err != nil {
			return model.AuditEntry{}, err
		}
		if err := putPicture(tx, p); err != nil {
			return model.AuditEntry{}, err
		}
		return pictureEntry(model.AuditPictureCreate, p, fmt.Sprintf("session on %s, %d participants, visibility %s",
			date(p.Date), p.Participants(), p.Visibility)), nil
	})
	if err != nil {
		return model.PictureSession{}, err
	}
	return p, nil
}

// UpdatePicture saves p's details (title, date, place, facilitators,
// groups, visibility) over session p.ID; p.Version must be the version the
// edit started from, else *model.ConflictError naming who saved since.
// Checks model.CheckEditPicture. Its lines are untouched.
func (s *Store) UpdatePicture(by model.Actor, p model.PictureSession) (model.PictureSession, error) {
	p.Facilitators, p.Groups = slices.Clone(p.Facilitators), slices.Clone(p.Groups)
	if err := p.Validate(); err != nil {
		return model.PictureSession{}, err
	}
	var saved model.PictureSession
	err := s.change("update rich-picture session", by, func(tx *bolt.Tx, now time.Time) (model.AuditEntry, error) {
		old, err := visiblePicture(tx, by.User, p.ID)
		if err != nil {
			return model.AuditEntry{}, err
		}
		if err := model.CheckEditPicture(by.User, old, p); err != nil {
			return model.AuditEntry{}, hidden(err, noPicture(p.ID))
		}
		if p.Version != old.Version {
			return model.AuditEntry{}, &model.ConflictError{By: old.UpdatedBy, At: old.UpdatedAt}
		}
		next := old
		next.Title, next.Date, next.Place, next.Facilitators, next.Groups, next.Visibility =
			p.Title, p.Date, p.Place, p.Facilitators, p.Groups, p.Visibility
		next.UpdatedBy, next.UpdatedAt = by.User.Name, now
		next.Version++
		if err := putPicture(tx, next); err != nil {
			return model.AuditEntry{}, err
		}
		saved = next
		summary := "details saved"
		if old.Visibility.String() != next.Visibility.String() {
			summary += fmt.Sprintf(", visibility %s→%s", old.Visibility, next.Visibility)
		}
		if old.Title != next.Title {
			summary += fmt.Sprintf(" (was %q)", old.Title)
		}
		return pictureEntry(model.AuditPictureUpdate, next, summary), nil
	})
	if err != nil {
		return model.PictureSession{}, err
	}
	return saved, nil
}

// Picture returns one session if viewer may see it (else ErrNotFound),
// with Lines counted.
func (s *Store) Picture(viewer model.User, id model.ID) (p model.PictureSession, err error) {
	err = s.view("read rich-picture session", func(tx *bolt.Tx) error {
		if p, err = visiblePicture(tx, viewer, id); err != nil {
			return err
		}
		p.Lines = countLines(tx, p.ID)
		return nil
	})
	if err != nil {
		return model.PictureSession{}, err
	}
	return p, nil
}

func countLines(tx *bolt.Tx, session model.ID) int {
	n := 0
	prefix := u64(uint64(session))
	c := tx.Bucket(bucketPictureElements).Cursor()
	for k, _ := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, _ = c.Next() {
		n++
	}
	return n
}

// Pictures lists the ward's sessions viewer may see, oldest first (by
// date, then ID), with Lines counted.
func (s *Store) Pictures(viewer model.User, ward string) ([]model.PictureSession, error) {
	return wardList(s, "list rich-picture sessions", viewer, ward, func(tx *bolt.Tx, code string) ([]model.PictureSession, error) {
		all, err := wardPictures(tx, code)
		var out []model.PictureSession
		for _, p := range all {
			if model.CanSeePicture(viewer, p) {
				p.Lines = countLines(tx, p.ID)
				out = append(out, p)
			}
		}
		return out, err
	})
}

// wardPictures decodes every session of the ward, oldest first.
func wardPictures(tx *bolt.Tx, code string) ([]model.PictureSession, error) {
	out, err := allInWard(tx, bucketPictures, bucketPicturesByWard, code, "a session",
		func(p model.PictureSession) string { return p.Ward })
	if err != nil {
		return nil, err
	}
	slices.SortStableFunc(out, func(a, b model.PictureSession) int {
		return cmp.Or(a.Date.Compare(b.Date), cmp.Compare(a.ID, b.ID))
	})
	return out, nil
}

// eachVisibleSession calls fn with each session of the ward viewer may
// see, oldest first, and its lines: the walk the theme trend and the
// problem's links back both make, the read rule in one place.
func eachVisibleSession(tx *bolt.Tx, viewer model.User, code string, fn func(model.PictureSession, []model.Element)) error {
	all, err := wardPictures(tx, code)
	if err != nil {
		return err
	}
	for _, p := range all {
		if !model.CanSeePicture(viewer, p) {
			continue
		}
		es, err := sessionLines(tx, p.ID)
		if err != nil {
			return err
		}
		fn(p, es)
	}
	return nil
}

// sessionLines decodes the lines of session id, in the order they were captured.
func sessionLines(tx *bolt.Tx, id model.ID) ([]model.Element, error) {
	out := []model.Element{}
	err := eachChild(tx.Bucket(bucketPictureElements), id, func(_ []byte, e model.Element) error {
		out = append(out, e)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// lineSource is session id's lines, in the order they were captured.
func lineSource(tx *bolt.Tx, id model.ID) source[model.Element] {
	prefix := u64(uint64(id))
	return source[model.Element]{
		scan: func(each func(k, v []byte) error) error {
			c := tx.Bucket(bucketPictureElements).Cursor()
			for k, v := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, v = c.Next() {
				if err := each(k, v); err != nil {
					return err
				}
			}
			return nil
		},
		decode: func(_, v []byte, e *model.Element) error { return decode(v, e) },
	}
}

// PictureElements lists the lines of session id, in the order they were
// captured, if viewer may see the session (else ErrNotFound).
func (s *Store) PictureElements(viewer model.User, id model.ID) ([]model.Element, error) {
	var out []model.Element
	err := s.view("read rich-picture lines", func(tx *bolt.Tx) error {
		p, err := visiblePicture(tx, viewer, id)
		if err != nil {
			return err
		}
		// Everyone with the session open re-reads its lines after each
		// change: decoded once per revision, copied out per reader.
		snap, err := s.lineCache.load(tx, strconv.FormatUint(uint64(p.ID), 10), lineSource(tx, p.ID))
		if err != nil {
			return err
		}
		// Lines are as visible as their session; the check is repeated per
		// line so a line filed under the wrong session shows to nobody.
		out = snap.copies(func(e *model.Element) bool { return e.SessionID == p.ID && e.Ward == p.Ward }, func(e *model.Element) {
			e.Themes, e.Problems = slices.Clone(e.Themes), slices.Clone(e.Problems)
		})
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// AddElement captures one line (model.ParseCaptureLine) into session id
// (model.CheckCapture): By, ByID and At come from the actor and the clock.
// The line is refused with the parser's *model.ValidationError if it does
// not read.
func (s *Store) AddElement(by model.Actor, id model.ID, line string) (model.Element, error) {
	c, err := model.ParseCaptureLine(line)
	if err != nil {
		return model.Element{}, err
	}
	var e model.Element
	err = s.change("capture a line", by, func(tx *bolt.Tx, now time.Time) (model.AuditEntry, error) {
		p, err := visiblePicture(tx, by.User, id)
		if err != nil {
			return model.AuditEntry{}, err
		}
		if err := model.CheckCapture(by.User, p); err != nil {
			return model.AuditEntry{}, hidden(err, noPicture(id))
		}
		seq, err := tx.Bucket(bucketPictureElements).NextSequence()
		if err != nil {
			return model.AuditEntry{}, err
		}
		e = model.Element{ID: model.ID(seq), SessionID: p.ID, Ward: p.Ward, Capture: c,
			By: by.User.Name, ByID: by.User.ID, At: now, Version: 1}
		if err := putElement(tx, e); err != nil {
			return model.AuditEntry{}, err
		}
		return pictureEntry(model.AuditPictureCapture, p, fmt.Sprintf("line %d (%s) captured", e.ID, e.Kind)), nil
	})
	if err != nil {
		return model.Element{}, err
	}
	return e, nil
}

// EditElement rewrites line elementID of session id from a capture line
// (model.CheckChangeElement). version is the line's Version the edit
// started from; a save since is *model.ConflictError and the caller keeps
// its text. A line that became a problem or an asset keeps its kind. An
// edit that changes nothing writes nothing and returns the line.
func (s *Store) EditElement(by model.Actor, id, elementID model.ID, line string, version uint64) (model.Element, error) {
	c, err := model.ParseCaptureLine(line)
	if err != nil {
		return model.Element{}, err
	}
	var e model.Element
	err = s.change("edit a line", by, func(tx *bolt.Tx, now time.Time) (model.AuditEntry, error) {
		p, el, err := visibleElement(tx, by.User, id, elementID)
		if err != nil {
			return model.AuditEntry{}, err
		}
		e = el
		if err := model.CheckChangeElement(by.User, p, e); err != nil {
			return model.AuditEntry{}, hidden(err, noPicture(id))
		}
		if e.Version != version {
			who := cmp.Or(e.EditedBy, e.By)
			return model.AuditEntry{}, &model.ConflictError{By: who, At: cmp.Or(e.EditedAt, e.At)}
		}
		if (len(e.Problems) > 0 || e.AssetID != 0) && c.Kind != e.Kind {
			return model.AuditEntry{}, fail(model.ErrForbidden, "line %d is on the board or the asset register; it stays a %s", e.ID, e.Kind)
		}
		if captureEqual(c, e.Capture) {
			return model.AuditEntry{}, model.ErrUnchanged
		}
		was := e.Kind
		e.Capture = c
		e.EditedBy, e.EditedAt = by.User.Name, now
		e.Version++
		if err := putElement(tx, e); err != nil {
			return model.AuditEntry{}, err
		}
		summary := fmt.Sprintf("line %d (%s) edited", e.ID, e.Kind)
		if was != e.Kind {
			summary = fmt.Sprintf("line %d edited, %s→%s", e.ID, was, e.Kind)
		}
		return pictureEntry(model.AuditPictureEdit, p, summary), nil
	})
	if errors.Is(err, model.ErrUnchanged) {
		return e, nil
	}
	if err != nil {
		return model.Element{}, err
	}
	return e, nil
}

func captureEqual(a, b model.Capture) bool {
	return a.Kind == b.Kind && a.Text == b.Text && a.From == b.From && a.To == b.To &&
		a.Relation == b.Relation && slices.Equal(a.Themes, b.Themes)
}

// DeleteElement removes line elementID of session id
// (model.CheckChangeElement). A line that became a problem or a community
// asset stays: the problem's description and the asset cite it.
func (s *Store) DeleteElement(by model.Actor, id, elementID model.ID) error {
	return s.change("delete a line", by, func(tx *bolt.Tx, now time.Time) (model.AuditEntry, error) {
		p, e, err := visibleElement(tx, by.User, id, elementID)
		if err != nil {
			return model.AuditEntry{}, err
		}
		if err := model.CheckChangeElement(by.User, p, e); err != nil {
			return model.AuditEntry{}, hidden(err, noPicture(id))
		}
		switch {
		case len(e.Problems) > 0:
			return model.AuditEntry{}, fail(model.ErrForbidden, "line %d became problem %s; it stays in the record", e.ID, model.ProblemRef(e.Problems[0]))
		case e.AssetID != 0:
			return model.AuditEntry{}, fail(model.ErrForbidden, "line %d is community asset %d; it stays in the record", e.ID, e.AssetID)
		}
		if err := tx.Bucket(bucketPictureElements).Delete(pairKey(uint64(p.ID), uint64(e.ID))); err != nil {
			return model.AuditEntry{}, err
		}
		return pictureEntry(model.AuditPictureDelete, p, fmt.Sprintf("line %d (%s) deleted", e.ID, e.Kind)), nil
	})
}

// PromoteConcern puts concern elementID of session id on the board, in one
// transaction: a problem prefilled by model.Element.PromoteDraft (the
// concern's words as its title, the session's ward and visibility, the
// scanning stage, a description citing the session and line), checked
// with model.CheckPromote, and the line linked to it. The problem's
// description names the session and line; PictureLinks finds the line
// from the problem.
func (s *Store) PromoteConcern(by model.Actor, id, elementID model.ID) (model.Problem, error) {
	var prob model.Problem
	err := s.change("promote a concern", by, func(tx *bolt.Tx, now time.Time) (model.AuditEntry, error) {
		p, e, err := visibleElement(tx, by.User, id, elementID)
		if err != nil {
			return model.AuditEntry{}, err
		}
		prob = e.PromoteDraft(p)
		if err := prob.Validate(); err != nil {
			return model.AuditEntry{}, err
		}
		if err := model.CheckPromote(by.User, p, e, prob); err != nil {
			return model.AuditEntry{}, hidden(err, noPicture(id))
		}
		if err := createRecord(tx, bucketProblems, &prob, by, now); err != nil {
			return model.AuditEntry{}, err
		}
		if err := putProblem(tx, prob); err != nil {
			return model.AuditEntry{}, err
		}
		e.Problems = append(e.Problems, prob.ID)
		e.Version++
		if err := putElement(tx, e); err != nil {
			return model.AuditEntry{}, err
		}
		// The entry is the problem's, so the problem's history shows where
		// it came from; its visibility is the session's, which the problem took.
		return recordEntry(model.AuditPicturePromote, "problem", prob.ID,
			fmt.Sprintf("title %q stage %s from rich-picture session %d %q, line %d", prob.Title, prob.Stage, p.ID, p.Title, e.ID), p.Ward, p.Visibility), nil
	})
	if err != nil {
		return model.Problem{}, err
	}
	return prob, nil
}

func putAsset(tx *bolt.Tx, a model.Asset) error {
	return putWardRecord(tx, bucketAssets, bucketAssetsByWard, a.Ward, a.ID, a)
}

// RecordAsset records strength elementID of session id as a community
// asset (model.CheckRecordAsset), as visible as the session, and links the
// line to it, in one transaction.
func (s *Store) RecordAsset(by model.Actor, id, elementID model.ID) (model.Asset, error) {
	var a model.Asset
	err := s.change("record a community asset", by, func(tx *bolt.Tx, now time.Time) (model.AuditEntry, error) {
		p, e, err := visibleElement(tx, by.User, id, elementID)
		if err != nil {
			return model.AuditEntry{}, err
		}
		if err := model.CheckRecordAsset(by.User, p, e); err != nil {
			return model.AuditEntry{}, hidden(err, noPicture(id))
		}
		// The same strength already in the register (and visible to this
		// user): the line points to it, rather than a second asset dated today.
		var found bool
		err = eachWardAsset(tx, p.Ward, func(old model.Asset) bool {
			found = model.CanSeeAsset(by.User, old) && old.Names(e.Text)
			if found {
				a = old
			}
			return !found
		})
		if err != nil {
			return model.AuditEntry{}, err
		}
		if found {
			e.AssetID = a.ID
			e.Version++
			if err := putElement(tx, e); err != nil {
				return model.AuditEntry{}, err
			}
			return pictureEntry(model.AuditPictureAsset, p, fmt.Sprintf("line %d linked to community asset %d, already in the register", e.ID, a.ID)), nil
		}
		seq, err := tx.Bucket(bucketAssets).NextSequence()
		if err != nil {
			return model.AuditEntry{}, err
		}
		a = model.Asset{ID: model.ID(seq), Ward: p.Ward, Name: e.Text, Themes: slices.Clone(e.Themes),
			SessionID: p.ID, ElementID: e.ID, Session: p.Title, Visibility: p.Visibility,
			CreatedBy: by.User.Name, CreatedAt: now}
		if err := putAsset(tx, a); err != nil {
			return model.AuditEntry{}, err
		}
		e.AssetID = a.ID
		e.Version++
		if err := putElement(tx, e); err != nil {
			return model.AuditEntry{}, err
		}
		return pictureEntry(model.AuditPictureAsset, p, fmt.Sprintf("line %d recorded as community asset %d", e.ID, a.ID)), nil
	})
	if err != nil {
		return model.Asset{}, err
	}
	return a, nil
}

// Assets lists the ward's community assets viewer may see that match
// query (model.Asset.Matches: words of the name, session or themes, or
// "#theme"), oldest first.
func (s *Store) Assets(viewer model.User, ward, query string) ([]model.Asset, error) {
	out := []model.Asset{}
	_, err := s.wardView("list community assets", viewer, ward, func(tx *bolt.Tx, code string) error {
		return eachWardAsset(tx, code, func(a model.Asset) bool {
			if model.CanSeeAsset(viewer, a) && a.Matches(query) {
				out = append(out, a)
			}
			return true
		})
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// eachWardAsset calls fn with each of the ward's assets, oldest first,
// until fn returns false.
func eachWardAsset(tx *bolt.Tx, code string, fn func(model.Asset) bool) error {
	return eachInWard(tx, bucketAssets, bucketAssetsByWard, code, "an asset",
		func(a model.Asset) string { return a.Ward }, fn)
}

// PictureThemes is the ward's themes over time: every session viewer may
// see, oldest first, and each theme's count of lines in each.
func (s *Store) PictureThemes(viewer model.User, ward string) (model.ThemeTrend, error) {
	var sessions []model.PictureSession
	lines := map[model.ID][]model.Element{}
	code, err := s.wardView("read rich-picture themes", viewer, ward, func(tx *bolt.Tx, code string) error {
		return eachVisibleSession(tx, viewer, code, func(p model.PictureSession, es []model.Element) {
			p.Lines = len(es)
			sessions = append(sessions, p)
			lines[p.ID] = es
		})
	})
	if err != nil {
		return model.ThemeTrend{}, err
	}
	return model.TrendThemes(code, sessions, lines), nil
}

// PictureLinks lists the rich-picture lines problem problemID was promoted
// from, in the sessions viewer may see: the link back from the board.
// A problem viewer may not see is ErrNotFound.
func (s *Store) PictureLinks(viewer model.User, problemID model.ID) ([]model.PictureLink, error) {
	out := []model.PictureLink{}
	err := s.view("read a problem's rich-picture links", func(tx *bolt.Tx) error {
		prob, err := visibleProblem(tx, viewer, problemID)
		if err != nil {
			return err
		}
		return eachVisibleSession(tx, viewer, prob.Ward, func(p model.PictureSession, es []model.Element) {
			for _, e := range es {
				if slices.Contains(e.Problems, problemID) {
					out = append(out, model.PictureLink{Session: p, Element: e})
				}
			}
		})
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// checkPictures is Check's look at rich pictures, once wards and problems
// are known: every session, line and asset decodes and says it is what it
// is filed as; the ward indexes agree with the records both ways; lines
// belong to a session of their ward and link only to problems of it;
// assets point at a strength line of their session; ID counters are ahead.
func (c *checker) checkPictures() {
	sessions := map[uint64]string{} // ID -> ward ("" if it does not decode)
	byWard := c.tx.Bucket(bucketPicturesByWard)
	maxID := eachPlaced(c, bucketPictures, byWard, "pictures_by_ward", "rich-picture session", sessions,
		func(p model.PictureSession) (model.ID, string) { return p.ID, p.Ward },
		func(uint64, string, model.PictureSession) {})
	c.sequence(bucketPictures, "rich-picture session", maxID)
	c.wardIndex(bucketPicturesByWard, "session", sessions)

	type lineRef struct {
		kind  model.ElementKind
		asset model.ID
	}
	lines := map[[2]uint64]lineRef{}
	maxLine := c.children(bucketPictureElements, func(sid, id uint64, v []byte) {
		where := fmt.Sprintf("line %d of rich-picture session %d", id, sid)
		var e model.Element
		if c.undecodable(where, v, &e) {
			return
		}
		lines[[2]uint64{sid, id}] = lineRef{e.Kind, e.AssetID}
		if uint64(e.ID) != id || uint64(e.SessionID) != sid {
			c.fault("%s: the record says it is line %d of session %d", where, e.ID, e.SessionID)
		}
		w, ok := sessions[sid]
		switch {
		case !ok:
			c.fault("%s: the session does not exist", where)
		case w != "" && w != e.Ward:
			c.fault("%s: it says ward %s but its session is in ward %s", where, e.Ward, w)
		}
		for _, pid := range e.Problems {
			c.ref(where, e.Ward, fmt.Sprintf("its problem %d", pid), c.problemWard, pid)
		}
	})
	c.sequence(bucketPictureElements, "rich-picture line", maxLine)

	assets := map[uint64]string{}
	byWard = c.tx.Bucket(bucketAssetsByWard)
	maxID = c.eachID(bucketAssets, func(id uint64, v []byte) {
		where := fmt.Sprintf("community asset %d", id)
		var a model.Asset
		if c.undecodable(where, v, &a) {
			assets[id] = ""
			return
		}
		assets[id] = a.Ward
		c.placed(where, id, a.ID, a.Ward, byWard, "assets_by_ward")
		if w, ok := sessions[uint64(a.SessionID)]; !ok || (w != "" && w != a.Ward) {
			c.fault("%s: its session %d does not exist in ward %s", where, a.SessionID, a.Ward)
		}
		l, ok := lines[[2]uint64{uint64(a.SessionID), uint64(a.ElementID)}]
		switch {
		case !ok:
			c.fault("%s: its line %d of session %d does not exist", where, a.ElementID, a.SessionID)
		case l.kind != model.ElementStrength || l.asset != a.ID:
			c.fault("%s: its line %d of session %d is not a strength recorded as this asset", where, a.ElementID, a.SessionID)
		}
	})
	c.sequence(bucketAssets, "community asset", maxID)
	c.wardIndex(bucketAssetsByWard, "asset", assets)
}
