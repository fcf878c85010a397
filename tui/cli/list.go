package cli

import "strings"

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
