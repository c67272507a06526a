package parse

import (
	"crypto/sha256"
	"encoding/hex"
	"hash"
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
	h := sha256.New()
	var buf []byte
	field := func(name, v string) {
		buf = appendNormalized(buf[:0], v)
		writeString(h, name)
		writeString(h, strconv.Itoa(len(buf)))
		h.Write(buf)
		h.Write([]byte{0})
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
	return "sha256:" + hex.EncodeToString(h.Sum(nil))
}

// appendNormalized appends hashNormalize(s) to dst without building strings.
func appendNormalized(dst []byte, s string) []byte {
	pending := false
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f' || c == '\v' {
				pending = len(dst) > 0
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
			pending = len(dst) > 0
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

func writeString(h hash.Hash, s string) {
	h.Write([]byte(s))
	h.Write([]byte{0})
}
