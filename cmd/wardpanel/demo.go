package main

import (
	"errors"
	"fmt"
	"time"

	"wardpanel/model"
)

// The demo ward is fictional: its code is outside the range ONS has issued.
const demoWard = "E05999999"

type demoPerson struct {
	name, agency string
	role         model.Role
	persona      string // how the persona picker offers it; empty: not offered
}

var demoPeople = []demoPerson{
	{"Alex Morgan", "residents", model.RoleChair, "Panel chair"},
	{"Sam Okoro", "residents", model.RoleViceChair, "Panel vice-chair"},
	{"Jo Fisher", "council", model.RoleSecretary, "Panel secretary"},
	{"PC Dana Reid", "police", model.RoleOfficer, "Police officer"},
	{"Priya Shah", "housing", model.RoleOfficer, "Housing officer"},
	{"Marcus Cole", "youth", model.RoleOfficer, "Youth worker"},
	{"Lee Grant", "council", model.RoleOfficer, "Council officer"},
	{"Ruth Adeyemi", "residents", model.RoleMember, "Resident member"},
	{"Tom Baker", "residents", model.RoleObserver, "Observer (read only)"},
	{"Demo Admin", "council", model.RoleAdmin, "Admin (users: ssh … user list)"},
}

var demoAgencies = []model.Agency{
	{Code: "police", Name: "Riverside Safer Neighbourhood Team"},
	{Code: "council", Name: "Riverside Borough Council"},
	{Code: "housing", Name: "Riverside Homes"},
	{Code: "youth", Name: "Council Youth Service"},
	{Code: "residents", Name: "Residents"},
}

type demoProblem struct {
	by       string
	title    string
	location string
	category model.Category
	stage    model.Stage
	priority model.Priority
	lead     string
	vis      string
	desc     string
}

var demoProblems = []demoProblem{
	{"PC Dana Reid", "Drug dealing in Kingfisher House stairwell", "Kingfisher House, east stairwell", "drugs", model.StageResponse, model.PriorityHigh, "police", "panel",
		"Residents report dealing most evenings 6–10pm; needles found twice in March. Door entry system broken since January."},
	{"PC Dana Reid", "Suspected cuckooing at a flat on Heron Walk", "Heron Walk", "exploitation", model.StageAnalysis, model.PriorityHigh, "police", "agencies:police,housing",
		"Intelligence suggests a vulnerable tenant's flat is being used by an out-of-area group. Police and housing only."},
	{"Lee Grant", "Fly-tipping behind Riverside Parade", "Service road behind Riverside Parade", "environmental", model.StageResponse, model.PriorityMedium, "council", "panel",
		"Mattresses and trade waste dumped weekly; the service road is unlit and has no CCTV."},
	{"Marcus Cole", "Young people gathering at the parade after dark", "Riverside Parade", "youth", model.StageAnalysis, model.PriorityMedium, "youth", "panel",
		"Shopkeepers report groups of 10–15 aged 13–17; little for them to do since the youth club closed on Fridays."},
	{"PC Dana Reid", "Burglary series on the Meadows estate", "Meadows estate, rear gardens", "burglary", model.StageResponse, model.PriorityHigh, "police", "panel",
		"Seven burglaries in six weeks, entry through rear gardens via the alleyway."},
	{"Priya Shah", "Noise and ASB from a tenancy on Otter Close", "Otter Close", "asb", model.StageResponse, model.PriorityMedium, "housing", "agencies:housing,police",
		"Tenancy enforcement under way; details restricted to housing and police."},
	{"Lee Grant", "Speeding on Mill Lane near the primary school", "Mill Lane", "traffic", model.StageScanning, model.PriorityMedium, "council", "panel",
		"Parents report cars at speed at drop-off; a speed survey has been requested."},
	{"PC Dana Reid", "Vehicle break-ins at the station car park", "Riverside station car park", "vehicle-crime", model.StageAssessment, model.PriorityLow, "police", "panel",
		"Lighting improved and signage installed in May; break-ins down from 9 to 2 a month."},
	{"Alex Morgan", "Complaint against a panel member", "", "other", model.StageAnalysis, model.PriorityLow, "", "officers",
		"For the panel's officers only, under the code of conduct."},
	{"Marcus Cole", "Knife carrying reported by young people", "Riverside Park", "violence", model.StageScanning, model.PriorityHigh, "youth", "panel",
		"Raised at the youth forum; young people say they feel unsafe crossing the park."},
	{"Lee Grant", "Graffiti on the underpass", "Mill Lane underpass", "environmental", model.StageClosed, model.PriorityLow, "council", "panel",
		"Cleaned and a community mural commissioned; no new tags in three months."},
	{"Priya Shah", "Stairwell lighting out at Heron House", "Heron House", "environmental", model.StageResponse, model.PriorityMedium, "housing", "panel",
		"Repairs ordered; residents feel unsafe after dark."},
	{"PC Dana Reid", "Phone snatches near the station", "Station Road", "robbery", model.StageAnalysis, model.PriorityHigh, "police", "panel",
		"Moped-enabled snatches, mostly 4–7pm on weekdays."},
	{"Alex Morgan", "Dog fouling on the green", "Riverside Green", "environmental", model.StageScanning, model.PriorityLow, "council", "panel",
		"Raised at the last three meetings by residents."},
	{"Lee Grant", "Street drinking outside the off-licence", "Riverside Parade", "asb", model.StageResponse, model.PriorityMedium, "council", "panel",
		"Licence review being considered; a public spaces protection order covers the parade."},
	{"PC Dana Reid", "Cannabis smell in the Meadows block", "Meadows House", "drugs", model.StageScanning, model.PriorityLow, "police", "panel",
		"Several residents' reports; no address identified yet."},
	{"Marcus Cole", "Bikes ridden on the towpath at speed", "River towpath", "traffic", model.StageAssessment, model.PriorityLow, "council", "panel",
		"Signs and a barrier chicane installed; complaints falling."},
	{"Priya Shah", "Communal door forced at Kingfisher House", "Kingfisher House", "asb", model.StageClosed, model.PriorityMedium, "housing", "panel",
		"New door and fob system fitted in April."},
	{"Ruth Adeyemi", "Litter from the takeaway on Station Road", "Station Road", "environmental", model.StageScanning, model.PriorityLow, "", "panel",
		"Proposed by a resident: bins overflow every weekend."},
	{"PC Dana Reid", "Shoplifting at the Riverside Parade mini-market", "Riverside Parade", "other", model.StageAssessment, model.PriorityMedium, "police", "panel",
		"Shop watch radio scheme running since March."},
}

// seedDemo fills an empty data folder with the fictional Riverside ward and
// returns the persona names a visitor may pick. A folder that already has
// the ward is left as it is, so a demo can be restarted without losing what
// visitors did.
func seedDemo(st seedStore) ([]string, error) {
	var personas []string
	for _, p := range demoPeople {
		if p.persona != "" {
			personas = append(personas, p.name)
		}
	}
	if _, err := st.Ward(demoWard); err == nil {
		return personas, nil
	} else if !errors.Is(err, model.ErrNotFound) {
		return nil, err
	}
	if _, err := st.AddWard(model.Operator, model.Ward{Code: demoWard, Name: "Riverside"}); err != nil {
		return nil, err
	}
	for _, a := range demoAgencies {
		if _, err := st.PutAgency(model.Operator, a); err != nil {
			return nil, err
		}
	}
	users := map[string]model.User{}
	for _, p := range demoPeople {
		u, err := st.AddUser(model.Operator, model.User{Name: p.name, Agency: p.agency, Role: p.role, Wards: []string{demoWard}})
		if err != nil {
			return nil, fmt.Errorf("user %s: %w", p.name, err)
		}
		users[p.name] = u
	}
	problems := map[string]model.Problem{}
	for _, p := range demoProblems {
		vis, err := model.ParseVisibility(p.vis)
		if err != nil {
			return nil, err
		}
		created, err := st.CreateProblem(demoActor(users, p.by), model.Problem{
			Ward: demoWard, Title: p.title, Description: p.desc, Location: p.location, Category: p.category,
			Stage: p.stage, Priority: p.priority, LeadAgency: p.lead, Visibility: vis,
		})
		if err != nil {
			return nil, fmt.Errorf("problem %q: %w", p.title, err)
		}
		problems[p.title] = created
	}
	if err := seedTasking(st, users, problems, time.Now()); err != nil {
		return nil, err
	}
	if err := seedMeetings(st, users, problems, time.Now()); err != nil {
		return nil, err
	}
	if err := seedPictures(st, users, time.Now()); err != nil {
		return nil, err
	}
	if err := seedCrimes(st, time.Now()); err != nil {
		return nil, err
	}
	if err := seedPublic(st, users); err != nil { // demo_public.go
		return nil, err
	}
	if err := seedInboxNews(st, users, problems, time.Now()); err != nil { // demo_inbox.go
		return nil, err
	}
	if err := seedUpdates(st, users, problems); err != nil { // demo_updates.go
		return nil, err
	}
	if err := seedPlans(st, users, problems, time.Now()); err != nil { // demo_sara.go
		return nil, err
	}
	return personas, nil
}

func demoActor(users map[string]model.User, name string) model.Actor {
	return model.Actor{User: users[name], Fingerprint: model.Operator.Fingerprint}
}

type demoAction struct {
	problem, by, title, agency, assignee string
	dueIn                                int // days from today; negative: overdue
	status                               model.ActionStatus
	outcome                              string
	result                               model.ResultKind
}

var demoActions = []demoAction{
	{"Drug dealing in Kingfisher House stairwell", "Alex Morgan", "Repair the door entry system at Kingfisher House", "housing", "Priya Shah", -5, model.ActionInProgress, "Contractor booked; parts on order", "environmental-change"},
	{"Drug dealing in Kingfisher House stairwell", "PC Dana Reid", "Targeted patrols 6–10pm for four weeks", "police", "PC Dana Reid", 10, model.ActionInProgress, "Patrols on four evenings; two arrests for possession with intent to supply", "enforcement"},
	{"Drug dealing in Kingfisher House stairwell", "Alex Morgan", "Weekly needle sweep of the stairwell", "council", "Lee Grant", 3, model.ActionOpen, "", ""},
	{"Fly-tipping behind Riverside Parade", "Lee Grant", "Install a CCTV camera on the service road", "council", "Lee Grant", -12, model.ActionBlocked, "Waiting for the landlord's consent to mount the camera", "other"},
	{"Fly-tipping behind Riverside Parade", "Lee Grant", "Write to Parade businesses about trade waste", "council", "Lee Grant", -20, model.ActionDone, "Letters sent to 14 businesses; two trade waste contracts started", "engagement"},
	{"Young people gathering at the parade after dark", "Marcus Cole", "Restart the Friday youth club session", "youth", "Marcus Cole", 20, model.ActionOpen, "", ""},
	{"Young people gathering at the parade after dark", "Marcus Cole", "Detached youth work at the parade on Thursdays", "youth", "Marcus Cole", -7, model.ActionDone, "Six sessions; 23 young people engaged, 8 referred to the boxing club", "diversion-support"},
	{"Burglary series on the Meadows estate", "PC Dana Reid", "Crime prevention visits to homes backing onto the alley", "police", "PC Dana Reid", -3, model.ActionDone, "62 homes visited; 40 given window locks", "environmental-change"},
	{"Burglary series on the Meadows estate", "Alex Morgan", "Consult residents on gating the alleyway", "council", "", 30, model.ActionOpen, "", ""},
	{"Suspected cuckooing at a flat on Heron Walk", "PC Dana Reid", "Joint safeguarding visit to the tenant", "housing", "Priya Shah", 2, model.ActionInProgress, "", ""},
	{"Phone snatches near the station", "PC Dana Reid", "Apply for a dispersal order at the station", "police", "PC Dana Reid", 5, model.ActionCancelled, "Not needed: phone snatches near the station fell", "no-further-action"},
	{"Street drinking outside the off-licence", "Lee Grant", "Object to the off-licence's licence renewal", "council", "Lee Grant", -1, model.ActionOpen, "", ""},
}

type demoEvidence struct {
	problem, by string
	kind        model.EvidenceKind
	daysAgo     int
	text        string
}

var demoEvidenceLog = []demoEvidence{
	{"Drug dealing in Kingfisher House stairwell", "Lee Grant", model.EvidenceFact, 12, "Six needles collected from the east stairwell on the weekly sweep."},
	{"Drug dealing in Kingfisher House stairwell", "Ruth Adeyemi", model.EvidenceReport, 9, "Resident of the fourth floor reports dealing most evenings between 7 and 9pm."},
	{"Drug dealing in Kingfisher House stairwell", "Priya Shah", model.EvidenceOpinion, 6, "The broken door entry system is what lets dealers use the stairwell."},
	{"Suspected cuckooing at a flat on Heron Walk", "PC Dana Reid", model.EvidenceFact, 4, "Three unknown males seen entering the flat on two occasions; vehicle registered out of area."},
	{"Fly-tipping behind Riverside Parade", "Lee Grant", model.EvidenceFact, 15, "Nine fly-tips cleared from the service road in March, four of them trade waste."},
}

// seedTasking gives the demo ward actions in every status, some overdue,
// with outcomes, and evidence of every kind, written by the people who
// would write them.
func seedTasking(st seedStore, users map[string]model.User, problems map[string]model.Problem, now time.Time) error {
	today := model.DateOnly(now)
	for _, d := range demoActions {
		p := problems[d.problem]
		a, err := st.CreateAction(demoActor(users, d.by), model.Action{
			Ward: demoWard, ProblemID: p.ID, Title: d.title, OwnerAgency: d.agency, Assignee: d.assignee,
			Due: today.AddDate(0, 0, d.dueIn),
		})
		if err != nil {
			return fmt.Errorf("action %q: %w", d.title, err)
		}
		// Whoever does the work moves it on, as they would between meetings.
		mover := d.assignee
		if mover == "" {
			mover = d.by
		}
		owner := demoActor(users, mover)
		var outcome *model.Outcome
		if d.outcome != "" {
			outcome = &model.Outcome{Text: d.outcome, Result: d.result}
		}
		switch {
		case d.status == model.ActionOpen:
		case outcome != nil && d.status.Closed():
			_, err = st.SetActionStatus(owner, a.ID, d.status, outcome)
		default:
			if _, err = st.SetActionStatus(owner, a.ID, d.status, nil); err == nil && outcome != nil {
				_, err = st.AddOutcome(owner, a.ID, *outcome)
			}
		}
		if err != nil {
			return fmt.Errorf("action %q: %w", d.title, err)
		}
	}
	for _, e := range demoEvidenceLog {
		_, err := st.AddEvidence(demoActor(users, e.by), model.Evidence{
			ProblemID: problems[e.problem].ID, Kind: e.kind, Occurred: today.AddDate(0, 0, -e.daysAgo), Text: e.text,
		})
		if err != nil {
			return fmt.Errorf("evidence on %q: %w", e.problem, err)
		}
	}
	return nil
}

// The demo panel met a few weeks ago and meets again in a few weeks. Both
// meetings are made through the store's own calls, by the people who would
// make them (the secretary keeps the agenda and the minutes, the chair runs
// the meeting and the vote, officers raise their agencies' actions), so
// the audit trail reads as real use would leave it.

const (
	demoChair     = "Alex Morgan"
	demoSecretary = "Jo Fisher"
	demoVenue     = "Riverside Community Centre, Mill Lane"
)

// demoMeeting drives one meeting. The first error stops the rest and is kept.
type demoMeeting struct {
	st    seedStore
	users map[string]model.User
	m     model.Meeting
	err   error
}

func (d *demoMeeting) change(by string, ch model.MeetingChange) {
	if d.err != nil {
		return
	}
	m, err := d.st.ChangeMeeting(demoActor(d.users, by), d.m.ID, ch)
	if err != nil {
		d.err = fmt.Errorf("meeting %q: %T by %s: %w", d.m.Title, ch, by, err)
		return
	}
	d.m = m
}

// item is the ID of the agenda item titled title.
func (d *demoMeeting) item(title string) int {
	for _, it := range d.m.Items {
		if it.Title == title {
			return it.ID
		}
	}
	if d.err == nil {
		d.err = fmt.Errorf("meeting %q has no item %q", d.m.Title, title)
	}
	return 0
}

// step is the chair moving the meeting on to item to.
func (d *demoMeeting) step(to int) { d.change(demoChair, model.StepItem{From: d.m.Current, To: to}) }

// minutes is the secretary writing the current item's minutes.
func (d *demoMeeting) minutes(text string) {
	if it := d.m.CurrentItem(); it != nil {
		d.change(demoSecretary, model.WriteMinutes{Item: it.ID, Text: text, Version: it.MinutesVersion})
	}
}

// note is the secretary recording a decision or information under the current item.
func (d *demoMeeting) note(kind model.NoteKind, text string) {
	d.change(demoSecretary, model.AddNote{Item: d.m.Current, Kind: kind, Text: text})
}

// raise is by raising an action under the current item.
func (d *demoMeeting) raise(by string, a model.Action) {
	if d.err != nil {
		return
	}
	a.Ward = demoWard
	if _, err := d.st.RaiseMeetingAction(demoActor(d.users, by), d.m.ID, d.m.Current, a); err != nil {
		d.err = fmt.Errorf("meeting %q: action %q by %s: %w", d.m.Title, a.Title, by, err)
	}
}

// review records matters arising on the action titled title, as by heard it.
func (d *demoMeeting) review(by, title, update string, status model.ActionStatus) {
	if d.err != nil {
		return
	}
	actions, err := d.st.Actions(d.users[by], demoWard)
	if err != nil {
		d.err = err
		return
	}
	for _, a := range actions {
		if a.Title == title {
			if _, err := d.st.ReviewAction(demoActor(d.users, by), d.m.ID, a.ID, update, status); err != nil {
				d.err = fmt.Errorf("meeting %q: review of %q by %s: %w", d.m.Title, title, by, err)
			}
			return
		}
	}
	d.err = fmt.Errorf("meeting %q: %s sees no action %q to review", d.m.Title, by, title)
}

// demoMeetingDay is 7pm on the last Tuesday at least three weeks before
// now: panels meet on weekday evenings.
func demoMeetingDay(now time.Time) time.Time {
	day := now.AddDate(0, 0, -21)
	for day.Weekday() != time.Tuesday {
		day = day.AddDate(0, 0, -1)
	}
	y, m, d := day.Date()
	return time.Date(y, m, d, 19, 0, 0, 0, time.Local)
}

// seedMeetings holds last month's meeting, closes it, and plans the next
// one from it.
func seedMeetings(st seedStore, users map[string]model.User, problems map[string]model.Problem, now time.Time) error {
	held := demoMeetingDay(now)
	next := held.AddDate(0, 0, 42) // six weeks on: two to three weeks from now
	due := func(days int) time.Time { return model.DateOnly(held).AddDate(0, 0, days) }
	pid := func(title string) model.ID { return problems[title].ID }

	m, err := st.CreateMeeting(demoActor(users, demoSecretary), model.Meeting{Ward: demoWard,
		Title: "Riverside Ward Panel — " + held.Format("January 2006"), When: held, Venue: demoVenue})
	if err != nil {
		return fmt.Errorf("demo meeting: %w", err)
	}
	d := &demoMeeting{st: st, users: users, m: m}

	// The secretary's agenda: the handbook's, with problems to discuss and one item of the panel's own.
	d.change(demoSecretary, model.EditItem{ID: d.item("Crime, ASB and survey picture"), Title: "Crime, ASB and survey picture",
		Presenter: "PC Dana Reid", Allotted: 10,
		Problems: []model.ID{pid("Burglary series on the Meadows estate"), pid("Phone snatches near the station")}})
	d.change(demoSecretary, model.EditItem{ID: d.item("Community concerns"), Title: "Community concerns", Allotted: 15,
		Problems: []model.ID{pid("Dog fouling on the green"), pid("Litter from the takeaway on Station Road"), pid("Speeding on Mill Lane near the primary school")}})
	d.change(demoSecretary, model.AddItem{After: d.item("Agree priorities and actions"),
		Item: model.AgendaItem{Title: "Riverside Green summer fun day", Presenter: "Ruth Adeyemi", Allotted: 10}})

	d.change(demoChair, model.StartMeeting{})
	for _, name := range []string{demoChair, demoSecretary, "PC Dana Reid", "Priya Shah"} {
		d.change(name, model.Attend{}) // on their laptops in the room
	}
	for _, a := range []model.Attendee{
		{UserID: users["Marcus Cole"].ID},
		{UserID: users["Ruth Adeyemi"].ID},
		{Name: "Cllr Hannah Price", Agency: "council"},
		{Name: "Gwen Hollis", Agency: "residents"},
		{UserID: users["Sam Okoro"].ID, Kind: model.AttendApologies},
		{UserID: users["Lee Grant"].ID, Kind: model.AttendApologies},
	} {
		d.change(demoSecretary, model.AddAttendee{Attendee: a})
	}
	d.minutes("The chair welcomed everyone, including Cllr Hannah Price and Gwen Hollis of the Riverside Tenants' Association.\n" +
		"Apologies from Sam Okoro and Lee Grant.")

	d.step(d.item("Minutes and actions of the last meeting"))
	d.minutes("The minutes of the last meeting were agreed as a true record. The open actions were taken one by one.")
	d.review("Priya Shah", "Repair the door entry system at Kingfisher House", "Contractor booked; parts are on order and the panel is to be fitted this month.", "")
	d.review(demoSecretary, "Write to Parade businesses about trade waste", "Letters went to 14 businesses; two have taken out trade waste contracts.", "")
	d.review(demoSecretary, "Weekly needle sweep of the stairwell", "Sweeps have started; six needles were found in the first week.", model.ActionInProgress)
	d.review("Priya Shah", "Joint safeguarding visit to the tenant", "First visit made with police; the tenant has been offered a move and support.", "")

	d.step(d.item("Police actions on the previous priorities"))
	d.minutes("PC Reid reported on the last priorities. Kingfisher House: patrols on four evenings a week and two arrests " +
		"for possession with intent to supply. Meadows estate: 62 crime prevention visits.")
	d.note(model.NoteInformation, "Dealing in the Kingfisher House stairwell has moved to later in the evening since the patrols began.")

	d.step(d.item("Crime, ASB and survey picture"))
	d.minutes("Burglary on the Meadows estate is down from seven in six weeks to two in the last month.\n" +
		"Phone snatches near the station have fallen.")
	d.note(model.NoteInformation, "The residents' survey had 212 replies: 61% feel safe after dark, up from 54% last year.")
	// The operation behind the fall is the police's to know: a restricted
	// entry, withheld in everyone else's copy of the minutes.
	d.change(demoSecretary, model.AddNote{Item: d.m.Current, Kind: model.NoteInformation,
		Text:       "The fall follows a plain-clothes operation on Station Road; it continues on weekday evenings.",
		Visibility: model.Visibility{Kind: model.VisAgencies, Agencies: []string{"police"}}})
	d.raise("PC Dana Reid", model.Action{ProblemID: pid("Phone snatches near the station"), Title: "Plain-clothes patrols on Station Road, 4–7pm weekdays",
		OwnerAgency: "police", Assignee: "PC Dana Reid", Due: due(42), Visibility: model.Visibility{Kind: model.VisAgencies, Agencies: []string{"police"}}})

	d.step(d.item("Partner updates"))
	d.minutes("Riverside Homes: the door entry works at Kingfisher House are under way.\n" +
		"Youth Service: the Friday youth club restarts next month.\n" +
		"Council: the CCTV camera on the Parade service road still waits for the landlord's consent.")
	d.note(model.NoteDecision, "The panel will write to the landlord of Riverside Parade in support of the CCTV camera.")
	d.raise(demoSecretary, model.Action{ProblemID: pid("Fly-tipping behind Riverside Parade"), Title: "Write to the Parade landlord supporting the CCTV camera",
		OwnerAgency: "council", Assignee: demoSecretary, Due: due(14)})
	d.raise("PC Dana Reid", model.Action{ProblemID: pid("Suspected cuckooing at a flat on Heron Walk"), Title: "Prepare a closure order application for the Heron Walk flat",
		OwnerAgency: "police", Assignee: "PC Dana Reid", Due: due(35)}) // as restricted as its problem: police and housing
	d.raise("Marcus Cole", model.Action{ProblemID: pid("Young people gathering at the parade after dark"), Title: "Detached youth work at the parade on Fridays until the club reopens",
		OwnerAgency: "youth", Assignee: "Marcus Cole", Due: due(28)})

	d.step(d.item("Community concerns"))
	d.minutes("Residents raised dog fouling on the green, litter from the takeaway on Station Road, and cars speeding on Mill Lane at school drop-off.")
	d.note(model.NoteInformation, "Gwen Hollis said older residents still avoid the underpass after dark, despite the new mural.")
	d.raise(demoSecretary, model.Action{ProblemID: pid("Speeding on Mill Lane near the primary school"), Title: "Speed survey on Mill Lane at school drop-off",
		OwnerAgency: "council", Assignee: "Lee Grant", Due: due(21)})
	d.raise(demoSecretary, model.Action{ProblemID: pid("Dog fouling on the green"), Title: "Dog warden patrols on Riverside Green at weekends",
		OwnerAgency: "council", Assignee: "Lee Grant", Due: due(30)})

	d.step(d.item("Agree priorities and actions"))
	kingfisher, knives, parade := pid("Drug dealing in Kingfisher House stairwell"), pid("Knife carrying reported by young people"), pid("Young people gathering at the parade after dark")
	d.change(demoChair, model.OpenVote{Candidates: []model.ID{kingfisher, knives, parade, pid("Burglary series on the Meadows estate"),
		pid("Phone snatches near the station"), pid("Fly-tipping behind Riverside Parade"), pid("Speeding on Mill Lane near the primary school")}})
	for _, b := range []struct {
		who     string
		choices []model.ID
	}{
		{demoChair, []model.ID{knives, kingfisher, parade}},
		{demoSecretary, []model.ID{kingfisher, pid("Fly-tipping behind Riverside Parade"), knives}},
		{"PC Dana Reid", []model.ID{kingfisher, pid("Phone snatches near the station"), pid("Burglary series on the Meadows estate")}},
		{"Priya Shah", []model.ID{kingfisher, knives}},
		{"Marcus Cole", []model.ID{knives, parade, kingfisher}},
		{"Ruth Adeyemi", []model.ID{pid("Speeding on Mill Lane near the primary school"), kingfisher, knives}},
	} {
		d.change(b.who, model.CastVote{Choices: b.choices})
	}
	d.change(demoChair, model.CloseVote{})
	d.minutes("Seven problems were put to the vote and six ballots cast.")
	d.note(model.NoteDecision, "The panel's priorities until the next meeting: drug dealing at Kingfisher House, knife carrying, and young people at the parade after dark.")
	d.raise("Marcus Cole", model.Action{ProblemID: knives, Title: "Knife crime workshop with the youth forum",
		OwnerAgency: "youth", Assignee: "Marcus Cole", Due: due(45)})

	// The fun day is not reached: the meeting runs out of time, and the item carries over.
	d.step(d.item("Any other business"))
	d.minutes("None.")
	d.step(d.item("Date of next meeting"))
	d.note(model.NoteDecision, "Next meeting: "+next.Format("Monday 2 January 2006 at 15:04")+", "+demoVenue+".")
	d.change(demoChair, model.CloseMeeting{})
	if d.err != nil {
		return d.err
	}

	// Since the meeting: the council has done its survey.
	if err := demoFinish(st, users, "Lee Grant", "Speed survey on Mill Lane at school drop-off",
		model.Outcome{Text: "Survey done: 85% of cars at drop-off over 24mph in the 20 zone. A traffic calming bid has gone in.", Result: "other"}); err != nil {
		return err
	}

	if _, err := st.CreateMeeting(demoActor(users, demoSecretary), model.Meeting{Ward: demoWard, PreviousID: d.m.ID,
		Title: "Riverside Ward Panel — " + next.Format("January 2006"), When: next, Venue: demoVenue}); err != nil {
		return fmt.Errorf("demo next meeting: %w", err)
	}
	return nil
}

// demoFinish is by marking the action titled title done with its outcome.
func demoFinish(st seedStore, users map[string]model.User, by, title string, o model.Outcome) error {
	actions, err := st.Actions(users[by], demoWard)
	if err != nil {
		return err
	}
	for _, a := range actions {
		if a.Title == title {
			_, err := st.SetActionStatus(demoActor(users, by), a.ID, model.ActionDone, &o)
			return err
		}
	}
	return fmt.Errorf("%s sees no action %q", by, title)
}
