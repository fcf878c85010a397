package main

import (
	"bytes"
	"strings"
	"testing"

	"wardpanel/model"
	"wardpanel/store"
)

// The demo ward is published, with partners' updates on its priorities,
// the next meeting, and a public concern waiting for the officers; and
// `wardpanel publish --ward` prints it as Markdown and as HTML.
func TestDemoIsPublishedWithAPendingConcern(t *testing.T) {
	st, err := store.Open(t.TempDir(), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if _, err := seedDemo(st); err != nil {
		t.Fatal(err)
	}
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
