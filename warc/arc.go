package warc

import (
	"bufio"
	"bytes"
	"crypto/sha1"
	"encoding/base32"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
)

// ARC files (the Internet Archive's format of 1996, written by Alexa,
// the Internet Archive and Heritrix until WARC replaced it, 2008) are read
// by the same Reader as WARC files, plain or gzipped (one member a
// record, as .arc.gz files are), and given as the WARC records the same
// captures would be in a WARC (https://archive.org/web/researcher/ArcFileFormat.php):
//
//	filedesc://NAME IP DATE text/plain LENGTH   the version block: a warcinfo record
//	1 0 ORIGIN                                   (version 1 or 2, reserved, who wrote it)
//	URL IP-address Archive-date Content-type Archive-length
//	[Heritrix 1: its <arcmetadata> XML, within LENGTH]
//
//	URL IP DATE MIME LENGTH                      version 1 URL record: a response record
//	HTTP/1.1 200 OK ...                          LENGTH bytes: what the server sent
//
// A version 2 URL record has ten fields (URL IP DATE MIME STATUS CHECKSUM
// LOCATION OFFSET FILENAME LENGTH); the same five are read from it. DATE
// is 14 digits, UTC. ARC records have no id: each is given one made of
// the SHA-1 of its URL record line and its bytes (arcRecordID), the same
// for the same record in any copy of the file (.arc or .arc.gz, renamed),
// so that an import of it twice stores it once.

// arcState is what a Reader knows of the ARC file it reads.
type arcState struct {
	version int // 1 or 2, from the version block; 0 while the file is not known to be ARC
}

// arcFields is how many fields an ARC URL record of each version has.
var arcFields = map[int]int{1: 5, 2: 10}

// readARC reads the rest of an ARC record whose first line, line, br has
// just given, when it is one: the version block (filedesc://) that starts
// an ARC file (or each of several concatenated), or, in an ARC file, a URL
// record and its bytes. ok is false when line starts no ARC record.
func (r *Reader) readARC(br *bufio.Reader, line string, offset int64) (rec *Record, ok bool, err error) {
	bad := func(kind error, format string, a ...any) error {
		return &FormatError{Offset: offset, ARC: true, Err: fmt.Errorf("%w: "+format, append([]any{kind}, a...)...)}
	}
	fields := strings.Fields(line)
	switch {
	case strings.HasPrefix(line, "filedesc://"):
		if len(fields) != 5 {
			return nil, true, bad(ErrCorrupt, "an ARC version block starts with 5 fields (filedesc://NAME IP DATE TYPE LENGTH), found %q", clip(line))
		}
		block, err := r.arcBlock(br, fields[4], bad)
		if err != nil {
			return nil, true, err
		}
		head, _, _ := bytes.Cut(block, []byte("\n"))
		version, _ := strconv.Atoi(string(bytes.TrimSpace(bytes.SplitN(head, []byte(" "), 2)[0])))
		if arcFields[version] == 0 {
			return nil, true, bad(ErrCorrupt, "ARC version %q: only versions 1 and 2 exist", clip(string(head)))
		}
		r.arc.version = version
		return r.arcRecord(TypeWarcinfo, fields[0], fields[1], fields[2], "text/plain", line, block, offset), true, nil
	case r.arc.version == 0 && (r.records > 0 || !looksLikeARCRecord(fields)):
		return nil, false, nil
	case r.arc.version == 0:
		// An ARC file without its version block (a part cut from a larger
		// one): read as version 1, which its first line is.
		r.arc.version = 1
	}
	n := arcFields[r.arc.version]
	if len(fields) < n {
		return nil, true, bad(ErrCorrupt, "an ARC version %d URL record has %d fields, found %q", r.arc.version, n, clip(line))
	}
	// The URL may hold spaces (Alexa's ARCs have such URLs): the other
	// fields are counted from the line's end.
	k := len(fields) - n + 1
	block, err := r.arcBlock(br, fields[len(fields)-1], bad)
	if err != nil {
		return nil, true, err
	}
	uri := strings.Join(fields[:k], " ")
	return r.arcRecord(TypeResponse, uri, fields[k], fields[k+1], fields[k+2], line, block, offset), true, nil
}

// looksLikeARCRecord reports whether the fields of a first line are a
// version 1 URL record: a URL, an address, 14 digits of date, a type and a
// length.
func looksLikeARCRecord(fields []string) bool {
	if len(fields) != 5 || !strings.Contains(fields[0], ":") {
		return false
	}
	if _, err := strconv.ParseUint(fields[4], 10, 63); err != nil {
		return false
	}
	_, err := time.Parse("20060102150405", fields[2])
	return err == nil
}

// arcBlock reads the LENGTH bytes that follow an ARC record's line, and the
// newline after them (the next record's leading one, or the trailing one
// Heritrix writes), when there is one.
func (r *Reader) arcBlock(br *bufio.Reader, lengthText string, bad func(error, string, ...any) error) ([]byte, error) {
	n, err := strconv.ParseInt(lengthText, 10, 64)
	if err != nil || n < 0 {
		return nil, bad(ErrCorrupt, "bad ARC record length %q", clip(lengthText))
	}
	block, err := r.readBlock(br, n, bad)
	if err != nil {
		return nil, err
	}
	if b, err := br.Peek(1); err == nil && b[0] == '\n' {
		br.Discard(1)
	}
	return block, nil
}

// arcRecord is an ARC record as the WARC record of the same capture: its
// type, target URI, date, address, content type and id, its block the
// bytes the ARC record holds.
func (r *Reader) arcRecord(typ, uri, ip, date, mime, line string, block []byte, offset int64) *Record {
	h := Fields{{Name: "WARC-Type", Value: typ}, {Name: "WARC-Target-URI", Value: uri}}
	if at, err := time.ParseInLocation("20060102150405", date, time.UTC); err == nil {
		h = append(h, Field{Name: "WARC-Date", Value: at.Format(time.RFC3339)})
	}
	if ip != "" && ip != "0" && ip != "0.0.0.0" {
		h = append(h, Field{Name: "WARC-IP-Address", Value: ip})
	}
	if typ == TypeResponse && bytes.HasPrefix(block, []byte("HTTP/")) {
		mime = ContentTypeResponse
	}
	h = append(h, Field{Name: "Content-Type", Value: mime}, Field{Name: "WARC-Record-ID", Value: r.arcRecordID(line, block)},
		Field{Name: "Content-Length", Value: strconv.Itoa(len(block))})
	return &Record{Version: fmt.Sprintf("ARC/%d", r.arc.version), Header: h, Block: block, Offset: offset}
}

// arcRecordID names an ARC record, which has no id of its own: the SHA-1
// of its line and its bytes, and nothing else, so that a record's id
// depends on no other record. Two records of one file with the same line
// and bytes (the same URL, second and answer) are then one record given
// twice, stored once, as they are when they come in two files or two
// imports. (Before, the second of them in a file was given ":2", an id
// that depended on what came before it in the file: a file imported whole
// stored both, the same records split into two files or imported twice
// stored one.)
func (r *Reader) arcRecordID(line string, block []byte) string {
	h := sha1.New()
	io.WriteString(h, line+"\n")
	h.Write(block)
	return "<urn:hewar:arc:sha1:" + base32.StdEncoding.EncodeToString(h.Sum(nil)) + ">"
}
