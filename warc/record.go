package warc

import (
	"errors"
	"fmt"
	"strings"
	"time"
)

// Field is one header line, name and value as written. Headers are kept as
// ordered slices, not maps: the order of HTTP headers is part of what was
// received, and a WARC record must be written back as it was.
type Field struct {
	Name  string `json:"name"`
	Value string `json:"value"`
}

// Fields is an ordered list of header fields.
type Fields []Field

// Get returns the value of the first field named name (case-insensitively),
// or "" when there is none.
func (fs Fields) Get(name string) string {
	for _, f := range fs {
		if strings.EqualFold(f.Name, name) {
			return f.Value
		}
	}
	return ""
}

// Has reports whether a field named name is present.
func (fs Fields) Has(name string) bool {
	for _, f := range fs {
		if strings.EqualFold(f.Name, name) {
			return true
		}
	}
	return false
}

// Record types of WARC/1.1 (section 6 of the standard).
const (
	TypeWarcinfo = "warcinfo"
	TypeResponse = "response"
	TypeRequest  = "request"
	TypeRevisit  = "revisit"
	TypeMetadata = "metadata"
	TypeResource = "resource"
)

// Revisit profiles, as written. Readers accept every version's spelling
// (revisitProfile).
const (
	ProfileIdenticalPayload  = "http://netpreserve.org/warc/1.1/revisit/identical-payload-digest"
	ProfileServerNotModified = "http://netpreserve.org/warc/1.1/revisit/server-not-modified"
)

// revisitProfile gives the 1.1 spelling of a revisit profile of any WARC
// version: 1.0's, and the drafts' that early Heritrix wrote
// (http://netpreserve.org/warc/0.17/revisit/...); other profiles as they are.
func revisitProfile(p string) string {
	rest, ok := strings.CutPrefix(p, "http://netpreserve.org/warc/")
	if !ok {
		return p
	}
	switch _, name, _ := strings.Cut(rest, "/revisit/"); name {
	case "identical-payload-digest":
		return ProfileIdenticalPayload
	case "server-not-modified":
		return ProfileServerNotModified
	}
	return p
}

// Content types of record blocks.
const (
	ContentTypeResponse = "application/http;msgtype=response"
	ContentTypeRequest  = "application/http;msgtype=request"
	ContentTypeFields   = "application/warc-fields"
)

// Record is one WARC record as read from a file.
type Record struct {
	Version string // "WARC/1.1", "WARC/1.0"
	Header  Fields // the WARC named fields, in order
	Block   []byte // the record block, exactly Content-Length bytes
	Offset  int64  // where the record starts in the file (its gzip member's start in a .gz)
	Length  int64  // how many bytes of the file it takes (the whole gzip member in a .gz)
	// Cut is set for a response the file ends inside of: Block is the
	// bytes there are, fewer than its Content-Length.
	Cut bool
	// before is how many records come before it in its gzip member (0 but
	// in a file gzipped whole): Offset alone does not find it there.
	before int
}

// Type returns WARC-Type.
func (r *Record) Type() string { return r.Header.Get("WARC-Type") }

// ID returns WARC-Record-ID, angle brackets included.
func (r *Record) ID() string { return r.Header.Get("WARC-Record-ID") }

// TargetURI returns WARC-Target-URI. Some tools (wget 1.14) wrote it in
// angle brackets, as the 1.0 grammar's example did; they are removed.
func (r *Record) TargetURI() string {
	return strings.TrimSuffix(strings.TrimPrefix(r.Header.Get("WARC-Target-URI"), "<"), ">")
}

// Date returns WARC-Date, or the zero time when it is missing or unreadable.
func (r *Record) Date() time.Time {
	t, _ := ParseDate(r.Header.Get("WARC-Date"))
	return t
}

// ParseDate reads a WARC-Date: W3C ISO 8601 in UTC, with or without
// fractional seconds (WARC/1.1 allows them, 1.0 does not). Also read, as
// UTC, what other writers put there: the same without its Z, and the 14
// digits of WARC/0.17 and ARC-era tools (20190301090000).
func ParseDate(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	t, err := time.Parse(time.RFC3339Nano, s)
	if err == nil {
		return t.UTC(), nil
	}
	for _, layout := range []string{"2006-01-02T15:04:05.999999999", "20060102150405"} {
		if t, lerr := time.ParseInLocation(layout, s, time.UTC); lerr == nil {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("warc date %q: %w", s, err)
}

// FormatDate writes a WARC-Date with millisecond precision, as WARC/1.1
// allows: a capture's fetch time is known to well under a second, and two
// fetches of one URL in the same second must stay in order.
func FormatDate(t time.Time) string {
	return t.UTC().Format("2006-01-02T15:04:05.000Z")
}

// Errors a reader reports, wrapped in a *FormatError that says where.
var (
	// ErrTruncated means the file ends inside a record.
	ErrTruncated = errors.New("truncated record")
	// ErrCorrupt means the bytes at the offset are not a WARC record.
	ErrCorrupt = errors.New("corrupt record")
	// ErrTooLarge means a record is larger than the reader's limit.
	ErrTooLarge = errors.New("record too large")
	// ErrIncomplete means a WACZ package lacks a WARC its datapackage.json
	// lists: every record it holds was read, and its offset is the
	// package's end.
	ErrIncomplete = errors.New("incomplete WACZ package")
	// ErrAltered means a WARC of a WACZ package is not the file its
	// datapackage.json lists (another size or hash): every record it
	// holds was read (each with its own digests checked), and its offset
	// is the package's end.
	ErrAltered = errors.New("WACZ package altered")
)

// FormatError is a bad record: what is wrong and at which byte of the file
// it starts, so that an archivist can cut the file there or look at it.
type FormatError struct {
	Offset int64
	Err    error
	ARC    bool // the file is an ARC file, not a WARC
	// Kept is set when the record at Offset, a response the file ends
	// inside of, was handed out as far as it goes (Record.Cut).
	Kept bool
}

func (e *FormatError) Error() string {
	if errors.Is(e.Err, ErrIncomplete) || errors.Is(e.Err, ErrAltered) {
		return e.Err.Error() // no record is bad
	}
	if e.ARC {
		return fmt.Sprintf("arc record at byte %d: %v", e.Offset, e.Err)
	}
	return fmt.Sprintf("warc record at byte %d: %v", e.Offset, e.Err)
}

func (e *FormatError) Unwrap() error { return e.Err }
