package sshd

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"wardpanel/model"
)

// withActions gives the fixture an overdue panel-wide action on the panel
// problem and a police-only action on the police problem.
func (f *fixture) withActions(t *testing.T) (open, secret model.Action) {
	t.Helper()
	dana, err := f.st.UserByName("Dana Police")
	if err != nil {
		t.Fatal(err)
	}
	by := model.Actor{User: dana, Fingerprint: "test"}
	open, err = f.st.CreateAction(by, model.Action{Ward: testWard, ProblemID: f.panelP.ID, Title: "Clear the fly-tip",
		OwnerAgency: "police", Assignee: "Dana Police", Due: model.DateOnly(time.Now()).AddDate(0, 0, -2)})
	if err != nil {
		t.Fatal(err)
	}
	secret, err = f.st.CreateAction(by, model.Action{Ward: testWard, ProblemID: f.policeP.ID, Title: "Visit the flat",
		OwnerAgency: "police", Due: model.DateOnly(time.Now()).AddDate(0, 0, 10)})
	if err != nil {
		t.Fatal(err)
	}
	return open, secret
}

func TestActionsCommandListsWhatTheUserMaySee(t *testing.T) {
	f := startServer(t, false)
	open, secret := f.withActions(t)
	tests := []struct {
		name string
		key  bool // police (true) or housing
		args string
		want []model.ID
	}{
		{"police sees both", true, "actions --json", []model.ID{open.ID, secret.ID}},
		{"housing sees the panel's", false, "actions --json", []model.ID{open.ID}},
		{"overdue", true, "actions --overdue --json", []model.ID{open.ID}},
		{"mine is by assignee or own agency", true, "actions --mine --json", []model.ID{open.ID, secret.ID}},
		{"housing has none of its own", false, "actions --mine --json", nil},
		{"by agency", false, "actions --agency police --json", []model.ID{open.ID}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			signer := f.housing
			if tt.key {
				signer = f.police
			}
			out, errOut, code := sshRun(t, f.addr, signer, tt.args)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, errOut)
			}
			var got []struct {
				ID      model.ID `json:"id"`
				Overdue bool     `json:"overdue"`
			}
			if err := json.Unmarshal([]byte(out), &got); err != nil {
				t.Fatalf("%v\n%s", err, out)
			}
			var ids []model.ID
			for _, a := range got {
				ids = append(ids, a.ID)
				if a.Overdue != (a.ID == open.ID) {
					t.Errorf("action %d overdue=%v", a.ID, a.Overdue)
				}
			}
			if !slices.Equal(ids, tt.want) {
				t.Errorf("actions %v, want %v", ids, tt.want)
			}
		})
	}
	out, _, _ := sshRun(t, f.addr, f.police, "actions")
	if !strings.Contains(out, "OVERDUE") || !strings.Contains(out, "Clear the fly-tip") {
		t.Errorf("text listing does not flag the overdue action:\n%s", out)
	}
}

func TestActionCommandsChangeAndRefuseClearly(t *testing.T) {
	f := startServer(t, false)
	open, secret := f.withActions(t)
	tests := []struct {
		name     string
		police   bool
		cmd      string
		wantCode int
		wantOut  string
		wantErr  string
	}{
		{"missing outcome", true, fmt.Sprintf("action done %d", open.ID), 2, "", "--outcome is required"},
		{"bad result", true, fmt.Sprintf("action done %d --outcome 'Cleared' --result magic", open.ID), 2, "", "use one of enforcement"},
		{"unknown id", true, "action done 999 --outcome 'Cleared'", 1, "", "no action A999"},
		{"hidden id reads as unknown", false, fmt.Sprintf("action show %d", secret.ID), 1, "", "no action " + model.ActionRef(secret.ID)},
		{"not a number", true, "action done abc --outcome x", 2, "", "not an action number"},
		{"unknown verb", true, fmt.Sprintf("action explode %d", open.ID), 2, "", "action needs one of: show, done, status"},
		{"bad status", true, fmt.Sprintf("action status %d finished", open.ID), 2, "", "unknown status"},
		{"not theirs to change", false, fmt.Sprintf("action status %d in-progress", open.ID), 1, "", "not allowed"},
		{"done with outcome", true, fmt.Sprintf("action done %d --outcome 'Fly-tip cleared; warning letter sent' --result enforcement", open.ID), 0, "is done", ""},
		{"bad transition", true, fmt.Sprintf("action status %d in-progress", open.ID), 1, "", "cannot become in-progress"},
		{"shows the outcome", true, fmt.Sprintf("action show %d", open.ID), 0, "warning letter sent", ""},
		{"reopen", true, fmt.Sprintf("action status %d open", open.ID), 0, "is now open", ""},
	}
	for _, tt := range tests { // in order: later cases build on earlier ones
		signer := f.housing
		if tt.police {
			signer = f.police
		}
		out, errOut, code := sshRun(t, f.addr, signer, tt.cmd)
		if code != tt.wantCode || !strings.Contains(out, tt.wantOut) {
			t.Errorf("%s: %q exit %d, stdout %q, stderr %q", tt.name, tt.cmd, code, out, errOut)
		}
		if tt.wantErr != "" && (strings.Count(errOut, "\n") != 1 || !strings.Contains(errOut, tt.wantErr)) {
			t.Errorf("%s: stderr %q, want one line with %q", tt.name, errOut, tt.wantErr)
		}
	}
	entries, err := f.st.Audit(model.User{Role: model.RoleOfficer, Agency: "police", Wards: []string{testWard}}, 2)
	if err != nil || len(entries) != 2 || entries[1].Actor.Fingerprint == "" || !strings.Contains(entries[1].Summary, "with outcome") {
		t.Errorf("audit of action done = %+v, %v", entries, err)
	}
}
