package main

import (
	"context"
	"crypto/ed25519"
	"fmt"
	"io"
	"log/slog"
	"net"
	"path/filepath"
	"runtime/pprof"
	"slices"
	"sync"
	"time"

	gossh "golang.org/x/crypto/ssh"

	"wardpanel/model"
	"wardpanel/store"
	"wardpanel/tui/sshd"
)

// The generated data is fictional: ward codes outside the range ONS issued.
const (
	demoWard = "E05999901"
	bigWard  = "E05999902"
)

var agencies = []model.Agency{
	{Code: "police", Name: "Benchford Safer Neighbourhood Team"},
	{Code: "council", Name: "Benchford Borough Council"},
	{Code: "housing", Name: "Benchford Homes"},
	{Code: "youth", Name: "Council Youth Service"},
	{Code: "residents", Name: "Residents"},
}

var (
	issues = []struct {
		what string
		cat  model.Category
		lead string
	}{
		{"Drug dealing", "drugs", "police"},
		{"Fly-tipping", "environmental", "council"},
		{"Youth nuisance", "youth", "youth"},
		{"Burglary series", "burglary", "police"},
		{"Speeding", "traffic", "council"},
		{"Graffiti", "environmental", "council"},
		{"Vehicle break-ins", "vehicle-crime", "police"},
		{"Noisy tenancy", "asb", "housing"},
		{"Street drinking", "asb", "police"},
		{"Broken lighting", "environmental", "housing"},
	}
	places = []string{
		"Mill Lane", "Heron Walk", "Riverside Parade", "Otter Close", "Station Road",
		"Meadows estate", "Canal towpath", "the underpass", "Riverside Park", "Elm Court",
	}
)

// Titles the benchmark looks for on screen. Short enough to show whole in
// the board's title column at 80 columns.
const (
	knownTitle = "Kingfisher stairwell dealing" // high priority, newest: the board's top row
	liveTitle  = "Parade shutters tagged"       // a medium-priority row P6 edits
)

// person is one enrolled user and the key their client signs with.
type person struct {
	user   model.User
	key    ed25519.PrivateKey
	signer gossh.Signer
}

func (p person) actor() model.Actor { return model.Actor{User: p.user, Fingerprint: "wardbench"} }

// wardpanel is the product under test, in this process.
type wardpanel struct {
	addr   string
	st     Store
	srv    *sshd.Server
	served chan error

	people []person       // officers of the demo ward, two per agency
	known  model.Problem  // the top row of every board
	live   model.Problem  // a visible row P6 retitles
	writer person         // owns the actions P5 updates
	tasks  []model.Action // P5's actions, owned by writer's agency
	mu     sync.Mutex     // serialises edits of known and live

	// P2's meeting half (startMeeting): the live meeting, on its matters
	// arising, and the action reviewed there, whose status P2 changes.
	meeting model.Meeting
	review  model.Action
}

// startWardpanel opens a store in dir, seeds the demo-size ward and serves
// it on 127.0.0.1:0 with rate limits high enough that the benchmark's own
// connections are never refused.
func startWardpanel(dir string, tasks int) (*wardpanel, error) {
	st, err := store.Open(dir, store.Options{})
	if err != nil {
		return nil, err
	}
	w := &wardpanel{st: st}
	if err := w.seedDemo(tasks); err != nil {
		st.Close()
		return nil, fmt.Errorf("seed: %w", err)
	}
	if err := w.serve(filepath.Join(dir, "host_ed25519")); err != nil {
		st.Close()
		return nil, err
	}
	return w, nil
}

func (w *wardpanel) serve(hostKey string) error {
	srv, addr, served, err := serveStore(w.st, hostKey, false)
	w.srv, w.addr, w.served = srv, addr, served
	return err
}

// serveStore serves st on 127.0.0.1:0 with rate limits high enough that
// the benchmark's own connections are never refused; inbox: each session
// shows the user's inbox on connecting (sshd's Config.Inbox).
func serveStore(st Store, hostKey string, inbox bool) (*sshd.Server, string, chan error, error) {
	srv, err := sshd.New(sshd.Config{
		Store:                st,
		HostKeyPath:          hostKey,
		Logger:               slog.New(slog.NewTextHandler(io.Discard, nil)),
		HandshakeTimeout:     dialTimeout,
		ConnectionsPerSecond: 1e6,
		ConnectionBurst:      1 << 20,
		// Many sessions per user, all from loopback.
		MaxUnauthenticatedPerSource: -1,
		MaxSessionsPerUser:          -1,
		SessionsPerMinute:           -1,
		Inbox:                       inbox,
	})
	if err != nil {
		return nil, "", nil, err
	}
	served := make(chan error, 1)
	addr, err := serveLoopback("wardpanel", srv.Serve, served)
	if err != nil {
		return nil, "", nil, err
	}
	return srv, addr, served, nil
}

func (w *wardpanel) close() {
	if w.srv != nil {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		_ = w.srv.Shutdown(ctx)
		cancel()
		<-w.served
	}
	_ = w.st.Close()
}

// enrol adds a user with a fresh key.
func enrol(st Store, name, agency string, role model.Role, wards ...string) (person, error) {
	priv, signer, err := newKey()
	if err != nil {
		return person{}, err
	}
	u, err := st.AddUser(model.Operator, model.User{Name: name, Agency: agency, Role: role, Wards: wards,
		Keys: []model.Key{model.KeyFrom(signer.PublicKey(), "wardbench")}})
	return person{user: u, key: priv, signer: signer}, err
}

func seedWardAndAgencies(st Store, code, name string) error {
	if _, err := st.AddWard(model.Operator, model.Ward{Code: code, Name: name}); err != nil {
		return err
	}
	for _, a := range agencies {
		if _, err := st.PutAgency(model.Operator, a); err != nil {
			return err
		}
	}
	return nil
}

// seedDemo makes a meeting-size ward: ten officers, twenty problems (three
// restricted to agencies), thirty actions on them, and the actions P5's
// writers update.
func (w *wardpanel) seedDemo(tasks int) error {
	if err := seedWardAndAgencies(w.st, demoWard, "Benchford"); err != nil {
		return err
	}
	names := []string{"Dana Reid", "Priya Shah", "Lee Grant", "Marcus Cole", "Ruth Adeyemi",
		"Sam Okoro", "Jo Fisher", "Tom Baker", "Alex Morgan", "Kim Walsh"}
	for i, n := range names {
		role := model.RoleOfficer
		if i == len(names)-1 {
			role = model.RoleChair
		}
		p, err := enrol(w.st, n, agencies[i%len(agencies)].Code, role, demoWard)
		if err != nil {
			return err
		}
		w.people = append(w.people, p)
	}
	w.writer = w.people[0] // police
	by := w.people[0].actor()
	due := model.DateOnly(time.Now()).AddDate(0, 0, 14)
	var created []model.Problem
	for i := range 18 {
		is := issues[i%len(issues)]
		p := model.Problem{Ward: demoWard, Title: fmt.Sprintf("%s on %s", is.what, places[(i*3)%len(places)]),
			Description: "Raised at the last panel meeting; residents report it most evenings.",
			Location:    places[(i*3)%len(places)], Category: is.cat, LeadAgency: is.lead,
			Stage: model.Stages[i%4], Priority: model.Priorities[i%3]}
		if i%6 == 5 {
			p.Visibility = model.Visibility{Kind: model.VisAgencies, Agencies: []string{"police", "housing"}}
		}
		p, err := w.st.CreateProblem(by, p)
		if err != nil {
			return err
		}
		created = append(created, p)
	}
	var err error
	w.live, err = w.st.CreateProblem(by, model.Problem{Ward: demoWard, Title: liveTitle, Location: "Riverside Parade",
		Category: "environmental", LeadAgency: "council", Stage: model.StageResponse, Priority: model.PriorityMedium})
	if err != nil {
		return err
	}
	w.known, err = w.st.CreateProblem(by, model.Problem{Ward: demoWard, Title: knownTitle, Location: "Kingfisher House",
		Category: "drugs", LeadAgency: "police", Stage: model.StageResponse, Priority: model.PriorityHigh,
		Description: "Dealing most evenings 6–10pm; door entry broken since January."})
	if err != nil {
		return err
	}
	created = append(created, w.live, w.known)
	for i := range 30 {
		p := created[i%len(created)]
		owner := w.people[i%len(w.people)]
		if p.Visibility.Kind == model.VisAgencies {
			owner = w.people[0]
		}
		_, err := w.st.CreateAction(owner.actor(), model.Action{Ward: demoWard, ProblemID: p.ID,
			Title: fmt.Sprintf("Follow up %d on %s", i, p.Title), OwnerAgency: owner.user.Agency,
			Assignee: owner.user.Name, Due: due.AddDate(0, 0, i-10)})
		if err != nil {
			return err
		}
	}
	for i := range tasks {
		a, err := w.st.CreateAction(w.writer.actor(), model.Action{Ward: demoWard, ProblemID: w.known.ID,
			Title: fmt.Sprintf("Patrol the stairwell, evening %d", i), OwnerAgency: w.writer.user.Agency,
			Assignee: w.writer.user.Name, Due: due})
		if err != nil {
			return err
		}
		w.tasks = append(w.tasks, a)
	}
	return nil
}

// retitle changes one problem's title, as an officer editing it would:
// a one-row change on every board that shows it.
func (w *wardpanel) retitle(by person, p *model.Problem, title string) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	q := *p
	q.Title = title
	saved, err := w.st.UpdateProblem(by.actor(), q)
	if err != nil {
		return err
	}
	*p = saved
	return nil
}

// reviewTitle is the action matters arising goes through in P2's meeting
// half. The item pane of an 80-column meeting screen is 45 columns, and
// the review line ends with the status ("→ A81 Sweep — police, due 1 Mar,
// in-progress"), so the title is short enough for the status to show
// whole; reviewFrame fails loudly if it does not.
const reviewTitle = "Sweep"

// reviewItemTitle is the matters-arising item of the standard agenda.
const reviewItemTitle = "Minutes and actions of the last meeting"

// startMeeting makes the ward's meetings as a panel would: meeting 1
// raises an action (by its owner, an officer) and closes; meeting 2,
// which lists that action under matters arising because it is still open,
// goes live and steps to that item. Both are run by the demo's chair.
func (w *wardpanel) startMeeting() error {
	chair, owner := w.people[len(w.people)-1], w.people[0]
	if chair.user.Role != model.RoleChair {
		return fmt.Errorf("%s is not the chair", chair.user.Name)
	}
	now := time.Now()
	// Due on the 1st of a month, so the date is as short as it gets ("1 Mar").
	y, mo, _ := now.AddDate(0, 2, 0).Date()
	due := time.Date(y, mo, 1, 0, 0, 0, 0, time.UTC)
	m1, err := w.st.CreateMeeting(chair.actor(), model.Meeting{Ward: demoWard, Title: "Benchford panel, last quarter",
		When: now.AddDate(0, 0, -84), Venue: "Benchford Library"})
	if err != nil {
		return err
	}
	raiseAt := m1.ItemOfKind(model.ItemPriorities)
	if raiseAt == nil {
		return fmt.Errorf("meeting %d has no priorities item to raise an action under", m1.ID)
	}
	w.review, err = w.st.RaiseMeetingAction(owner.actor(), m1.ID, raiseAt.ID, model.Action{Ward: demoWard,
		Title: reviewTitle, OwnerAgency: owner.user.Agency, Due: due})
	if err != nil {
		return fmt.Errorf("raising the action: %w", err)
	}
	for _, ch := range []model.MeetingChange{model.StartMeeting{}, model.CloseMeeting{}} {
		if _, err := w.st.ChangeMeeting(chair.actor(), m1.ID, ch); err != nil {
			return fmt.Errorf("meeting %d: %T: %w", m1.ID, ch, err)
		}
	}
	m2, err := w.st.CreateMeeting(chair.actor(), model.Meeting{Ward: demoWard, Title: "Benchford panel",
		When: now, Venue: "Benchford Library", PreviousID: m1.ID})
	if err != nil {
		return err
	}
	if m2, err = w.st.ChangeMeeting(chair.actor(), m2.ID, model.StartMeeting{}); err != nil {
		return fmt.Errorf("starting meeting %d: %w", m2.ID, err)
	}
	it := m2.ItemOfKind(model.ItemReview)
	if it == nil || it.Title != reviewItemTitle {
		return fmt.Errorf("meeting %d has no item %q", m2.ID, reviewItemTitle)
	}
	if !slices.ContainsFunc(it.Reviews, func(r model.Review) bool { return r.ActionID == w.review.ID }) {
		return fmt.Errorf("meeting %d's matters arising does not list action %d", m2.ID, w.review.ID)
	}
	if m2, err = w.st.ChangeMeeting(chair.actor(), m2.ID, model.StepItem{From: m2.Current, To: it.ID}); err != nil {
		return fmt.Errorf("meeting %d: stepping to matters arising: %w", m2.ID, err)
	}
	w.meeting = m2
	return nil
}

// closeMeeting ends the live meeting, so the sections after P2 see the
// ward as they would have without it.
func (w *wardpanel) closeMeeting() error {
	chair := w.people[len(w.people)-1]
	_, err := w.st.ChangeMeeting(chair.actor(), w.meeting.ID, model.CloseMeeting{})
	return err
}

// reviewStatuses are the two statuses the reviewed action moves between,
// each a move model.ActionStatus.CheckMove allows from the other.
var reviewStatuses = [2]model.ActionStatus{model.ActionOpen, model.ActionInProgress}

// nextReviewStatus is the status the next change moves the action to.
func (w *wardpanel) nextReviewStatus() model.ActionStatus {
	if w.review.Status == reviewStatuses[0] {
		return reviewStatuses[1]
	}
	return reviewStatuses[0]
}

// moveReview changes the reviewed action's status, as its owner would.
func (w *wardpanel) moveReview(to model.ActionStatus) error {
	owner := w.people[0]
	a, err := w.st.SetActionStatus(owner.actor(), w.review.ID, to, nil)
	if err != nil {
		return err
	}
	w.review = a
	return nil
}

// serveLoopback has serve listen on a fresh port of 127.0.0.1, in the
// background with side's label, sending its end on served; it returns
// the address.
func serveLoopback(side string, serve func(net.Listener) error, served chan<- error) (string, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	go labelled(side, func() { served <- serve(l) })
	return l.Addr().String(), nil
}

// labelled runs fn with a pprof label that every goroutine it starts
// inherits, so a --cpuprofile splits by side: -tagfocus side=wardpanel.
func labelled(side string, fn func()) {
	pprof.Do(context.Background(), pprof.Labels("side", side), func(context.Context) { fn() })
}

// frame is the test for the board's first complete frame: the known
// problem's row and the key help on the last line.
// footerEnd is text from the end of the board's key help at 80 columns:
// once it is on screen, the whole first frame is.
const footerEnd = "m meetings"

func boardFrame(title string) func(string) bool { return contains(title, footerEnd) }
