package mailer

import (
	"time"

	"wardpanel/model"
	"wardpanel/store"
	"wardpanel/tui/inbox"
)

// Store is what the mailer uses of the store: the outbox it sends from,
// the reader of an action's notice, and the inbox a digest shows.
// *store.Store is the one implementation.
type Store interface {
	inbox.Reader
	Subscribe() *store.Subscription
	DueMail(now time.Time, limit int) ([]model.Mail, time.Time, error)
	QueueDigests(now time.Time) (int, error)
	MailRetry(id model.ID, at time.Time) error
	MailDone(id model.ID) error
	User(id model.ID) (model.User, error)
	Action(viewer model.User, id model.ID) (model.Action, error)
}

var _ Store = (*store.Store)(nil)
