package model

import (
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"
)

// Invites: an admin names a newcomer (name, agency, role, wards) and gets a
// one-time code to pass on; the newcomer connects as join@host with their
// own key and types it, and the key is enrolled as a new user. Only a hash
// of the code is kept, so neither the data file nor a backup gives it away.

// inviteAlphabet has no 0/O or 1/I, so a code read aloud or copied from paper
// survives. Its 32 symbols make each character 5 bits: a code of
// InviteCodeLen characters is 50 bits, far beyond what the join prompt's
// growing delays let anyone try.
const inviteAlphabet = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"

// InviteCodeLen is the number of symbols in a code, dashes aside.
const InviteCodeLen = 10

// Invite lifetimes: DefaultInviteTTL unless the admin says otherwise, and
// never more than MaxInviteTTL, so a forgotten code does not stay good.
const (
	DefaultInviteTTL = 72 * time.Hour
	MinInviteTTL     = time.Minute
	MaxInviteTTL     = 30 * 24 * time.Hour
)

// Invite is one newcomer's way in. The code itself is not part of it: the
// store keys the invite by InviteCodeHash of the code.
type Invite struct {
	ID        ID        `json:"id"`
	Name      string    `json:"name"`
	Agency    string    `json:"agency"`
	Role      Role      `json:"role"`
	Wards     []string  `json:"wards"`
	CreatedBy string    `json:"created_by"`
	CreatedAt time.Time `json:"created_at"`
	ExpiresAt time.Time `json:"expires_at"`
	// Set once the invite is redeemed: the key enrolled and the user made.
	UsedAt time.Time `json:"used_at,omitzero"`
	UsedBy string    `json:"used_by,omitempty"` // key fingerprint
	UserID ID        `json:"user_id,omitempty"`
	// ReplacedAt is set when a newer invite for the same name supersedes
	// this one, which then no longer works (a lost code is replaced by
	// inviting again).
	ReplacedAt time.Time `json:"replaced_at,omitzero"`
}

// InviteState is where an invite stands at a given time.
type InviteState string

const (
	InviteOpen     InviteState = "open"
	InviteUsed     InviteState = "used"
	InviteExpired  InviteState = "expired"
	InviteReplaced InviteState = "replaced"
)

// State says whether the invite can still be redeemed at now.
func (inv Invite) State(now time.Time) InviteState {
	switch {
	case !inv.UsedAt.IsZero():
		return InviteUsed
	case !inv.ReplacedAt.IsZero():
		return InviteReplaced
	case !now.Before(inv.ExpiresAt):
		return InviteExpired
	}
	return InviteOpen
}

// Validate checks an invite before it is stored and tidies its text, by the
// same rules as the user it will become; ExpiresAt must lie within
// MinInviteTTL..MaxInviteTTL after now.
func (inv *Invite) Validate(now time.Time) error {
	u := User{Name: inv.Name, Agency: inv.Agency, Role: inv.Role, Wards: inv.Wards}
	if err := u.Validate(); err != nil {
		return err
	}
	inv.Name, inv.Agency, inv.Role, inv.Wards = u.Name, u.Agency, u.Role, u.Wards
	if ttl := inv.ExpiresAt.Sub(now); ttl < MinInviteTTL || ttl > MaxInviteTTL {
		return invalid("expires", "an invite lasts between %s and %d days", MinInviteTTL, int(MaxInviteTTL.Hours()/24))
	}
	return nil
}

// CheckRedeem says why the invite cannot be redeemed at now, or nil.
func (inv Invite) CheckRedeem(now time.Time) error {
	switch inv.State(now) {
	case InviteUsed:
		return ErrInviteUsed
	case InviteReplaced:
		return ErrInviteReplaced
	case InviteExpired:
		return ErrInviteExpired
	}
	return nil
}

// User is the user the invite makes for key, before the store gives it an ID.
func (inv Invite) User(key Key) User {
	return User{Name: inv.Name, Agency: inv.Agency, Role: inv.Role,
		Wards: append([]string(nil), inv.Wards...), Keys: []Key{key}}
}

// InviteError is why a code was refused, in words for the newcomer. Each
// one also matches the general sentinel behind it (ErrNotFound, ErrInvalid).
type InviteError struct {
	msg  string
	kind error
}

func (e *InviteError) Error() string { return e.msg }
func (e *InviteError) Unwrap() error { return e.kind }

// The ways a code can be refused. None says anything about an invite the
// person typing could not already know from the code.
var (
	ErrInviteUnknown  error = &InviteError{"that is not a valid invite code", ErrNotFound}
	ErrInviteUsed     error = &InviteError{"that invite code has already been used", ErrInvalid}
	ErrInviteExpired  error = &InviteError{"that invite code has expired: ask your panel admin for a new one", ErrInvalid}
	ErrInviteReplaced error = &InviteError{"that invite code was replaced by a newer one: ask your panel admin for the latest", ErrInvalid}
)

// AlreadyEnrolledError refuses an invite for a key that already belongs to
// someone; it names them, since only the key's holder can be asking.
type AlreadyEnrolledError struct{ User User }

func (e *AlreadyEnrolledError) Error() string {
	return fmt.Sprintf("this key is already enrolled as %s (%s, %s)",
		CleanLine(e.User.Name, MaxNameLen), e.User.Role, CleanLine(e.User.Agency, MaxNameLen))
}

func (e *AlreadyEnrolledError) Unwrap() error { return ErrDuplicate }

// IsInviteRefusal reports whether err is one of the refusals of a typed
// code itself (unknown, used, expired, replaced): what the join prompt
// counts as a wrong guess.
func IsInviteRefusal(err error) bool {
	var ie *InviteError
	return errors.As(err, &ie)
}

// NewInviteCode draws a code from random (crypto/rand.Reader in
// production), formatted for people: "K7QX-M2PD-9F".
func NewInviteCode(random io.Reader) (string, error) {
	raw := make([]byte, InviteCodeLen)
	if _, err := io.ReadFull(random, raw); err != nil {
		return "", fmt.Errorf("draw an invite code: %w", err)
	}
	for i, b := range raw {
		raw[i] = inviteAlphabet[b%byte(len(inviteAlphabet))] // 256 is a multiple of 32: no bias
	}
	return FormatInviteCode(string(raw)), nil
}

// FormatInviteCode groups a code in fours with dashes for reading aloud.
func FormatInviteCode(code string) string {
	code = NormalizeInviteCode(code)
	var b strings.Builder
	for i, r := range code {
		if i > 0 && i%4 == 0 {
			b.WriteByte('-')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// NormalizeInviteCode is the code as compared: upper case, without the
// dashes and spaces people add or copy along with it.
func NormalizeInviteCode(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r == '-' || r == ' ' || r == '\t' || r == '_' || r == '.':
			return -1
		case r >= 'a' && r <= 'z':
			return r - 'a' + 'A'
		}
		return r
	}, s)
}

// WellFormedInviteCode reports whether s, normalised, could be a code at
// all; a malformed one need not be looked up.
func WellFormedInviteCode(s string) bool {
	n := NormalizeInviteCode(s)
	if len(n) != InviteCodeLen {
		return false
	}
	for i := 0; i < len(n); i++ {
		if strings.IndexByte(inviteAlphabet, n[i]) < 0 {
			return false
		}
	}
	return true
}

// InviteCodeHash is what the store keeps of a code: SHA-256 of its
// normalised form. A code has 50 random bits, so a plain hash is enough;
// a slow, salted one would protect guessable passwords, which these are not.
func InviteCodeHash(code string) [sha256.Size]byte {
	return sha256.Sum256([]byte(NormalizeInviteCode(code)))
}
