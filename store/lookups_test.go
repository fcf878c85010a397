package store

import (
	"errors"
	"testing"

	bolt "go.etcd.io/bbolt"

	"wardpanel/model"
)

// visibleElement and wardProblem start every change to a line and every
// link from a meeting: a hidden record, a missing one and one of another
// ward must all read as not found, and a good one must come back whole.
func TestLineAndWardProblemLookups(t *testing.T) {
	e := newEnv(t)
	open := e.holdPicture(t, "Chris Chair", model.PictureSession{Title: "Open session"})
	line := e.capture(t, "Chris Chair", open.ID, "c: Bins overflow #bins")
	secret := e.holdPicture(t, "Pat Police", model.PictureSession{Title: "Police only", Visibility: onlyAgencies("police")})
	hidden := e.capture(t, "Pat Police", secret.ID, "c: cuckooing")
	prob := e.create(t, "Pat Police", model.Problem{Title: "Dealing in Elm Court"})

	tests := []struct {
		name   string
		lookup func(tx *bolt.Tx) (model.ID, error)
		want   model.ID // the ID found; 0 with ErrNotFound
	}{
		{"a line of a session the user may see", func(tx *bolt.Tx) (model.ID, error) {
			_, el, err := visibleElement(tx, e.u["Hana Housing"], open.ID, line.ID)
			return el.ID, err
		}, line.ID},
		{"a line of a session hidden from the user", func(tx *bolt.Tx) (model.ID, error) {
			_, el, err := visibleElement(tx, e.u["Hana Housing"], secret.ID, hidden.ID)
			return el.ID, err
		}, 0},
		{"a line that does not exist", func(tx *bolt.Tx) (model.ID, error) {
			_, el, err := visibleElement(tx, e.u["Chris Chair"], open.ID, 999)
			return el.ID, err
		}, 0},
		{"a problem of the ward", func(tx *bolt.Tx) (model.ID, error) {
			p, err := wardProblem(tx, e.u["Pat Police"], north, prob.ID)
			return p.ID, err
		}, prob.ID},
		{"a problem of another ward", func(tx *bolt.Tx) (model.ID, error) {
			p, err := wardProblem(tx, e.u["Pat Police"], south, prob.ID)
			return p.ID, err
		}, 0},
		{"a problem that does not exist", func(tx *bolt.Tx) (model.ID, error) {
			p, err := wardProblem(tx, e.u["Pat Police"], north, 999)
			return p.ID, err
		}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got model.ID
			err := e.s.db.View(func(tx *bolt.Tx) error {
				var err error
				got, err = tt.lookup(tx)
				return err
			})
			switch {
			case tt.want == 0 && !errors.Is(err, model.ErrNotFound):
				t.Errorf("got %d, %v; want ErrNotFound", got, err)
			case tt.want != 0 && (err != nil || got != tt.want):
				t.Errorf("got %d, %v; want %d", got, err, tt.want)
			}
		})
	}
}
