package sshd

import (
	"fmt"
	"strings"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"

	"wardpanel/model"
)

// withMeeting gives the fixture a closed meeting in which Dana raised a
// panel-wide action and a police-only one, a resident with a key, and a
// meeting of another ward.
func (f *fixture) withMeeting(t *testing.T) (closed, elsewhere model.Meeting, resident gossh.Signer) {
	t.Helper()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	_, err := f.st.PutAgency(model.Operator, model.Agency{Code: "residents", Name: "Residents"})
	must(err)
	_, err = f.st.AddWard(model.Operator, model.Ward{Code: "E05000002", Name: "Otherton"})
	must(err)
	resident = newSigner(t)
	_, err = f.st.AddUser(model.Operator, model.User{Name: "Rosa Resident", Agency: "residents", Role: model.RoleMember,
		Wards: []string{testWard}, Keys: []model.Key{model.KeyFrom(resident.PublicKey(), "")}})
	must(err)
	chair, err := f.st.AddUser(model.Operator, model.User{Name: "Cal Chair", Agency: "residents", Role: model.RoleChair, Wards: []string{testWard}})
	must(err)
	other, err := f.st.AddUser(model.Operator, model.User{Name: "Oona Other", Agency: "police", Role: model.RoleChair, Wards: []string{"E05000002"}})
	must(err)
	dana, err := f.st.UserByName("Dana Police")
	must(err)
	as := func(u model.User) model.Actor { return model.Actor{User: u, Fingerprint: "test"} }

	m, err := f.st.CreateMeeting(as(chair), model.Meeting{Ward: testWard, Title: "Testford Ward Panel — March",
		When: time.Date(2026, 3, 10, 19, 0, 0, 0, time.UTC), Venue: "The Library"})
	must(err)
	_, err = f.st.ChangeMeeting(as(chair), m.ID, model.StartMeeting{})
	must(err)
	due := model.DateOnly(time.Now()).AddDate(0, 0, 14)
	_, err = f.st.RaiseMeetingAction(as(dana), m.ID, m.Items[4].ID, model.Action{ProblemID: f.panelP.ID,
		Title: "Letter-drop Mill Lane", OwnerAgency: "police", Due: due})
	must(err)
	_, err = f.st.RaiseMeetingAction(as(dana), m.ID, m.Items[4].ID, model.Action{ProblemID: f.policeP.ID,
		Title: "Warrant for the Heron Walk flat", OwnerAgency: "police", Due: due})
	must(err)
	closed, err = f.st.ChangeMeeting(as(chair), m.ID, model.CloseMeeting{})
	must(err)
	elsewhere, err = f.st.CreateMeeting(as(other), model.Meeting{Ward: "E05000002", Title: "Otherton Ward Panel",
		When: time.Date(2026, 3, 11, 19, 0, 0, 0, time.UTC)})
	must(err)
	return closed, elsewhere, resident
}

func TestMinutesCommandPrintsWhatTheUserMaySee(t *testing.T) {
	f := startServer(t, false)
	m, _, resident := f.withMeeting(t)
	const secret = "Warrant for the Heron Walk flat"
	tests := []struct {
		name       string
		signer     gossh.Signer
		seesSecret bool
	}{
		{"police officer", f.police, true},
		{"housing officer", f.housing, false},
		{"resident", resident, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, errOut, code := sshRun(t, f.addr, tt.signer, fmt.Sprintf("minutes %d", m.ID))
			if code != 0 || errOut != "" {
				t.Fatalf("exit %d, stderr %q", code, errOut)
			}
			if !strings.HasPrefix(out, "# Testford Ward Panel — March\n") || !strings.Contains(out, "Letter-drop Mill Lane") {
				t.Errorf("minutes lack the header or the panel's action:\n%s", out)
			}
			if got := strings.Contains(out, secret); got != tt.seesSecret {
				t.Errorf("%q in the minutes: %v, want %v\n%s", secret, got, tt.seesSecret, out)
			}
		})
	}
}

func TestMinutesCommandRefusesClearly(t *testing.T) {
	f := startServer(t, false)
	m, elsewhere, _ := f.withMeeting(t)
	tests := []struct {
		name     string
		cmd      string
		wantCode int
		wantErr  string
	}{
		{"unknown id", "minutes 99", 1, "meeting 99 not found"},
		{"another ward's meeting reads as unknown", fmt.Sprintf("minutes %d", elsewhere.ID), 1, fmt.Sprintf("meeting %d not found", elsewhere.ID)},
		{"no id", "minutes", 2, "missing the ID"},
		{"not a number", "minutes abc", 2, "not a meeting number"},
		{"zero", "minutes 0", 2, "not a meeting number"},
		{"extra argument", fmt.Sprintf("minutes %d extra", m.ID), 2, "unexpected argument"},
		{"unknown flag", fmt.Sprintf("minutes %d --json", m.ID), 2, `unknown flag "--json"`},
		{"a flag and no id", "minutes --json", 2, `unknown flag "--json"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, errOut, code := sshRun(t, f.addr, f.police, tt.cmd)
			if code != tt.wantCode || out != "" {
				t.Errorf("exit %d, stdout %q; want exit %d and no output", code, out, tt.wantCode)
			}
			if strings.Count(errOut, "\n") != 1 || !strings.Contains(errOut, tt.wantErr) {
				t.Errorf("stderr %q, want one line with %q", errOut, tt.wantErr)
			}
		})
	}
	t.Run("exact message", func(t *testing.T) {
		_, errOut, _ := sshRun(t, f.addr, f.police, "minutes 99")
		if errOut != "meeting 99 not found\n" {
			t.Errorf("stderr %q", errOut)
		}
	})
	t.Run("help lists it", func(t *testing.T) {
		out, _, code := sshRun(t, f.addr, f.police, "help")
		if code != 0 || !strings.Contains(out, "minutes ID") {
			t.Errorf("help:\n%s", out)
		}
	})
}
