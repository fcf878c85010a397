package store

import (
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"wardpanel/model"
	"wardpanel/model/modeltest"
)

// The permission matrix (issue 6): every role × every visibility × every
// read path and write verb of the store. The expectations are written out
// below as tables, from DESIGN.md §2 and the model's rules as documented,
// not worked out by calling model's own functions: a rule that changed by
// mistake would otherwise change the test with it.

// mxVis are the visibilities every record kind is made with; the marker is
// put in each record's text so that a leak shows up wherever it surfaces
// (a list, a meeting's notes, an audit summary), not only where a test
// looks for an ID.
var mxVis = modeltest.MatrixVis

// mxVisibility is a fresh copy of visibility i (the store sorts agency lists in place).
var mxVisibility = modeltest.MatrixVisibility

// mxOwner is the agency an action of visibility i belongs to: police, who
// can see every agencies: visibility used here; for the panel's private
// papers the clerk's office, which no persona here belongs to (an owner
// agency always sees its own action, so the owner of an officers-only
// action would otherwise read it).
var mxOwner = modeltest.MatrixOwner

// mxPersona is one user and what they may do, one column per visibility
// (panel, agencies:police, agencies:housing,police, officers):
//
//	y  allowed
//	n  refused as not allowed (model.ErrForbidden): they may see the record
//	-  refused as not found (model.ErrNotFound), exactly as a missing record
//	i  refused as invalid (model.ErrInvalid)
type mxPersona struct {
	key    string
	name   string
	agency string
	role   model.Role
	ward   string

	see      string // every read path
	create   string // a new problem of that visibility
	edit     string // edit the problem of that visibility
	work     string // change status, reassign, log an outcome on its action
	evidence string // add a report to its problem
	link     string // link its problem to an agenda item
	raise    string // raise an action on its problem in the live meeting
	review   string // record matters arising on the action an earlier meeting raised
	vote     string // open a priorities vote with its problem as the candidate
	minutes  byte   // write an agenda item's minutes (no visibility)
	manage   byte   // add a ward (no visibility)
}

var mxPersonas = []mxPersona{
	// Admins manage; they see restricted records only as a member of the agency.
	{"admin", "Ann Admin", "council", model.RoleAdmin, north,
		"y---", "nnnn", "n---", "n---", "n---", "n---", "n---", "n---", "n---", 'n', 'y'},
	{"admin of the police", "Pam Admin", "police", model.RoleAdmin, north,
		"yyy-", "nnnn", "nnn-", "nnn-", "nnn-", "nnn-", "nnn-", "nnn-", "nii-", 'n', 'y'},
	// The panel's officers see its private papers, and no agency's records.
	{"chair", "Cal Chair", "residents", model.RoleChair, north,
		"y--y", "ynny", "y--y", "y--y", "y--y", "y--y", "y--y", "y--y", "y--i", 'y', 'n'},
	{"vice-chair", "Val Vice", "residents", model.RoleViceChair, north,
		"y--y", "ynny", "y--y", "y--y", "y--y", "y--y", "y--y", "y--y", "y--i", 'y', 'n'},
	{"secretary", "Sue Secretary", "council", model.RoleSecretary, north,
		"y--y", "ynny", "n--n", "n--n", "y--y", "y--y", "y--y", "y--y", "n--i", 'y', 'n'},
	// Officers see their agency's records; the actions here are police's
	// (and the council's for the officers-only one).
	{"officer of the police", "Pip Police", "police", model.RoleOfficer, north,
		"yyy-", "yyyn", "yyy-", "yyy-", "yyy-", "nnn-", "yyy-", "yyy-", "nii-", 'n', 'n'},
	{"officer of housing", "Hal Housing", "housing", model.RoleOfficer, north,
		"y-y-", "ynyn", "y-y-", "n-n-", "y-y-", "n-n-", "y-y-", "n-n-", "n-i-", 'n', 'n'},
	{"officer of the council", "Con Council", "council", model.RoleOfficer, north,
		"y---", "ynnn", "y---", "n---", "y---", "n---", "y---", "n---", "n---", 'n', 'n'},
	{"member", "Meg Member", "residents", model.RoleMember, north,
		"y---", "ynnn", "n---", "n---", "y---", "n---", "n---", "n---", "n---", 'n', 'n'},
	{"observer", "Obe Observer", "residents", model.RoleObserver, north,
		"y---", "nnnn", "n---", "n---", "n---", "n---", "n---", "n---", "n---", 'n', 'n'},
	// A police chair of another ward sees nothing of this one.
	{"user of another ward", "Oli Other", "police", model.RoleChair, south,
		"----", "nnnn", "----", "----", "----", "----", "----", "----", "----", '-', 'n'},
	// A chair who is also police sees everything here; the fixture is theirs.
	{"chair of the police", "Poppy Chair", "police", model.RoleChair, north,
		"yyyy", "yyyy", "yyyy", "yyyy", "yyyy", "yyyy", "yyyy", "yyyy", "yiii", 'y', 'n'},
}

func (p mxPersona) sees(i int) bool { return p.see[i] == 'y' }

// mxWorld is a ward with one of everything at every visibility.
type mxWorld struct {
	s     *Store
	users map[string]model.User // by persona key
	// By visibility: P the problems; V the vote candidates (panel-wide when
	// voted on, restricted since); A an action on P; B an action on the
	// panel problem P[0]; C an action on no problem; R an action raised in
	// meeting M1 on P; E evidence on P[0]; F evidence on P.
	P, V, A, B, C, R, E, F [4]model.ID
	M1, M2                 model.ID
}

func (w *mxWorld) actor(key string) model.Actor {
	u, ok := w.users[key]
	if !ok {
		panic("no persona " + key)
	}
	return model.Actor{User: u, Fingerprint: "SHA256:mx-" + key}
}

// builder is the persona who can see and make everything.
const mxBuilder = "chair of the police"

var mxDue = time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC)

func newMatrixWorld(t *testing.T) *mxWorld {
	t.Helper()
	s := openAt(t, t.TempDir(), newClock())
	w := &mxWorld{s: s, users: map[string]model.User{}}
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	op := model.Operator
	for _, wd := range []model.Ward{{Code: north, Name: "Northgate"}, {Code: south, Name: "Southmere"}} {
		_, err := s.AddWard(op, wd)
		must(err)
	}
	for _, a := range []string{"police", "housing", "council", "residents", "clerk"} {
		_, err := s.PutAgency(op, model.Agency{Code: a})
		must(err)
	}
	for i, p := range mxPersonas {
		u, err := s.AddUser(op, model.User{Name: p.name, Agency: p.agency, Role: p.role, Wards: []string{p.ward},
			Keys: []model.Key{testKey(byte(100+i), p.key)}})
		must(err)
		w.users[p.key] = u
	}
	pc := w.actor(mxBuilder)
	for i, v := range mxVis {
		p, err := s.CreateProblem(pc, model.Problem{Ward: north, Title: v.Marker + " problem", Category: "asb", Visibility: mxVisibility(i)})
		must(err)
		w.P[i] = p.ID
	}
	for i := range mxVis {
		p, err := s.CreateProblem(pc, model.Problem{Ward: north, Title: fmt.Sprintf("Vote candidate %d", i+1), Category: "asb"})
		must(err)
		w.V[i] = p.ID
	}
	for i, v := range mxVis {
		a, err := s.CreateAction(pc, model.Action{Ward: north, ProblemID: w.P[i], Title: v.Marker + " action on its problem",
			OwnerAgency: mxOwner(i), Due: mxDue})
		must(err)
		w.A[i] = a.ID
		a, err = s.CreateAction(pc, model.Action{Ward: north, ProblemID: w.P[0], Title: v.Marker + " action on the panel problem",
			OwnerAgency: mxOwner(i), Due: mxDue, Visibility: mxVisibility(i)})
		must(err)
		w.B[i] = a.ID
		a, err = s.CreateAction(pc, model.Action{Ward: north, Title: v.Marker + " action on no problem",
			OwnerAgency: mxOwner(i), Due: mxDue, Visibility: mxVisibility(i)})
		must(err)
		w.C[i] = a.ID
		_, err = s.AddOutcome(pc, w.A[i], model.Outcome{Text: v.Marker + " outcome", Result: "engagement"})
		must(err)
		e, err := s.AddEvidence(pc, model.Evidence{ProblemID: w.P[0], Kind: model.EvidenceFact, Text: v.Marker + " evidence on the panel problem",
			Occurred: mxDue, Visibility: mxVisibility(i)})
		must(err)
		w.E[i] = e.ID
		e, err = s.AddEvidence(pc, model.Evidence{ProblemID: w.P[i], Kind: model.EvidenceFact, Text: v.Marker + " evidence on its problem", Occurred: mxDue})
		must(err)
		w.F[i] = e.ID
	}

	// Meeting 1: an item per problem, an action raised per visibility, a
	// vote on candidates that were panel-wide then and are restricted now.
	m1, err := s.CreateMeeting(pc, model.Meeting{Ward: north, Title: "Northgate panel, spring", When: mxDue})
	must(err)
	w.M1 = m1.ID
	for i := range mxVis {
		_, err = s.ChangeMeeting(pc, m1.ID, model.AddItem{Item: model.AgendaItem{
			Title: fmt.Sprintf("Item about problem %d", i+1), Allotted: 5, Problems: []model.ID{w.P[i]}}})
		must(err)
	}
	_, err = s.ChangeMeeting(pc, m1.ID, model.StartMeeting{})
	must(err)
	for i, v := range mxVis {
		a, err := s.RaiseMeetingAction(pc, m1.ID, m1.Items[4].ID, model.Action{ProblemID: w.P[i],
			Title: v.Marker + " action raised in the meeting", OwnerAgency: mxOwner(i), Due: mxDue})
		must(err)
		w.R[i] = a.ID
	}
	_, err = s.ChangeMeeting(pc, m1.ID, model.OpenVote{Candidates: w.V[:]})
	must(err)
	for voter, choices := range map[string][]model.ID{
		mxBuilder: {w.V[0], w.V[1], w.V[2]},
		"member":  {w.V[3], w.V[0]},
		"chair":   {w.V[1], w.V[3]},
	} {
		_, err = s.ChangeMeeting(w.actor(voter), m1.ID, model.CastVote{Choices: choices})
		must(err)
	}
	_, err = s.ChangeMeeting(pc, m1.ID, model.CloseVote{})
	must(err)
	_, err = s.ChangeMeeting(pc, m1.ID, model.CloseMeeting{})
	must(err)
	// The candidates are restricted since, as an earlier release allowed
	// (this one refuses to restrict a priority, or a problem named in
	// closed minutes): written behind the store's back. The closed minutes
	// keep them as they were frozen; the ward's priorities follow the
	// records as they are.
	for i := 1; i < len(mxVis); i++ {
		p, err := s.Problem(pc.User, w.V[i])
		must(err)
		p.Visibility = mxVisibility(i)
		must(s.db.Update(func(tx *bolt.Tx) error { return putProblem(tx, p) }))
	}
	// As the file would be opened by this release: nothing of it cached.
	s.problemCache.mu.Lock()
	s.problemCache.wards = nil
	s.problemCache.mu.Unlock()

	// Meeting 2, live: matters arising on meeting 1's actions, at the last.
	m2, err := s.CreateMeeting(pc, model.Meeting{Ward: north, Title: "Northgate panel, summer", When: mxDue.AddDate(0, 3, 0), PreviousID: m1.ID})
	must(err)
	w.M2 = m2.ID
	_, err = s.ChangeMeeting(pc, m2.ID, model.StartMeeting{})
	must(err)
	for i, v := range mxVis {
		_, err = s.ReviewAction(pc, m2.ID, w.R[i], v.Marker+" update heard", "")
		must(err)
	}
	m2, err = s.Meeting(pc.User, m2.ID)
	must(err)
	review := m2.ItemOfKind(model.ItemReview)
	if review == nil || len(review.Reviews) != len(mxVis) {
		t.Fatalf("meeting 2's matters arising: %+v", review)
	}
	_, err = s.ChangeMeeting(pc, m2.ID, model.StepReview{Item: review.ID, To: len(review.Reviews) - 1})
	must(err)
	_, err = s.ChangeMeeting(pc, m2.ID, model.WriteMinutes{Item: m2.Items[0].ID, Text: "Welcome; apologies from the fire service."})
	must(err)
	return w
}

// mxSet is a set of IDs, for comparing what a list returned with what was expected.
func mxSet(ids ...model.ID) []model.ID {
	out := slices.Clone(ids)
	slices.Sort(out)
	return slices.Compact(out)
}

// expected picks ids[i] for the visibilities p may see.
func (p mxPersona) expected(ids [4]model.ID) []model.ID {
	var out []model.ID
	for i, id := range ids {
		if p.sees(i) {
			out = append(out, id)
		}
	}
	return out
}

func idsOf[T any](xs []T, id func(T) model.ID) []model.ID {
	out := []model.ID{}
	for _, x := range xs {
		out = append(out, id(x))
	}
	return mxSet(out...)
}

// mxNotFound checks that err reads exactly as it would for a record that
// does not exist: the same sentinel and, but for the number, the same words.
func mxNotFound(t *testing.T, what string, err error, id model.ID, missing error) {
	t.Helper()
	if !errors.Is(err, model.ErrNotFound) {
		t.Errorf("%s %d: got %v, want not found", what, id, err)
		return
	}
	if want := strings.ReplaceAll(missing.Error(), "999999", fmt.Sprint(id)); err.Error() != want {
		t.Errorf("%s %d: refused with %q, but a missing one reads %q", what, id, err, want)
	}
}

func TestMatrixReadPaths(t *testing.T) {
	w := newMatrixWorld(t)
	s := w.s
	trail := mxTrail(t, s)
	for _, p := range mxPersonas {
		t.Run(p.key, func(t *testing.T) {
			u := w.users[p.key]
			var seen []any // everything the reads returned, searched for markers at the end
			keep := func(v any) { seen = append(seen, v) }
			inWard := p.ward == north
			const nowhere = model.ID(999999)

			// Lists and counts.
			problems, err := s.Problems(u, north)
			if err != nil {
				t.Fatal(err)
			}
			keep(problems)
			want := mxSet(append(p.expected(w.P), p.expected(w.V)...)...)
			if got := idsOf(problems, func(x model.Problem) model.ID { return x.ID }); !slices.Equal(got, want) || len(problems) != len(want) {
				t.Errorf("Problems: %v (%d), want %v", got, len(problems), want)
			}
			actions, err := s.Actions(u, north)
			if err != nil {
				t.Fatal(err)
			}
			keep(actions)
			want = mxSet(slices.Concat(p.expected(w.A), p.expected(w.B), p.expected(w.C), p.expected(w.R))...)
			if got := idsOf(actions, func(x model.Action) model.ID { return x.ID }); !slices.Equal(got, want) || len(actions) != len(want) {
				t.Errorf("Actions: %v (%d), want %v", got, len(actions), want)
			}

			// One record at a time: a hidden one reads as a missing one.
			_, missingProblem := s.Problem(u, nowhere)
			_, missingAction := s.Action(u, nowhere)
			for i := range mxVis {
				for _, id := range []model.ID{w.P[i], w.V[i]} {
					got, err := s.Problem(u, id)
					if p.sees(i) {
						if err != nil || got.ID != id {
							t.Errorf("Problem %d: %v", id, err)
						}
						keep(got)
					} else {
						mxNotFound(t, "Problem", err, id, missingProblem)
					}
				}
				for _, id := range []model.ID{w.A[i], w.B[i], w.C[i], w.R[i]} {
					got, err := s.Action(u, id)
					if p.sees(i) {
						if err != nil || got.ID != id {
							t.Errorf("Action %d: %v", id, err)
						}
						keep(got)
					} else {
						mxNotFound(t, "Action", err, id, missingAction)
					}
				}
				outcomes, err := s.Outcomes(u, w.A[i])
				if p.sees(i) {
					if err != nil || len(outcomes) != 1 || !strings.Contains(outcomes[0].Text, mxVis[i].Marker) {
						t.Errorf("Outcomes of action %d: %+v, %v", w.A[i], outcomes, err)
					}
					keep(outcomes)
				} else {
					mxNotFound(t, "Outcomes of action", err, w.A[i], missingAction)
				}
			}

			// A problem's actions and evidence: the panel problem's are
			// filtered one by one; a hidden problem's are not there at all.
			pa, err := s.ProblemActions(u, w.P[0])
			ev, everr := s.Evidence(u, w.P[0])
			if inWard {
				if err != nil || everr != nil {
					t.Fatalf("the panel problem's actions and evidence: %v, %v", err, everr)
				}
				keep(pa)
				keep(ev)
				want := mxSet(append(p.expected(w.B), w.A[0], w.R[0])...)
				if got := idsOf(pa, func(x model.Action) model.ID { return x.ID }); !slices.Equal(got, want) {
					t.Errorf("ProblemActions(%d): %v, want %v", w.P[0], got, want)
				}
				want = mxSet(append(p.expected(w.E), w.F[0])...)
				if got := idsOf(ev, func(x model.Evidence) model.ID { return x.ID }); !slices.Equal(got, want) {
					t.Errorf("Evidence(%d): %v, want %v", w.P[0], got, want)
				}
			} else {
				mxNotFound(t, "ProblemActions of problem", err, w.P[0], missingProblem)
				mxNotFound(t, "Evidence of problem", everr, w.P[0], missingProblem)
			}
			for i := 1; i < len(mxVis); i++ {
				pa, err := s.ProblemActions(u, w.P[i])
				ev, everr := s.Evidence(u, w.P[i])
				if !p.sees(i) {
					mxNotFound(t, "ProblemActions of problem", err, w.P[i], missingProblem)
					mxNotFound(t, "Evidence of problem", everr, w.P[i], missingProblem)
					continue
				}
				keep(pa)
				keep(ev)
				if got, want := idsOf(pa, func(x model.Action) model.ID { return x.ID }), mxSet(w.A[i], w.R[i]); err != nil || !slices.Equal(got, want) {
					t.Errorf("ProblemActions(%d): %v, %v; want %v", w.P[i], got, err, want)
				}
				if got, want := idsOf(ev, func(x model.Evidence) model.ID { return x.ID }), mxSet(w.F[i]); everr != nil || !slices.Equal(got, want) {
					t.Errorf("Evidence(%d): %v, %v; want %v", w.P[i], got, everr, want)
				}
			}

			// Meetings: panel-wide, with what points at hidden records left out.
			meetings, err := s.Meetings(u, north)
			if err != nil {
				t.Fatal(err)
			}
			keep(meetings)
			_, missingMeeting := s.Meeting(u, nowhere)
			if !inWard {
				if len(meetings) != 0 {
					t.Errorf("Meetings of another ward: %d", len(meetings))
				}
				for _, id := range []model.ID{w.M1, w.M2} {
					_, err := s.Meeting(u, id)
					mxNotFound(t, "Meeting", err, id, missingMeeting)
				}
			} else {
				if len(meetings) != 2 {
					t.Fatalf("Meetings: %d, want 2", len(meetings))
				}
				for _, m := range meetings {
					one, err := s.Meeting(u, m.ID)
					if err != nil {
						t.Fatal(err)
					}
					keep(one)
					if a, b := mustJSON(t, one), mustJSON(t, m); a != b {
						t.Errorf("Meeting(%d) and Meetings disagree:\n%s\n%s", m.ID, a, b)
					}
					w.checkMeeting(t, p, u, m)
				}
			}
			prio, err := s.Priorities(u, north)
			if err != nil {
				t.Fatal(err)
			}
			keep(prio)
			if want := w.expectedPriorities(t, p); !slices.Equal(prio.Problems, want) {
				t.Errorf("Priorities: %v, want %v", prio.Problems, want)
			}

			// The audit trail, against the trail as stored, filtered by the
			// rule in the table: officers, panel officers and admins read it;
			// entries without a ward are the admin's.
			audit, err := s.Audit(u, 0)
			if err != nil {
				t.Fatal(err)
			}
			keep(audit)
			var wantSeq, gotSeq []uint64
			reads := p.role == model.RoleAdmin || p.role == model.RoleOfficer || p.role == model.RoleChair ||
				p.role == model.RoleViceChair || p.role == model.RoleSecretary
			for _, e := range trail {
				col := slices.IndexFunc(mxVis, func(v modeltest.Vis) bool { return v.Name == e.Visibility.String() })
				if col < 0 {
					t.Fatalf("audit entry %d has visibility %s, which the matrix does not cover", e.Seq, e.Visibility)
				}
				switch {
				case !reads:
				case e.Ward == "":
					if p.role == model.RoleAdmin {
						wantSeq = append(wantSeq, e.Seq)
					}
				case e.Ward == p.ward && p.sees(col) && p.sees(w.currentColumn(e.Target, col)):
					// Restricting a record since takes its history with it.
					wantSeq = append(wantSeq, e.Seq)
				}
			}
			for _, e := range audit {
				gotSeq = append(gotSeq, e.Seq)
			}
			slices.Sort(gotSeq)
			if !slices.Equal(gotSeq, wantSeq) {
				t.Errorf("Audit: %d entries %v\nwant %d entries %v", len(gotSeq), gotSeq, len(wantSeq), wantSeq)
			}

			// Nothing returned anywhere carries a hidden record's text, and
			// every visible record's text was reachable.
			blob := mustJSON(t, seen)
			for i, v := range mxVis {
				if got := strings.Contains(blob, v.Marker); got != p.sees(i) {
					t.Errorf("text of %s records reachable: %v, want %v", v.Name, got, p.sees(i))
				}
			}
		})
	}
}

// checkMeeting checks one meeting as u read it.
func (w *mxWorld) checkMeeting(t *testing.T, p mxPersona, u model.User, m model.Meeting) {
	t.Helper()
	visible := mxSet(slices.Concat(p.expected(w.P), p.expected(w.V), p.expected(w.A), p.expected(w.B), p.expected(w.C), p.expected(w.R))...)
	for _, it := range m.Items {
		for _, id := range it.Problems {
			if id != 0 && !slices.Contains(visible, id) { // 0: withheld in its place
				t.Errorf("meeting %d item %d links hidden problem %d", m.ID, it.ID, id)
			}
		}
		for i := range mxVis {
			if it.Title == fmt.Sprintf("Item about problem %d", i+1) {
				var want []model.ID
				switch {
				case p.sees(i):
					want = []model.ID{w.P[i]}
				case m.State == model.MeetingClosed:
					want = []model.ID{0} // withheld, not renumbered away
				}
				if !slices.Equal(it.Problems, want) {
					t.Errorf("meeting %d %q links %v, want %v", m.ID, it.Title, it.Problems, want)
				}
			}
		}
		var noted, reviewed []model.ID
		for _, n := range it.Notes {
			if n.ActionID != 0 {
				noted = append(noted, n.ActionID)
			}
		}
		for _, r := range it.Reviews {
			reviewed = append(reviewed, r.ActionID)
		}
		if m.ID == w.M1 && it.ID == m.Items[4].ID {
			if got, want := mxSet(noted...), mxSet(p.expected(w.R)...); !slices.Equal(got, want) {
				t.Errorf("meeting 1's actions raised: %v, want %v", got, want)
			}
		} else if len(noted) > 0 {
			t.Errorf("meeting %d item %d notes actions %v", m.ID, it.ID, noted)
		}
		if m.ID == w.M2 && it.Kind == model.ItemReview {
			if got, want := mxSet(reviewed...), mxSet(p.expected(w.R)...); !slices.Equal(got, want) {
				t.Errorf("meeting 2's matters arising: %v, want %v", got, want)
			}
			if it.ReviewAt > len(it.Reviews) || (p.sees(3) != (it.ReviewAt < len(it.Reviews))) {
				// The review under discussion is the officers-only one.
				t.Errorf("matters arising points at review %d of the %d shown", it.ReviewAt, len(it.Reviews))
			}
		} else if len(reviewed) > 0 {
			t.Errorf("meeting %d item %d reviews %v", m.ID, it.ID, reviewed)
		}
	}
	if m.ID != w.M1 {
		if m.Vote != nil {
			t.Errorf("meeting %d has a vote", m.ID)
		}
		return
	}
	v := m.Vote
	if v == nil {
		t.Fatal("meeting 1 lost its vote")
	}
	// Meeting 1 is closed: its minutes read as frozen, when every
	// candidate was the whole panel's.
	want := mxSet(p.expected(w.V)...)
	if p.ward == north {
		want = mxSet(w.V[:]...)
	}
	if got := mxSet(v.Candidates...); !slices.Equal(got, want) {
		t.Errorf("vote candidates %v, want %v", got, want)
	}
	for _, id := range v.Result {
		if !slices.Contains(want, id) {
			t.Errorf("vote result names hidden problem %d", id)
		}
	}
	for _, c := range v.Counts {
		if !slices.Contains(want, c.ProblemID) {
			t.Errorf("vote tally counts hidden problem %d", c.ProblemID)
		}
	}
	for _, b := range v.Ballots {
		if b.UserID != u.ID && len(b.Choices) > 0 {
			t.Errorf("%s reads user %d's choices %v", p.key, b.UserID, b.Choices)
		}
		for _, id := range b.Choices {
			if !slices.Contains(want, id) {
				t.Errorf("own ballot names hidden problem %d", id)
			}
		}
	}
}

// expectedPriorities is the ward's priorities as set by the vote (read
// from the file), less those p may not see.
func (w *mxWorld) expectedPriorities(t *testing.T, p mxPersona) []model.ID {
	t.Helper()
	var all model.WardPriorities
	err := w.s.db.View(func(tx *bolt.Tx) error {
		_, err := get(tx.Bucket(bucketPriorities), []byte(north), &all)
		return err
	})
	if err != nil || len(all.Problems) != 3 {
		t.Fatalf("priorities as stored: %+v, %v", all, err)
	}
	out := []model.ID{}
	if p.ward != north {
		return nil
	}
	for _, id := range all.Problems {
		if i := slices.Index(w.V[:], id); i >= 0 && p.sees(i) {
			out = append(out, id)
		}
	}
	return out
}

// currentColumn is the visibility, as a column of the tables, of the
// record an audit entry's target names as it is now; col if it names
// nothing restricted.
func (w *mxWorld) currentColumn(target string, col int) int {
	for i := range mxVis {
		for _, id := range []model.ID{w.P[i], w.V[i]} {
			if target == fmt.Sprintf("problem/%d", id) {
				return i
			}
		}
		for _, id := range []model.ID{w.A[i], w.B[i], w.C[i], w.R[i]} {
			if target == fmt.Sprintf("action/%d", id) {
				return i
			}
		}
	}
	return col
}

// mxTrail is the whole audit trail as stored.
func mxTrail(t *testing.T, s *Store) []model.AuditEntry {
	t.Helper()
	var out []model.AuditEntry
	err := s.db.View(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketAudit).ForEach(func(_, v []byte) error {
			var e model.AuditEntry
			if err := decode(v, &e); err != nil {
				return err
			}
			out = append(out, e)
			return nil
		})
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func mustJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// mxCode classes a write's result as the tables write it.
func mxCode(err error) byte {
	switch {
	case err == nil:
		return 'y'
	case errors.Is(err, model.ErrNotFound):
		return '-'
	case errors.Is(err, model.ErrForbidden):
		return 'n'
	case errors.Is(err, model.ErrInvalid):
		return 'i'
	}
	return '?'
}

func TestMatrixWriteVerbs(t *testing.T) {
	w := newMatrixWorld(t)
	s := w.s
	builder := w.users[mxBuilder]
	// Assignees are enrolled people (issue 17): the reassignments below
	// hand each action to this resident and back.
	if _, err := s.AddUser(model.Operator, model.User{Name: "Someone Else", Agency: "residents", Role: model.RoleMember,
		Wards: []string{north}, Keys: []model.Key{testKey(250, "someone-else")}}); err != nil {
		t.Fatal(err)
	}
	// current reads a record as it is now, through the one persona who sees all.
	currentProblem := func(t *testing.T, id model.ID) model.Problem {
		p, err := s.Problem(builder, id)
		if err != nil {
			t.Fatal(err)
		}
		return p
	}
	currentAction := func(t *testing.T, id model.ID) model.Action {
		a, err := s.Action(builder, id)
		if err != nil {
			t.Fatal(err)
		}
		return a
	}
	for n, p := range mxPersonas {
		t.Run(p.key, func(t *testing.T) {
			by := w.actor(p.key)
			check := func(verb string, want byte, err error) {
				t.Helper()
				if got := mxCode(err); got != want {
					t.Errorf("%s: got %c (%v), want %c", verb, got, err, want)
				}
			}
			for i, v := range mxVis {
				_, err := s.CreateProblem(by, model.Problem{Ward: north, Title: "New " + v.Marker + " problem", Visibility: mxVisibility(i)})
				check("create a "+v.Name+" problem", p.create[i], err)

				pr := currentProblem(t, w.P[i])
				pr.Description = "Edited by " + p.name
				_, err = s.UpdateProblem(by, pr)
				check("edit the "+v.Name+" problem", p.edit[i], err)

				a := currentAction(t, w.A[i])
				next := model.ActionInProgress
				if a.Status == next {
					next = model.ActionOpen
				}
				_, err = s.SetActionStatus(by, w.A[i], next, nil)
				check("move the "+v.Name+" action to "+string(next), p.work[i], err)

				a = currentAction(t, w.A[i])
				if a.Assignee == "Someone Else" {
					a.Assignee = ""
				} else {
					a.Assignee = "Someone Else"
				}
				_, err = s.UpdateAction(by, a)
				check("reassign the "+v.Name+" action", p.work[i], err)

				_, err = s.AddOutcome(by, w.A[i], model.Outcome{Text: "Outcome logged by " + p.name})
				check("log an outcome on the "+v.Name+" action", p.work[i], err)

				_, err = s.AddEvidence(by, model.Evidence{ProblemID: w.P[i], Kind: model.EvidenceReport, Text: "Reported by " + p.name, Occurred: mxDue})
				check("add evidence to the "+v.Name+" problem", p.evidence[i], err)

				_, err = s.ChangeMeeting(by, w.M2, model.AddItem{Item: model.AgendaItem{Title: "Linked by " + p.name, Problems: []model.ID{w.P[i]}}})
				check("link the "+v.Name+" problem to an agenda item", p.link[i], err)

				_, err = s.RaiseMeetingAction(by, w.M2, 1, model.Action{ProblemID: w.P[i], Title: "Raised by " + p.name, OwnerAgency: mxOwner(i), Due: mxDue})
				check("raise an action on the "+v.Name+" problem in the meeting", p.raise[i], err)

				_, err = s.ReviewAction(by, w.M2, w.R[i], "Update from "+p.name, "")
				check("record matters arising on the "+v.Name+" action", p.review[i], err)

				_, err = s.ChangeMeeting(by, w.M2, model.OpenVote{Candidates: []model.ID{w.P[i]}})
				check("open a vote on the "+v.Name+" problem", p.vote[i], err)
			}
			m, err := s.Meeting(builder, w.M2)
			if err != nil {
				t.Fatal(err)
			}
			_, err = s.ChangeMeeting(by, w.M2, model.WriteMinutes{Item: m.Items[1].ID, Text: "Minutes by " + p.name, Version: m.Items[1].MinutesVersion})
			check("write minutes", p.minutes, err)
			_, err = s.AddWard(by, model.Ward{Code: fmt.Sprintf("E0510%04d", n), Name: "Ward of " + p.name})
			check("add a ward", p.manage, err)
		})
	}
	if r, err := s.Check(); err != nil || !r.OK() {
		t.Fatalf("check after the matrix: %v %v", err, r.Faults)
	}
}

// Counts are read paths too: an entry everyone in the ward reads must not
// count records some of them may not see.
func TestMatrixTrailCountsOnlyWhatTheReaderSees(t *testing.T) {
	w := newMatrixWorld(t)
	for _, p := range mxPersonas {
		u := w.users[p.key]
		m, err := w.s.Meeting(u, w.M2)
		if err != nil {
			continue
		}
		shown := len(m.ItemOfKind(model.ItemReview).Reviews)
		trail, err := w.s.Audit(u, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range trail {
			i := strings.Index(e.Summary, "review ")
			if i < 0 {
				continue
			}
			var at, of int
			if _, err := fmt.Sscanf(e.Summary[i:], "review %d of %d", &at, &of); err == nil && of > shown {
				t.Errorf("%s sees %d reviews but the trail says %q", p.key, shown, e.Summary)
			}
		}
	}
}

// mxWithin says whether mx visibility i is no wider than j, worked out
// from the table, not from model: panel holds everything, the police are
// inside housing-and-police, and each is within itself.
func mxWithin(i, j int) bool { return j == 0 || i == j || i == 1 && j == 2 }

// A problem's visibility composes with its children's. Restricting and
// widening a problem, an action on it and an evidence entry on it, in
// every order and to every visibility, for every persona after every
// step: each child keeps the visibility its owner set, shows no wider than
// its problem while the problem is narrower, and its owner agency (the
// police) and its assignee (a housing officer) always read the action.
// Nothing is reachable by anyone outside what the table allows.
func TestMatrixRestrictAndWidenInEveryOrder(t *testing.T) {
	w := newMatrixWorld(t)
	pc := w.actor(mxBuilder)
	const assignee = "Hal Housing"
	orders := [][3]string{
		{"problem", "action", "evidence"}, {"problem", "evidence", "action"}, {"action", "problem", "evidence"},
		{"action", "evidence", "problem"}, {"evidence", "problem", "action"}, {"evidence", "action", "problem"},
	}
	// Every problem visibility with every action visibility, in every
	// order; the evidence takes each visibility in turn alongside (all
	// three at once would be 288 sequences of writes, each synced).
	for pv := 1; pv < len(mxVis); pv++ {
		for av := range mxVis {
			for _, ev := range []int{(av + pv) % len(mxVis)} {
				for _, order := range orders {
					name := fmt.Sprintf("%s/%s/%s in order %v", mxVis[pv].Name, mxVis[av].Name, mxVis[ev].Name, order)
					to := map[string]int{"problem": pv, "action": av, "evidence": ev}
					var steps []mxStep
					for _, what := range order {
						steps = append(steps, mxStep{what, to[what]})
					}
					// Widen the problem again, then narrow and widen it once more.
					steps = append(steps, mxStep{"problem", 0}, mxStep{"problem", pv}, mxStep{"problem", 0})
					w.restrictAndWiden(t, pc, name, assignee, steps)
				}
			}
		}
	}
}

// mxStep sets the visibility of one record: "problem", "action" or
// "evidence", to an mx visibility.
type mxStep struct {
	what string
	to   int
}

func (w *mxWorld) restrictAndWiden(t *testing.T, pc model.Actor, name, assignee string, steps []mxStep) {
	t.Helper()
	p, err := w.s.CreateProblem(pc, model.Problem{Ward: north, Title: "Restricted and widened", Category: "asb"})
	if err != nil {
		t.Fatal(err)
	}
	a, err := w.s.CreateAction(pc, model.Action{Ward: north, ProblemID: p.ID, Title: "Action on it", OwnerAgency: "police",
		Assignee: assignee, Due: mxDue})
	if err != nil {
		t.Fatal(err)
	}
	e, err := w.s.AddEvidence(pc, model.Evidence{ProblemID: p.ID, Kind: model.EvidenceFact, Text: "Evidence on it", Occurred: mxDue})
	if err != nil {
		t.Fatal(err)
	}
	cur := map[string]int{"problem": 0, "action": 0, "evidence": 0}
	for n, st := range steps {
		var err error
		switch st.what {
		case "problem":
			p.Visibility = mxVisibility(st.to)
			var saved model.Problem
			if saved, err = w.s.UpdateProblem(pc, p); err == nil {
				p = saved
			}
		case "action":
			a.Visibility = mxVisibility(st.to)
			var saved model.Action
			if saved, err = w.s.UpdateAction(pc, a); err == nil {
				a = saved
			}
		case "evidence":
			_, err = w.s.SetEvidenceVisibility(pc, p.ID, e.ID, mxVisibility(st.to))
		}
		// A child may be set no wider than its problem (saving what it
		// already has changes nothing); the problem may always be set: its
		// children keep their own, narrowed by it.
		allowed := st.what == "problem" || mxWithin(st.to, cur["problem"]) || st.to == cur[st.what]
		switch {
		case allowed && err != nil:
			t.Fatalf("%s, step %d (%s to %s): %v", name, n, st.what, mxVis[st.to].Name, err)
		case !allowed && !errors.Is(err, model.ErrInvalid):
			t.Fatalf("%s, step %d (%s to %s wider than its problem): %v, want refused", name, n, st.what, mxVis[st.to].Name, err)
		case allowed:
			cur[st.what] = st.to
		}
		if err != nil { // as it was, for the next step
			a, _ = w.s.Action(pc.User, a.ID)
		}
		for _, pp := range mxPersonas {
			u := w.users[pp.key]
			seesProblem := pp.sees(cur["problem"])
			seesAction := pp.ward == north && (pp.agency == "police" || pp.name == assignee ||
				pp.sees(cur["action"]) && seesProblem)
			got, err := w.s.Action(u, a.ID)
			if (err == nil) != seesAction {
				t.Fatalf("%s, after step %d: %s reads the action: %v, want %v", name, n, pp.key, err, seesAction)
			}
			if err == nil && got.Visibility.String() != mxVisibility(cur["action"]).String() {
				t.Fatalf("%s, after step %d: the action reads as %s, its owner set %s", name, n, got.Visibility, mxVisibility(cur["action"]))
			}
			// The ward's list is read after the problem's steps, the ones that move it.
			if st.what == "problem" {
				list, _ := w.s.Actions(u, north)
				if slices.ContainsFunc(list, func(x model.Action) bool { return x.ID == a.ID }) != seesAction {
					t.Fatalf("%s, after step %d: %s lists the action: want %v", name, n, pp.key, seesAction)
				}
			}
			evs, err := w.s.Evidence(u, p.ID)
			if (err == nil) != seesProblem {
				t.Fatalf("%s, after step %d: %s reads the evidence log: %v", name, n, pp.key, err)
			}
			seesEvidence := seesProblem && pp.sees(cur["evidence"])
			if slices.ContainsFunc(evs, func(x model.Evidence) bool { return x.ID == e.ID }) != seesEvidence {
				t.Fatalf("%s, after step %d: %s reads the evidence entry: want %v", name, n, pp.key, seesEvidence)
			}
		}
	}
	// Afterwards each record's visibility is what its owner last set.
	got, err := w.s.Action(pc.User, a.ID)
	if err != nil || got.Visibility.String() != mxVisibility(cur["action"]).String() {
		t.Errorf("%s: the action ends as %s, %v; its owner set %s", name, got.Visibility, err, mxVisibility(cur["action"]))
	}
	evs, err := w.s.Evidence(pc.User, p.ID)
	if err != nil || len(evs) != 1 || evs[0].Visibility.String() != mxVisibility(cur["evidence"]).String() {
		t.Errorf("%s: the evidence ends as %+v, %v; its owner set %s", name, evs, err, mxVisibility(cur["evidence"]))
	}
}
