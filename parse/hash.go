package parse

import (
	"crypto/sha256"
	"encoding/hex"
	"hash"
	"strconv"
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
	field := func(name, v string) {
		v = hashNormalize(v)
		writeString(h, name)
		writeString(h, strconv.Itoa(len(v)))
		writeString(h, v)
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

func writeString(h hash.Hash, s string) {
	h.Write([]byte(s))
	h.Write([]byte{0})
}
