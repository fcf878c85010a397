package store

import (
	"fmt"
	"time"

	bolt "go.etcd.io/bbolt"

	"wardpanel/model"
)

// Wards and agencies are administration: their audit entries carry no
// ward, so model.CanSeeAudit shows them to admins only.

func (s *Store) addWard(by model.Actor, w model.Ward) (model.Ward, error) {
	if err := checkAdmin(by); err != nil {
		return model.Ward{}, err
	}
	if err := w.Validate(); err != nil {
		return model.Ward{}, err
	}
	err := s.change("add ward", by, func(tx *bolt.Tx, _ time.Time) (model.AuditEntry, error) {
		b := tx.Bucket(bucketWards)
		if b.Get([]byte(w.Code)) != nil {
			return model.AuditEntry{}, fail(model.ErrDuplicate, "ward %s already exists", w.Code)
		}
		if err := put(b, []byte(w.Code), w); err != nil {
			return model.AuditEntry{}, err
		}
		return model.AuditEntry{
			Action:  model.AuditWardAdd,
			Target:  "ward/" + w.Code,
			Summary: fmt.Sprintf("ward %s %q", w.Code, w.Name),
		}, nil
	})
	if err != nil {
		return model.Ward{}, err
	}
	return w, nil
}

func (s *Store) ward(code string) (w model.Ward, err error) {
	code, err = model.ParseWardCode(code)
	if err != nil {
		return model.Ward{}, err
	}
	err = s.view("read ward", func(tx *bolt.Tx) error {
		found, err := get(tx.Bucket(bucketWards), []byte(code), &w)
		if err == nil && !found {
			err = unknownWard(code)
		}
		return err
	})
	return w, err
}

func unknownWard(code string) error {
	return fail(model.ErrNotFound, "unknown ward %s", code)
}

func (s *Store) wards() ([]model.Ward, error) {
	out := []model.Ward{}
	err := s.view("list wards", func(tx *bolt.Tx) error {
		var err error
		out, err = allRecords[model.Ward](tx.Bucket(bucketWards))
		return err
	})
	return out, err
}

func (s *Store) putAgency(by model.Actor, a model.Agency) (model.Agency, error) {
	if err := checkAdmin(by); err != nil {
		return model.Agency{}, err
	}
	if err := a.Validate(); err != nil {
		return model.Agency{}, err
	}
	err := s.change("save agency", by, func(tx *bolt.Tx, _ time.Time) (model.AuditEntry, error) {
		b := tx.Bucket(bucketAgencies)
		var old model.Agency
		existed, err := get(b, []byte(a.Code), &old)
		if err != nil {
			return model.AuditEntry{}, err
		}
		if err := put(b, []byte(a.Code), a); err != nil {
			return model.AuditEntry{}, err
		}
		summary := fmt.Sprintf("agency %s %q", a.Code, a.Name)
		if existed {
			summary = fmt.Sprintf("agency %s renamed %q→%q", a.Code, old.Name, a.Name)
		}
		return model.AuditEntry{Action: model.AuditAgencyPut, Target: "agency/" + a.Code, Summary: summary}, nil
	})
	if err != nil {
		return model.Agency{}, err
	}
	return a, nil
}

func (s *Store) agencies() ([]model.Agency, error) {
	out := []model.Agency{}
	err := s.view("list agencies", func(tx *bolt.Tx) error {
		var err error
		out, err = allRecords[model.Agency](tx.Bucket(bucketAgencies))
		return err
	})
	return out, err
}
