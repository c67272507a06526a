package parse

import (
	"strings"
	"testing"
	"time"
)

// TestParse_QuestionMarkTurns: on a page that calls itself an interview,
// plain paragraphs ending in a question mark are its questions; on a page
// that does not, an article's rhetorical questions make no interview.
func TestParse_QuestionMarkTurns(t *testing.T) {
	const turns = `<p>Why did you come back to Basra after twenty years abroad?</p>
<p>Because my mother was ill, and then because I found that the city needed people who could build things again, bridges and schools and libraries.</p>
<p>What was the hardest part?</p>
<p>The paperwork. Every permit took months, and every office sent me to another office before anything could start.</p>
<p>And what comes next?</p>
<p>A public library in the old Ottoman customs house, if the ministry signs the lease before the summer.</p>`
	at := time.Date(2026, 3, 14, 15, 42, 7, 0, time.UTC)
	for _, c := range []struct {
		name, title, lede string
		want              int
	}{
		{"interview", "Engineer Rana Faleh: Basra needs builders", "Dialogue of Thought, issue 60, June 2025. The magazine met the engineer Rana Faleh in Basra.", 3},
		{"article", "Basra's engineers come home", "Many engineers who left Basra in the 2000s are returning, the institute's survey finds.", 0},
	} {
		t.Run(c.name, func(t *testing.T) {
			page := `<html lang="en"><head><title>` + c.title + `</title></head><body><article><h1>` + c.title + `</h1><p>` + c.lede + `</p>` + turns + `</article></body></html>`
			d, err := Parse("https://hewariraq.com/en/post/4100", "text/html; charset=utf-8", []byte(page), at)
			if err != nil {
				t.Fatal(err)
			}
			if len(d.QA) != c.want {
				t.Fatalf("%d pairs (%s), want %d: %+v", len(d.QA), d.QAConvention, c.want, d.QA)
			}
			if c.want > 0 && (d.QAConvention != QAMarkedQuestions || !strings.HasPrefix(d.QA[1].Answer, "The paperwork.") || d.QA[2].Question != "And what comes next?") {
				t.Errorf("convention %q, pairs %+v", d.QAConvention, d.QA)
			}
		})
	}
}
