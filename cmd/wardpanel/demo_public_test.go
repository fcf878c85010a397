package main

import (
	"bytes"
	"strings"
	"testing"

	"wardpanel/model"
	"wardpanel/store"
	"wardpanel/store/storetest"
)

// The demo ward is published, with partners' updates on its priorities,
// the next meeting, and a public concern waiting for the officers; and
// `wardpanel publish --ward` prints it as Markdown and as HTML.
func TestDemoIsPublishedWithAPendingConcern(t *testing.T) {
	st := seededDemo(t)
	sum, err := st.Published(demoWard)
	if err != nil {
		t.Fatal(err)
	}
	if sum.Version != 1 || len(sum.Current) != 3 || sum.Next == nil || sum.Next.Venue != demoVenue {
		t.Errorf("published summary: %+v", sum)
	}
	did := 0
	for _, p := range sum.Current {
		did += len(p.Did)
	}
	if did != len(demoPublicUpdates) {
		t.Errorf("%d partners' updates published, want %d: %+v", did, len(demoPublicUpdates), sum.Current)
	}
	chair, _ := st.UserByName(demoChair)
	concerns, err := st.PublicConcerns(chair, demoWard)
	if err != nil || len(concerns) != 1 || concerns[0].Status != model.ConcernPending || concerns[0].Text != demoPublicConcern {
		t.Errorf("concerns %+v, %v", concerns, err)
	}
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"publish", "--ward", demoWard}, "# You said, we did: Riverside (" + demoWard + ")"},
		{[]string{"publish", "--ward", demoWard, "--html"}, "<h1>You said, we did: Riverside (" + demoWard + ")</h1>"},
	} {
		var out, errOut bytes.Buffer
		if code := runAdmin(st, tc.args, &out, &errOut); code != 0 || !strings.Contains(out.String(), tc.want) ||
			!strings.Contains(out.String(), "two people arrested for dealing") {
			t.Errorf("%v: exit %d, %s\n%s", tc.args, code, errOut.String(), out.String())
		}
	}
}

// Someone without an account who left concerns with a contact can have
// what is held exported and erased, by that contact.
func TestPublicContactExportAndErase(t *testing.T) {
	st := seededDemo(t)
	c, err := st.AddPublicConcern(model.PublicUser(""), model.Concern{Ward: demoWard, Text: "Broken glass in the play area", Contact: "Sam@Example.org"})
	if err != nil {
		t.Fatal(err)
	}
	run := func(args ...string) string {
		t.Helper()
		var out, errOut bytes.Buffer
		if code := runAdmin(st, args, &out, &errOut); code != 0 {
			t.Fatalf("%v: exit %d %s", args, code, errOut.String())
		}
		return out.String()
	}
	if out := run("public-contact", "export", "sam@example.org"); !strings.Contains(out, "Broken glass in the play area") {
		t.Errorf("export:\n%s", out)
	}
	if out := run("public-contact", "erase", "sam@example.org"); !strings.Contains(out, "1 concerns") {
		t.Errorf("erase without --yes:\n%s", out)
	}
	run("public-contact", "erase", "sam@example.org", "--yes")
	chair, _ := st.UserByName(demoChair)
	list, _ := st.PublicConcerns(chair, demoWard)
	for _, k := range list {
		if k.ID == c.ID && (k.Contact != "" || strings.Contains(k.Text, "Broken glass")) {
			t.Errorf("not erased: %+v", k)
		}
	}
}

// seededDemo is a store with the demo seeded, closed when the test ends.
func seededDemo(t *testing.T) *store.Store {
	t.Helper()
	st, _ := demoSeeded(t)
	return st
}

// demoSeeded is a store with the demo seeded, closed when the test ends,
// and the demo's personas.
func demoSeeded(t *testing.T) (*store.Store, []string) {
	t.Helper()
	st := storetest.Open(t, nil)
	personas, err := seedDemo(st)
	if err != nil {
		t.Fatal(err)
	}
	return st, personas
}
