package tui

import (
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
)

// moreHelp is what the one-line footer ends with when it had to leave
// keys out: the full help (?) lists every one of them.
const moreHelp = "more"

// shortHelpLine is the one-line key help for bindings in w columns. A
// screen lists its keys most important first; when they do not all fit,
// the least important are left out whole (never cut mid-word, as
// help.Model's ellipsis does) and the line ends with "? more", so no key
// is hidden without saying where to find it.
func shortHelpLine(h help.Model, bindings []key.Binding, helpKey key.Binding, w int) string {
	var keys []key.Binding
	seen := map[string]bool{}
	for _, b := range bindings {
		id := b.Help().Key + "\x00" + b.Help().Desc
		if !b.Enabled() || b.Help().Key == "" || seen[id] {
			continue
		}
		seen[id] = true
		keys = append(keys, b)
	}
	st := h.Styles
	sep := st.ShortSeparator.Inline(true).Render(h.ShortSeparator)
	item := func(k, desc string) string {
		return st.ShortKey.Inline(true).Render(k) + " " + st.ShortDesc.Inline(true).Render(desc)
	}
	parts := make([]string, len(keys))
	for i, b := range keys {
		parts[i] = item(b.Help().Key, b.Help().Desc)
	}
	if all := strings.Join(parts, sep); textWidth(all) <= w {
		return all
	}
	more := item(helpKey.Help().Key, moreHelp)
	budget := w - textWidth(sep) - textWidth(more)
	var out []string
	used := 0
	for i, b := range keys {
		if b.Help().Key == helpKey.Help().Key {
			continue // it closes the line, as "? more"
		}
		pw := textWidth(parts[i])
		if len(out) > 0 {
			pw += textWidth(sep)
		}
		if used+pw > budget {
			continue // a shorter, later key may still fit
		}
		used += pw
		out = append(out, parts[i])
	}
	return trunc(strings.Join(append(out, more), sep), w)
}
