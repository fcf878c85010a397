package store

import (
	"fmt"

	"wardpanel/model"
)

// checkPublic is Check's look at "you said, we did": published summaries
// are keyed by a ward that exists and say so; concerns are keyed by
// their ID, below the counter, in a ward that exists, and a promoted one
// names its problem.
func (c *checker) checkPublic() {
	c.each(bucketPublished, func(k, v []byte) {
		var sum model.Summary
		if c.undecodable(fmt.Sprintf("published summary %q", k), v, &sum) {
			return
		}
		switch {
		case !c.wards[string(k)]:
			c.fault("published summary %q: no such ward", k)
		case sum.Ward != string(k):
			c.fault("published summary %s: the record says ward %q", k, model.CleanLine(sum.Ward, 20))
		case sum.Version < 1:
			c.fault("published summary %s: version %d", k, sum.Version)
		}
	})
	var maxID uint64
	c.eachID(bucketConcerns, func(id uint64, v []byte) {
		var con model.Concern
		if c.undecodable(fmt.Sprintf("concern %d", id), v, &con) {
			return
		}
		maxID = max(maxID, id)
		switch {
		case uint64(con.ID) != id:
			c.fault("concern %d: the record says it is %d", id, con.ID)
		case !c.wards[con.Ward]:
			c.fault("concern %d: ward %q does not exist", id, model.CleanLine(con.Ward, 20))
		case con.Status == model.ConcernPromoted && con.ProblemID == 0:
			c.fault("concern %d: promoted, but to no problem", id)
		}
	})
	c.sequence(bucketConcerns, "concern", maxID)
}
