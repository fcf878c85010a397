package public

import (
	"regexp"
	"strings"
	"testing"

	"github.com/charmbracelet/x/exp/teatest/v2"

	"wardpanel/model"
)

// The Markdown and the HTML page of one summary, as a council website gets them.
func TestGoldenMarkdownAndHTML(t *testing.T) {
	sum := testSummary()
	t.Run("markdown", func(t *testing.T) { teatest.RequireEqualOutput(t, []byte(Markdown(sum))) })
	t.Run("html", func(t *testing.T) {
		page, err := HTML(sum)
		if err != nil {
			t.Fatal(err)
		}
		teatest.RequireEqualOutput(t, []byte(page))
	})
}

// Text that looks like Markdown or HTML stays text in both.
func TestMarkupInTextStaysText(t *testing.T) {
	sum := testSummary()
	sum.Current[0].Did[0].Text = "# not a heading\n<script>alert(1)</script> [link](https://evil.example) | cell"
	md := Markdown(sum)
	// Unescaped: a heading, an HTML tag, a link.
	if bad := regexp.MustCompile(`(?m)^\s*# not|(^|[^\\])<script|(^|[^\\])\[link\]`).FindString(md); bad != "" {
		t.Errorf("the Markdown has %q:\n%s", bad, md)
	}
	page, err := HTML(sum)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(page, "<script>") || !strings.Contains(page, "&lt;script&gt;alert(1)&lt;/script&gt;") {
		t.Errorf("the page does not escape the text:\n%s", page)
	}
	if sum.Current[0].Did[0].Agency != "police" || model.CleanLine(sum.WardName, 40) != "Northfield" {
		t.Fatal("the renderers changed the summary they were given")
	}
}
