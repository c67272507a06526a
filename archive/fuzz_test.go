package archive

import (
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/hewar-archive/hewar/parse"
)

// FuzzWordDiff: for any two texts, the word diff never panics, its equal and
// deleted runs spell the first text and its equal and inserted runs the
// second, and no two neighbouring runs have the same op.
func FuzzWordDiff(f *testing.F) {
	for _, s := range [][2]string{
		{"", ""},
		{"Iraq is a player", "Iraq is a major player"},
		{"حوار الفكر: أين تتجه المنطقة؟", "حوار الفكر: إلى أين تتجه المنطقة بعد التصعيد؟"},
		{"العدد (٤٩) أيلول ٢٠١٩", "العدد (49) أيلول 2019"},
		{"a  b\tc\n", "c b a"},
		{"ـــ تطويل", "تطويل"},
	} {
		f.Add(s[0], s[1])
	}
	f.Fuzz(func(t *testing.T, a, b string) {
		if !utf8.ValidString(a) || !utf8.ValidString(b) {
			// Documents are valid UTF-8 (parse makes them so); tokenize reads
			// an invalid byte as U+FFFD.
			t.Skip()
		}
		runs := wordDiff(a, b)
		var before, after strings.Builder
		for i, r := range runs {
			if i > 0 && runs[i-1].Op == r.Op {
				t.Fatalf("runs %d and %d are both %s", i-1, i, r.Op)
			}
			if r.Text == "" {
				t.Fatalf("run %d (%s) is empty", i, r.Op)
			}
			switch r.Op {
			case "equal":
				before.WriteString(r.Text)
				after.WriteString(r.Text)
			case "delete":
				before.WriteString(r.Text)
			case "insert":
				after.WriteString(r.Text)
			default:
				t.Fatalf("run %d has op %q", i, r.Op)
			}
		}
		if before.String() != a || after.String() != b {
			t.Fatalf("runs spell\n%q -> %q\nwant\n%q -> %q", before.String(), after.String(), a, b)
		}
	})
}

// pairsOf reads fuzz text as Q&A pairs: one a line, question|answer.
func pairsOf(s string) []parse.QA {
	var out []parse.QA
	for i, line := range strings.Split(s, "\n") {
		if i >= 24 || s == "" {
			break
		}
		q, a, _ := strings.Cut(line, "|")
		out = append(out, parse.QA{Question: q, Answer: a})
	}
	return out
}

// FuzzDiffDocuments: the diff of two documents is an edit script. Applied to
// the first document (fields set, pairs removed, added and edited at the
// positions the paths name), it gives the second; a document diffed with
// itself has no change.
func FuzzDiffDocuments(f *testing.F) {
	f.Add("Title", "Title 2", "q1|a1\nq2|a2\nq3|a3", "q1|a1\nnew|pair\nq2|a2 edited\nq3|a3")
	f.Add("", "x", "", "a|b")
	f.Add("same", "same", "Where is Iraq?|A player.\nAnd Russia?|A friend.", "And Russia?|A friend.\nWhere is Iraq?|A major player.")
	f.Add("t", "t", "a b c|d e f\na b c|d e f", "a b c|d e f")
	f.Add("", "", "|\n|", "|")
	f.Fuzz(func(t *testing.T, titleA, titleB, qaA, qaB string) {
		a := &parse.Document{Title: titleA, QA: pairsOf(qaA)}
		b := &parse.Document{Title: titleB, QA: pairsOf(qaB)}
		if same := diffDocuments(a, a); len(same) != 0 {
			t.Fatalf("a document differs from itself: %+v", same)
		}
		changes := diffDocuments(a, b)
		got := apply(t, a, changes)
		if got.Title != b.Title || fmt.Sprint(got.QA) != fmt.Sprint(b.QA) {
			t.Fatalf("applying the diff gives\n%q %q\nwant\n%q %q\nchanges %+v", got.Title, got.QA, b.Title, b.QA, changes)
		}
	})
}

// apply replays changes on a copy of doc: the title, and the pairs by the
// alignment the paths describe (removed pairs numbered as in the old
// version, added and edited ones as in the new).
func apply(t *testing.T, doc *parse.Document, changes []Change) *parse.Document {
	t.Helper()
	out := &parse.Document{Title: doc.Title}
	old := doc.QA
	i := 0 // pairs of old consumed
	keepUntil := func(newIndex int) {
		// Copy unchanged pairs until the result holds newIndex pairs.
		for len(out.QA) < newIndex {
			if i >= len(old) {
				t.Fatalf("a change names new pair %d, past the old pairs", newIndex+1)
			}
			out.QA = append(out.QA, old[i])
			i++
		}
	}
	str := func(v any) string {
		if v == nil {
			return ""
		}
		s, ok := v.(string)
		if !ok {
			t.Fatalf("a text change holds %T", v)
		}
		return s
	}
	for _, c := range changes {
		var n int
		var field string
		switch {
		case c.Path == "title":
			if str(c.Before) != out.Title {
				t.Fatalf("title change from %q, but the title is %q", str(c.Before), out.Title)
			}
			out.Title = str(c.After)
		case strings.HasPrefix(c.Path, "qa[") && strings.HasSuffix(c.Path, "]"):
			fmt.Sscanf(c.Path, "qa[%d]", &n)
			switch c.Op {
			case OpRemoved:
				for i < n-1 {
					keepUntil(len(out.QA) + 1)
				}
				if i != n-1 {
					t.Fatalf("%s removed, but old pair %d is next", c.Path, i+1)
				}
				p, _ := c.Before.(QAPair)
				if p.Question != old[i].Question || p.Answer != old[i].Answer {
					t.Fatalf("%s removed %+v, but it is %+v", c.Path, p, old[i])
				}
				i++
			case OpAdded:
				keepUntil(n - 1)
				p, _ := c.After.(QAPair)
				out.QA = append(out.QA, parse.QA{Question: p.Question, Answer: p.Answer})
			default:
				t.Fatalf("%s: op %s", c.Path, c.Op)
			}
		case strings.HasPrefix(c.Path, "qa["):
			if _, err := fmt.Sscanf(c.Path, "qa[%d].%s", &n, &field); err != nil {
				t.Fatalf("path %q: %v", c.Path, err)
			}
			if len(out.QA) < n {
				keepUntil(n)
			}
			p := &out.QA[n-1]
			target := &p.Question
			if field == "answer" {
				target = &p.Answer
			}
			if str(c.Before) != *target {
				t.Fatalf("%s changes %q, but it is %q", c.Path, str(c.Before), *target)
			}
			*target = str(c.After)
		default:
			t.Fatalf("unexpected change %s", c.Path)
		}
	}
	out.QA = append(out.QA, old[i:]...)
	return out
}

// FuzzNormalizeMap: the snippet mapper folds text exactly as the search index
// does, and its offsets point into the original text, in order.
func FuzzNormalizeMap(f *testing.F) {
	for _, s := range []string{"حِوار الفِكْر", "العـــدد (٤٩)", "إبراهيم وأحمد", "\u200fكانون\u200e", "Mr. AL-KAZEMI", "ΣΑΣ", "İstanbul"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if !utf8.ValidString(s) {
			t.Skip()
		}
		got, idx := normalizeMap(s)
		if want := normalize(s); got != want {
			t.Fatalf("normalizeMap(%q) = %q, the index sees %q", s, got, want)
		}
		if len(idx) != len(got)+1 || idx[len(idx)-1] != len(s) {
			t.Fatalf("normalizeMap(%q): %d offsets for %d bytes", s, len(idx), len(got))
		}
		for k := 1; k < len(idx); k++ {
			if idx[k] < idx[k-1] || idx[k] > len(s) {
				t.Fatalf("offsets out of order or range at %d: %v", k, idx)
			}
		}
	})
}
