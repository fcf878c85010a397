package model

import (
	"fmt"
	"slices"
	"strings"
)

// AuditAction names one kind of change in the audit trail. Writers use the
// constants below and filters compare against them, so a writer and the
// filter that looks for its entries can never drift apart. The text is
// "family.verb"; it is what the trail stores and what `audit --action` takes.
type AuditAction string

// AuditFamily is the part of an action before its first dot: the kind of
// record changed ("problem", "meeting"), or "denied" for refusals.
type AuditFamily string

const (
	FamilyProblem  AuditFamily = "problem"
	FamilyAction   AuditFamily = "action"
	FamilyOutcome  AuditFamily = "outcome"
	FamilyEvidence AuditFamily = "evidence"
	FamilyMeeting  AuditFamily = "meeting"
	FamilyPicture  AuditFamily = "picture"
	FamilyCrimes   AuditFamily = "crimes"
	FamilyUser     AuditFamily = "user"
	FamilyInvite   AuditFamily = "invite"
	FamilyWard     AuditFamily = "ward"
	FamilyAgency   AuditFamily = "agency"
	FamilyPerson   AuditFamily = "person"
	FamilyDenied   AuditFamily = "denied"
)

// WardFamilies are the families of changes to a ward's records;
// AdminFamilies those of administration and refusals, which only admins read.
var (
	WardFamilies  = []AuditFamily{FamilyProblem, FamilyAction, FamilyOutcome, FamilyEvidence, FamilyMeeting, FamilyPicture, FamilyCrimes}
	AdminFamilies = []AuditFamily{FamilyUser, FamilyInvite, FamilyDenied, FamilyWard, FamilyAgency, FamilyPerson}
)

const (
	AuditProblemCreate AuditAction = "problem.create"
	AuditProblemUpdate AuditAction = "problem.update"
	// AuditProblemPostUpdate and AuditActionPostUpdate are a partner's
	// update before a meeting (update.go), filed under the record it is on
	// so the trail is as restricted as the record.
	AuditProblemPostUpdate AuditAction = "problem.postupdate"
	AuditActionPostUpdate  AuditAction = "action.postupdate"
	// AuditProblemStage is a move between SARA stages, with its reason.
	AuditProblemStage AuditAction = "problem.stage"
	// AuditProblemReview is a new review date set by the lead agency.
	AuditProblemReview AuditAction = "problem.review"
	// AuditProblemPlan is a change to a part of the problem's SARA plan.
	AuditProblemPlan AuditAction = "problem.plan"

	AuditActionCreate AuditAction = "action.create"
	AuditActionUpdate AuditAction = "action.update"
	// AuditActionStatus is a status change, from the terminal's status key
	// or the SSH `action` command alike: one act, one name.
	AuditActionStatus AuditAction = "action.status"
	AuditActionReview AuditAction = "action.review"
	AuditOutcomeAdd   AuditAction = "outcome.add"
	AuditEvidenceAdd  AuditAction = "evidence.add"
	// AuditEvidenceVisibility is a change of who sees an evidence entry.
	AuditEvidenceVisibility AuditAction = "evidence.visibility"

	AuditMeetingCreate         AuditAction = "meeting.create"
	AuditMeetingEdit           AuditAction = "meeting.editmeeting"
	AuditMeetingAddItem        AuditAction = "meeting.additem"
	AuditMeetingEditItem       AuditAction = "meeting.edititem"
	AuditMeetingRemoveItem     AuditAction = "meeting.removeitem"
	AuditMeetingMoveItem       AuditAction = "meeting.moveitem"
	AuditMeetingStart          AuditAction = "meeting.startmeeting"
	AuditMeetingStepItem       AuditAction = "meeting.stepitem"
	AuditMeetingClose          AuditAction = "meeting.closemeeting"
	AuditMeetingStepReview     AuditAction = "meeting.stepreview"
	AuditMeetingWriteMinutes   AuditAction = "meeting.writeminutes"
	AuditMeetingAddNote        AuditAction = "meeting.addnote"
	AuditMeetingAddAttendee    AuditAction = "meeting.addattendee"
	AuditMeetingRemoveAttendee AuditAction = "meeting.removeattendee"
	AuditMeetingAttend         AuditAction = "meeting.attend"
	AuditMeetingOpenVote       AuditAction = "meeting.openvote"
	AuditMeetingCastVote       AuditAction = "meeting.castvote"
	AuditMeetingCloseVote      AuditAction = "meeting.closevote"
	AuditMeetingCancelVote     AuditAction = "meeting.cancelvote"
	AuditMeetingSetQuorum      AuditAction = "meeting.setquorum"
	AuditMeetingCorrect        AuditAction = "meeting.correct"
	AuditMeetingAgreeMinutes   AuditAction = "meeting.agreeminutes"
	AuditMeetingUndo           AuditAction = "meeting.undo"

	AuditPictureCreate  AuditAction = "picture.create"
	AuditPictureUpdate  AuditAction = "picture.update"
	AuditPictureCapture AuditAction = "picture.capture"
	AuditPictureEdit    AuditAction = "picture.edit"
	AuditPictureDelete  AuditAction = "picture.delete"
	AuditPicturePromote AuditAction = "picture.promote"
	AuditPictureAsset   AuditAction = "picture.asset"
	AuditAssetEdit      AuditAction = "asset.edit"
	AuditAssetRemove    AuditAction = "asset.remove"

	AuditCrimesImport AuditAction = "crimes.import"
	AuditWardLSOAs    AuditAction = "ward.lsoas"
	AuditWardAdd      AuditAction = "ward.add"
	AuditAgencyPut    AuditAction = "agency.put"

	AuditUserAdd       AuditAction = "user.add"
	AuditUserEdit      AuditAction = "user.edit"
	AuditUserKeyAdd    AuditAction = "user.key.add"
	AuditUserKeyRevoke AuditAction = "user.key.revoke"
	AuditUserEnable    AuditAction = "user.enable"
	AuditUserDisable   AuditAction = "user.disable"
	AuditInviteCreate  AuditAction = "invite.create"
	AuditInviteRedeem  AuditAction = "invite.redeem"
	AuditPersonErase   AuditAction = "person.erase"
)

// AuditActions lists every fixed action name; refusals are Denied(…).
var AuditActions = []AuditAction{
	AuditProblemCreate, AuditProblemUpdate, AuditProblemPostUpdate, AuditActionPostUpdate, AuditProblemStage, AuditProblemReview, AuditProblemPlan,
	AuditActionCreate, AuditActionUpdate, AuditActionStatus, AuditActionReview, AuditOutcomeAdd, AuditEvidenceAdd, AuditEvidenceVisibility,
	AuditMeetingCreate, AuditMeetingEdit, AuditMeetingAddItem, AuditMeetingEditItem, AuditMeetingRemoveItem,
	AuditMeetingMoveItem, AuditMeetingStart, AuditMeetingStepItem, AuditMeetingClose, AuditMeetingStepReview,
	AuditMeetingWriteMinutes, AuditMeetingAddNote, AuditMeetingAddAttendee, AuditMeetingRemoveAttendee,
	AuditMeetingAttend, AuditMeetingOpenVote, AuditMeetingCastVote, AuditMeetingCloseVote, AuditMeetingCancelVote,
	AuditMeetingSetQuorum, AuditMeetingCorrect, AuditMeetingAgreeMinutes, AuditMeetingUndo,
	AuditPictureCreate, AuditPictureUpdate, AuditPictureCapture, AuditPictureEdit, AuditPictureDelete,
	AuditPicturePromote, AuditPictureAsset, AuditAssetEdit, AuditAssetRemove,
	AuditCrimesImport, AuditWardLSOAs, AuditWardAdd, AuditAgencyPut,
	AuditUserAdd, AuditUserEdit, AuditUserKeyAdd, AuditUserKeyRevoke, AuditUserEnable, AuditUserDisable,
	AuditInviteCreate, AuditInviteRedeem, AuditPersonErase,
}

// Denied names the refusal of what: Denied("connect") is "denied.connect".
func Denied(what string) AuditAction { return AuditAction(string(FamilyDenied) + "." + what) }

// Family is the kind of record the action changed.
func (a AuditAction) Family() AuditFamily {
	f, _, _ := strings.Cut(string(a), ".")
	return AuditFamily(f)
}

// Refusal reports whether the entry records something refused.
func (a AuditAction) Refusal() bool { return a.Family() == FamilyDenied }

// AuditFilter selects entries by action: one action, or a whole family.
// The zero value selects everything.
type AuditFilter struct {
	Action AuditAction
	Family AuditFamily
}

// Matches reports whether a is selected.
func (f AuditFilter) Matches(a AuditAction) bool {
	switch {
	case f.Action != "":
		return a == f.Action
	case f.Family != "":
		return a.Family() == f.Family
	}
	return true
}

// ParseAuditFilter reads an action filter as typed: a whole action name
// ("action.status"), a family ("meeting", or "meeting."), or nothing.
// Anything else is refused with the names that exist, so a typo is not
// an empty answer.
func ParseAuditFilter(s string) (AuditFilter, error) {
	s = strings.ToLower(strings.TrimSpace(s))
	if s == "" {
		return AuditFilter{}, nil
	}
	fam := AuditFamily(strings.TrimSuffix(s, "."))
	if slices.Contains(WardFamilies, fam) || slices.Contains(AdminFamilies, fam) {
		return AuditFilter{Family: fam}, nil
	}
	a := AuditAction(s)
	if slices.Contains(AuditActions, a) || a.Refusal() && len(s) > len(FamilyDenied)+1 {
		return AuditFilter{Action: a}, nil
	}
	families := make([]string, 0, len(WardFamilies)+len(AdminFamilies))
	for _, f := range append(slices.Clone(WardFamilies), AdminFamilies...) {
		families = append(families, string(f))
	}
	return AuditFilter{}, invalid("action", "%s", fmt.Sprintf("%q is not an audit action: give a family (%s) or a whole name such as %s",
		CleanLine(s, 40), strings.Join(families, ", "), AuditActionStatus))
}
