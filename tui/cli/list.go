package cli

import (
	"strings"

	"wardpanel/model"
)

// Strings is an option that may be given more than once (--action A5
// --action A7), or once with its values separated by commas (--action
// A5,A7): every value, in the order typed.
func (in *Input) Strings(name, arg, usage string) *[]string {
	in.declare(name, arg, usage+" (again for more, or separated by commas)")
	v := &listValue{}
	in.flags().Var(v, name, usage)
	return &v.values
}

type listValue struct{ values []string }

func (l *listValue) String() string { return strings.Join(l.values, ",") }

func (l *listValue) Set(s string) error {
	for _, part := range strings.Split(s, ",") {
		if part = strings.TrimSpace(part); part != "" {
			l.values = append(l.values, part)
		}
	}
	return nil
}

// Names is the records' references as shown, joined: "A5, A7".
func (r Ref) Names(ids []model.ID) string {
	refs := make([]string, len(ids))
	for i, id := range ids {
		refs[i] = r.Name(id)
	}
	return strings.Join(refs, ", ")
}
