package parse

import (
	"crypto/sha256"
	"encoding/hex"
	"strconv"
	"unicode"
	"unicode/utf8"
)

// ContentHash is the identity of a Document's content, "sha256:<hex>" over a
// canonical serialization of the content fields only: title, published,
// magazine, interviewer, interviewee, intro, qa and body. URL, kind, links,
// comments, warnings, the Q&A convention and the parser are left out, so the
// clock in the header, a new comment or a new theme do not change it; one
// edited word of an answer does. Each value is normalized (direction marks
// removed, white space collapsed) and written with its name and length, so
// that moving text from one field to another changes the hash too.
//
// Parse sets Document.ContentHash with it, and the archive uses it for a
// Document that arrives without one: there is one definition of content
// identity.
func ContentHash(d *Document) string {
	h := sha256.New()
	// One small buffer, written to the hash as it fills: the page's text is
	// not copied whole.
	buf := make([]byte, 0, 4096)
	field := func(name, v string) {
		buf = append(buf, name...)
		buf = append(buf, 0)
		at := len(buf)
		buf = appendNormalized(buf, v)
		n := len(buf) - at
		buf = append(buf, 0)
		buf = strconv.AppendInt(buf, int64(n), 10)
		buf = append(buf, 0)
		if len(buf) >= 2048 {
			h.Write(buf)
			buf = buf[:0]
		}
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
	h.Write(buf)
	return "sha256:" + hex.EncodeToString(h.Sum(nil))
}

// hashSpecial marks the bytes appendNormalized must look at: ASCII white
// space, and the lead bytes of the non-ASCII spaces and direction marks
// (U+0085, U+00A0: C2; U+061C: D8; U+1680: E1; U+2000-U+206F: E2; U+3000: E3).
// Every other byte is copied as it is.
var hashSpecial = func() (t [256]bool) {
	for _, c := range []byte{' ', '\n', '\t', '\r', '\f', '\v', 0xC2, 0xD8, 0xE1, 0xE2, 0xE3} {
		t[c] = true
	}
	return t
}()

// plainAt reports whether s[j] is copied as it is. An Arabic letter's lead
// byte (D8) is, unless it starts U+061C.
func plainAt(s string, j int) bool {
	if s[j] == 0xD8 {
		return j+1 < len(s) && s[j+1] != 0x9C
	}
	return !hashSpecial[s[j]]
}

// appendNormalized appends s to dst with its direction marks dropped and every
// run of white space collapsed to one space (none at the ends), without
// building strings: runs of ordinary bytes, with the single spaces between
// words, are copied whole.
func appendNormalized(dst []byte, s string) []byte {
	start := len(dst)
	pending := false
	for i := 0; i < len(s); {
		j := i
	run:
		for j < len(s) {
			switch c := s[j]; {
			case !hashSpecial[c]:
				j++
			case c == 0xD8 && j+1 < len(s) && s[j+1] != 0x9C:
				j++ // an Arabic letter's lead byte, U+0600-U+063F but U+061C
			case c == ' ' && j > i && j+1 < len(s) && plainAt(s, j+1):
				j += 2 // one space between two words is kept as it is
			default:
				break run
			}
		}
		if j > i {
			if pending {
				dst = append(dst, ' ')
				pending = false
			}
			dst = append(dst, s[i:j]...)
			i = j
			continue
		}
		r, n := rune(s[i]), 1
		if r >= utf8.RuneSelf {
			r, n = utf8.DecodeRuneInString(s[i:])
		}
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
