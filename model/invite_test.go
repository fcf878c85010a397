package model

import (
	"bytes"
	"crypto/rand"
	"errors"
	"regexp"
	"strings"
	"testing"
	"time"
)

func TestNewInviteCode(t *testing.T) {
	format := regexp.MustCompile(`^[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{2}$`)
	seen := map[string]bool{}
	for i := 0; i < 200; i++ {
		code, err := NewInviteCode(rand.Reader)
		if err != nil {
			t.Fatal(err)
		}
		if !format.MatchString(code) || !WellFormedInviteCode(code) {
			t.Fatalf("code %q is not like K7QX-M2PD-9F", code)
		}
		if seen[code] {
			t.Fatalf("code %q drawn twice in 200", code)
		}
		seen[code] = true
	}
	// Every byte value maps into the alphabet.
	all := make([]byte, 256)
	for i := range all {
		all[i] = byte(i)
	}
	r := bytes.NewReader(all)
	for r.Len() >= InviteCodeLen {
		code, err := NewInviteCode(r)
		if err != nil || !WellFormedInviteCode(code) {
			t.Fatalf("code %q, %v", code, err)
		}
	}
	if _, err := NewInviteCode(bytes.NewReader([]byte{1, 2})); err == nil {
		t.Error("a short random source gave a code")
	}
}

func TestInviteCodeComparison(t *testing.T) {
	const code = "K7QX-M2PD-9F"
	tests := []struct {
		typed      string
		same, well bool
	}{
		{"K7QX-M2PD-9F", true, true},
		{"k7qx-m2pd-9f", true, true},
		{"K7QXM2PD9F", true, true},
		{" k7qx m2pd 9f ", true, true},
		{"K7QX-M2PD-9G", false, true},
		{"K7QX-M2PD", false, false},
		{"K7QX-M2PD-9F0", false, false},
		{"K7QX-M2PD-1F", false, false}, // 1 is not in the alphabet
		{"K7QX-M2PD-ÉF", false, false},
		{"", false, false},
	}
	for _, tt := range tests {
		if got := InviteCodeHash(tt.typed) == InviteCodeHash(code); got != tt.same {
			t.Errorf("%q matches %s: %v, want %v", tt.typed, code, got, tt.same)
		}
		if got := WellFormedInviteCode(tt.typed); got != tt.well {
			t.Errorf("WellFormedInviteCode(%q) = %v, want %v", tt.typed, got, tt.well)
		}
	}
	if got := FormatInviteCode("k7qxm2pd9f"); got != code {
		t.Errorf("FormatInviteCode = %q, want %q", got, code)
	}
}

func TestInviteStateAndRedeem(t *testing.T) {
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	open := Invite{ExpiresAt: now.Add(time.Hour)}
	tests := []struct {
		name  string
		inv   Invite
		at    time.Time
		state InviteState
		err   error
	}{
		{"open", open, now, InviteOpen, nil},
		{"a second before expiry", open, now.Add(time.Hour - time.Second), InviteOpen, nil},
		{"at expiry", open, now.Add(time.Hour), InviteExpired, ErrInviteExpired},
		{"used", Invite{ExpiresAt: open.ExpiresAt, UsedAt: now}, now, InviteUsed, ErrInviteUsed},
		{"used and since expired", Invite{ExpiresAt: open.ExpiresAt, UsedAt: now}, now.Add(2 * time.Hour), InviteUsed, ErrInviteUsed},
		{"replaced", Invite{ExpiresAt: open.ExpiresAt, ReplacedAt: now}, now, InviteReplaced, ErrInviteReplaced},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.inv.State(tt.at); got != tt.state {
				t.Errorf("State = %s, want %s", got, tt.state)
			}
			err := tt.inv.CheckRedeem(tt.at)
			if !errors.Is(err, tt.err) || (err == nil) != (tt.err == nil) {
				t.Errorf("CheckRedeem = %v, want %v", err, tt.err)
			}
			if err != nil && !IsInviteRefusal(err) {
				t.Errorf("%v is not an invite refusal", err)
			}
		})
	}
	if !errors.Is(ErrInviteUnknown, ErrNotFound) || !errors.Is(ErrInviteUsed, ErrInvalid) || !errors.Is(ErrInviteExpired, ErrInvalid) {
		t.Error("invite refusals do not match the general sentinels")
	}
	if IsInviteRefusal(ErrDuplicate) || IsInviteRefusal(nil) {
		t.Error("an unrelated error counts as an invite refusal")
	}
}

func TestInviteValidate(t *testing.T) {
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	good := func() Invite {
		return Invite{Name: "  Nia Newcomer ", Agency: "Housing", Role: "Officer", Wards: []string{"e05000002", "E05000001", "E05000002"},
			ExpiresAt: now.Add(DefaultInviteTTL)}
	}
	tests := []struct {
		name   string
		change func(*Invite)
		field  string // "" for valid
	}{
		{"valid", func(*Invite) {}, ""},
		{"no name", func(i *Invite) { i.Name = " \x1b[2J " }, "name"},
		{"bad role", func(i *Invite) { i.Role = "boss" }, "role"},
		{"bad agency", func(i *Invite) { i.Agency = "Police Dept" }, "agency"},
		{"no ward", func(i *Invite) { i.Wards = nil }, "ward"},
		{"bad ward", func(i *Invite) { i.Wards = []string{"Riverside"} }, "ward"},
		{"already expired", func(i *Invite) { i.ExpiresAt = now.Add(-time.Hour) }, "expires"},
		{"too short", func(i *Invite) { i.ExpiresAt = now.Add(time.Second) }, "expires"},
		{"shortest", func(i *Invite) { i.ExpiresAt = now.Add(MinInviteTTL) }, ""},
		{"longest", func(i *Invite) { i.ExpiresAt = now.Add(MaxInviteTTL) }, ""},
		{"too long", func(i *Invite) { i.ExpiresAt = now.Add(MaxInviteTTL + time.Second) }, "expires"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			inv := good()
			tt.change(&inv)
			err := inv.Validate(now)
			var ve *ValidationError
			switch {
			case tt.field == "" && err != nil:
				t.Fatalf("Validate: %v", err)
			case tt.field != "" && (!errors.As(err, &ve) || ve.Field != tt.field):
				t.Fatalf("Validate = %v, want a %s error", err, tt.field)
			}
			if tt.name == "valid" && (inv.Name != "Nia Newcomer" || inv.Agency != "housing" || inv.Role != RoleOfficer ||
				strings.Join(inv.Wards, ",") != "E05000001,E05000002") {
				t.Errorf("not tidied: %+v", inv)
			}
		})
	}
}

func TestAlreadyEnrolledErrorIsCleanAndADuplicate(t *testing.T) {
	err := &AlreadyEnrolledError{User: User{Name: "Eve\x1b]52;c;aGk=\x07 Admin", Role: RoleAdmin, Agency: "council"}}
	if !errors.Is(err, ErrDuplicate) {
		t.Error("not a duplicate")
	}
	if msg := err.Error(); strings.ContainsAny(msg, "\x1b\x07") || msg != "this key is already enrolled as Eve Admin (admin, council)" {
		t.Errorf("message %q", msg)
	}
}
