// Package public is what wardpanel shows people without an account (issue
// 22): a ward's published "you said, we did" summary as text for a
// terminal, as Markdown and as one self-contained HTML page, and the small
// screen that lets anyone choose a ward, read it and leave a concern.
//
// Every renderer takes the summary through model's Safe first, so no text
// in it can drive a terminal, and then escapes for its own format.
package public

import (
	"bytes"
	"fmt"
	"html/template"
	"strings"

	"wardpanel/model"
	"wardpanel/tui/markdown"
)

// dateFmt and whenFmt are how dates read to a resident.
const (
	dateFmt = "2 January 2006"
	whenFmt = "Monday 2 January 2006, 15:04"
)

// Text is the summary as plain lines for a terminal (the screen and
// `ssh public@host summary WARD`); lines end in "\n".
func Text(sum model.Summary) string {
	sum = sum.Safe()
	var b strings.Builder
	fmt.Fprintf(&b, "You said, we did: %s (%s)\n", sum.WardName, sum.Ward)
	if sum.Version > 0 {
		fmt.Fprintf(&b, "Published %s by the panel (version %d)\n", sum.PublishedAt.Format(dateFmt), sum.Version)
	}
	b.WriteString("\nYour priorities now\n")
	textPriorities(&b, sum.Current, "No priorities have been set yet.")
	if len(sum.Past) > 0 {
		b.WriteString("\nEarlier priorities and their results\n")
		textPriorities(&b, sum.Past, "")
	}
	b.WriteString("\nNext meeting\n")
	if sum.Next != nil {
		fmt.Fprintf(&b, "  %s%s\n", sum.Next.When.Format(whenFmt), venue(sum.Next.Venue, " at "))
	} else {
		b.WriteString("  Not yet arranged.\n")
	}
	return b.String()
}

func textPriorities(b *strings.Builder, ps []model.SummaryPriority, none string) {
	if len(ps) == 0 && none != "" {
		fmt.Fprintf(b, "  %s\n", none)
	}
	for i, p := range ps {
		fmt.Fprintf(b, "  %d. %s%s (%s)\n", i+1, p.Title, venue(p.Location, ", "), p.Stage)
		if len(p.Did) == 0 {
			b.WriteString("     What partners did: nothing published yet.\n")
		}
		for _, o := range p.Did {
			lines := strings.Split(o.Text, "\n")
			fmt.Fprintf(b, "     - %s, %s (%s): %s\n", o.Agency, o.At.Format(dateFmt), o.Result, lines[0])
			for _, l := range lines[1:] {
				fmt.Fprintf(b, "       %s\n", l)
			}
		}
	}
}

func venue(s, sep string) string {
	if s == "" {
		return ""
	}
	return sep + s
}

// Markdown is the summary as a Markdown document for a council website.
func Markdown(sum model.Summary) string {
	sum = sum.Safe()
	var b strings.Builder
	fmt.Fprintf(&b, "# You said, we did: %s (%s)\n\n", markdown.Heading(sum.WardName), sum.Ward)
	if sum.Version > 0 {
		fmt.Fprintf(&b, "Published %s by the panel (version %d).\n\n", sum.PublishedAt.Format(dateFmt), sum.Version)
	}
	b.WriteString("## Your priorities now\n\n")
	mdPriorities(&b, sum.Current, "No priorities have been set yet.")
	if len(sum.Past) > 0 {
		b.WriteString("## Earlier priorities and their results\n\n")
		mdPriorities(&b, sum.Past, "")
	}
	b.WriteString("## Next meeting\n\n")
	if sum.Next != nil {
		fmt.Fprintf(&b, "%s", sum.Next.When.Format(whenFmt))
		if sum.Next.Venue != "" {
			fmt.Fprintf(&b, " at %s", markdown.Inline(sum.Next.Venue))
		}
		b.WriteString("\n")
	} else {
		b.WriteString("Not yet arranged.\n")
	}
	return b.String()
}

func mdPriorities(b *strings.Builder, ps []model.SummaryPriority, none string) {
	if len(ps) == 0 && none != "" {
		fmt.Fprintf(b, "%s\n\n", none)
	}
	for i, p := range ps {
		fmt.Fprintf(b, "%d. **%s**", i+1, markdown.Inline(p.Title))
		if p.Location != "" {
			fmt.Fprintf(b, ", %s", markdown.Inline(p.Location))
		}
		fmt.Fprintf(b, " (%s)\n", p.Stage)
		if len(p.Did) == 0 {
			b.WriteString("   - What partners did: nothing published yet.\n")
		}
		for _, o := range p.Did {
			fmt.Fprintf(b, "   - %s, %s (%s):\n", markdown.Inline(o.Agency), o.At.Format(dateFmt), o.Result)
			for _, l := range markdown.Block(o.Text, "     ") {
				b.WriteString(l + "\n")
			}
		}
		b.WriteString("\n")
	}
}

// page is the one HTML page: no scripts, no external resources, every
// value escaped by html/template.
var page = template.Must(template.New("page").Funcs(template.FuncMap{
	"date":  func(s model.SummaryOutcome) string { return s.At.Format(dateFmt) },
	"when":  func(m *model.SummaryMeeting) string { return m.When.Format(whenFmt) },
	"plus1": func(i int) int { return i + 1 },
	"published": func(s model.Summary) string {
		return fmt.Sprintf("Published %s by the panel (version %d).", s.PublishedAt.Format(dateFmt), s.Version)
	},
}).Parse(`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>You said, we did: {{.WardName}} ({{.Ward}})</title>
<style>body{font-family:sans-serif;max-width:40em;margin:2em auto;padding:0 1em;line-height:1.5}li{margin:.3em 0}.text{white-space:pre-line}</style>
</head>
<body>
<h1>You said, we did: {{.WardName}} ({{.Ward}})</h1>
{{if .Version}}<p>{{published .}}</p>{{end}}
<h2>Your priorities now</h2>
{{if .Current}}{{template "priorities" .Current}}{{else}}<p>No priorities have been set yet.</p>{{end}}
{{if .Past}}<h2>Earlier priorities and their results</h2>
{{template "priorities" .Past}}{{end}}
<h2>Next meeting</h2>
{{with .Next}}<p>{{when .}}{{if .Venue}} at {{.Venue}}{{end}}</p>{{else}}<p>Not yet arranged.</p>{{end}}
</body>
</html>
{{define "priorities"}}<ol>
{{range .}}<li><strong>{{.Title}}</strong>{{if .Location}}, {{.Location}}{{end}} ({{.Stage}})
<ul>{{range .Did}}
<li>{{.Agency}}, {{date .}} ({{.Result}}): <span class="text">{{.Text}}</span></li>{{else}}
<li>What partners did: nothing published yet.</li>{{end}}
</ul></li>
{{end}}</ol>{{end}}`))

// HTML is the summary as one self-contained HTML page.
func HTML(sum model.Summary) (string, error) {
	var b bytes.Buffer
	if err := page.Execute(&b, sum.Safe()); err != nil {
		return "", fmt.Errorf("render the summary page: %w", err)
	}
	return b.String(), nil
}
