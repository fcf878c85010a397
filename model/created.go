package model

import "time"

// The records a user creates carry the same stamps: an ID the store
// gives, who made them and when, who changed them last and when, and a
// version. Stamps points at a record's own, so that the store sets them
// one way for every kind.
type Stamps struct {
	ID                   *ID
	Version              *uint64
	CreatedBy, UpdatedBy *string
	CreatedAt, UpdatedAt *time.Time
}

// Created stamps a new record: its ID, made and last changed by by at at,
// version 1.
func (s Stamps) Created(id ID, by string, at time.Time) {
	*s.ID, *s.Version = id, 1
	*s.CreatedBy, *s.CreatedAt = by, at
	*s.UpdatedBy, *s.UpdatedAt = by, at
}

// Stamps of a problem, an action, a meeting and a rich-picture session.

func (p *Problem) Stamps() Stamps {
	return Stamps{&p.ID, &p.Version, &p.CreatedBy, &p.UpdatedBy, &p.CreatedAt, &p.UpdatedAt}
}

func (a *Action) Stamps() Stamps {
	return Stamps{&a.ID, &a.Version, &a.CreatedBy, &a.UpdatedBy, &a.CreatedAt, &a.UpdatedAt}
}

func (m *Meeting) Stamps() Stamps {
	return Stamps{&m.ID, &m.Version, &m.CreatedBy, &m.UpdatedBy, &m.CreatedAt, &m.UpdatedAt}
}

func (s *PictureSession) Stamps() Stamps {
	return Stamps{&s.ID, &s.Version, &s.CreatedBy, &s.UpdatedBy, &s.CreatedAt, &s.UpdatedAt}
}
