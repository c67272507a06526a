package archive

import (
	"fmt"
	"strings"
	"unicode"

	"github.com/hewar-archive/hewar/parse"
)

// Change operations.
const (
	OpAdded    = "added"
	OpRemoved  = "removed"
	OpModified = "modified"
)

// Change is one difference between two versions of a document. Path names the
// field: "title", "magazine.issue", "interviewee.aliases", "qa[12].answer"
// (a modified part of a pair, numbered as in the newer version), "qa[3]" (a
// whole pair added, numbered as in the newer version, or removed, numbered as
// in the older one). Before and After are strings, string lists, or
// {question, answer} objects for whole pairs; nil on the side that lacks it.
type Change struct {
	Path   string     `json:"path"`
	Op     string     `json:"op"`
	Before any        `json:"before"`
	After  any        `json:"after"`
	Words  []WordDiff `json:"words,omitempty"` // for modified text: the words kept, deleted and inserted
	// PairBefore and PairAfter number a Q&A pair's change in the older and
	// the newer version (1-based; 0 on the side that lacks the pair, and
	// for fields that are not pairs).
	PairBefore int `json:"pair_before,omitempty"`
	PairAfter  int `json:"pair_after,omitempty"`
}

// WordDiff is one run of a word-level diff: op is "equal", "delete" or "insert".
type WordDiff struct {
	Op   string `json:"op"`
	Text string `json:"text"`
}

// diffDocuments compares two documents field by field, then pair by pair.
// A nil document is an empty one (a removal).
func diffDocuments(a, b *parse.Document) []Change {
	if a == nil {
		a = &parse.Document{}
	}
	if b == nil {
		b = &parse.Document{}
	}
	var out []Change
	str := func(path, x, y string) {
		if x == y {
			return
		}
		c := Change{Path: path, Before: x, After: y}
		switch {
		case x == "":
			c.Op, c.Before = OpAdded, nil
		case y == "":
			c.Op, c.After = OpRemoved, nil
		default:
			c.Op = OpModified
		}
		out = append(out, c)
	}
	str("url", a.URL, b.URL)
	str("lang", a.Lang, b.Lang)
	str("kind", a.Kind, b.Kind)
	str("section", a.Section, b.Section)
	str("title", a.Title, b.Title)
	str("published", a.Published, b.Published)
	ma, mb := a.Magazine, b.Magazine
	if ma == nil {
		ma = &parse.Magazine{}
	}
	if mb == nil {
		mb = &parse.Magazine{}
	}
	str("magazine.name", ma.Name, mb.Name)
	str("magazine.issue", ma.Issue, mb.Issue)
	str("magazine.date_text", ma.DateText, mb.DateText)
	str("magazine.date", ma.Date, mb.Date)
	str("interviewer", a.Interviewer, b.Interviewer)
	pa, pb := a.Interviewee, b.Interviewee
	if pa == nil {
		pa = &parse.Person{}
	}
	if pb == nil {
		pb = &parse.Person{}
	}
	str("interviewee.name", pa.Name, pb.Name)
	str("interviewee.role", pa.Role, pb.Role)
	if strings.Join(pa.Aliases, "\x00") != strings.Join(pb.Aliases, "\x00") {
		c := Change{Path: "interviewee.aliases", Op: OpModified, Before: pa.Aliases, After: pb.Aliases}
		switch {
		case len(pa.Aliases) == 0:
			c.Op, c.Before = OpAdded, nil
		case len(pb.Aliases) == 0:
			c.Op, c.After = OpRemoved, nil
		}
		out = append(out, c)
	}
	str("intro", a.Intro, b.Intro)
	out = append(out, diffQA(a.QA, b.QA)...)
	str("body", a.Body, b.Body)
	return out
}

// QAPair is a whole Q&A pair in a Change (Before of a removed pair, After of an added one).
type QAPair struct {
	Question string `json:"question"`
	Answer   string `json:"answer"`
}

// diffQA aligns the pairs of two versions so that one inserted or removed
// pair does not mark every later pair as changed: a longest common
// subsequence where two pairs may match when their questions (or, failing
// that, their answers) share most of their words.
func diffQA(a, b []parse.QA) []Change {
	n, m := len(a), len(b)
	wa := make([]pairWords, n)
	wb := make([]pairWords, m)
	for i := range a {
		wa[i] = newPairWords(a[i])
	}
	for j := range b {
		wb[j] = newPairWords(b[j])
	}
	// score[i][j] is the best total similarity aligning a[i:] with b[j:].
	sim := make([][]float64, n)
	for i := range sim {
		sim[i] = make([]float64, m)
		for j := range sim[i] {
			sim[i][j] = pairSimilarity(a[i], b[j], wa[i], wb[j])
		}
	}
	score := make([][]float64, n+1)
	for i := range score {
		score[i] = make([]float64, m+1)
	}
	for i := n - 1; i >= 0; i-- {
		for j := m - 1; j >= 0; j-- {
			best := max(score[i+1][j], score[i][j+1])
			if s := sim[i][j]; s >= matchThreshold {
				best = max(best, score[i+1][j+1]+s)
			}
			score[i][j] = best
		}
	}
	var out []Change
	i, j := 0, 0
	for i < n || j < m {
		switch {
		case i < n && j < m && sim[i][j] >= matchThreshold && score[i][j] == score[i+1][j+1]+sim[i][j]:
			if a[i].Question != b[j].Question {
				c := textChange(fmt.Sprintf("qa[%d].question", j+1), a[i].Question, b[j].Question)
				c.PairBefore, c.PairAfter = i+1, j+1
				out = append(out, c)
			}
			if a[i].Answer != b[j].Answer {
				c := textChange(fmt.Sprintf("qa[%d].answer", j+1), a[i].Answer, b[j].Answer)
				c.PairBefore, c.PairAfter = i+1, j+1
				out = append(out, c)
			}
			i++
			j++
		case i < n && (j == m || score[i][j] == score[i+1][j]):
			out = append(out, Change{Path: fmt.Sprintf("qa[%d]", i+1), Op: OpRemoved,
				Before: QAPair{a[i].Question, a[i].Answer}, PairBefore: i + 1})
			i++
		default:
			out = append(out, Change{Path: fmt.Sprintf("qa[%d]", j+1), Op: OpAdded,
				After: QAPair{b[j].Question, b[j].Answer}, PairAfter: j + 1})
			j++
		}
	}
	return out
}

// matchThreshold is the similarity above which two pairs are one pair edited.
const matchThreshold = 0.5

func textChange(path, x, y string) Change {
	c := Change{Path: path, Op: OpModified, Before: x, After: y}
	switch {
	case x == "":
		c.Op, c.Before = OpAdded, nil
	case y == "":
		c.Op, c.After = OpRemoved, nil
	}
	return c
}

type pairWords struct{ q, a map[string]bool }

func newPairWords(p parse.QA) pairWords {
	return pairWords{q: wordSet(p.Question), a: wordSet(p.Answer)}
}

func wordSet(s string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.FieldsFunc(normalize(s), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsNumber(r)
	}) {
		m[w] = true
	}
	return m
}

// dice is the Dice coefficient of two word sets: 1 when equal, 0 when disjoint or empty.
func dice(x, y map[string]bool) float64 {
	if len(x) == 0 || len(y) == 0 {
		return 0
	}
	common := 0
	for w := range x {
		if y[w] {
			common++
		}
	}
	return 2 * float64(common) / float64(len(x)+len(y))
}

func pairSimilarity(x, y parse.QA, wx, wy pairWords) float64 {
	if x == y {
		return 2 // identical pairs always align first
	}
	return max(dice(wx.q, wy.q), dice(wx.a, wy.a))
}
