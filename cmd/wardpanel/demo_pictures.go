package main

import (
	"fmt"
	"time"

	"wardpanel/model"
)

// The demo's rich pictures: a walk-and-talk two months ago, and last
// month's workshop with young people and residents, which has a line of
// every kind (a conflict among them), a concern put on the board and a
// strength recorded as a community asset. Themes run across both.

type demoLine struct{ by, line string }

var demoWalkLines = []demoLine{
	{"Alex Morgan", "c: Fly-tipping behind the Parade every weekend #waste"},
	{"Ruth Adeyemi", "c: Nowhere for teenagers to go on Friday nights #youth"},
	{"PC Dana Reid", "p: Riverside Parade service road"},
	{"Ruth Adeyemi", "s: Shopkeepers keep an eye out for each other #parade"},
	{"Alex Morgan", `q: "You don't walk through the underpass after dark" #safety`},
	{"PC Dana Reid", "r: Shopkeepers -> police: call in incidents"},
}

var demoWorkshopLines = []demoLine{
	{"Marcus Cole", "a: Young people from the Meadows estate"},
	{"Marcus Cole", "a: Shopkeepers on Riverside Parade"},
	{"Alex Morgan", "a: Older residents of Heron House"},
	{"Marcus Cole", "p: The underpass by the station"},
	{"Ruth Adeyemi", "p: Riverside Green"},
	{"Alex Morgan", "c: The underpass by the station is unlit and people avoid it #lighting #safety"},
	{"Ruth Adeyemi", "c: Groups on the Parade after dark worry older residents #youth #safety"},
	{"Marcus Cole", "c: Young people say they are stopped and searched for nothing #youth #trust"},
	{"Priya Shah", "c: Fly-tipping is back on the service road #waste"},
	{"Marcus Cole", "s: The boxing club on Mill Road takes referrals and is free #youth"},
	{"Ruth Adeyemi", "s: The mosque kitchen offers hot meals on Friday evenings #food"},
	{"Alex Morgan", "s: Tenants' association runs a monthly litter pick #waste"},
	{"Marcus Cole", `q: "There's nothing to do here, so we stand on the Parade" #youth`},
	{"Ruth Adeyemi", `q: "I don't go to the green once it's dark" #safety`},
	{"Marcus Cole", "i: Friday football on Riverside Green, run with the boxing club #youth"},
	{"Alex Morgan", "i: Paint and light the underpass with the young people who use it #lighting"},
	{"Marcus Cole", "r: Police x young people: stop and search #trust"},
	{"Marcus Cole", "r: Boxing club -> young people: somewhere to go, and coaches they trust"},
	{"Priya Shah", "r: Council + tenants' association: skips for the litter pick"},
	{"Alex Morgan", "r: Shopkeepers x young people: moved on from outside the shops"},
	{"Marcus Cole", "Young people asked that the next session is held at the boxing club"},
}

// seedPictures holds the two sessions, promotes the underpass concern to
// a problem and records the boxing club as a community asset.
func seedPictures(st seedStore, users map[string]model.User, now time.Time) error {
	capture := func(p model.PictureSession, lines []demoLine) (map[string]model.ID, error) {
		ids := map[string]model.ID{}
		for _, l := range lines {
			e, err := st.AddElement(demoActor(users, l.by), p.ID, l.line)
			if err != nil {
				return nil, fmt.Errorf("demo rich picture %q: %q: %w", p.Title, l.line, err)
			}
			ids[l.line] = e.ID
		}
		return ids, nil
	}
	walk, err := st.CreatePicture(demoActor(users, "PC Dana Reid"), model.PictureSession{Ward: demoWard,
		Title: "Riverside Parade walk-and-talk", Date: now.AddDate(0, -2, 0), Place: "Riverside Parade",
		Facilitators: []string{"PC Dana Reid", "Alex Morgan"},
		Groups:       []model.Group{{Name: "residents", Count: 7}, {Name: "shopkeepers", Count: 4}}})
	if err != nil {
		return fmt.Errorf("demo rich picture: %w", err)
	}
	if _, err := capture(walk, demoWalkLines); err != nil {
		return err
	}
	workshop, err := st.CreatePicture(demoActor(users, "Marcus Cole"), model.PictureSession{Ward: demoWard,
		Title: "How Riverside sees itself — youth and residents workshop", Date: now.AddDate(0, 0, -24),
		Place: "Riverside Community Centre", Facilitators: []string{"Marcus Cole", "Alex Morgan"},
		Groups: []model.Group{{Name: "residents", Count: 14}, {Name: "young people", Count: 8},
			{Name: "shopkeepers", Count: 3}, {Name: "councillors", Count: 2}}})
	if err != nil {
		return fmt.Errorf("demo rich picture: %w", err)
	}
	ids, err := capture(workshop, demoWorkshopLines)
	if err != nil {
		return err
	}
	if _, err := st.PromoteConcern(demoActor(users, "Alex Morgan"), workshop.ID,
		ids["c: The underpass by the station is unlit and people avoid it #lighting #safety"]); err != nil {
		return fmt.Errorf("demo rich picture: promote: %w", err)
	}
	if _, err := st.RecordAsset(demoActor(users, "Marcus Cole"), workshop.ID,
		ids["s: The boxing club on Mill Road takes referrals and is free #youth"]); err != nil {
		return fmt.Errorf("demo rich picture: asset: %w", err)
	}
	return nil
}
