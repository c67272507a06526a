package parse

import (
	"crypto/sha256"
	"encoding/hex"
	"strconv"
	"unicode"
	"unicode/utf8"
)

// contentHash is "sha256:<hex>" over a canonical serialization of the content
// fields only: title, published, magazine, interviewer, interviewee, intro,
// qa and body. URL, links, comments, warnings and parser are left out, so the
// clock in the header or a new comment do not change it; one edited word of
// an answer does. Each value is normalized (direction marks removed, white
// space collapsed) and written with its name and length, so that moving text
// from one field to another changes the hash too.
func contentHash(d *Document) string {
	size := len(d.Title) + len(d.Intro) + len(d.Body) + 512
	for _, p := range d.QA {
		size += len(p.Question) + len(p.Answer) + 40
	}
	buf := make([]byte, 0, size)
	field := func(name, v string) {
		buf = append(buf, name...)
		buf = append(buf, 0)
		at := len(buf)
		buf = appendNormalized(buf, v)
		n := len(buf) - at
		buf = append(buf, 0)
		buf = strconv.AppendInt(buf, int64(n), 10)
		buf = append(buf, 0)
	}
	field("title", d.Title)
	field("published", d.Published)
	if m := d.Magazine; m != nil {
		field("magazine.name", m.Name)
		field("magazine.issue", m.Issue)
		field("magazine.date_text", m.DateText)
		field("magazine.date", m.Date)
	}
	field("interviewer", d.Interviewer)
	if p := d.Interviewee; p != nil {
		field("interviewee.name", p.Name)
		field("interviewee.role", p.Role)
		for _, a := range p.Aliases {
			field("interviewee.alias", a)
		}
	}
	field("intro", d.Intro)
	for _, p := range d.QA {
		field("qa.question", p.Question)
		field("qa.answer", p.Answer)
	}
	field("body", d.Body)
	sum := sha256.Sum256(buf)
	return "sha256:" + hex.EncodeToString(sum[:])
}

// appendNormalized appends hashNormalize(s) to dst without building strings.
func appendNormalized(dst []byte, s string) []byte {
	start := len(dst)
	pending := false
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f' || c == '\v' {
				pending = len(dst) > start
				i++
				continue
			}
			if pending {
				dst = append(dst, ' ')
				pending = false
			}
			dst = append(dst, c)
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case isDirectionMark(r):
		case unicode.IsSpace(r):
			pending = len(dst) > start
		default:
			if pending {
				dst = append(dst, ' ')
				pending = false
			}
			dst = append(dst, s[i:i+n]...)
		}
		i += n
	}
	return dst
}
