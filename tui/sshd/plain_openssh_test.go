package sshd

import (
	"context"
	"errors"
	"io"
	"os/exec"
	"slices"
	"strings"
	"testing"
	"time"

	"wardpanel/model"
	"wardpanel/tui/plain/plaintest"
	"wardpanel/tui/sshd/opensshtest"
)

// plainClient is `ssh -tt … plain` (or a bare `ssh -tt …`) as name: the
// real OpenSSH client with a terminal asked for, typed into through its
// standard input.
type plainClient struct {
	in   io.WriteCloser
	out  *plaintest.Output
	done chan error
}

func (o *openSSH) plain(t *testing.T, name string, words ...string) *plainClient {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	t.Cleanup(cancel)
	cmd := opensshtest.Command(ctx, o.bin, o.addr, o.keys[name], words...)
	cmd.Args = slices.Insert(cmd.Args, 1, "-tt") // a terminal, though standard input is a pipe
	in, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	c := &plainClient{in: in, out: plaintest.NewOutput(), done: make(chan error, 1)}
	cmd.Stdout, cmd.Stderr = c.out, io.Discard
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { c.done <- cmd.Wait() }()
	t.Cleanup(func() { _ = in.Close() })
	return c
}

// say types line and enter (a raw terminal's \r) and waits for want.
func (c *plainClient) say(t *testing.T, line, want string) {
	t.Helper()
	if _, err := io.WriteString(c.in, line+"\r"); err != nil {
		t.Fatal(err)
	}
	c.out.WaitFor(t, want)
}

// quit leaves and returns everything the client printed.
func (c *plainClient) quit(t *testing.T) string {
	t.Helper()
	c.say(t, "quit", "Goodbye.")
	select {
	case err := <-c.done:
		if err != nil {
			t.Errorf("ssh ended with %v", err)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("ssh did not end after quit")
	}
	return c.out.String()
}

// TestPlainMeetingThroughOpenSSH: a chair runs a whole meeting in plain
// mode through the real OpenSSH client with a terminal (start, step,
// minutes, an action raised, the vote opened, cast and closed, the meeting
// closed) while a resident follows it in plain mode and hears each step.
// Neither byte stream ever moves the cursor up, clears the screen or
// redraws a line.
func TestPlainMeetingThroughOpenSSH(t *testing.T) {
	f := startServer(t, false)
	o := newOpenSSH(t, f)
	for _, u := range []model.User{
		{Name: "Cal Chair", Agency: "housing", Role: model.RoleChair, Wards: []string{testWard}},
		{Name: "Rita Resident", Agency: "housing", Role: model.RoleMember, Wards: []string{testWard}},
	} {
		if _, err := f.st.AddUser(model.Operator, u); err != nil {
			t.Fatal(err)
		}
		o.enrol(t, f, u.Name)
	}
	chairUser, err := f.st.UserByName("Cal Chair")
	if err != nil {
		t.Fatal(err)
	}
	m, err := f.st.CreateMeeting(model.Actor{User: chairUser, Fingerprint: "test"}, model.Meeting{Ward: testWard,
		Title: "Testford panel", When: time.Now().AddDate(0, 0, 1).Truncate(time.Hour), Venue: "Library"})
	if err != nil {
		t.Fatal(err)
	}

	rita := o.plain(t, "Rita Resident", "plain")
	rita.out.WaitFor(t, "home> ")
	rita.say(t, "meeting 1", "meeting> ")
	chair := o.plain(t, "Cal Chair", "plain")
	chair.out.WaitFor(t, "you are Cal Chair, chair, housing.")
	chair.out.WaitFor(t, "home> ")
	chair.say(t, "meeting 1", "meeting> ")
	chair.say(t, "start", "meeting> ")
	rita.out.WaitFor(t, "The meeting has started, chaired by Cal Chair.")
	for i := 2; i <= 6; i++ {
		chair.say(t, "next", "meeting> ")
	}
	rita.out.WaitFor(t, "Item 6 of 9: Community concerns. 15 minutes. Under discussion now.")
	chair.say(t, "minutes", "Add to the minutes: ")
	chair.say(t, "Residents raised the fly-tipping on Mill Lane.", "Saved: the minutes are added to.")
	rita.out.WaitFor(t, "Cal Chair added to the minutes of item Community concerns. Minutes: Residents raised the fly-tipping on Mill Lane.")
	chair.say(t, "raise", "What is to be done: ")
	chair.say(t, "Clear the fly-tipping on Mill Lane", "Choose a number [housing]: ")
	chair.say(t, "housing", "(optional, enter to skip): ")
	chair.say(t, "", "[+14]: ")
	chair.say(t, "+7", "meeting> ")
	rita.out.WaitFor(t, "Action raised: A1 Clear the fly-tipping on Mill Lane.")
	chair.say(t, "next", "meeting> ")
	rita.out.WaitFor(t, "Item 7 of 9: Agree priorities and actions.")
	chair.say(t, "vote", "candidates: ")
	chair.say(t, "1", "meeting> ")
	rita.out.WaitFor(t, "The priorities vote is open on P1. Type ballot to vote.")
	rita.say(t, "ballot", "most wanted first: ")
	rita.say(t, "1", "Saved: your ballot is cast.")
	chair.out.WaitFor(t, "1 ballot cast so far.")
	chair.say(t, "closevote", "go ahead: ")
	chair.say(t, "yes", "meeting> ")
	rita.out.WaitFor(t, "The vote is closed. The ward's priorities, in order: P1.")
	chair.say(t, "close", "go ahead: ")
	chair.say(t, "yes", "its minutes are frozen.")
	rita.out.WaitFor(t, "Meeting M1, Testford panel, is closed: its minutes are frozen.")

	chairOut := chair.quit(t)
	if !strings.Contains(chairOut, "meeting> next\r\n") {
		t.Error("what the chair typed was not echoed: the session did not get a terminal")
	}
	for name, out := range map[string]string{"chair": chairOut, "resident": rita.quit(t)} {
		if err := plaintest.Linear(out); err != nil {
			t.Errorf("%s's stream: %v", name, err)
		}
	}
	got, err := f.st.Meeting(chairUser, m.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.State != model.MeetingClosed || got.Vote == nil || len(got.Vote.Result) != 1 {
		t.Errorf("meeting %s, vote %+v: want closed with a priority set", got.State, got.Vote)
	}
}

// TestPlainSettingStartsPlainMode: `settings plain on` makes a bare
// `ssh -t host` start plain mode, and off gives the full screens back.
func TestPlainSettingStartsPlainMode(t *testing.T) {
	f := startServer(t, false)
	o := newOpenSSH(t, f)
	o.enrol(t, f, "Dana Police")
	for _, tc := range []struct {
		words []string
		code  int
		want  string
	}{
		{[]string{"settings"}, 0, "plain off\n"},
		{[]string{"settings", "plain", "on"}, 0, "plain mode is on"},
		{[]string{"settings", "plain", "on"}, 1, ""},
		{[]string{"settings", "plain", "maybe"}, 2, ""},
		{[]string{"settings"}, 0, "plain on\n"},
	} {
		out, errOut, code := o.run(t, "Dana Police", "", tc.words...)
		if code != tc.code || !strings.Contains(out, tc.want) {
			t.Errorf("ssh … %s: exit %d, %q %q; want exit %d with %q", strings.Join(tc.words, " "), code, out, errOut, tc.code, tc.want)
		}
	}
	bare := o.plain(t, "Dana Police")
	bare.out.WaitFor(t, "wardpanel, plain mode.")
	bare.out.WaitFor(t, "home> ")
	bare.say(t, "board", "board> ")
	if err := plaintest.Linear(bare.quit(t)); err != nil {
		t.Error(err)
	}
	if _, _, code := o.run(t, "Dana Police", "", "settings", "plain", "off"); code != 0 {
		t.Errorf("settings plain off: exit %d", code)
	}
	u, err := f.st.UserByName("Dana Police")
	if err != nil || u.Plain {
		t.Errorf("after off: plain %v, %v", u.Plain, err)
	}
}

// TestPlainSessionEndsWhenDisabled: a plain session, like the TUI's, ends
// with its reason when an admin disables its user.
func TestPlainSessionEndsWhenDisabled(t *testing.T) {
	f := startServer(t, false)
	o := newOpenSSH(t, f)
	o.enrol(t, f, "Dana Police")
	c := o.plain(t, "Dana Police", "plain")
	c.out.WaitFor(t, "home> ")
	dana, err := f.st.UserByName("Dana Police")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.st.DisableUser(model.Operator, dana.ID); err != nil {
		t.Fatal(err)
	}
	c.out.WaitFor(t, "wardpanel: your account has been disabled\r\n")
	select {
	case err := <-c.done:
		var exit *exec.ExitError
		if !errors.As(err, &exit) || exit.ExitCode() != 1 {
			t.Errorf("ssh ended with %v, want exit status 1", err)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("the session did not end")
	}
	if err := plaintest.Linear(c.out.String()); err != nil {
		t.Error(err)
	}
}

// TestPlainDemoVisitorPicksAPersona: on the demo, a visitor's first
// `ssh -t host plain` asks who to be, as the screens do, and enrols the key.
func TestPlainDemoVisitorPicksAPersona(t *testing.T) {
	f := startServer(t, true)
	o := newOpenSSH(t, f)
	o.keys["visitor"], _ = opensshtest.Key(t)
	c := o.plain(t, "visitor", "plain")
	c.out.WaitFor(t, "Who would you like to be?\r\n1. Priya Housing, officer, housing\r\n2. Dana Police, officer, police\r\n")
	c.say(t, "2", "you are Dana Police, officer, police.")
	c.out.WaitFor(t, "home> ")
	if err := plaintest.Linear(c.quit(t)); err != nil {
		t.Error(err)
	}
	if out, _, code := o.run(t, "visitor", "", "whoami"); code != 0 || !strings.Contains(out, "Dana Police") {
		t.Errorf("whoami after picking: exit %d, %q", code, out)
	}
}
