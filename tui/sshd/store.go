package sshd

import (
	"io"
	"time"

	"wardpanel/model"
	"wardpanel/store"
	"wardpanel/tui"
	"wardpanel/tui/admincmd"
	"wardpanel/tui/briefing"
	"wardpanel/tui/inbox"
	"wardpanel/tui/minutes"
	"wardpanel/tui/plain"
	"wardpanel/tui/profile"
	"wardpanel/tui/richpicture"
)

// Store is what the server and its commands use of the store: what they
// hand on to the screens, plain mode, the shared commands and the
// renderers, and what the commands read and write themselves.
// *store.Store is the one implementation.
type Store interface {
	tui.Store
	inbox.Reader
	plain.Store
	admincmd.Store
	briefing.Source
	minutes.Source
	richpicture.Source
	profile.Source

	// The commands' and the gate's own reads and writes.
	AddKey(by model.Actor, userID model.ID, k model.Key) (model.User, error)
	AddPlanNote(by model.Actor, id model.ID, text string, vis *model.Visibility) (model.Plan, error)
	AddPublicConcern(by model.Actor, c model.Concern) (model.Concern, error)
	AddResponse(by model.Actor, id model.ID, r model.Response) (model.Plan, error)
	AuditDenied(by model.Actor, action, target, reason string) error
	DeclinePublicConcern(by model.Actor, id model.ID, reason string) (model.Concern, error)
	ImportCrimes(by model.Actor, name string, r io.Reader) (model.CrimeImport, error)
	PreviewSummary(ward string) (model.Summary, error)
	PromotePublicConcern(by model.Actor, id model.ID) (model.Concern, model.Problem, error)
	PublicConcerns(viewer model.User, ward string) ([]model.Concern, error)
	PublishSummary(by model.Actor, ward string) (model.Summary, error)
	Published(ward string) (model.Summary, error)
	PublishedWards() ([]model.Ward, error)
	RedeemInvite(code string, key model.Key) (model.User, error)
	SetActionStatus(by model.Actor, id model.ID, status model.ActionStatus, outcome *model.Outcome) (model.Action, error)
	SetPlain(by model.Actor, on bool) (model.User, error)
	SetPlanText(by model.Actor, id model.ID, field model.PlanField, text string, vis *model.Visibility, version uint64) (model.Plan, error)
	SetReview(by model.Actor, id model.ID, date time.Time) (model.Problem, error)
	User(id model.ID) (model.User, error)
	UserByKey(fingerprint string) (model.User, error)
}

var _ Store = (*store.Store)(nil)
