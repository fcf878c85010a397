package sshd

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"wardpanel/model"
)

func TestRichPictureCommandPrintsWhatTheUserMaySee(t *testing.T) {
	f := startServer(t, false)
	dana, err := f.st.UserByName("Dana Police")
	if err != nil {
		t.Fatal(err)
	}
	as := model.Actor{User: dana, Fingerprint: "test"}
	open, err := f.st.CreatePicture(as, model.PictureSession{Ward: testWard, Title: "Mill Lane walk-and-talk", Date: time.Now()})
	if err != nil {
		t.Fatal(err)
	}
	secret, err := f.st.CreatePicture(as, model.PictureSession{Ward: testWard, Title: "Heron Walk", Date: time.Now(),
		Visibility: model.Visibility{Kind: model.VisAgencies, Agencies: []string{"police"}}})
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range []string{"c: Dealing under the bridge #drugs", "r: Police x young people: stop and search"} {
		if _, err := f.st.AddElement(as, open.ID, l); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := f.st.AddElement(as, secret.ID, "c: SECRET-LINE"); err != nil {
		t.Fatal(err)
	}

	out, errOut, code := sshRun(t, f.addr, f.housing, fmt.Sprintf("richpicture %d", open.ID))
	if code != 0 || errOut != "" || !strings.HasPrefix(out, "# Mill Lane walk-and-talk\n") ||
		!strings.Contains(out, "- Dealing under the bridge #drugs — Dana Police") ||
		!strings.Contains(out, "- Police **in conflict with** young people: stop and search") {
		t.Fatalf("exit %d, stderr %q, out:\n%s", code, errOut, out)
	}
	// Police read their session; housing hears it is not there, as for a number never used.
	if out, _, code := sshRun(t, f.addr, f.police, fmt.Sprintf("richpicture #%d", secret.ID)); code != 0 || !strings.Contains(out, "SECRET-LINE") {
		t.Fatalf("police: exit %d:\n%s", code, out)
	}
	for _, id := range []model.ID{secret.ID, 99} {
		out, errOut, code := sshRun(t, f.addr, f.housing, fmt.Sprintf("richpicture %d", id))
		if code != 1 || out != "" || errOut != fmt.Sprintf("rich-picture session %d not found\n", id) {
			t.Errorf("housing reading %d: exit %d, out %q, stderr %q", id, code, out, errOut)
		}
	}
	for _, bad := range []string{"richpicture", "richpicture x", "richpicture 1 --bogus", "richpicture 0"} {
		if _, errOut, code := sshRun(t, f.addr, f.police, bad); code != 2 || strings.Count(errOut, "\n") != 1 || !strings.Contains(errOut, "usage: richpicture ID") {
			t.Errorf("%q: exit %d, stderr %q", bad, code, errOut)
		}
	}
	if out, _, _ := sshRun(t, f.addr, f.police, "help"); !strings.Contains(out, "a rich-picture session") {
		t.Errorf("help does not list richpicture:\n%s", out)
	}
}
