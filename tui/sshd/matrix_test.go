package sshd

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"

	"wardpanel/model"
	"wardpanel/model/modeltest"
	"wardpanel/store"
)

// The permission matrix over SSH (issue 6): every role × every visibility
// through the commands a script or a person without a terminal uses. The
// expectations are the table below, written from DESIGN.md §2, not worked
// out by calling model's rules.

const mxOtherWard = "E05000002"

// mxVis are the visibilities; each record's title carries its marker, so
// a leak shows wherever it surfaces in the output.
var mxVis = modeltest.MatrixVis

var mxVisibility = modeltest.MatrixVisibility

var mxOwner = modeltest.MatrixOwner

// mxPersonas: see says, per visibility (panel, agencies:police,
// agencies:housing,police, officers), whether the persona may see records of it.
var mxPersonas = []struct {
	key, name, agency string
	role              model.Role
	ward              string
	see               string
}{
	{"admin", "Ann Admin", "council", model.RoleAdmin, testWard, "y---"},
	{"admin of the police", "Pam Admin", "police", model.RoleAdmin, testWard, "yyy-"},
	{"chair", "Cal Chair", "residents", model.RoleChair, testWard, "y--y"},
	{"vice-chair", "Val Vice", "residents", model.RoleViceChair, testWard, "y--y"},
	{"secretary", "Sue Secretary", "council", model.RoleSecretary, testWard, "y--y"},
	{"officer of the police", "Pip Police", "police", model.RoleOfficer, testWard, "yyy-"},
	{"officer of housing", "Hal Housing", "housing", model.RoleOfficer, testWard, "y-y-"},
	{"officer of the council", "Con Council", "council", model.RoleOfficer, testWard, "y---"},
	{"member", "Meg Member", "residents", model.RoleMember, testWard, "y---"},
	{"observer", "Obe Observer", "residents", model.RoleObserver, testWard, "y---"},
	{"user of another ward", "Oli Other", "police", model.RoleChair, mxOtherWard, "----"},
	{"chair of the police", "Poppy Chair", "police", model.RoleChair, testWard, "yyyy"},
}

// mxServer is a running server over a ward with one of everything at every
// visibility: P problems, V vote candidates (restricted since the vote),
// A actions on P with an outcome each, R actions raised in meeting M1 and
// reviewed in the live meeting M2.
type mxServer struct {
	addr    string
	st      *store.Store
	signers map[string]gossh.Signer
	P, V    [4]model.ID
	A, R    [4]model.ID
	M1, M2  model.ID
}

func startMatrixServer(t *testing.T) *mxServer {
	t.Helper()
	dir := t.TempDir()
	st, err := store.Open(dir, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	w := &mxServer{st: st, signers: map[string]gossh.Signer{}}
	for _, wd := range []model.Ward{{Code: testWard, Name: "Testford"}, {Code: mxOtherWard, Name: "Otherton"}} {
		_, err = st.AddWard(model.Operator, wd)
		must(err)
	}
	for _, a := range []string{"police", "housing", "council", "residents", "clerk"} {
		_, err = st.PutAgency(model.Operator, model.Agency{Code: a})
		must(err)
	}
	users := map[string]model.User{}
	for _, p := range mxPersonas {
		s := newSigner(t)
		u, err := st.AddUser(model.Operator, model.User{Name: p.name, Agency: p.agency, Role: p.role, Wards: []string{p.ward},
			Keys: []model.Key{model.KeyFrom(s.PublicKey(), "")}})
		must(err)
		users[p.key], w.signers[p.key] = u, s
	}
	as := func(key string) model.Actor { return model.Actor{User: users[key], Fingerprint: "test"} }
	pc := as("chair of the police")
	due := model.DateOnly(time.Now()).AddDate(0, 0, 14)
	for i, v := range mxVis {
		p, err := st.CreateProblem(pc, model.Problem{Ward: testWard, Title: v.Marker + " problem", Visibility: mxVisibility(i)})
		must(err)
		w.P[i] = p.ID
		a, err := st.CreateAction(pc, model.Action{Ward: testWard, ProblemID: p.ID, Title: v.Marker + " action", OwnerAgency: mxOwner(i), Due: due})
		must(err)
		w.A[i] = a.ID
		_, err = st.AddOutcome(pc, a.ID, model.Outcome{Text: v.Marker + " outcome", Result: "engagement"})
		must(err)
	}
	for i := range mxVis {
		p, err := st.CreateProblem(pc, model.Problem{Ward: testWard, Title: fmt.Sprintf("Vote candidate %d", i+1)})
		must(err)
		w.V[i] = p.ID
	}
	m1, err := st.CreateMeeting(pc, model.Meeting{Ward: testWard, Title: "Testford panel, spring", When: time.Date(2026, 3, 10, 19, 0, 0, 0, time.UTC)})
	must(err)
	w.M1 = m1.ID
	for i := range mxVis {
		_, err = st.ChangeMeeting(pc, m1.ID, model.AddItem{Item: model.AgendaItem{Title: fmt.Sprintf("Item about problem %d", i+1), Problems: []model.ID{w.P[i]}}})
		must(err)
	}
	_, err = st.ChangeMeeting(pc, m1.ID, model.StartMeeting{})
	must(err)
	for i, v := range mxVis {
		a, err := st.RaiseMeetingAction(pc, m1.ID, m1.Items[4].ID, model.Action{ProblemID: w.P[i], Title: v.Marker + " raised in the meeting",
			OwnerAgency: mxOwner(i), Due: due})
		must(err)
		w.R[i] = a.ID
	}
	// Only the first candidate goes to the vote: a problem named in closed
	// minutes, or a priority, can no longer be restricted afterwards, and
	// the others are restricted below.
	_, err = st.ChangeMeeting(pc, m1.ID, model.OpenVote{Candidates: w.V[:1]})
	must(err)
	_, err = st.ChangeMeeting(pc, m1.ID, model.CastVote{Choices: []model.ID{w.V[0]}})
	must(err)
	_, err = st.ChangeMeeting(as("member"), m1.ID, model.CastVote{Choices: []model.ID{w.V[0]}})
	must(err)
	_, err = st.ChangeMeeting(pc, m1.ID, model.CloseVote{})
	must(err)
	_, err = st.ChangeMeeting(pc, m1.ID, model.CloseMeeting{})
	must(err)
	for i := 1; i < len(mxVis); i++ {
		p, err := st.Problem(pc.User, w.V[i])
		must(err)
		p.Title = mxVis[i].Marker + " candidate, restricted since"
		p.Visibility = mxVisibility(i)
		_, err = st.UpdateProblem(pc, p)
		must(err)
	}
	m2, err := st.CreateMeeting(pc, model.Meeting{Ward: testWard, Title: "Testford panel, summer", When: time.Date(2026, 6, 9, 19, 0, 0, 0, time.UTC), PreviousID: m1.ID})
	must(err)
	w.M2 = m2.ID
	_, err = st.ChangeMeeting(pc, m2.ID, model.StartMeeting{})
	must(err)
	for i, v := range mxVis {
		_, err = st.ReviewAction(pc, m2.ID, w.R[i], v.Marker+" update heard", "")
		must(err)
	}
	// A meeting of the other ward, which nobody here may read.
	_, err = st.CreateMeeting(as("user of another ward"), model.Meeting{Ward: mxOtherWard, Title: "Otherton panel", When: time.Date(2026, 3, 11, 19, 0, 0, 0, time.UTC)})
	must(err)

	srv, err := New(Config{Store: st, HostKeyPath: filepath.Join(dir, "host_ed25519"),
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), HandshakeTimeout: 5 * time.Second,
		ConnectionsPerSecond: 1000, ConnectionBurst: 1000})
	must(err)
	l, err := net.Listen("tcp", "127.0.0.1:0")
	must(err)
	done := make(chan error, 1)
	go func() { done <- srv.Serve(l) }()
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = srv.Shutdown(ctx)
		<-done
	})
	w.addr = l.Addr().String()
	return w
}

// mxRunner runs commands one after another over one connection, as a
// script would.
type mxRunner struct {
	t *testing.T
	c *gossh.Client
}

func (w *mxServer) runner(t *testing.T, key string) *mxRunner {
	t.Helper()
	c, err := dial(t, w.addr, gossh.PublicKeys(w.signers[key]))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return &mxRunner{t: t, c: c}
}

func (r *mxRunner) run(cmd string) (stdout, stderr string, code int) {
	r.t.Helper()
	return runOn(r.t, r.c, cmd, nil)
}

func TestMatrixSSHCommands(t *testing.T) {
	w := startMatrixServer(t)
	for _, p := range mxPersonas {
		t.Run(p.key, func(t *testing.T) {
			sees := func(i int) bool { return p.see[i] == 'y' }
			expect := func(ids [4]model.ID) []model.ID {
				out := []model.ID{}
				for i, id := range ids {
					if sees(i) {
						out = append(out, id)
					}
				}
				return out
			}
			r := w.runner(t, p.key)
			var all strings.Builder // everything printed, searched for markers at the end
			run := func(cmd string) (string, string, int) {
				out, errOut, code := r.run(cmd)
				all.WriteString(out + errOut)
				return out, errOut, code
			}

			// board --json lists exactly what the user may see, and counts it.
			out, errOut, code := run("board --json")
			if code != 0 {
				t.Fatalf("board --json: exit %d: %s", code, errOut)
			}
			var board struct {
				Problems []model.Problem `json:"problems"`
			}
			if err := json.Unmarshal([]byte(out), &board); err != nil {
				t.Fatalf("board --json: %v\n%s", err, out)
			}
			got := []model.ID{}
			for _, x := range board.Problems {
				got = append(got, x.ID)
			}
			slices.Sort(got)
			if want := append(expect(w.P), expect(w.V)...); !slices.Equal(got, want) {
				t.Errorf("board --json: %v, want %v", got, want)
			}
			out, _, _ = run("board")
			if want := fmt.Sprintf(": %d problems\n", len(got)); !strings.Contains(out, want) {
				t.Errorf("board counts otherwise than it lists (%q):\n%s", want, out)
			}
			_, errOut, code = run("board --ward " + testWard)
			if p.ward != testWard && (code != 1 || !strings.Contains(errOut, "not a member of ward "+testWard)) {
				t.Errorf("board --ward of another ward: exit %d, %q", code, errOut)
			}

			// actions --json likewise.
			out, errOut, code = run("actions --json")
			if code != 0 {
				t.Fatalf("actions --json: exit %d: %s", code, errOut)
			}
			var actions []struct {
				ID model.ID `json:"id"`
			}
			if err := json.Unmarshal([]byte(out), &actions); err != nil {
				t.Fatalf("actions --json: %v\n%s", err, out)
			}
			got = []model.ID{}
			for _, a := range actions {
				got = append(got, a.ID)
			}
			slices.Sort(got)
			if want := append(expect(w.A), expect(w.R)...); !slices.Equal(got, want) {
				t.Errorf("actions --json: %v, want %v", got, want)
			}

			// action show ID: a hidden action is answered as a missing one.
			_, missing, _ := run("action show 999999")
			for i := range mxVis {
				for _, id := range []model.ID{w.A[i], w.R[i]} {
					for _, form := range []string{"action show %d", "action show %d --json"} {
						out, errOut, code := run(fmt.Sprintf(form, id))
						if !sees(i) {
							if want := strings.ReplaceAll(missing, "999999", fmt.Sprint(id)); code != 1 || out != "" || errOut != want {
								t.Errorf("%s: exit %d, stdout %q, stderr %q; want exit 1 and %q", fmt.Sprintf(form, id), code, out, errOut, want)
							}
							continue
						}
						if code != 0 || !strings.Contains(out, mxVis[i].Marker) {
							t.Errorf("%s: exit %d, stderr %q:\n%s", fmt.Sprintf(form, id), code, errOut, out)
						}
						if id == w.A[i] && !strings.Contains(out, mxVis[i].Marker+" outcome") {
							t.Errorf("%s lacks its outcome:\n%s", fmt.Sprintf(form, id), out)
						}
					}
				}
			}

			// minutes ID: the whole meeting, less what the user may not see.
			_, missing, _ = run("minutes 999999")
			for _, id := range []model.ID{w.M1, w.M2} {
				out, errOut, code := run(fmt.Sprintf("minutes %d", id))
				if p.ward != testWard {
					if want := strings.ReplaceAll(missing, "999999", fmt.Sprint(id)); code != 1 || out != "" || errOut != want {
						t.Errorf("minutes %d: exit %d, stdout %q, stderr %q; want %q", id, code, out, errOut, want)
					}
					continue
				}
				if code != 0 {
					t.Fatalf("minutes %d: exit %d: %s", id, code, errOut)
				}
				for i, v := range mxVis {
					if got := strings.Contains(out, v.Marker); got != sees(i) {
						t.Errorf("minutes %d show %s records: %v, want %v:\n%s", id, v.Name, got, sees(i), out)
					}
				}
			}

			text := all.String()
			for i, v := range mxVis {
				if got := strings.Contains(text, v.Marker); got != sees(i) {
					t.Errorf("%s records in the output: %v, want %v", v.Name, got, sees(i))
				}
			}
		})
	}
}
