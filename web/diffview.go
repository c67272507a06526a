package web

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/hewar-archive/hewar/archive"
	"github.com/hewar-archive/hewar/parse"
)

// fieldRow is one changed field other than a Q&A pair, both sides.
type fieldRow struct {
	Path        string
	Op          string
	Left, Right []seg
}

// pairRow is one Q&A pair laid out side by side: the older version's pair
// on one side, the newer one's on the other, aligned as the archive aligned
// them. Op is "" for an unchanged pair.
type pairRow struct {
	Old, New           int // 1-based numbers in each version; 0 on the side that lacks the pair
	Op                 string
	QLeft, QRight      []seg
	ALeft, ARight      []seg
	QChanged, AChanged bool
}

// sides splits a change into what the older side shows (kept and deleted
// words) and what the newer side shows (kept and inserted words).
func sides(c archive.Change) (left, right []seg) {
	if len(c.Words) > 0 {
		for _, w := range c.Words {
			switch w.Op {
			case "delete":
				left = append(left, seg{Text: w.Text, Op: "del"})
			case "insert":
				right = append(right, seg{Text: w.Text, Op: "ins"})
			default:
				left = append(left, seg{Text: w.Text})
				right = append(right, seg{Text: w.Text})
			}
		}
		return left, right
	}
	if b := valueText(c.Before); b != "" {
		left = []seg{{Text: b, Op: "del"}}
	}
	if a := valueText(c.After); a != "" {
		right = []seg{{Text: a, Op: "ins"}}
	}
	return left, right
}

// valueText shows a Change's before or after value: a string as it is, a
// list of names joined, anything else (a whole pair) as its JSON.
func valueText(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return x
	case []string:
		return strings.Join(x, ", ")
	}
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	return string(b)
}

func plain(s string) []seg {
	if s == "" {
		return nil
	}
	return []seg{{Text: s}}
}

// qaPath reads "qa[N]", "qa[N].question" or "qa[N].answer".
func qaPath(p string) (n int, part string, ok bool) {
	if !strings.HasPrefix(p, "qa[") {
		return 0, "", false
	}
	rest := p[3:]
	i := strings.IndexByte(rest, ']')
	if i < 0 {
		return 0, "", false
	}
	if _, err := fmt.Sscanf(rest[:i], "%d", &n); err != nil || n < 1 {
		return 0, "", false
	}
	return n, strings.TrimPrefix(rest[i+1:], "."), true
}

// layoutDiff splits the archive's changes into field rows and the aligned
// Q&A pairs of both versions. The archive lists pair changes in alignment
// order (removed pairs numbered in the older version, added and modified
// ones in the newer), and pairs between two changes are matched unchanged,
// so walking both lists with the changes replays the alignment exactly.
func layoutDiff(changes []archive.Change, a, b *parse.Document) (fields []fieldRow, pairs []pairRow) {
	var oldQA, newQA []parse.QA
	if a != nil {
		oldQA = a.QA
	}
	if b != nil {
		newQA = b.QA
	}
	i, j := 0, 0 // next unplaced pair of each side, 0-based
	same := func(untilOld, untilNew int) {
		for i < untilOld && j < untilNew && i < len(oldQA) && j < len(newQA) {
			pairs = append(pairs, pairRow{Old: i + 1, New: j + 1,
				QLeft: plain(oldQA[i].Question), QRight: plain(newQA[j].Question),
				ALeft: plain(oldQA[i].Answer), ARight: plain(newQA[j].Answer)})
			i++
			j++
		}
	}
	const far = 1 << 30
	for k := 0; k < len(changes); k++ {
		c := changes[k]
		n, part, ok := qaPath(c.Path)
		if !ok {
			l, r := sides(c)
			fields = append(fields, fieldRow{Path: c.Path, Op: c.Op, Left: l, Right: r})
			continue
		}
		switch {
		case part == "" && c.Op == archive.OpRemoved:
			same(n-1, far)
			if i < len(oldQA) {
				pairs = append(pairs, pairRow{Old: i + 1, Op: archive.OpRemoved,
					QLeft: []seg{{Text: oldQA[i].Question, Op: "del"}}, ALeft: []seg{{Text: oldQA[i].Answer, Op: "del"}},
					QChanged: true, AChanged: true})
				i++
			}
		case part == "" && c.Op == archive.OpAdded:
			same(far, n-1)
			if j < len(newQA) {
				pairs = append(pairs, pairRow{New: j + 1, Op: archive.OpAdded,
					QRight: []seg{{Text: newQA[j].Question, Op: "ins"}}, ARight: []seg{{Text: newQA[j].Answer, Op: "ins"}},
					QChanged: true, AChanged: true})
				j++
			}
		default:
			same(far, n-1)
			if i >= len(oldQA) || j >= len(newQA) {
				continue
			}
			row := pairRow{Old: i + 1, New: j + 1, Op: archive.OpModified,
				QLeft: plain(oldQA[i].Question), QRight: plain(newQA[j].Question),
				ALeft: plain(oldQA[i].Answer), ARight: plain(newQA[j].Answer)}
			// A pair whose question and answer both changed has two changes in a row.
			for ; k < len(changes); k++ {
				m, p, ok := qaPath(changes[k].Path)
				if !ok || m != n || p == "" {
					break
				}
				l, r := sides(changes[k])
				if p == "question" {
					row.QLeft, row.QRight, row.QChanged = l, r, true
				} else {
					row.ALeft, row.ARight, row.AChanged = l, r, true
				}
			}
			k--
			pairs = append(pairs, row)
			i++
			j++
		}
	}
	same(far, far)
	// Pairs left on one side only cannot happen when the changes are
	// complete; show them anyway rather than hide text.
	for ; i < len(oldQA); i++ {
		pairs = append(pairs, pairRow{Old: i + 1, Op: archive.OpRemoved, QLeft: plain(oldQA[i].Question), ALeft: plain(oldQA[i].Answer)})
	}
	for ; j < len(newQA); j++ {
		pairs = append(pairs, pairRow{New: j + 1, Op: archive.OpAdded, QRight: plain(newQA[j].Question), ARight: plain(newQA[j].Answer)})
	}
	return fields, pairs
}
