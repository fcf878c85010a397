package store

import (
	"encoding/hex"
	"errors"
	"fmt"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"wardpanel/model"
)

// newcomer is the invite most tests make: a housing officer in the north ward.
func newcomer() model.Invite {
	return model.Invite{Name: "Nia Newcomer", Agency: "housing", Role: model.RoleOfficer, Wards: []string{north}}
}

// jump moves the test clock on by d.
func (c *clock) jump(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

func TestCreateInvite(t *testing.T) {
	tests := []struct {
		name   string
		by     string // persona, or "" for the operator
		inv    func(*model.Invite)
		ttl    time.Duration
		want   error // nil: created
		wantIn string
	}{
		{name: "operator", by: ""},
		{name: "admin", by: "Ada Admin"},
		{name: "admin, one day", by: "Ada Admin", ttl: 24 * time.Hour},
		{name: "admin, two wards", by: "Ada Admin", inv: func(i *model.Invite) { i.Wards = []string{south, north} }},
		{name: "chair", by: "Chris Chair", want: model.ErrForbidden},
		{name: "secretary", by: "Sam Secretary", want: model.ErrForbidden},
		{name: "officer", by: "Pat Police", want: model.ErrForbidden},
		{name: "member", by: "Mo Member", want: model.ErrForbidden},
		{name: "observer", by: "Olu Observer", want: model.ErrForbidden},
		{name: "unknown agency", inv: func(i *model.Invite) { i.Agency = "fire" }, want: model.ErrNotFound, wantIn: "unknown agency fire"},
		{name: "unknown ward", inv: func(i *model.Invite) { i.Wards = []string{"E05000009"} }, want: model.ErrNotFound, wantIn: "unknown ward E05000009"},
		{name: "bad role", inv: func(i *model.Invite) { i.Role = "boss" }, want: model.ErrInvalid},
		{name: "no name", inv: func(i *model.Invite) { i.Name = "" }, want: model.ErrInvalid},
		{name: "name of a user", inv: func(i *model.Invite) { i.Name = "pat police" }, want: model.ErrDuplicate, wantIn: "already exists"},
		{name: "too long", ttl: model.MaxInviteTTL + time.Hour, want: model.ErrInvalid, wantIn: "30 days"},
		{name: "negative", ttl: -time.Hour, want: model.ErrInvalid},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv(t)
			by := model.Operator
			if tt.by != "" {
				by = e.actor(tt.by)
			}
			in := newcomer()
			if tt.inv != nil {
				tt.inv(&in)
			}
			rev := e.s.Revision()
			inv, code, err := e.s.CreateInvite(by, in, tt.ttl)
			if tt.want != nil {
				wantIs(t, err, tt.want)
				if !strings.Contains(fmtErr(err), tt.wantIn) {
					t.Errorf("error %q lacks %q", err, tt.wantIn)
				}
				if e.s.Revision() != rev || code != "" {
					t.Errorf("a refused invite wrote something (revision %d→%d) or gave code %q", rev, e.s.Revision(), code)
				}
				return
			}
			if err != nil {
				t.Fatalf("CreateInvite: %v", err)
			}
			ttl := tt.ttl
			if ttl == 0 {
				ttl = model.DefaultInviteTTL
			}
			if !model.WellFormedInviteCode(code) || inv.ID != 1 || inv.CreatedBy != by.User.Name ||
				inv.ExpiresAt.Sub(inv.CreatedAt) != ttl || inv.State(inv.CreatedAt) != model.InviteOpen {
				t.Errorf("invite %+v, code %q", inv, code)
			}
			list, err := e.s.Invites(model.Operator)
			if err != nil || len(list) != 1 || !reflect.DeepEqual(list[0], inv) {
				t.Errorf("Invites = %+v, %v; want [%+v]", list, err, inv)
			}
		})
	}
}

func fmtErr(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

func TestInvitesListIsForAdmins(t *testing.T) {
	e := newEnv(t)
	if _, _, err := e.s.CreateInvite(model.Operator, newcomer(), 0); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"Chris Chair", "Pat Police", "Mo Member"} {
		if _, err := e.s.Invites(e.actor(name)); !errors.Is(err, model.ErrForbidden) {
			t.Errorf("%s lists invites: %v", name, err)
		}
	}
	if list, err := e.s.Invites(e.actor("Ada Admin")); err != nil || len(list) != 1 {
		t.Errorf("admin's list: %+v, %v", list, err)
	}
}

func TestRedeemInvite(t *testing.T) {
	key := testKey(50, "nia@laptop")
	tests := []struct {
		name string
		// before runs after the invite is made and returns the code to type.
		before func(t *testing.T, e *env, code string) string
		key    model.Key
		want   error // nil: enrolled
		// wantErr is the whole message the newcomer is shown.
		wantErr string
	}{
		{name: "the code as printed", before: asIs},
		{name: "lower case, spaced", before: func(_ *testing.T, _ *env, code string) string {
			return " " + strings.ToLower(strings.ReplaceAll(code, "-", " ")) + " "
		}},
		{name: "a minute before expiry", before: func(_ *testing.T, e *env, code string) string {
			e.clock.jump(model.DefaultInviteTTL - 2*time.Minute) // the redeem's own clock read adds one
			return code
		}},
		{name: "wrong code", before: func(*testing.T, *env, string) string { return "2222-2222-22" },
			want: model.ErrInviteUnknown, wantErr: "that is not a valid invite code"},
		{name: "malformed code", before: func(*testing.T, *env, string) string { return "open sesame" },
			want: model.ErrInviteUnknown},
		{name: "at expiry", before: func(_ *testing.T, e *env, code string) string {
			e.clock.jump(model.DefaultInviteTTL - time.Minute)
			return code
		}, want: model.ErrInviteExpired, wantErr: "that invite code has expired: ask your panel admin for a new one"},
		{name: "used already", before: func(t *testing.T, e *env, code string) string {
			if _, err := e.s.RedeemInvite(code, testKey(51, "")); err != nil {
				t.Fatal(err)
			}
			return code
		}, want: model.ErrInviteUsed, wantErr: "that invite code has already been used"},
		{name: "replaced by a newer invite", before: func(t *testing.T, e *env, code string) string {
			if _, _, err := e.s.CreateInvite(model.Operator, newcomer(), 0); err != nil {
				t.Fatal(err)
			}
			return code
		}, want: model.ErrInviteReplaced},
		{name: "key already enrolled", before: asIs, key: testKey(1, ""), // Pat Police's
			want: model.ErrDuplicate, wantErr: "this key is already enrolled as Pat Police (officer, police)"},
		{name: "name taken since", before: func(t *testing.T, e *env, code string) string {
			if _, err := e.s.AddUser(model.Operator, model.User{Name: "NIA NEWCOMER", Agency: "council", Role: model.RoleMember, Wards: []string{north}}); err != nil {
				t.Fatal(err)
			}
			return code
		}, want: model.ErrDuplicate, wantErr: `a user named "Nia Newcomer" already exists`},
		{name: "no key", before: asIs, key: model.Key{Fingerprint: " "}, want: model.ErrInvalid},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv(t)
			inv, code, err := e.s.CreateInvite(e.actor("Ada Admin"), newcomer(), 0)
			if err != nil {
				t.Fatal(err)
			}
			typed := tt.before(t, e, code)
			k := key
			if tt.key != (model.Key{}) {
				k = tt.key
			}
			rev, users := e.s.Revision(), mustUsers(t, e.s)
			u, err := e.s.RedeemInvite(typed, k)
			if tt.want != nil {
				wantIs(t, err, tt.want)
				if tt.wantErr != "" && err.Error() != tt.wantErr {
					t.Errorf("error %q, want %q", err, tt.wantErr)
				}
				if e.s.Revision() != rev || mustUsers(t, e.s) != users {
					t.Errorf("a refused code wrote something")
				}
				if list, err := e.s.Invites(model.Operator); err != nil || list[len(list)-1].UsedBy == k.Fingerprint ||
					(tt.want != model.ErrInviteUsed && !list[len(list)-1].UsedAt.IsZero()) {
					t.Errorf("after the refusal, invite %+v, %v; want it unused by the refused key", list, err)
				}
				return
			}
			if err != nil {
				t.Fatalf("RedeemInvite: %v", err)
			}
			if u.ID == 0 || u.Name != "Nia Newcomer" || u.Agency != "housing" || u.Role != model.RoleOfficer ||
				!reflect.DeepEqual(u.Wards, []string{north}) || len(u.Keys) != 1 || u.Keys[0].Fingerprint != k.Fingerprint || u.Version != 1 {
				t.Errorf("new user %+v", u)
			}
			if got, err := e.s.UserByKey(k.Fingerprint); err != nil || got.ID != u.ID {
				t.Errorf("UserByKey after redeeming: %+v, %v", got, err)
			}
			if got, err := e.s.UserByName("nia newcomer"); err != nil || got.ID != u.ID {
				t.Errorf("UserByName after redeeming: %+v, %v", got, err)
			}
			list, err := e.s.Invites(model.Operator)
			if err != nil || len(list) != 1 || list[0].ID != inv.ID || list[0].UsedBy != k.Fingerprint || list[0].UserID != u.ID ||
				list[0].State(list[0].UsedAt) != model.InviteUsed {
				t.Errorf("invite after redeeming: %+v, %v", list, err)
			}
			// Single use: the same code again, even with the same key, is refused.
			if _, err := e.s.RedeemInvite(code, testKey(53, "")); !errors.Is(err, model.ErrInviteUsed) {
				t.Errorf("second use: %v", err)
			}
			if r := mustCheck(t, e.s); !r.OK() {
				t.Errorf("check after redeeming: %q", r.Faults)
			}
		})
	}
}

func asIs(_ *testing.T, _ *env, code string) string { return code }

func mustUsers(t *testing.T, s *Store) int {
	t.Helper()
	us, err := s.Users()
	if err != nil {
		t.Fatal(err)
	}
	return len(us)
}

func TestInviteReplacesOpenInviteForTheSameName(t *testing.T) {
	e := newEnv(t)
	first, oldCode, err := e.s.CreateInvite(model.Operator, newcomer(), 0)
	if err != nil {
		t.Fatal(err)
	}
	other := newcomer()
	other.Name = "Someone Else"
	if _, _, err := e.s.CreateInvite(model.Operator, other, 0); err != nil {
		t.Fatal(err)
	}
	again := newcomer()
	again.Name = "nia NEWCOMER"
	second, newCode, err := e.s.CreateInvite(model.Operator, again, 0)
	if err != nil {
		t.Fatal(err)
	}
	if newCode == oldCode {
		t.Fatal("the same code twice")
	}
	trail, err := e.s.Audit(e.u["Ada Admin"], 1)
	if err != nil || len(trail) != 1 || !strings.HasSuffix(trail[0].Summary, "; replaces invite 1") {
		t.Errorf("audit of the replacement: %+v, %v", trail, err)
	}
	list, err := e.s.Invites(model.Operator)
	if err != nil || len(list) != 3 || list[0].ID != second.ID || list[2].ID != first.ID {
		t.Fatalf("Invites, newest first: %+v, %v", list, err)
	}
	if list[2].ReplacedAt.IsZero() || !list[1].ReplacedAt.IsZero() {
		t.Errorf("replaced %v, other %v; want only the first invite for the name replaced", list[2].ReplacedAt, list[1].ReplacedAt)
	}
	if _, err := e.s.RedeemInvite(oldCode, testKey(60, "")); !errors.Is(err, model.ErrInviteReplaced) {
		t.Errorf("old code: %v", err)
	}
	if u, err := e.s.RedeemInvite(newCode, testKey(60, "")); err != nil || u.Name != "nia NEWCOMER" {
		t.Errorf("new code: %+v, %v", u, err)
	}
}

// The code never reaches the audit trail, in any form; the entries say who
// did what with which key.
func TestInviteAuditEntries(t *testing.T) {
	e := newEnv(t)
	ada := e.actor("Ada Admin")
	inv, code, err := e.s.CreateInvite(ada, newcomer(), 0)
	if err != nil {
		t.Fatal(err)
	}
	key := testKey(70, "nia@laptop")
	if _, err := e.s.RedeemInvite("2222-2222-22", key); err == nil {
		t.Fatal("wrong code accepted")
	}
	u, err := e.s.RedeemInvite(code, key)
	if err != nil {
		t.Fatal(err)
	}
	trail, err := e.s.Audit(ada.User, 0)
	if err != nil {
		t.Fatal(err)
	}
	hash := model.InviteCodeHash(code)
	forms := []string{code, model.NormalizeInviteCode(code), strings.ToLower(code), hex.EncodeToString(hash[:]), string(hash[:])}
	for _, entry := range trail {
		text := fmtEntry(entry)
		for _, f := range forms {
			if strings.Contains(text, f) {
				t.Errorf("audit entry %d holds the code (%q): %s", entry.Seq, f, text)
			}
		}
	}
	if len(trail) < 2 {
		t.Fatalf("trail %+v", trail)
	}
	redeem, create := trail[0], trail[1]
	if create.Action != "invite.create" || create.Actor.User.ID != ada.User.ID || create.Actor.Fingerprint != ada.Fingerprint ||
		create.Target != "invite/1" || create.Ward != "" || !strings.Contains(create.Summary, `"Nia Newcomer" housing officer in E05000001`) {
		t.Errorf("create entry %+v", create)
	}
	if redeem.Action != "invite.redeem" || redeem.Actor.User.ID != u.ID || redeem.Actor.User.Name != "Nia Newcomer" ||
		redeem.Actor.Fingerprint != key.Fingerprint || redeem.Target != fmt.Sprintf("user/%d", u.ID) || redeem.Ward != "" ||
		!strings.Contains(redeem.Summary, key.Fingerprint) || !strings.Contains(redeem.Summary, fmt.Sprintf("invite %d:", inv.ID)) {
		t.Errorf("redeem entry %+v", redeem)
	}
	// Administration: admins see the entries, a chair of the ward does not.
	if chairs, err := e.s.Audit(e.u["Chris Chair"], 0); err != nil || containsFamily(chairs, model.FamilyInvite) {
		t.Errorf("a chair reads invite entries: %v", err)
	}
}

func fmtEntry(e model.AuditEntry) string {
	return strings.Join([]string{string(e.Action), e.Target, e.Summary, e.Ward, e.Actor.User.Name, e.Actor.Fingerprint}, "|")
}

func containsFamily(trail []model.AuditEntry, f model.AuditFamily) bool {
	for _, e := range trail {
		if e.Action.Family() == f {
			return true
		}
	}
	return false
}

func TestCheckFindsDamagedInvites(t *testing.T) {
	e := newEnv(t)
	_, code, err := e.s.CreateInvite(model.Operator, newcomer(), 0)
	if err != nil {
		t.Fatal(err)
	}
	if r := mustCheck(t, e.s); !r.OK() {
		t.Fatalf("healthy file: %q", r.Faults)
	}
	if err := e.s.Close(); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(e.dir, FileName)
	hash := model.InviteCodeHash(code)
	setRaw(t, path, bucketInvites, hash[:], []byte{formatJSON, '{'})
	setRaw(t, path, bucketInvites, []byte("short"), []byte{formatJSON, '{', '}'})
	r, err := CheckFile(path)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		`invites: key 73686f7274 is not a code hash`,
		"invite " + hex.EncodeToString(hash[:4]) + "…: the record does not decode: unexpected end of JSON input",
	}
	got := strings.Join(r.Faults, "\n")
	for _, w := range want {
		if !strings.Contains(got, w) {
			t.Errorf("faults\n%s\nlack %q", got, w)
		}
	}
}
