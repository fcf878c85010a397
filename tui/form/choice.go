package form

import "slices"

// LabelWidth fits "> Lead agency" and a gap.
const LabelWidth = 14

// Choice is a field whose value is picked from a list with ←/→.
type Choice struct {
	Values []string // what the model gets
	Names  []string // what the user sees
	Idx    int
	Locked bool   // shown but not changeable, e.g. a member's proposal stage
	Note   string // why it is locked
}

func (c *Choice) Value() string { return c.Values[c.Idx] }

// Set selects v, adding it if it is not among the choices: a stored value
// this user could not pick (another agency's restriction, say) must still
// be shown, and saved unchanged, rather than silently replaced.
func (c *Choice) Set(v, name string) {
	i := slices.Index(c.Values, v)
	if i < 0 {
		c.Values = append(c.Values, v)
		c.Names = append(c.Names, name)
		i = len(c.Values) - 1
	}
	c.Idx = i
}

// Pick selects v if it is one of the choices.
func (c *Choice) Pick(v string) {
	if i := slices.Index(c.Values, v); i >= 0 {
		c.Idx = i
	}
}

func (c *Choice) Step(d int) {
	if c.Locked || len(c.Values) == 0 {
		return
	}
	c.Idx = (c.Idx + d + len(c.Values)) % len(c.Values)
}
