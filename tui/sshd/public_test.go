package sshd

import (
	"context"
	"errors"
	"fmt"
	"net"
	"os/exec"
	"strings"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/charmbracelet/x/ansi"
	gossh "golang.org/x/crypto/ssh"
	"golang.org/x/net/html"
	"golang.org/x/time/rate"

	"wardpanel/model"
	"wardpanel/tui/cli"
	"wardpanel/tui/public"
	"wardpanel/tui/sshd/opensshtest"
	"wardpanel/tui/termtest"
)

// publicWard is a fixture ward with its priorities voted and its summary
// published: the chair (of agency police, so they see police-only
// records and may set them), the vote's meeting, the next meeting.
type publicWard struct {
	chair       model.User
	chairSigner gossh.Signer
	dana, priya model.User
}

func (f *fixture) actor(u model.User) model.Actor { return model.Actor{User: u, Fingerprint: "test"} }

// publicSetup adds the chair (of agency police, so they see police-only
// records and may set them); vote then sets the priorities.
func (f *fixture) publicSetup(t *testing.T) publicWard {
	t.Helper()
	var w publicWard
	w.chairSigner = newSigner(t)
	var err error
	w.chair, err = f.st.AddUser(model.Operator, model.User{Name: "Alex Chair", Agency: "police", Role: model.RoleChair,
		Wards: []string{testWard}, Keys: []model.Key{model.KeyFrom(w.chairSigner.PublicKey(), "")}})
	if err != nil {
		t.Fatal(err)
	}
	w.dana, _ = f.st.UserByName("Dana Police")
	w.priya, _ = f.st.UserByName("Priya Housing")
	return w
}

// vote holds a meeting whose vote makes priorities the ward's, most
// wanted first, and plans the next meeting.
func (f *fixture) vote(t *testing.T, w publicWard, priorities ...model.ID) {
	t.Helper()
	by := f.actor(w.chair)
	m, err := f.st.CreateMeeting(by, model.Meeting{Ward: testWard, Title: "Testford panel", When: time.Now().Add(-time.Hour), Venue: "Old Hall"})
	if err != nil {
		t.Fatal(err)
	}
	for _, ch := range []model.MeetingChange{model.StartMeeting{}, model.OpenVote{Candidates: priorities},
		model.CastVote{Choices: priorities}, model.CloseVote{}, model.CloseMeeting{}} {
		if _, err := f.st.ChangeMeeting(by, m.ID, ch); err != nil {
			t.Fatalf("%T: %v", ch, err)
		}
	}
	if _, err := f.st.CreateMeeting(by, model.Meeting{Ward: testWard, Title: "Next", When: time.Now().AddDate(0, 0, 30), Venue: "Testford Library"}); err != nil {
		t.Fatal(err)
	}
}

// outcome raises an action on problem with visibility vis for owner's
// agency and logs text as its outcome, publishable or not, as owner.
func (f *fixture) outcome(t *testing.T, raiser, owner model.User, problem model.ID, vis model.Visibility, text string, publishable bool) {
	t.Helper()
	a, err := f.st.CreateAction(f.actor(raiser), model.Action{Ward: testWard, ProblemID: problem, Title: "Action " + vis.String(),
		OwnerAgency: owner.Agency, Due: time.Now().AddDate(0, 0, 7), Visibility: vis})
	if err != nil {
		t.Fatalf("action %s: %v", vis, err)
	}
	if _, err := f.st.AddOutcome(f.actor(owner), a.ID, model.Outcome{Text: text, Result: "other", Publishable: publishable}); err != nil {
		t.Fatalf("outcome %s: %v", vis, err)
	}
}

// publicRun runs command as public@ over SSH, with signer's key (or none).
func publicRun(t *testing.T, addr string, signer gossh.Signer, command, stdin string) (string, string, int) {
	t.Helper()
	cfg := &gossh.ClientConfig{User: publicUser, HostKeyCallback: gossh.InsecureIgnoreHostKey(), Timeout: 10 * time.Second,
		Auth: []gossh.AuthMethod{gossh.KeyboardInteractive(func(string, string, []string, []bool) ([]string, error) { return nil, nil })}}
	if signer != nil {
		cfg.Auth = []gossh.AuthMethod{gossh.PublicKeys(signer)}
	}
	c, err := gossh.Dial("tcp", addr, cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	return runOn(t, c, command, strings.NewReader(stdin))
}

// publicTerminal opens the public screen on a w×h terminal, tapped, with a key of its own.
func publicTerminal(t *testing.T, addr string, w, h int) (*terminal, *rawTap) {
	t.Helper()
	return tappedAs(t, addr, publicUser, newSigner(t), w, h)
}

// plainInert fails unless s could not drive a terminal: valid UTF-8, no
// control character but newline and tab, no bidi override.
func plainInert(t *testing.T, s, what string) {
	t.Helper()
	if !utf8.ValidString(s) {
		t.Errorf("%s: not UTF-8", what)
	}
	for i, r := range s {
		if (unicode.IsControl(r) && r != '\n' && r != '\t') || unicode.Is(unicode.Bidi_Control, r) {
			t.Errorf("%s: control character %U at %d: %q", what, r, i, s[max(0, i-20):min(len(s), i+20)])
			return
		}
	}
}

// htmlText parses page and returns its text, failing on any element a
// summary page does not have (a script, a link, an image, a form) and on
// any attribute but the page's own.
func htmlText(t *testing.T, page string) string {
	t.Helper()
	doc, err := html.Parse(strings.NewReader(page))
	if err != nil {
		t.Fatal(err)
	}
	allowed := map[string]bool{"html": true, "head": true, "body": true, "meta": true, "title": true, "style": true,
		"h1": true, "h2": true, "p": true, "ol": true, "ul": true, "li": true, "strong": true, "span": true}
	var text strings.Builder
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		switch n.Type {
		case html.ElementNode:
			if !allowed[n.Data] {
				t.Errorf("the page has a <%s> element", n.Data)
			}
			for _, a := range n.Attr {
				if n.Data != "meta" && n.Data != "html" && !(n.Data == "span" && a.Key == "class" && a.Val == "text") {
					t.Errorf("<%s> has attribute %s=%q", n.Data, a.Key, a.Val)
				}
			}
		case html.TextNode:
			if n.Parent == nil || n.Parent.Data != "style" {
				text.WriteString(n.Data)
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	return text.String()
}

// Over every visibility: of a ward's records, only panel-wide priorities
// and the outcomes their owner agency marked publishable reach the
// public, in the screen, the summary command, the Markdown and the HTML;
// an unpublished ward reaches it not at all, and what changes after
// publishing waits for the next publish.
func TestPublicSeesOnlyWhatIsPublished(t *testing.T) {
	f := startServer(t, false)
	w := f.publicSetup(t)
	// Restricted problems cannot be voted priorities, and a priority the
	// panel voted for cannot be narrowed after the vote (the panel's
	// record): an attempt is refused and the priority stays public.
	narrowed := map[string]model.Problem{}
	for _, name := range []string{"police", "officers"} {
		p, err := f.st.CreateProblem(f.actor(w.chair), model.Problem{Ward: testWard, Title: "PRIORITY narrowed to " + name, Category: "other"})
		if err != nil {
			t.Fatal(err)
		}
		narrowed[name] = p
	}
	if _, err := f.st.AddWard(model.Operator, model.Ward{Code: "E05000002", Name: "Otherford"}); err != nil {
		t.Fatal(err)
	}
	f.vote(t, w, f.panelP.ID, narrowed["police"].ID, narrowed["officers"].ID)
	police := model.Visibility{Kind: model.VisAgencies, Agencies: []string{"police"}}
	housing := model.Visibility{Kind: model.VisAgencies, Agencies: []string{"housing"}}
	officers := model.Visibility{Kind: model.VisOfficers}
	for _, o := range []struct {
		raiser, owner model.User
		problem       model.ID
		vis           model.Visibility
		text          string
		publishable   bool
	}{
		{w.dana, w.dana, f.panelP.ID, model.Panel, "MARKED panel-wide", true},
		{w.dana, w.dana, f.panelP.ID, model.Panel, "UNMARKED panel-wide", false},
		{w.dana, w.dana, f.panelP.ID, police, "MARKED police", true},
		{w.priya, w.priya, f.panelP.ID, housing, "MARKED housing", true},
		{w.chair, w.chair, f.panelP.ID, officers, "MARKED officers", true},
		{w.dana, w.dana, f.policeP.ID, police, "MARKED on the police problem", true},
	} {
		f.outcome(t, o.raiser, o.owner, o.problem, o.vis, o.text, o.publishable)
	}
	for name, vis := range map[string]model.Visibility{"police": police, "officers": officers} {
		p := narrowed[name]
		p.Visibility = vis
		if _, err := f.st.UpdateProblem(f.actor(w.chair), p); !errors.Is(err, model.ErrForbidden) {
			t.Fatalf("narrowing a voted priority to %s: %v, want it refused", name, err)
		}
	}
	if _, err := f.st.PublishSummary(f.actor(w.chair), testWard); err != nil {
		t.Fatal(err)
	}
	f.outcome(t, w.dana, w.dana, f.panelP.ID, model.Panel, "MARKED after publishing", true)

	want := []string{f.panelP.Title, "MARKED panel-wide", "Testford Library"}
	never := []string{"UNMARKED", "MARKED police", "MARKED housing", "MARKED officers", "MARKED on", "MARKED after",
		f.policeP.Title, "Otherford", "E05000002"}
	check := func(what, text string) {
		t.Helper()
		for _, s := range want {
			if !strings.Contains(text, s) {
				t.Errorf("%s lacks %q:\n%s", what, s, text)
			}
		}
		for _, s := range never {
			if strings.Contains(text, s) {
				t.Errorf("%s shows %q:\n%s", what, s, text)
			}
		}
	}

	out, _, code := publicRun(t, f.addr, nil, "summary "+testWard, "")
	if code != 0 {
		t.Fatalf("summary: exit %d", code)
	}
	check("ssh public@ summary", out)
	if !strings.Contains(out, narrowed["police"].Title) {
		t.Errorf("the priority an officer tried to narrow left the summary:\n%s", out)
	}
	out, _, _ = publicRun(t, f.addr, newSigner(t), "wards", "")
	check("ssh public@ wards", out+f.panelP.Title+"MARKED panel-wide Testford Library")
	if _, errOut, code := publicRun(t, f.addr, nil, "summary E05000002", ""); code == 0 || !strings.Contains(errOut, "published no summary") {
		t.Errorf("an unpublished ward: exit %d, %q", code, errOut)
	}

	term, tap := publicTerminal(t, f.addr, 120, 60)
	term.screen.WaitFor(t, "Choose a ward")
	_, _ = term.in.Write([]byte("\r"))
	term.screen.WaitFor(t, "MARKED panel-wide")
	check("the public screen", ansi.Strip(string(tap.Bytes())))

	sum, err := f.st.Published(testWard)
	if err != nil {
		t.Fatal(err)
	}
	check("the Markdown", public.Markdown(sum))
	page, err := public.HTML(sum)
	if err != nil {
		t.Fatal(err)
	}
	check("the HTML", htmlText(t, page))
}

// The README's way in, with the real OpenSSH client and a key that is
// not enrolled: read the ward's summary, choose it and leave a concern
// line by line; with no key at all, read it too. The chair sees the
// concern in the moderation list and promotes it to a proposal on the
// board, which links back to it.
func TestRealOpenSSHPublicReadsAnswersAndTheChairPromotes(t *testing.T) {
	sshBin := opensshtest.Binary(t)
	f := startServer(t, false)
	w := f.publicSetup(t)
	f.vote(t, w, f.panelP.ID)
	f.outcome(t, w.dana, w.dana, f.panelP.ID, model.Panel, "Skip removed and the lane cleared", true)
	o := newOpenSSH(t, f)
	o.enrol(t, f, w.chair.Name)
	chair := func(remote ...string) string {
		t.Helper()
		out, errOut, code := o.run(t, w.chair.Name, "", remote...)
		if code != 0 {
			t.Fatalf("ssh %v: exit %d\n%s%s", remote, code, out, errOut)
		}
		return out
	}
	if out := chair("publish"); !strings.Contains(out, "Preview") || !strings.Contains(out, "Skip removed and the lane cleared") {
		t.Fatalf("publish preview:\n%s", out)
	}
	if out := chair("publish", "--yes"); !strings.Contains(out, "published version 1") {
		t.Fatalf("publish --yes:\n%s", out)
	}
	host, port, _ := net.SplitHostPort(f.addr)
	stranger, _ := opensshtest.Key(t)
	ssh := func(stdin string, opts []string, remote ...string) string {
		t.Helper()
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		args := append([]string{"-p", port, "-F", "/dev/null", "-o", "StrictHostKeyChecking=no",
			"-o", "UserKnownHostsFile=/dev/null", "-o", "LogLevel=ERROR"}, opts...)
		cmd := exec.CommandContext(ctx, sshBin, append(append(args, "public@"+host), remote...)...)
		cmd.Stdin = strings.NewReader(stdin)
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("ssh public@ %v: %v\n%s", remote, err, out)
		}
		return string(out)
	}
	withKey := []string{"-i", stranger, "-o", "IdentitiesOnly=yes", "-o", "BatchMode=yes"}
	if out := ssh("", withKey, "summary", testWard); !strings.Contains(out, "Skip removed and the lane cleared") ||
		!strings.Contains(out, "Testford Library") {
		t.Errorf("summary:\n%s", out)
	}
	noKey := []string{"-o", "PubkeyAuthentication=no", "-o", "PreferredAuthentications=keyboard-interactive"}
	if out := ssh("", noKey, "summary", testWard); !strings.Contains(out, "Skip removed and the lane cleared") {
		t.Errorf("summary without a key:\n%s", out)
	}
	out := ssh("1\nc\nVans parked on the pavement by the school\nme@example.org\nq\n", withKey, "plain")
	for _, want := range []string{"1. Testford (" + testWard + ")", "Skip removed", "Thank you: your concern is with the panel's officers."} {
		if !strings.Contains(out, want) {
			t.Errorf("the plain dialogue lacks %q:\n%s", want, out)
		}
	}

	if out := ssh("", withKey, "wards"); !strings.Contains(out, testWard+"  Testford") {
		t.Errorf("wards:\n%s", out)
	}
	out = ssh("", withKey, "concern", testWard, "Dog fouling on the green", "--contact", "07700 900123")
	if !strings.Contains(out, "Thank you") {
		t.Errorf("concern:\n%s", out)
	}
	if out := chair("concerns"); !strings.Contains(out, "Dog fouling on the green") || !strings.Contains(out, "07700 900123") {
		t.Errorf("the second concern, as typed:\n%s", out)
	}
	if out := chair("concerns", "decline", "2", "--reason", "raised with the dog warden already"); !strings.Contains(out, "concern 2 is declined: raised with the dog warden already") {
		t.Errorf("decline:\n%s", out)
	}
	if out := chair("concerns"); !strings.Contains(out, "Vans parked on the pavement by the school") ||
		!strings.Contains(out, "me@example.org") || !strings.Contains(out, "pending") {
		t.Fatalf("concerns:\n%s", out)
	}
	out = chair("concerns", "promote", "1")
	var id model.ID
	if _, err := fmt.Sscanf(out, "concern 1 is now problem P%d", &id); err != nil {
		t.Fatalf("promote: %q", out)
	}
	p, err := f.st.Problem(w.chair, id)
	if err != nil || p.Stage != model.StageScanning || !strings.Contains(p.Description, "public concern 1") {
		t.Errorf("the proposal does not link back: %+v, %v", p, err)
	}
	if out := chair("board"); !strings.Contains(out, "Vans parked on the pavement") {
		t.Errorf("the board lacks the proposal:\n%s", out)
	}
	if out := chair("concerns"); !strings.Contains(out, cli.ProblemRef.Name(id)) || !strings.Contains(out, "promoted") {
		t.Errorf("the concern does not link to its proposal:\n%s", out)
	}
	// Not the chair's alone to see: another agency's officer may not moderate.
	if _, errOut, code := sshRun(t, f.addr, f.housing, "concerns"); code == 0 || !strings.Contains(errOut, "only the chair") {
		t.Errorf("an officer read the concerns: exit %d %q", code, errOut)
	}
}

// The bad-text corpus through outcome texts and public concerns is inert
// in the public screen's bytes, the summary command, the Markdown, the
// HTML (parsed) and the officers' moderation list.
func TestPublicHostileTextIsInert(t *testing.T) {
	saved := concernRate
	concernRate = budgetRate{rate.Inf, 1}
	t.Cleanup(func() { concernRate = saved })
	f := startServer(t, false)
	w := f.publicSetup(t)
	f.vote(t, w, f.panelP.ID)
	for i, b := range badCorpus {
		f.outcome(t, w.dana, w.dana, f.panelP.ID, model.Panel, fmt.Sprintf("OUT%02d %s", i, b.text), true)
	}
	if _, err := f.st.PublishSummary(f.actor(w.chair), testWard); err != nil {
		t.Fatal(err)
	}

	term, tap := publicTerminal(t, f.addr, 160, 100)
	term.screen.WaitFor(t, "Choose a ward")
	base := tap.Len()
	_, _ = term.in.Write([]byte("\r"))
	term.screen.WaitFor(t, fmt.Sprintf("OUT%02d", len(badCorpus)-1))
	if problems := judge(t, tap.Bytes(), base); len(problems) > 0 {
		t.Errorf("the public screen sent:\n%s", strings.Join(problems, "\n"))
	}

	out, _, _ := publicRun(t, f.addr, nil, "summary "+testWard, "")
	plainInert(t, out, "summary")
	sum, err := f.st.Published(testWard)
	if err != nil {
		t.Fatal(err)
	}
	plainInert(t, public.Markdown(sum), "Markdown")
	page, err := public.HTML(sum)
	if err != nil {
		t.Fatal(err)
	}
	plainInert(t, page, "HTML source")
	text := htmlText(t, page)
	plainInert(t, text, "HTML text")
	if !strings.Contains(text, "OUT00") {
		t.Errorf("the page lost the outcomes:\n%s", text)
	}

	for i, b := range badCorpus {
		text := fmt.Sprintf("CON%02d %s", i, b.text)
		if _, errOut, code := publicRun(t, f.addr, nil, "concern "+testWard+" - --contact "+quote(b.text), text); code != 0 {
			t.Fatalf("concern %q: exit %d %q", b.name, code, errOut)
		}
	}
	for _, args := range []string{"concerns", "concerns --json"} {
		out, errOut, code := sshRun(t, f.addr, w.chairSigner, args)
		if code != 0 || !strings.Contains(out, fmt.Sprintf("CON%02d", len(badCorpus)-1)) {
			t.Fatalf("%s: exit %d %q\n%s", args, code, errOut, out)
		}
		plainInert(t, out, args)
	}
}

// Concerns are limited per address: after the burst, one clear line.
func TestPublicConcernsAreRateLimited(t *testing.T) {
	f := startServer(t, false)
	w := f.publicSetup(t)
	f.vote(t, w, f.panelP.ID)
	if _, err := f.st.PublishSummary(f.actor(w.chair), testWard); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < concernRate.burst; i++ {
		if _, errOut, code := publicRun(t, f.addr, newSigner(t), fmt.Sprintf("concern %s litter number %d", testWard, i), ""); code != 0 {
			t.Fatalf("concern %d: %q", i, errOut)
		}
	}
	_, errOut, code := publicRun(t, f.addr, newSigner(t), "concern "+testWard+" one too many", "")
	if code == 0 || !strings.Contains(errOut, errTooManyConcerns.Error()) {
		t.Errorf("over the limit: exit %d %q", code, errOut)
	}
}

// On the public screen: choose the ward, read it, press c, type the
// concern and a contact; the officers have it.
func TestPublicScreenLeavesAConcern(t *testing.T) {
	f := startServer(t, false)
	w := f.publicSetup(t)
	f.vote(t, w, f.panelP.ID)
	if _, err := f.st.PublishSummary(f.actor(w.chair), testWard); err != nil {
		t.Fatal(err)
	}
	term, _ := publicTerminal(t, f.addr, 80, 24)
	term.screen.WaitFor(t, "Choose a ward")
	for _, step := range []struct{ keys, want string }{
		{"\r", "Your priorities now"},
		{"c", "Your concern:"},
		{"Broken streetlight on Mill Lane\r", "Contact (optional):"},
		{"me@example.org\r", "Thank you: your concern is with the panel's officers."},
	} {
		mark := term.screen.Mark()
		_, _ = term.in.Write([]byte(step.keys))
		term.screen.WaitForSince(t, mark, step.want)
	}
	list, err := f.st.PublicConcerns(w.chair, testWard)
	if err != nil || len(list) != 1 || list[0].Text != "Broken streetlight on Mill Lane" || list[0].Contact != "me@example.org" {
		t.Fatalf("concerns %+v, %v", list, err)
	}
}

// ssh -t public@HOST plain: the line-by-line dialogue on a terminal,
// with what is typed echoed and each line starting at the left margin.
func TestPublicPlainOnATerminal(t *testing.T) {
	f := startServer(t, false)
	w := f.publicSetup(t)
	f.vote(t, w, f.panelP.ID)
	if _, err := f.st.PublishSummary(f.actor(w.chair), testWard); err != nil {
		t.Fatal(err)
	}
	c, err := gossh.Dial("tcp", f.addr, &gossh.ClientConfig{User: publicUser, HostKeyCallback: gossh.InsecureIgnoreHostKey(),
		Auth: []gossh.AuthMethod{gossh.PublicKeys(newSigner(t))}, Timeout: 10 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	sess, err := c.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	scr := termtest.NewScreen(100, 40)
	defer scr.Close()
	sess.Stdout = scr
	in, err := sess.StdinPipe()
	if err == nil {
		err = sess.RequestPty("xterm-256color", 40, 100, gossh.TerminalModes{})
	}
	if err == nil {
		err = sess.Start("plain")
	}
	if err != nil {
		t.Fatal(err)
	}
	scr.WaitFor(t, "Type a number")
	_, _ = in.Write([]byte("1\r"))
	scr.WaitFor(t, "Type c to leave")
	text := scr.Text()
	for _, want := range []string{"or q to leave: 1\nYou said, we did: Testford", "\nYour priorities now\n", "\n  1. " + f.panelP.Title} {
		if !strings.Contains(text, want) {
			t.Errorf("the screen lacks %q:\n%s", want, text)
		}
	}
}
