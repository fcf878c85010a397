package store

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"

	bolt "go.etcd.io/bbolt"

	"wardpanel/model"
)

// personWorld is the matrix's ward, with an invite redeemed and a member
// recorded at the live meeting.
func personWorld(t *testing.T) (*mxWorld, model.User) {
	t.Helper()
	w := newMatrixWorld(t)
	admin := w.actor("admin")
	_, code, err := w.s.CreateInvite(admin, model.Invite{Name: "Nia Newcomer", Agency: "residents", Role: model.RoleMember, Wards: []string{north}}, 0)
	if err != nil {
		t.Fatal(err)
	}
	nia, err := w.s.RedeemInvite(code, testKey(222, "nia"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.s.ChangeMeeting(w.actor(mxBuilder), w.M2, model.AddAttendee{Attendee: model.Attendee{UserID: w.users["member"].ID}}); err != nil {
		t.Fatal(err)
	}
	// An action assigned to the member by name, changed by someone else.
	a, err := w.s.Action(w.users[mxBuilder], w.A[0])
	if err != nil {
		t.Fatal(err)
	}
	a.Assignee = "meg member"
	if _, err := w.s.UpdateAction(w.actor(mxBuilder), a); err != nil {
		t.Fatal(err)
	}
	return w, nia
}

func heldIDs[T any](hs []Held[T], id func(T) model.ID) []model.ID {
	out := []model.ID{}
	for _, h := range hs {
		out = append(out, id(h.Record))
	}
	return mxSet(out...)
}

func TestPersonExportListsWhatIsHeldAsTheReaderMaySee(t *testing.T) {
	w, _ := personWorld(t)
	s := w.s
	builder := w.users[mxBuilder]

	// As the operator: the whole panel's view of each ward.
	rec, err := s.PersonExport(model.Operator, "POPPY chair", nil)
	if err != nil {
		t.Fatal(err)
	}
	if rec.User.ID != builder.ID || len(rec.User.Keys) != 1 || rec.User.Keys[0].Authorized == "" {
		t.Errorf("user: %+v", rec.User)
	}
	if got, want := heldIDs(rec.Problems, func(p model.Problem) model.ID { return p.ID }), mxSet(w.P[0], w.V[0]); !slices.Equal(got, want) {
		t.Errorf("problems %v, want the panel-wide ones %v", got, want)
	}
	if got, want := heldIDs(rec.Actions, func(a model.Action) model.ID { return a.ID }), mxSet(w.A[0], w.B[0], w.C[0], w.R[0]); !slices.Equal(got, want) {
		t.Errorf("actions %v, want %v", got, want)
	}
	if len(rec.Outcomes) != 1 || len(rec.Evidence) != 2 || len(rec.Meetings) != 2 {
		t.Errorf("outcomes %d, evidence %d, meetings %d; want 1, 2 and 2", len(rec.Outcomes), len(rec.Evidence), len(rec.Meetings))
	}
	if rec.Withheld["problems"] != 6 || rec.Withheld["actions"] != 12 || rec.Withheld["outcomes"] != 3 || rec.Withheld["evidence"] != 6 {
		t.Errorf("withheld %v", rec.Withheld)
	}
	for _, h := range rec.Meetings {
		if h.Record.ID == w.M1 && (!slices.Contains(h.As, "chair") || !slices.Contains(h.As, "voted") || !slices.Equal(h.Record.Ballot, []model.ID{w.V[0]})) {
			t.Errorf("meeting 1 as %v, ballot %v; want chair, voted, and the panel-wide choice", h.As, h.Record.Ballot)
		}
	}
	blob, err := json.Marshal(rec)
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range mxVis[1:] {
		if bytes.Contains(blob, []byte(v.Marker)) {
			t.Errorf("the operator's export holds %s text", v.Name)
		}
	}
	if !bytes.Contains(blob, []byte(mxVis[0].Marker)) {
		t.Error("the export lacks the panel-wide records")
	}

	// Read as the police officer: what police may see, no more.
	police := w.users["officer of the police"]
	rec, err = s.PersonExport(model.Operator, "Poppy Chair", &police)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := heldIDs(rec.Problems, func(p model.Problem) model.ID { return p.ID }), mxSet(w.P[0], w.P[1], w.P[2], w.V[0], w.V[1], w.V[2]); !slices.Equal(got, want) {
		t.Errorf("as police, problems %v, want %v", got, want)
	}
	blob, _ = json.Marshal(rec)
	if bytes.Contains(blob, []byte("ZQOFFICERS")) || rec.Withheld["problems"] != 2 {
		t.Errorf("as police the export holds the panel's private papers, or withholds %v", rec.Withheld)
	}

	// An enrolled admin reads it as they may see it: the police admin, as police.
	rec, err = s.PersonExport(w.actor("admin of the police"), "Poppy Chair", nil)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := heldIDs(rec.Problems, func(p model.Problem) model.ID { return p.ID }), mxSet(w.P[0], w.P[1], w.P[2], w.V[0], w.V[1], w.V[2]); !slices.Equal(got, want) {
		t.Errorf("as the police admin, problems %v, want %v", got, want)
	}

	// The member: a ballot, attendance, an assignment made by someone else.
	rec, err = s.PersonExport(model.Operator, "Meg Member", nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(rec.Actions) != 1 || !slices.Equal(rec.Actions[0].As, []string{"assignee"}) {
		t.Errorf("member's actions %+v", rec.Actions)
	}
	var roles []string
	for _, h := range rec.Meetings {
		roles = append(roles, h.As...)
	}
	if !slices.Contains(roles, "voted") || !slices.Contains(roles, "present") {
		t.Errorf("member's meetings as %v", roles)
	}
	named := false
	for _, h := range rec.Audit {
		named = named || slices.Contains(h.As, "named")
	}
	if !named {
		t.Error("the audit entries naming the member (their account, the assignment) are not listed")
	}

	// The newcomer: the invite that named them.
	rec, err = s.PersonExport(model.Operator, "Nia Newcomer", nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(rec.Invites) != 1 || rec.Invites[0].Record.Name != "Nia Newcomer" || !slices.Contains(rec.Invites[0].As, "invitee") {
		t.Errorf("newcomer's invites %+v", rec.Invites)
	}
	rec, err = s.PersonExport(model.Operator, "Ann Admin", nil)
	if err != nil || len(rec.Invites) != 1 || !slices.Contains(rec.Invites[0].As, "invited") {
		t.Errorf("the admin's invites %+v, %v", rec.Invites, err)
	}
}

func TestPersonExportAndEraseAreTheAdminsAlone(t *testing.T) {
	w, _ := personWorld(t)
	before := w.s.Revision()
	for _, p := range mxPersonas {
		if p.role == model.RoleAdmin {
			continue
		}
		if _, err := w.s.PersonExport(w.actor(p.key), "Meg Member", nil); mxCode(err) != 'n' {
			t.Errorf("%s exports: %v", p.key, err)
		}
		if _, err := w.s.PersonErase(w.actor(p.key), "Meg Member"); mxCode(err) != 'n' {
			t.Errorf("%s erases: %v", p.key, err)
		}
	}
	if _, err := w.s.PersonExport(w.actor("admin"), "Meg Member", nil); err != nil {
		t.Errorf("an admin exports: %v", err)
	}
	if _, err := w.s.PersonErase(w.actor("admin"), "Ann Admin"); mxCode(err) != 'n' {
		t.Errorf("an admin erases themselves: %v", err)
	}
	if _, err := w.s.PersonExport(model.Operator, "Nobody Here", nil); mxCode(err) != '-' {
		t.Errorf("unknown name: %v", err)
	}
	if _, err := w.s.PersonErase(model.Operator, "Nobody Here"); mxCode(err) != '-' {
		t.Errorf("unknown name: %v", err)
	}
	if w.s.Revision() != before {
		t.Error("a refused erasure wrote something")
	}
}

// rawContains reports the buckets whose keys or values hold text, ignoring case.
func rawContains(t *testing.T, s *Store, text string) []string {
	t.Helper()
	var where []string
	needle := []byte(strings.ToLower(text))
	err := s.db.View(func(tx *bolt.Tx) error {
		return tx.ForEach(func(name []byte, b *bolt.Bucket) error {
			return b.ForEach(func(k, v []byte) error {
				if bytes.Contains(bytes.ToLower(k), needle) || bytes.Contains(bytes.ToLower(v), needle) {
					where = append(where, string(name))
				}
				return nil
			})
		})
	})
	if err != nil {
		t.Fatal(err)
	}
	return slices.Compact(where)
}

func TestPersonEraseLeavesNoNameAndKeepsTheTrail(t *testing.T) {
	w, _ := personWorld(t)
	s := w.s
	for _, name := range []string{"Poppy Chair", "Meg Member", "Nia Newcomer", "Ann Admin"} {
		t.Run(name, func(t *testing.T) {
			u, err := s.UserByName(name)
			if err != nil {
				t.Fatal(err)
			}
			trail := mxTrail(t, s)
			priorities, err := s.Priorities(w.users[mxBuilder], north)
			if err != nil {
				t.Fatal(err)
			}
			m1, err := s.Meeting(w.users["chair"], w.M1)
			if err != nil {
				t.Fatal(err)
			}
			if len(rawContains(t, s, name)) == 0 {
				t.Fatal("the name is not in the file to begin with")
			}
			sub := s.Subscribe()
			defer sub.Close()

			got, err := s.PersonErase(model.Operator, name)
			if err != nil {
				t.Fatal(err)
			}
			placeholder := fmt.Sprintf("former user #%d", u.ID)
			if got.UserID != u.ID || got.Placeholder != placeholder || got.Keys != len(u.Keys) {
				t.Errorf("erasure %+v", got)
			}
			if _, ok := recv(t, sub); !ok {
				t.Error("the erasure was not published")
			}

			// The account and its keys are gone; the name is nowhere.
			if _, err := s.UserByName(name); mxCode(err) != '-' {
				t.Errorf("UserByName after erasure: %v", err)
			}
			for _, k := range u.Keys {
				if _, err := s.UserByKey(k.Fingerprint); mxCode(err) != '-' {
					t.Errorf("UserByKey after erasure: %v", err)
				}
			}
			if where := rawContains(t, s, name); len(where) > 0 {
				t.Errorf("the name is still in %v", where)
			}

			// The trail: every entry kept, in place, with what and when
			// and the key, under the placeholder; one entry more.
			after := mxTrail(t, s)
			if len(after) != len(trail)+1 {
				t.Fatalf("the trail went from %d to %d entries", len(trail), len(after))
			}
			for i, e := range trail {
				a := after[i]
				if a.Seq != e.Seq || !a.At.Equal(e.At) || a.Action != e.Action || a.Target != e.Target ||
					a.Actor.Fingerprint != e.Actor.Fingerprint || a.Actor.User.ID != e.Actor.User.ID || a.Ward != e.Ward {
					t.Errorf("entry %d changed beyond the name: %+v\nwas %+v", e.Seq, a, e)
				}
				if e.Actor.User.ID == u.ID && a.Actor.User.Name != placeholder {
					t.Errorf("entry %d by them is now by %q", e.Seq, a.Actor.User.Name)
				}
			}
			last := after[len(after)-1]
			if last.Action != "person.erase" || last.Ward != "" || last.Target != fmt.Sprintf("user/%d", u.ID) ||
				!strings.Contains(last.Summary, placeholder) {
				t.Errorf("erasure entry %+v", last)
			}

			// Votes still count; what they wrote is still there, under the placeholder.
			if p2, err := s.Priorities(w.users[mxBuilder], north); err != nil || !slices.Equal(p2.Problems, priorities.Problems) {
				t.Errorf("priorities %v → %v (%v)", priorities.Problems, p2.Problems, err)
			}
			if m, err := s.Meeting(w.users["chair"], w.M1); err != nil || len(m.Vote.Ballots) != len(m1.Vote.Ballots) ||
				!slices.Equal(m.Vote.Counts, m1.Vote.Counts) {
				t.Errorf("meeting 1's vote changed: %v", err)
			}
			if r, err := s.Check(); err != nil || !r.OK() {
				t.Fatalf("check after erasing %s: %v %v", name, err, r.Faults)
			}
			if _, err := s.PersonErase(model.Operator, name); mxCode(err) != '-' {
				t.Errorf("erasing again: %v", err)
			}
		})
	}
	// Poppy's records are now the placeholder's.
	p, err := s.Problem(w.users["chair"], w.P[0])
	if err != nil || p.CreatedBy != fmt.Sprintf("former user #%d", w.users[mxBuilder].ID) {
		t.Errorf("problem %d created by %q (%v)", w.P[0], p.CreatedBy, err)
	}
}

func TestReplaceName(t *testing.T) {
	tests := []struct{ s, name, want string }{
		{`user "Dana Police" police officer`, "dana police", `user "X" police officer`},
		{"assignee none→Al", "Al", "assignee none→X"},
		{"the Alley, Al's report, AL", "al", "the Alley, X's report, X"},
		{"Alan and Al", "Al", "Alan and X"},
		{"nothing here", "Al", "nothing here"},
	}
	for _, tt := range tests {
		if got := replaceName(tt.s, tt.name, "X"); got != tt.want {
			t.Errorf("replaceName(%q, %q) = %q, want %q", tt.s, tt.name, got, tt.want)
		}
	}
}
