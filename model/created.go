package model

import "time"

// The records a user creates carry the same stamps: an ID the store
// gives, who made them and when, and version 1, which is also their last
// change. Created sets them, for the store's one way of creating a record.

// Created stamps a new problem.
func (p *Problem) Created(id ID, by string, at time.Time) {
	p.ID, p.Version = id, 1
	p.CreatedBy, p.CreatedAt = by, at
	p.UpdatedBy, p.UpdatedAt = by, at
}

// Created stamps a new action.
func (a *Action) Created(id ID, by string, at time.Time) {
	a.ID, a.Version = id, 1
	a.CreatedBy, a.CreatedAt = by, at
	a.UpdatedBy, a.UpdatedAt = by, at
}

// Created stamps a new meeting.
func (m *Meeting) Created(id ID, by string, at time.Time) {
	m.ID, m.Version = id, 1
	m.CreatedBy, m.CreatedAt = by, at
	m.UpdatedBy, m.UpdatedAt = by, at
}

// Created stamps a new rich-picture session.
func (s *PictureSession) Created(id ID, by string, at time.Time) {
	s.ID, s.Version = id, 1
	s.CreatedBy, s.CreatedAt = by, at
	s.UpdatedBy, s.UpdatedAt = by, at
}
