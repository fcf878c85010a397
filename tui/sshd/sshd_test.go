package sshd

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/json"
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
	"wardpanel/store"
	"wardpanel/tui/termtest"
)

const testWard = "E05000001"

// fixture is a running server with two officers of different agencies and
// one problem each can see plus one only police can.
type fixture struct {
	addr     string
	srv      *Server
	st       *store.Store
	police   gossh.Signer
	housing  gossh.Signer
	stranger gossh.Signer
	panelP   model.Problem
	policeP  model.Problem
}

func newSigner(t testing.TB) gossh.Signer {
	t.Helper()
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	s, err := gossh.NewSignerFromKey(priv)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func startServer(t testing.TB, demo bool, tune ...func(*Config)) *fixture {
	t.Helper()
	dir := t.TempDir()
	st, err := store.Open(dir, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	f := &fixture{st: st, police: newSigner(t), housing: newSigner(t), stranger: newSigner(t)}
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	_, err = st.AddWard(model.Operator, model.Ward{Code: testWard, Name: "Testford"})
	must(err)
	for _, a := range []string{"police", "housing"} {
		_, err = st.PutAgency(model.Operator, model.Agency{Code: a})
		must(err)
	}
	addUser := func(name, agency string, s gossh.Signer) model.User {
		u, err := st.AddUser(model.Operator, model.User{Name: name, Agency: agency, Role: model.RoleOfficer,
			Wards: []string{testWard}, Keys: []model.Key{model.KeyFrom(s.PublicKey(), "")}})
		must(err)
		return u
	}
	dana := addUser("Dana Police", "police", f.police)
	addUser("Priya Housing", "housing", f.housing)
	by := model.Actor{User: dana, Fingerprint: "test"}
	f.panelP, err = st.CreateProblem(by, model.Problem{Ward: testWard, Title: "Fly-tipping on Mill Lane", Category: "environmental"})
	must(err)
	f.policeP, err = st.CreateProblem(by, model.Problem{Ward: testWard, Title: "Cuckooing on Heron Walk", Category: "exploitation",
		Visibility: model.Visibility{Kind: model.VisAgencies, Agencies: []string{"police"}}})
	must(err)

	var personas []string
	if demo {
		personas = []string{"Priya Housing", "Dana Police"}
	}
	cfg := Config{Store: st, HostKeyPath: filepath.Join(dir, "host_ed25519"), Demo: demo, Personas: personas,
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), HandshakeTimeout: 5 * time.Second}
	for _, f := range tune {
		f(&cfg)
	}
	srv, err := New(cfg)
	must(err)
	f.srv = srv
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
	f.addr = l.Addr().String()
	return f
}

func dial(t testing.TB, addr string, auth ...gossh.AuthMethod) (*gossh.Client, error) {
	t.Helper()
	return gossh.Dial("tcp", addr, &gossh.ClientConfig{
		User:            "anyone",
		Auth:            auth,
		HostKeyCallback: gossh.InsecureIgnoreHostKey(),
		Timeout:         5 * time.Second,
	})
}

// sshRun runs one command without a PTY and returns stdout, stderr and the exit status.
func sshRun(t *testing.T, addr string, signer gossh.Signer, cmd string) (string, string, int) {
	t.Helper()
	return sshRunInput(t, addr, signer, cmd, nil)
}

// openTUI starts an interactive session with an 80×24 PTY. The client never
// answers terminal queries: the first frame must come regardless.
func openTUI(t testing.TB, addr string, signer gossh.Signer) (*termtest.Screen, io.WriteCloser) {
	t.Helper()
	term := openTerminal(t, addr, signer, 80, 24)
	return term.screen, term.in
}

func TestEnrolledKeyWithPTYSeesItsBoard(t *testing.T) {
	f := startServer(t, false)
	scr, _ := openTUI(t, f.addr, f.housing)
	scr.WaitFor(t, "Priya Housing")
	scr.WaitFor(t, f.panelP.Title)
	if strings.Contains(scr.Text(), f.policeP.Title) {
		t.Errorf("housing officer's board shows a police-only problem:\n%s", scr.Text())
	}
}

func TestUnknownKeyIsRefusedWithOneClearLine(t *testing.T) {
	// Refused at authentication (auth.go), before any session: the line
	// comes as the keyboard-interactive instruction, which OpenSSH prints.
	f := startServer(t, false)
	if got := refusal(t, f.addr, nil, "anyone", f.stranger); got != model.ErrNotEnrolled.Error() {
		t.Errorf("told %q, want %q", got, model.ErrNotEnrolled.Error())
	}
}

// offerOnly presents one key (which the server accepts when queried) but
// signs with another, so that attempt fails and the client goes on to its
// next key: the identity must come from the key that finally authenticates.
type offerOnly struct {
	gossh.Signer              // the key offered
	signWith     gossh.Signer // a different key, so the signature does not verify
}

func (o offerOnly) Sign(r io.Reader, data []byte) (*gossh.Signature, error) {
	return o.signWith.Sign(r, data)
}

func TestIdentityIsTheKeyThatAuthenticated(t *testing.T) {
	f := startServer(t, false)
	whoami := func(t *testing.T, auth ...gossh.AuthMethod) (name string, refused bool) {
		t.Helper()
		c, err := dial(t, f.addr, auth...)
		if err != nil {
			return "", true // the server closed the handshake
		}
		defer c.Close()
		sess, err := c.NewSession()
		if err != nil {
			t.Fatal(err)
		}
		defer sess.Close()
		var out, errOut bytes.Buffer
		sess.Stdout, sess.Stderr = &out, &errOut
		_ = sess.Run("whoami --json")
		if strings.Contains(errOut.String(), "not enrolled") {
			return "", true
		}
		var who struct{ Name, Key string }
		if err := json.Unmarshal(out.Bytes(), &who); err != nil {
			t.Fatalf("whoami --json: %v (%q, stderr %q)", err, out.String(), errOut.String())
		}
		return who.Name, false
	}
	if name, _ := whoami(t, gossh.PublicKeys(f.police)); name != "Dana Police" {
		t.Fatalf("the police key itself is %q, want Dana Police", name)
	}
	tests := []struct {
		name     string
		signed   gossh.Signer
		wantUser string // empty: must be refused
	}{
		{"then signs with housing", f.housing, "Priya Housing"},
		{"then signs with an unknown key", f.stranger, ""},
	}
	for _, tt := range tests {
		t.Run("offers police "+tt.name, func(t *testing.T) {
			name, refused := whoami(t, gossh.PublicKeys(offerOnly{f.police, newSigner(t)}), gossh.PublicKeys(tt.signed))
			switch {
			case name == "Dana Police":
				t.Fatal("treated as the offered key's owner without proof of the key")
			case tt.wantUser == "" && !refused:
				t.Fatalf("unknown key got in as %q", name)
			case tt.wantUser != "" && !refused && name != tt.wantUser:
				t.Fatalf("session is %q, want %q", name, tt.wantUser)
			}
		})
	}
}

func TestOnlyPublicKeyAuthentication(t *testing.T) {
	f := startServer(t, true) // even in demo mode, where any key gets in
	tests := []struct {
		name string
		auth []gossh.AuthMethod
	}{
		{"none", nil},
		{"password", []gossh.AuthMethod{gossh.Password("letmein")}},
		{"keyboard-interactive", []gossh.AuthMethod{gossh.KeyboardInteractive(
			func(string, string, []string, []bool) ([]string, error) { return nil, nil })}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := dial(t, f.addr, tt.auth...)
			if err == nil {
				c.Close()
				t.Fatal("server accepted a session without public-key authentication")
			}
		})
	}
}

func TestBoardJSONListsExactlyWhatTheUserMaySee(t *testing.T) {
	f := startServer(t, false)
	tests := []struct {
		name   string
		signer gossh.Signer
		want   []model.ID
	}{
		{"police officer", f.police, []model.ID{f.panelP.ID, f.policeP.ID}},
		{"housing officer", f.housing, []model.ID{f.panelP.ID}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, errOut, code := sshRun(t, f.addr, tt.signer, "board --json")
			if code != 0 {
				t.Fatalf("exit %d: %s", code, errOut)
			}
			var board struct {
				Ward     model.Ward
				Problems []model.Problem
			}
			if err := json.Unmarshal([]byte(out), &board); err != nil {
				t.Fatalf("board --json: %v\n%s", err, out)
			}
			var got []model.ID
			for _, p := range board.Problems {
				got = append(got, p.ID)
			}
			slices.Sort(got)
			if !slices.Equal(got, tt.want) {
				t.Errorf("problems %v, want %v", got, tt.want)
			}
			if board.Ward.Code != testWard {
				t.Errorf("ward %q, want %q", board.Ward.Code, testWard)
			}
		})
	}
}

func TestCommandsAnswerBadInputWithOneLineAndAStatus(t *testing.T) {
	f := startServer(t, false)
	tests := []struct {
		cmd      string
		wantCode int
		wantErr  string
		wantOut  string
	}{
		{"board", 0, "", "Fly-tipping on Mill Lane"},
		{"whoami", 0, "", "Dana Police — officer, police"},
		{"help", 0, "", "the problems on your ward's board"},
		{"board --bogus", 2, `unknown flag "--bogus"`, ""},
		{"board --ward nonsense", 2, "not a ward code", ""},
		{"board --ward E05000002", 1, "not a member of ward E05000002", ""},
		{"board extra", 2, "unexpected argument", ""},
		{"launch-missiles", 2, "unknown command", ""},
	}
	for _, tt := range tests {
		t.Run(tt.cmd, func(t *testing.T) {
			out, errOut, code := sshRun(t, f.addr, f.police, tt.cmd)
			if code != tt.wantCode {
				t.Errorf("exit %d, want %d (stderr %q)", code, tt.wantCode, errOut)
			}
			if tt.wantErr != "" {
				if n := strings.Count(errOut, "\n"); n != 1 || !strings.Contains(errOut, tt.wantErr) {
					t.Errorf("stderr %q: want one line containing %q", errOut, tt.wantErr)
				}
			} else if errOut != "" {
				t.Errorf("unexpected stderr %q", errOut)
			}
			if !strings.Contains(out, tt.wantOut) {
				t.Errorf("stdout %q lacks %q", out, tt.wantOut)
			}
		})
	}
}

func TestDemoVisitorPicksAPersonaAndIsEnrolled(t *testing.T) {
	f := startServer(t, true)
	visitor := newSigner(t)

	_, errOut, code := sshRun(t, f.addr, visitor, "board")
	if code == 0 || !strings.Contains(errOut, "pick a persona") {
		t.Errorf("demo visitor without a terminal: exit %d, stderr %q", code, errOut)
	}

	scr, in := openTUI(t, f.addr, visitor)
	scr.WaitFor(t, "DEMO")
	scr.WaitFor(t, "Priya Housing")
	if _, err := in.Write([]byte("\r")); err != nil { // the first persona
		t.Fatal(err)
	}
	scr.WaitFor(t, f.panelP.Title)

	out, errOut, code := sshRun(t, f.addr, visitor, "whoami")
	if code != 0 || !strings.Contains(out, "Priya Housing") {
		t.Errorf("after enrolment whoami = %q (stderr %q, exit %d)", out, errOut, code)
	}
	entries, err := f.st.Audit(model.User{Role: model.RoleAdmin, Wards: []string{testWard}}, 1)
	if err != nil || len(entries) != 1 || entries[0].Actor.Fingerprint != gossh.FingerprintSHA256(visitor.PublicKey()) {
		t.Errorf("enrolment audit = %+v, %v; want the visitor's key", entries, err)
	}
}
