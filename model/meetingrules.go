package model

// The meeting's state machine, as the screens ask it before offering a key
// and as the changes check it before they apply: one rule for each thing a
// user may do to a meeting, who and in which state. What a change needs
// besides (an agenda to start with, ballots before a vote closes) is
// checked as it applies, and said then.

// CheckStartMeeting decides whether u may take m live: the chair, on a
// planned meeting.
func CheckStartMeeting(u User, m Meeting) error {
	if err := checkChair(u); err != nil {
		return err
	}
	if m.State != MeetingPlanned {
		return forbidden("the meeting is already %s", m.State)
	}
	return nil
}

// CheckStepMeeting decides whether u may move a live meeting on or back:
// its current item, and matters arising's action under discussion.
func CheckStepMeeting(u User, m Meeting) error {
	if err := checkChair(u); err != nil {
		return err
	}
	return checkLive(&m)
}

// CheckCloseMeeting decides whether u may close m and freeze its minutes:
// the chair, on a live meeting. A vote still open is said when the close
// is confirmed (CloseMeeting), as the ballots a vote's close needs are.
func CheckCloseMeeting(u User, m Meeting) error { return CheckStepMeeting(u, m) }

// CheckSteerVote decides whether u may close, cancel or set the quorum of
// m's vote: the chair, while one is open.
func CheckSteerVote(u User, m Meeting) error {
	if err := checkChair(u); err != nil {
		return err
	}
	if m.Vote == nil || !m.Vote.Open {
		return forbidden("there is no open vote")
	}
	return nil
}

// CheckCastVote decides whether u may vote in m now: a role that votes,
// once, while the vote is open.
func CheckCastVote(u User, m Meeting) error {
	if !CanVote(u) {
		return forbidden("your role (%s) does not vote on priorities", u.Role)
	}
	if m.Vote == nil || !m.Vote.Open {
		return forbidden("there is no open vote")
	}
	if m.Vote.Voted(u.ID) {
		return forbidden("you have already voted")
	}
	return nil
}

// CheckAgreeMinutes decides whether u may record, in m, that the minutes
// of the meeting before it were agreed: the chair, in a live meeting that
// follows one and has agreed none yet.
func CheckAgreeMinutes(u User, m Meeting) error {
	if err := checkAgree(u, &m); err != nil {
		return err
	}
	if m.PreviousID == 0 {
		return forbidden("this meeting follows no earlier one whose minutes it could agree")
	}
	return nil
}

// checkAgree is AgreeMinutes' rule, whichever earlier meeting it names.
func checkAgree(u User, m *Meeting) error {
	if err := CheckStepMeeting(u, *m); err != nil {
		return err
	}
	if m.Agrees != 0 {
		return forbidden("this meeting has agreed the minutes of meeting %d", m.Agrees)
	}
	return nil
}

// CheckAttend says whether connecting to m marks u present now: a user of
// the ward, while the meeting is live, not yet marked present
// (ErrUnchanged: nothing to write).
func CheckAttend(u User, m Meeting) error {
	if m.State != MeetingLive || u.ID == 0 {
		return ErrUnchanged
	}
	if a := m.Present(u.ID); a != nil && a.Kind == AttendPresent {
		return ErrUnchanged
	}
	return nil
}

// CanRaiseInMeeting says whether u may raise an action from an item of m
// (CheckRaiseInMeeting, and a role that raises actions).
func CanRaiseInMeeting(u User, m Meeting) bool {
	return RaisesActions(u) && CheckRaiseInMeeting(u, m) == nil
}

// SeesOwnerUpdates says whether u is shown, under m's matters arising and
// priorities review, who has and has not updated: the panel's officers,
// who chase them, until the meeting closes.
func SeesOwnerUpdates(u User, m Meeting) bool {
	return u.Role.IsPanelOfficer() && m.State != MeetingClosed
}
