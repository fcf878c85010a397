package model

import (
	"regexp"
	"slices"
	"strings"
	"time"

	gossh "golang.org/x/crypto/ssh"
)

// ID identifies a record within its kind. The store hands them out in
// increasing order, so sorting by ID is sorting by age.
type ID uint64

// Role is what a user may do in their wards (DESIGN.md §2).
type Role string

const (
	RoleAdmin     Role = "admin"
	RoleChair     Role = "chair"
	RoleViceChair Role = "vice-chair"
	RoleSecretary Role = "secretary"
	RoleOfficer   Role = "officer"
	RoleMember    Role = "member"
	RoleObserver  Role = "observer"
)

// Roles lists every role, most powerful first.
var Roles = []Role{RoleAdmin, RoleChair, RoleViceChair, RoleSecretary, RoleOfficer, RoleMember, RoleObserver}

// ParseRole accepts a role name as typed by an admin ("vice-chair", "Chair").
func ParseRole(s string) (Role, error) {
	r := Role(strings.ToLower(strings.TrimSpace(s)))
	if r == "vicechair" || r == "vice_chair" {
		r = RoleViceChair
	}
	if slices.Contains(Roles, r) {
		return r, nil
	}
	return "", invalid("role", "unknown role %q (one of %s)", s, joinRoles())
}

func joinRoles() string {
	names := make([]string, len(Roles))
	for i, r := range Roles {
		names[i] = string(r)
	}
	return strings.Join(names, ", ")
}

// IsPanelOfficer reports whether the role is one of the panel's officers,
// who alone see records with `officers` visibility.
func (r Role) IsPanelOfficer() bool {
	return r == RoleChair || r == RoleViceChair || r == RoleSecretary
}

// Key is an SSH public key enrolled for a user.
type Key struct {
	Fingerprint string    `json:"fingerprint"` // SHA256:… as ssh-keygen -l prints it
	Authorized  string    `json:"authorized"`  // the key in authorized_keys form, without comment
	Comment     string    `json:"comment,omitempty"`
	AddedAt     time.Time `json:"added_at"`
}

// ParseKey reads a public key in authorized_keys form ("ssh-ed25519 AAAA… comment").
func ParseKey(text string) (Key, error) {
	pk, comment, _, _, err := gossh.ParseAuthorizedKey([]byte(strings.TrimSpace(text)))
	if err != nil {
		return Key{}, invalid("key", "not an SSH public key (expected a line like \"ssh-ed25519 AAAA… you@laptop\")")
	}
	return KeyFrom(pk, comment), nil
}

// KeyFrom describes a key the SSH layer has already parsed.
func KeyFrom(pk gossh.PublicKey, comment string) Key {
	return Key{
		Fingerprint: gossh.FingerprintSHA256(pk),
		Authorized:  strings.TrimSpace(string(gossh.MarshalAuthorizedKey(pk))),
		Comment:     CleanLine(comment, MaxNameLen),
	}
}

// User is a person who can connect. Name is unique and is how admins refer to them.
type User struct {
	ID        ID        `json:"id"`
	Name      string    `json:"name"`
	Agency    string    `json:"agency"`
	Role      Role      `json:"role"`
	Wards     []string  `json:"wards"`
	Keys      []Key     `json:"keys"`
	CreatedAt time.Time `json:"created_at"`
	Version   uint64    `json:"version"`
	// Disabled users keep their record, keys and history but cannot
	// connect; their live sessions are ended. Files written before the
	// field existed decode as enabled.
	Disabled bool `json:"disabled,omitempty"`
	// Email is where digests go, if anywhere (since schema 8); unique.
	Email string `json:"email,omitempty"`
	// Plain: a bare `ssh host` starts the plain, screen-reader mode
	// (tui/plain) rather than the full screens. Files written before the
	// field existed decode as off, so no migration is needed.
	Plain bool `json:"plain,omitempty"`
	// LastWard is the ward a user of several last worked in: their next
	// session starts there (lastward.go). Omitted until they change ward.
	LastWard string `json:"last_ward,omitempty"`
}

// ErrDisabled is the one line a disabled user is shown before they are
// disconnected. It matches ErrForbidden.
var ErrDisabled = &disabledError{}

type disabledError struct{}

func (*disabledError) Error() string {
	return "this account is disabled: ask your panel admin"
}

func (*disabledError) Unwrap() error { return ErrForbidden }

// CanConnect reports whether a session may go on as u with the key
// fingerprint: the user is enabled and the key is still theirs.
// The error is the line to show them.
func (u User) CanConnect(fingerprint string) error {
	switch {
	case u.Disabled:
		return ErrDisabled
	case !u.HasKey(fingerprint):
		return ErrNotEnrolled
	}
	return nil
}

// InWard reports whether the user belongs to the ward.
func (u User) InWard(code string) bool { return slices.Contains(u.Wards, code) }

// HasKey reports whether the fingerprint is one of the user's keys.
func (u User) HasKey(fingerprint string) bool {
	return slices.ContainsFunc(u.Keys, func(k Key) bool { return k.Fingerprint == fingerprint })
}

// Validate checks a user before it is stored and tidies its text.
func (u *User) Validate() error {
	u.Name = CleanLine(u.Name, MaxNameLen+1)
	if u.Name == "" {
		return invalid("name", "a name is required")
	}
	if len([]rune(u.Name)) > MaxNameLen {
		return invalid("name", "at most %d characters", MaxNameLen)
	}
	role, err := ParseRole(string(u.Role))
	if err != nil {
		return err
	}
	u.Role = role
	u.Agency = strings.ToLower(strings.TrimSpace(u.Agency))
	if !codePattern.MatchString(u.Agency) {
		return invalid("agency", "an agency code like \"police\" or \"housing\" is required")
	}
	if len(u.Wards) == 0 {
		return invalid("ward", "at least one ward is required")
	}
	for i, w := range u.Wards {
		code, err := ParseWardCode(w)
		if err != nil {
			return err
		}
		u.Wards[i] = code
	}
	slices.Sort(u.Wards)
	u.Wards = slices.Compact(u.Wards)
	u.Email, err = ParseEmail(u.Email)
	return err
}

// Agency is an organisation at the table. Code is short and lower case
// ("police", "housing") because visibility lists name agencies by it.
type Agency struct {
	Code string `json:"code"`
	Name string `json:"name"`
}

var codePattern = regexp.MustCompile(`^[a-z][a-z0-9-]{1,23}$`)

// Validate checks an agency before it is stored.
func (a *Agency) Validate() error {
	a.Code = strings.ToLower(strings.TrimSpace(a.Code))
	if !codePattern.MatchString(a.Code) {
		return invalid("code", "2–24 lower-case letters, digits or dashes, starting with a letter (e.g. \"police\")")
	}
	a.Name = CleanLine(a.Name, MaxNameLen)
	if a.Name == "" {
		a.Name = a.Code
	}
	return nil
}

// Ward is the area a panel covers, named by its ONS code (E05…).
type Ward struct {
	Code string `json:"code"`
	Name string `json:"name"`
}

var wardCodePattern = regexp.MustCompile(`^[EWSN][0-9]{8}$`)

// ParseWardCode accepts an ONS ward code such as E05009367, in either case.
func ParseWardCode(s string) (string, error) {
	code := strings.ToUpper(strings.TrimSpace(s))
	if !wardCodePattern.MatchString(code) {
		return "", invalid("ward", "%q is not a ward code (a letter and eight digits, e.g. E05009367)", CleanLine(s, 20))
	}
	return code, nil
}

// Validate checks a ward before it is stored.
func (w *Ward) Validate() error {
	code, err := ParseWardCode(w.Code)
	if err != nil {
		return err
	}
	w.Code = code
	w.Name = CleanLine(w.Name, MaxNameLen)
	if w.Name == "" {
		return invalid("name", "a ward name is required")
	}
	return nil
}
