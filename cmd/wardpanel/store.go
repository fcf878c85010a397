package main

import (
	"io"
	"time"

	"wardpanel/cmd/wardpanel/mailer"
	"wardpanel/model"
	"wardpanel/store"
	"wardpanel/tui/sshd"
)

// Store is what the server's commands and wiring use of the store once it
// is open: what they hand on to the SSH server (its screens, shared
// commands and renderers) and the mailer, and their own reads and writes.
// *store.Store is the one implementation (store.Open makes it).
type Store interface {
	sshd.Store   // all the server serves, and the commands typed alike over SSH
	mailer.Store // what it sends

	// The server commands' own reads and writes, and the data folder's upkeep.
	AddUser(by model.Actor, u model.User) (model.User, error)
	AddWard(by model.Actor, w model.Ward) (model.Ward, error)
	Backup(path string) error
	Check() (store.Report, error)
	Close() error
	DisableUser(by model.Actor, id model.ID) (model.User, error)
	EnableUser(by model.Actor, id model.ID) (model.User, error)
	ErasePublicContact(by model.Actor, contact string) (int, error)
	PersonErase(by model.Actor, name string) (store.PersonErasure, error)
	PersonExport(by model.Actor, name string, reader *model.User) (store.PersonRecord, error)
	PublicContactExport(by model.Actor, contact string) ([]model.Concern, error)
	PutAgency(by model.Actor, a model.Agency) (model.Agency, error)
	RevokeKey(by model.Actor, userID model.ID, fingerprint string) (model.User, error)
	SetWardLSOAs(by model.Actor, ward string, lsoas []string) ([]string, error)
	WardLSOAs(ward string) ([]string, error)
}

var _ Store = (*store.Store)(nil)

// seedStore is what the demo data writes through: the same writes a user
// makes, each with its audit entry.
type seedStore interface {
	Actions(viewer model.User, ward string) ([]model.Action, error)
	AddElement(by model.Actor, id model.ID, line string) (model.Element, error)
	AddEvidence(by model.Actor, e model.Evidence) (model.Evidence, error)
	AddOutcome(by model.Actor, actionID model.ID, o model.Outcome) (model.Outcome, error)
	AddPlanNote(by model.Actor, id model.ID, text string, vis *model.Visibility) (model.Plan, error)
	AddPublicConcern(by model.Actor, c model.Concern) (model.Concern, error)
	AddResponse(by model.Actor, id model.ID, r model.Response) (model.Plan, error)
	AddUser(by model.Actor, u model.User) (model.User, error)
	AddWard(by model.Actor, w model.Ward) (model.Ward, error)
	ChangeMeeting(by model.Actor, id model.ID, ch model.MeetingChange) (model.Meeting, error)
	CreateAction(by model.Actor, a model.Action) (model.Action, error)
	CreateMeeting(by model.Actor, m model.Meeting) (model.Meeting, error)
	CreatePicture(by model.Actor, p model.PictureSession) (model.PictureSession, error)
	CreateProblem(by model.Actor, p model.Problem) (model.Problem, error)
	ImportCrimes(by model.Actor, name string, r io.Reader) (model.CrimeImport, error)
	PostUpdate(by model.Actor, kind model.RecordKind, id model.ID, text string) (model.Update, model.Meeting, error)
	ProblemActions(viewer model.User, problemID model.ID) ([]model.Action, error)
	PromoteConcern(by model.Actor, id, elementID model.ID) (model.Problem, error)
	PublishSummary(by model.Actor, ward string) (model.Summary, error)
	PutAgency(by model.Actor, a model.Agency) (model.Agency, error)
	RaiseMeetingAction(by model.Actor, meetingID model.ID, item int, a model.Action) (model.Action, error)
	RecordAsset(by model.Actor, id, elementID model.ID) (model.Asset, error)
	ReviewAction(by model.Actor, meetingID, actionID model.ID, update string, status model.ActionStatus) (model.Meeting, error)
	SetActionStatus(by model.Actor, id model.ID, status model.ActionStatus, outcome *model.Outcome) (model.Action, error)
	SetPlanScan(by model.Actor, id model.ID, src model.ProblemSource, focus model.CrimeFocus) (model.Plan, error)
	SetPlanText(by model.Actor, id model.ID, field model.PlanField, text string, vis *model.Visibility, version uint64) (model.Plan, error)
	SetReview(by model.Actor, id model.ID, date time.Time) (model.Problem, error)
	SetWardLSOAs(by model.Actor, ward string, lsoas []string) ([]string, error)
	Ward(code string) (model.Ward, error)
}

var _ seedStore = (*store.Store)(nil)
