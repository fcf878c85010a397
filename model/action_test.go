package model

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"time"
)

func date(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

// wantErr checks err against a sentinel (nil: no error) and, when the
// sentinel is ErrInvalid, the field the ValidationError names.
func wantErr(t *testing.T, err, want error, field string) {
	t.Helper()
	if want == nil {
		if err != nil {
			t.Errorf("err = %v, want none", err)
		}
		return
	}
	if !errors.Is(err, want) {
		t.Errorf("err = %v, want %v", err, want)
		return
	}
	if field != "" {
		var ve *ValidationError
		if !errors.As(err, &ve) || ve.Field != field {
			t.Errorf("err = %v, want a ValidationError on %q", err, field)
		}
	}
}

func TestParseActionStatus(t *testing.T) {
	tests := []struct {
		in   string
		want ActionStatus
		ok   bool
	}{
		{"open", ActionOpen, true},
		{"Done", ActionDone, true},
		{" BLOCKED ", ActionBlocked, true},
		{"in progress", ActionInProgress, true},
		{"In-Progress", ActionInProgress, true},
		{"cancelled", ActionCancelled, true},
		{"canceled", "", false},
		{"", "", false},
		{"finished", "", false},
		{"in  progress", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := ParseActionStatus(tt.in)
			if tt.ok {
				if err != nil || got != tt.want {
					t.Errorf("ParseActionStatus(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
				}
				return
			}
			wantErr(t, err, ErrInvalid, "status")
			if got != "" || !strings.Contains(err.Error(), "open, in-progress, blocked, done, cancelled") {
				t.Errorf("ParseActionStatus(%q) = %q, %v; want the list of statuses", tt.in, got, err)
			}
		})
	}
	// What was typed is echoed back inert.
	_, err := ParseActionStatus("done\x1b]0;pwned\x07")
	if err == nil || strings.ContainsAny(err.Error(), "\x1b\x07") {
		t.Errorf("error %q carries control characters", err)
	}
}

func TestActionStatusCheckMove(t *testing.T) {
	allowed := map[[2]ActionStatus]bool{}
	for _, from := range []ActionStatus{ActionOpen, ActionInProgress, ActionBlocked} {
		for _, to := range ActionStatuses {
			allowed[[2]ActionStatus{from, to}] = from != to
		}
	}
	// Finished work is only ever reopened.
	allowed[[2]ActionStatus{ActionDone, ActionOpen}] = true
	allowed[[2]ActionStatus{ActionCancelled, ActionOpen}] = true

	for _, from := range ActionStatuses {
		for _, to := range ActionStatuses {
			t.Run(string(from)+"→"+string(to), func(t *testing.T) {
				err := from.CheckMove(to)
				if allowed[[2]ActionStatus{from, to}] {
					if err != nil {
						t.Errorf("refused: %v", err)
					}
					return
				}
				wantErr(t, err, ErrInvalid, "status")
				if from == to {
					if err.Error() != "status: the action is already "+string(from) {
						t.Errorf("message %q", err)
					}
					return
				}
				if !strings.Contains(err.Error(), "a "+string(from)+" action cannot become "+string(to)+" (it can become ") {
					t.Errorf("message %q does not say what is allowed instead", err)
				}
			})
		}
	}
	if got := ActionDone.CheckMove(ActionInProgress); got.Error() != "status: a done action cannot become in-progress (it can become open)" {
		t.Errorf("done→in-progress says %q", got)
	}
	for _, s := range ActionStatuses {
		if s.Closed() != (s == ActionDone || s == ActionCancelled) {
			t.Errorf("%s.Closed() = %v", s, s.Closed())
		}
	}
}

func TestActionStatusMovesAreWhatCheckMoveAllows(t *testing.T) {
	tests := []struct {
		from ActionStatus
		want []ActionStatus
	}{
		{ActionOpen, []ActionStatus{ActionInProgress, ActionBlocked, ActionDone, ActionCancelled}},
		{ActionInProgress, []ActionStatus{ActionOpen, ActionBlocked, ActionDone, ActionCancelled}},
		{ActionBlocked, []ActionStatus{ActionOpen, ActionInProgress, ActionDone, ActionCancelled}},
		{ActionDone, []ActionStatus{ActionOpen}},
		{ActionCancelled, []ActionStatus{ActionOpen}},
	}
	for _, tt := range tests {
		got := tt.from.Moves()
		if !slices.Equal(got, tt.want) {
			t.Errorf("%s.Moves() = %v, want %v", tt.from, got, tt.want)
		}
		for _, to := range got {
			if err := tt.from.CheckMove(to); err != nil {
				t.Errorf("%s offers %s, which CheckMove refuses: %v", tt.from, to, err)
			}
		}
	}
}

func TestDefaultActionOwner(t *testing.T) {
	u := User{Name: "Asha", Agency: "council"}
	tests := []struct {
		name string
		p    *Problem
		want string
	}{
		{"no problem: the user's agency", nil, "council"},
		{"no lead: the user's agency", &Problem{Visibility: Panel}, "council"},
		{"a panel problem's lead", &Problem{LeadAgency: "police", Visibility: Panel}, "police"},
		{"a lead that may see it", &Problem{LeadAgency: "police", Visibility: Visibility{Kind: VisAgencies, Agencies: []string{"police"}}}, "police"},
		{"a lead that may not see it", &Problem{LeadAgency: "housing", Visibility: Visibility{Kind: VisAgencies, Agencies: []string{"police"}}}, "council"},
	}
	for _, tt := range tests {
		if got := DefaultActionOwner(u, tt.p); got != tt.want {
			t.Errorf("%s: owner %q, want %q", tt.name, got, tt.want)
		}
	}
}

func TestParseDate(t *testing.T) {
	// Late evening an hour east of UTC: "today" is the local date.
	today := time.Date(2026, 11, 21, 23, 30, 0, 0, time.FixedZone("CET", 3600))
	tests := []struct {
		in   string
		want time.Time // zero: refused
	}{
		{"2026-12-01", date(2026, 12, 1)},
		{" 2026-12-01 ", date(2026, 12, 1)},
		{"2024-02-29", date(2024, 2, 29)},
		{"+7", date(2026, 11, 28)},
		{"+7d", date(2026, 11, 28)},
		{"+0", date(2026, 11, 21)},
		{"+2w", date(2026, 12, 5)},
		{"+11", date(2026, 12, 2)}, // across a month
		{"+6w", date(2027, 1, 2)},  // across a year
		{"+3650", date(2036, 11, 18)},
		{"+", time.Time{}},
		{"+w", time.Time{}},
		{"+d", time.Time{}},
		{"+-1", time.Time{}},
		{"-1", time.Time{}},
		{"+1.5", time.Time{}},
		{"+ 7", time.Time{}},
		{"+7x", time.Time{}},
		{"+2wd", time.Time{}},
		{"+99999", time.Time{}},
		{"+99999999999999999999999", time.Time{}}, // no overflow into a plausible date
		{"2026-13-01", time.Time{}},
		{"2025-02-29", time.Time{}},
		{"01/12/2026", time.Time{}},
		{"tomorrow", time.Time{}},
		{"", time.Time{}},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := ParseDate(tt.in, today)
			if tt.want.IsZero() {
				wantErr(t, err, ErrInvalid, "due")
				if !got.IsZero() || !strings.Contains(err.Error(), "2026-12-01") {
					t.Errorf("ParseDate(%q) = %v, %v; want a refusal with an example", tt.in, got, err)
				}
				return
			}
			if err != nil || !got.Equal(tt.want) || got.Location() != time.UTC {
				t.Errorf("ParseDate(%q) = %v, %v; want %v", tt.in, got, err, tt.want)
			}
		})
	}
}

func TestOverdueAndDueSoon(t *testing.T) {
	now := time.Date(2026, 3, 10, 15, 0, 0, 0, time.UTC)
	tests := []struct {
		name             string
		due              time.Time
		status           ActionStatus
		overdue, dueSoon bool
	}{
		{"long past", date(2026, 1, 1), ActionOpen, true, false},
		{"yesterday", date(2026, 3, 9), ActionOpen, true, false},
		{"yesterday, blocked", date(2026, 3, 9), ActionBlocked, true, false},
		{"yesterday, in progress", date(2026, 3, 9), ActionInProgress, true, false},
		{"today", date(2026, 3, 10), ActionOpen, false, true},
		{"tomorrow", date(2026, 3, 11), ActionOpen, false, true},
		{"in DueSoonDays", date(2026, 3, 10+DueSoonDays), ActionOpen, false, true},
		{"a day further", date(2026, 3, 11+DueSoonDays), ActionOpen, false, false},
		{"next year", date(2027, 3, 10), ActionOpen, false, false},
		{"no due date", time.Time{}, ActionOpen, false, false},
		{"done late", date(2026, 3, 9), ActionDone, false, false},
		{"cancelled late", date(2026, 3, 1), ActionCancelled, false, false},
		{"done, due soon", date(2026, 3, 11), ActionDone, false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := Action{Due: tt.due, Status: tt.status}
			if got := a.Overdue(now); got != tt.overdue {
				t.Errorf("Overdue = %v, want %v", got, tt.overdue)
			}
			if got := a.DueSoon(now); got != tt.dueSoon {
				t.Errorf("DueSoon = %v, want %v", got, tt.dueSoon)
			}
		})
	}
	// The day turns at the viewer's midnight, not at any time of day.
	a := Action{Due: date(2026, 3, 10), Status: ActionOpen}
	if a.Overdue(time.Date(2026, 3, 10, 23, 59, 59, 0, time.UTC)) || !a.Overdue(time.Date(2026, 3, 11, 0, 0, 0, 0, time.UTC)) {
		t.Error("overdue does not start at the midnight after the due date")
	}
	if got := DateOnly(time.Date(2026, 3, 10, 23, 59, 0, 0, time.FixedZone("X", -5*3600))); !got.Equal(date(2026, 3, 10)) || got.Location() != time.UTC {
		t.Errorf("DateOnly = %v", got)
	}
}

func validAction() Action {
	return Action{Ward: ward, Title: "Visit the block", OwnerAgency: "police", Due: date(2026, 4, 1)}
}

func TestActionValidate(t *testing.T) {
	edit := func(f func(*Action)) Action { a := validAction(); f(&a); return a }
	tests := []struct {
		name  string
		a     Action
		field string // "" for valid
	}{
		{"valid", validAction(), ""},
		{"no ward", edit(func(a *Action) { a.Ward = "" }), "ward"},
		{"bad ward", edit(func(a *Action) { a.Ward = "Northgate" }), "ward"},
		{"no title", edit(func(a *Action) { a.Title = "" }), "title"},
		{"short title", edit(func(a *Action) { a.Title = " go " }), "title"},
		{"title of controls only", edit(func(a *Action) { a.Title = "\x1b[2J\x07" }), "title"},
		{"longest title", edit(func(a *Action) { a.Title = strings.Repeat("é", MaxTitleLen) }), ""},
		{"title too long", edit(func(a *Action) { a.Title = strings.Repeat("é", MaxTitleLen+1) }), "title"},
		{"no owner", edit(func(a *Action) { a.OwnerAgency = " " }), "agency"},
		{"bad owner", edit(func(a *Action) { a.OwnerAgency = "the police" }), "agency"},
		{"no due date", edit(func(a *Action) { a.Due = time.Time{} }), "due"},
		{"bad status", edit(func(a *Action) { a.Status = "finished" }), "status"},
		{"bad visibility kind", edit(func(a *Action) { a.Visibility = Visibility{Kind: "everyone"} }), "visibility"},
		{"no agencies", edit(func(a *Action) { a.Visibility = Visibility{Kind: VisAgencies} }), "visibility"},
		{"bad agency", edit(func(a *Action) { a.Visibility = Visibility{Kind: VisAgencies, Agencies: []string{"p"}} }), "visibility"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := tt.a
			err := a.Validate()
			if tt.field == "" {
				wantErr(t, err, nil, "")
			} else {
				wantErr(t, err, ErrInvalid, tt.field)
			}
		})
	}

	a := Action{
		Ward: " e05000001", Title: "  Change \x1b[31mthe locks\t", Description: "Both doors\r\nthen report\x07",
		OwnerAgency: " Housing ", Assignee: " Hana\nHousing ", Due: time.Date(2026, 4, 1, 17, 45, 0, 0, time.UTC),
		Visibility: Visibility{Kind: VisAgencies, Agencies: []string{"Police", "housing", "police"}},
	}
	if err := a.Validate(); err != nil {
		t.Fatal(err)
	}
	if a.Ward != ward || a.Title != "Change the locks" || a.Description != "Both doors\nthen report" || a.OwnerAgency != "housing" ||
		a.Assignee != "Hana Housing" || !a.Due.Equal(date(2026, 4, 1)) || a.Status != ActionOpen ||
		a.Visibility.String() != "agencies:housing,police" {
		t.Errorf("Validate did not tidy and default: %+v", a)
	}
	b := validAction()
	if err := b.Validate(); err != nil || b.Visibility.Kind != VisPanel {
		t.Errorf("zero visibility: %v, %v", b.Visibility, err)
	}
}

func TestOutcomeValidate(t *testing.T) {
	tests := []struct {
		name   string
		o      Outcome
		field  string
		result ResultKind
	}{
		{"valid", Outcome{Text: "Locks changed", Result: "enforcement"}, "", "enforcement"},
		{"result as typed", Outcome{Text: "Locks changed", Result: " Environmental Change "}, "", "environmental-change"},
		{"no result is other", Outcome{Text: "Locks changed"}, "", "other"},
		{"no text", Outcome{Result: "enforcement"}, "outcome", ""},
		{"short text", Outcome{Text: " ok \x07"}, "outcome", ""},
		{"short after leading space", Outcome{Text: "   x"}, "outcome", ""},
		{"bad result", Outcome{Text: "Locks changed", Result: "victory"}, "result", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o := tt.o
			err := o.Validate()
			if tt.field != "" {
				wantErr(t, err, ErrInvalid, tt.field)
				return
			}
			if err != nil || o.Result != tt.result {
				t.Errorf("Validate = %v, result %q; want %q", err, o.Result, tt.result)
			}
		})
	}
	_, err := ParseResultKind("victory")
	for _, k := range ResultKinds {
		if !strings.Contains(err.Error(), string(k)) {
			t.Errorf("refusal %q does not list %s", err, k)
		}
	}
}

func validEvidence() Evidence {
	return Evidence{ProblemID: 1, Ward: ward, Kind: EvidenceFact, Text: "Nine reports in February", Occurred: date(2026, 2, 28)}
}

func TestEvidenceValidate(t *testing.T) {
	edit := func(f func(*Evidence)) Evidence { e := validEvidence(); f(&e); return e }
	tests := []struct {
		name  string
		e     Evidence
		field string
	}{
		{"valid", validEvidence(), ""},
		{"kind as typed", edit(func(e *Evidence) { e.Kind = " Opinion " }), ""},
		{"no text", edit(func(e *Evidence) { e.Text = "" }), "text"},
		{"short text", edit(func(e *Evidence) { e.Text = "\x1b[2Jno" }), "text"},
		{"short after leading space", edit(func(e *Evidence) { e.Text = "\n  no" }), "text"},
		{"no kind", edit(func(e *Evidence) { e.Kind = "" }), "kind"},
		{"bad kind", edit(func(e *Evidence) { e.Kind = "rumour" }), "kind"},
		{"no date", edit(func(e *Evidence) { e.Occurred = time.Time{} }), "occurred"},
		{"bad visibility", edit(func(e *Evidence) { e.Visibility = Visibility{Kind: VisAgencies} }), "visibility"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := tt.e
			err := e.Validate()
			if tt.field == "" {
				wantErr(t, err, nil, "")
			} else {
				wantErr(t, err, ErrInvalid, tt.field)
			}
		})
	}
	e := edit(func(e *Evidence) {
		e.Kind = "REPORT"
		e.Occurred = time.Date(2026, 2, 28, 21, 0, 0, 0, time.UTC)
		e.Text = "Seen\r\nagain\x1b[0m "
	})
	if err := e.Validate(); err != nil || e.Kind != EvidenceReport || !e.Occurred.Equal(date(2026, 2, 28)) || e.Text != "Seen\nagain" || e.Visibility.Kind != VisPanel {
		t.Errorf("Validate did not tidy: %+v, %v", e, err)
	}
}

func TestVisibilityWithin(t *testing.T) {
	agencies := func(as ...string) Visibility { return Visibility{Kind: VisAgencies, Agencies: as} }
	officers := Visibility{Kind: VisOfficers}
	tests := []struct {
		name         string
		inner, outer Visibility
		want         bool
	}{
		{"panel in panel", Panel, Panel, true},
		{"zero in panel", Visibility{}, Panel, true},
		{"panel in zero", Panel, Visibility{}, true},
		{"agencies in panel", agencies("police"), Panel, true},
		{"officers in panel", officers, Panel, true},
		{"officers in officers", officers, officers, true},
		{"panel in officers", Panel, officers, false},
		{"zero in officers", Visibility{}, officers, false},
		{"agencies in officers", agencies("police"), officers, false},
		{"same agencies", agencies("housing", "police"), agencies("housing", "police"), true},
		{"fewer agencies", agencies("police"), agencies("housing", "police"), true},
		{"another agency", agencies("fire"), agencies("housing", "police"), false},
		{"one agency more", agencies("fire", "police"), agencies("housing", "police"), false},
		{"panel in agencies", Panel, agencies("police"), false},
		{"zero in agencies", Visibility{}, agencies("police"), false},
		{"officers in agencies", officers, agencies("police"), false},
		{"anything in an unknown kind", officers, Visibility{Kind: "everyone"}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.inner.Within(tt.outer); got != tt.want {
				t.Errorf("%v.Within(%v) = %v, want %v", tt.inner, tt.outer, got, tt.want)
			}
		})
	}
}

// Fixtures for the permission tables: ward's problems and actions.
var (
	police   = Visibility{Kind: VisAgencies, Agencies: []string{"police"}}
	officers = Visibility{Kind: VisOfficers}
)

func problemWith(v Visibility) *Problem {
	return &Problem{ID: 7, Ward: ward, Title: "Dealing", Stage: StageAnalysis, Visibility: v}
}

func TestCheckCreateAction(t *testing.T) {
	act := func(f func(*Action)) Action { a := validAction(); a.Visibility = Panel; f(&a); return a }
	plain := act(func(*Action) {})
	tests := []struct {
		name    string
		u       User
		a       Action
		problem *Problem
		want    error
	}{
		{"officer", user(RoleOfficer, "housing"), plain, nil, nil},
		{"chair", user(RoleChair, "residents"), plain, nil, nil},
		{"vice-chair", user(RoleViceChair, "council"), plain, nil, nil},
		{"secretary", user(RoleSecretary, "council"), plain, nil, nil},
		{"member", user(RoleMember, "residents"), plain, nil, ErrForbidden},
		{"observer", user(RoleObserver, "residents"), plain, nil, ErrForbidden},
		{"admin", user(RoleAdmin, "council"), plain, nil, ErrForbidden},
		{"officer of another ward", User{Role: RoleOfficer, Agency: "police", Wards: []string{"E05000009"}}, plain, nil, ErrForbidden},
		{"on a panel problem", user(RoleOfficer, "housing"), plain, problemWith(Panel), nil},
		{"on a police problem, police-only", user(RoleOfficer, "police"), act(func(a *Action) { a.Visibility = police }), problemWith(police), nil},
		{"on a police problem, panel-wide", user(RoleOfficer, "police"), plain, problemWith(police), ErrInvalid},
		{"on a police problem, shared wider", user(RoleOfficer, "police"),
			act(func(a *Action) { a.Visibility = Visibility{Kind: VisAgencies, Agencies: []string{"housing", "police"}} }), problemWith(police), ErrInvalid},
		{"on a hidden problem", user(RoleOfficer, "housing"), act(func(a *Action) { a.Visibility = police }), problemWith(police), ErrNotFound},
		{"chair on a hidden problem", user(RoleChair, "residents"), act(func(a *Action) { a.Visibility = police }), problemWith(police), ErrNotFound},
		{"on another ward's problem", user(RoleOfficer, "police"), plain,
			&Problem{ID: 8, Ward: "E05000002", Visibility: Panel}, ErrNotFound}, // hidden: not a member there
		{"on a problem of another ward the user sees", User{Name: "Two", Role: RoleOfficer, Agency: "police", Wards: []string{ward, "E05000002"}}, plain,
			&Problem{ID: 8, Ward: "E05000002", Visibility: Panel}, ErrForbidden},
		{"secretary on an officers' problem", user(RoleSecretary, "council"), act(func(a *Action) { a.Visibility = officers }), problemWith(officers), nil},
		{"officer restricts to officers", user(RoleOfficer, "police"), act(func(a *Action) { a.Visibility = officers }), nil, ErrForbidden},
		{"restricted without own agency", user(RoleOfficer, "housing"), act(func(a *Action) { a.Visibility = police }), nil, ErrForbidden},
		{"restricted with own agency", user(RoleOfficer, "police"), act(func(a *Action) { a.Visibility = police }), nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			wantErr(t, CheckCreateAction(tt.u, tt.a, tt.problem), tt.want, "")
		})
	}
}

func TestCheckEditAction(t *testing.T) {
	base := validAction()
	base.ProblemID, base.Visibility, base.Status, base.CreatedBy = 7, Panel, ActionOpen, "Sam Secretary"
	edit := func(a Action, f func(*Action)) Action { f(&a); return a }
	policeOnly := edit(base, func(a *Action) { a.Visibility = police })
	assigned := edit(base, func(a *Action) { a.Assignee = "mo member" })
	done := edit(base, func(a *Action) { a.Status = ActionDone })
	retitled := edit(base, func(a *Action) { a.Title = "Visit the block again" })
	named := func(u User, name string) User { u.Name = name; return u }
	tests := []struct {
		name   string
		u      User
		old, a Action
		want   error
	}{
		{"owner agency's officer", user(RoleOfficer, "police"), base, retitled, nil},
		{"another agency's officer", user(RoleOfficer, "housing"), base, retitled, ErrForbidden},
		{"chair", user(RoleChair, "residents"), base, retitled, nil},
		{"vice-chair", user(RoleViceChair, "council"), base, retitled, nil},
		{"secretary who raised it", named(user(RoleSecretary, "council"), "Sam Secretary"), base, retitled, nil},
		{"another secretary", user(RoleSecretary, "council"), base, retitled, ErrForbidden},
		{"assignee, any case", named(user(RoleMember, "residents"), "Mo Member"), assigned, edit(assigned, func(a *Action) { a.Status = ActionDone }), nil},
		{"assignee who only observes", named(user(RoleObserver, "residents"), "Mo Member"), assigned, assigned, ErrForbidden},
		{"member not assigned", user(RoleMember, "residents"), base, retitled, ErrForbidden},
		{"admin of the owner agency", user(RoleAdmin, "police"), base, retitled, ErrForbidden}, // admins manage users, not the work
		{"hidden", user(RoleOfficer, "housing"), policeOnly, policeOnly, ErrNotFound},
		{"hidden from the chair", user(RoleChair, "residents"), policeOnly, policeOnly, ErrNotFound},
		{"another ward's", User{Role: RoleOfficer, Agency: "police", Wards: []string{"E05000009"}}, base, retitled, ErrNotFound},
		{"to another ward", user(RoleOfficer, "police"), base, edit(base, func(a *Action) { a.Ward = "E05000002" }), ErrForbidden},
		{"to another problem", user(RoleOfficer, "police"), base, edit(base, func(a *Action) { a.ProblemID = 8 }), ErrForbidden},
		{"allowed move", user(RoleOfficer, "police"), base, edit(base, func(a *Action) { a.Status = ActionInProgress }), nil},
		{"reopen", user(RoleOfficer, "police"), done, base, nil},
		{"done to blocked", user(RoleOfficer, "police"), done, edit(done, func(a *Action) { a.Status = ActionBlocked }), ErrInvalid},
		{"narrow to own agency", user(RoleOfficer, "police"), base, policeOnly, nil},
		{"officer restricts to officers", user(RoleOfficer, "police"), base, edit(base, func(a *Action) { a.Visibility = officers }), ErrForbidden},
		{"chair restricts to officers", user(RoleChair, "residents"), base, edit(base, func(a *Action) { a.Visibility = officers }), nil},
		{"hide from own agency", user(RoleOfficer, "police"), base, edit(base, func(a *Action) {
			a.Visibility = Visibility{Kind: VisAgencies, Agencies: []string{"housing"}}
		}), ErrForbidden},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			wantErr(t, CheckEditAction(tt.u, tt.old, tt.a), tt.want, "")
		})
	}
}

func TestCheckLogOutcome(t *testing.T) {
	a := validAction()
	a.Visibility, a.CreatedBy, a.Assignee = Panel, "Sam Secretary", "Mo Member"
	policeOnly := a
	policeOnly.Visibility = police
	named := func(u User, name string) User { u.Name = name; return u }
	tests := []struct {
		name string
		u    User
		a    Action
		want error
	}{
		{"owner agency's officer", user(RoleOfficer, "police"), a, nil},
		{"another agency's officer", user(RoleOfficer, "housing"), a, ErrForbidden},
		{"chair", user(RoleChair, "residents"), a, nil},
		{"vice-chair", user(RoleViceChair, "residents"), a, nil},
		{"secretary who raised it", named(user(RoleSecretary, "council"), "Sam Secretary"), a, nil},
		{"assignee", named(user(RoleMember, "residents"), "MO MEMBER"), a, nil},
		{"member", user(RoleMember, "residents"), a, ErrForbidden},
		{"observer", named(user(RoleObserver, "residents"), "Mo Member"), a, ErrForbidden},
		{"admin", user(RoleAdmin, "council"), a, ErrForbidden},
		{"hidden from another agency", user(RoleOfficer, "housing"), policeOnly, ErrNotFound},
		{"hidden from the chair", user(RoleChair, "residents"), policeOnly, ErrNotFound},
		{"police chair sees it", user(RoleChair, "police"), policeOnly, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			wantErr(t, CheckLogOutcome(tt.u, tt.a), tt.want, "")
		})
	}
}

func TestCheckAddEvidence(t *testing.T) {
	ev := func(f func(*Evidence)) Evidence {
		e := validEvidence()
		e.ProblemID, e.Visibility = 7, Panel
		f(&e)
		return e
	}
	fact := ev(func(*Evidence) {})
	report := ev(func(e *Evidence) { e.Kind = EvidenceReport })
	panel, policeProblem, officersProblem := *problemWith(Panel), *problemWith(police), *problemWith(officers)
	tests := []struct {
		name    string
		u       User
		e       Evidence
		problem Problem
		want    error
	}{
		{"officer, a fact", user(RoleOfficer, "housing"), fact, panel, nil},
		{"officer, an opinion", user(RoleOfficer, "housing"), ev(func(e *Evidence) { e.Kind = EvidenceOpinion }), panel, nil},
		{"chair", user(RoleChair, "residents"), fact, panel, nil},
		{"secretary", user(RoleSecretary, "council"), fact, panel, nil},
		{"member, a report", user(RoleMember, "residents"), report, panel, nil},
		{"member, a fact", user(RoleMember, "residents"), fact, panel, ErrForbidden},
		{"member, a restricted report", user(RoleMember, "residents"), ev(func(e *Evidence) {
			e.Kind, e.Visibility = EvidenceReport, Visibility{Kind: VisAgencies, Agencies: []string{"residents"}}
		}), panel, ErrForbidden},
		{"observer", user(RoleObserver, "residents"), report, panel, ErrForbidden},
		{"admin", user(RoleAdmin, "council"), fact, panel, ErrForbidden},
		{"hidden problem", user(RoleOfficer, "housing"), ev(func(e *Evidence) { e.Visibility = police }), policeProblem, ErrNotFound},
		{"hidden problem, chair", user(RoleChair, "residents"), ev(func(e *Evidence) { e.Visibility = police }), policeProblem, ErrNotFound},
		{"another ward's problem", User{Role: RoleOfficer, Agency: "police", Wards: []string{"E05000009"}}, fact, panel, ErrNotFound},
		{"wrong ward", user(RoleOfficer, "police"), ev(func(e *Evidence) { e.Ward = "E05000002" }), panel, ErrForbidden},
		{"wrong problem", user(RoleOfficer, "police"), ev(func(e *Evidence) { e.ProblemID = 8 }), panel, ErrForbidden},
		{"police-only on a police problem", user(RoleOfficer, "police"), ev(func(e *Evidence) { e.Visibility = police }), policeProblem, nil},
		{"panel-wide on a police problem", user(RoleOfficer, "police"), fact, policeProblem, ErrInvalid},
		{"officers' evidence by the secretary", user(RoleSecretary, "council"), ev(func(e *Evidence) { e.Visibility = officers }), officersProblem, nil},
		{"panel-wide on an officers' problem", user(RoleSecretary, "council"), fact, officersProblem, ErrInvalid},
		{"officer restricts to officers", user(RoleOfficer, "police"), ev(func(e *Evidence) { e.Visibility = officers }), panel, ErrForbidden},
		{"restricted without own agency", user(RoleOfficer, "housing"), ev(func(e *Evidence) { e.Visibility = police }), panel, ErrForbidden},
		{"restricted with own agency", user(RoleOfficer, "police"), ev(func(e *Evidence) { e.Visibility = police }), panel, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			wantErr(t, CheckAddEvidence(tt.u, tt.e, tt.problem), tt.want, "")
		})
	}
}

func TestCanSeeActionAndEvidence(t *testing.T) {
	a := validAction()
	a.Visibility = police
	e := validEvidence()
	e.Visibility = police
	for _, u := range []User{user(RoleOfficer, "housing"), user(RoleChair, "residents"), user(RoleAdmin, "council")} {
		if CanSeeAction(u, a) || CanSeeEvidence(u, e) {
			t.Errorf("%s sees police-only records", u.Name)
		}
	}
	if u := user(RoleOfficer, "police"); !CanSeeAction(u, a) || !CanSeeEvidence(u, e) {
		t.Error("police officer does not see police-only records")
	}
	a.Ward, e.Ward = "E05000002", "E05000002"
	a.Visibility, e.Visibility = Panel, Panel
	if u := user(RoleChair, "police"); CanSeeAction(u, a) || CanSeeEvidence(u, e) {
		t.Error("records of another ward are visible")
	}
	if !slices.Equal(ActionStatuses, []ActionStatus{ActionOpen, ActionInProgress, ActionBlocked, ActionDone, ActionCancelled}) {
		t.Errorf("ActionStatuses = %v", ActionStatuses)
	}
}

func TestAnActionStaysVisibleToItsOwnerAgency(t *testing.T) {
	police := User{ID: 1, Name: "Pat", Role: RoleOfficer, Agency: "police", Wards: []string{"E05000001"}}
	a := Action{Ward: "E05000001", Title: "Safeguarding visit", OwnerAgency: "housing", Due: time.Now(), Status: ActionOpen, CreatedBy: "Pat",
		Visibility: Visibility{Kind: VisAgencies, Agencies: []string{"police"}}}
	if err := CheckCreateAction(police, a, nil); !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), "owner agency (housing)") {
		t.Errorf("raising a housing action only police can see: %v", err)
	}
	a.Visibility.Agencies = []string{"housing", "police"}
	if err := CheckCreateAction(police, a, nil); err != nil {
		t.Errorf("shared with the owner: %v", err)
	}
	narrowed := a
	narrowed.Visibility = Visibility{Kind: VisAgencies, Agencies: []string{"police"}}
	if err := CheckEditAction(police, a, narrowed); !errors.Is(err, ErrInvalid) {
		t.Errorf("narrowing away from the owner: %v", err)
	}
}

// Every list of actions reads the same way: what is still to do first,
// soonest due first; closed ones after, whatever their dates.
func TestCompareActionsPutsOpenBeforeClosedThenDue(t *testing.T) {
	d := func(n int) time.Time { return time.Date(2026, 3, n, 0, 0, 0, 0, time.UTC) }
	in := []Action{
		{ID: 1, Status: ActionDone, Due: d(1)},
		{ID: 2, Status: ActionOpen, Due: d(9)},
		{ID: 3, Status: ActionCancelled, Due: d(2)},
		{ID: 4, Status: ActionBlocked, Due: d(3)},
		{ID: 5, Status: ActionInProgress, Due: d(9)},
		{ID: 6, Status: ActionOpen},
	}
	slices.SortFunc(in, CompareActions)
	var got []ID
	for _, a := range in {
		got = append(got, a.ID)
	}
	if want := []ID{6, 4, 2, 5, 1, 3}; !slices.Equal(got, want) {
		t.Fatalf("order %v, want %v", got, want)
	}
}
