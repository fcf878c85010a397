package sshd

import (
	"testing"
	"time"

	"wardpanel/model"
)

// TestAssetRegisterCommands: the register lists what each may see, and
// those who run rich pictures edit and remove assets; the store's rules
// answer, and a hidden asset is not found rather than refused.
func TestAssetRegisterCommands(t *testing.T) {
	f := startServer(t, false)
	dana, _ := f.st.UserByName("Dana Police")
	priya, _ := f.st.UserByName("Priya Housing")
	by := model.Actor{User: dana, Fingerprint: "test"}
	record := func(title string, vis model.Visibility, line string) {
		s, err := f.st.CreatePicture(by, model.PictureSession{Ward: testWard, Title: title, Date: model.DateOnly(time.Now()), Visibility: vis})
		if err != nil {
			t.Fatal(err)
		}
		e, err := f.st.AddElement(by, s.ID, line)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.st.RecordAsset(by, s.ID, e.ID); err != nil {
			t.Fatal(err)
		}
	}
	record("Walk and talk", model.Panel, "s: Boxing club takes referrals #youth")
	record("Police debrief", model.Visibility{Kind: model.VisAgencies, Agencies: []string{"police"}}, "s: Shopwatch radio scheme")
	member, err := f.st.AddUser(model.Operator, model.User{Name: "Rita Resident", Agency: "housing", Role: model.RoleMember, Wards: []string{testWard}})
	if err != nil {
		t.Fatal(err)
	}
	f.expectLines(t, []lineCase{
		{dana, "assets", 0, "Shopwatch radio scheme"},
		{priya, "assets --csv", 0, "id,name,themes,session,visibility\n1,Boxing club takes referrals,youth,Walk and talk,panel\n"},
		{priya, "asset edit 2 --name Anything", 1, "community asset 2 not found"},
		{member, "asset remove 1", 1, "cannot change the asset register"},
		{dana, "asset edit 1 --name Riverside Boxing Club takes referrals --themes youth,Sport", 0, `asset 1 is now "Riverside Boxing Club takes referrals"`},
		{dana, "asset edit 1", 2, "say what to change"},
		{dana, "assets --search #sport --json", 0, `"sport"`},
		{dana, "asset remove 2", 0, "is off the register"},
		{dana, "assets", 0, "1 community asset\n"},
	})
	if r, err := f.st.Check(); err != nil || !r.OK() {
		t.Errorf("check after the register's changes: %v %v", r.Faults, err)
	}
}
