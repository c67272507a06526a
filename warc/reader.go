package warc

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/klauspost/compress/gzip"
	"github.com/klauspost/compress/zstd"
)

// DefaultMaxRecord is the largest record block a Reader accepts: far above
// any page of the site, low enough that a corrupt Content-Length cannot make
// the reader try to hold gigabytes.
const DefaultMaxRecord = 512 << 20

// Reader reads the records of a WARC file, gzipped (one or more records per
// member) or plain, one at a time. After the first bad record every call to
// Next returns the same *FormatError: a reader does not guess where the next
// good record might start.
type Reader struct {
	// MaxRecord bounds a record's block (0: DefaultMaxRecord).
	MaxRecord int64
	// SkipDigests turns off the check of WARC-Block-Digest. It is on by
	// default: in a plain WARC it is the only thing that tells a damaged
	// block from a good one.
	SkipDigests bool

	cnt         *countingReader
	src         *bufio.Reader
	base        int64
	gz          *gzip.Reader
	member      *bufio.Reader // the current gzip member, decompressed; nil between members
	memberBuf   *bufio.Reader // reused for every member
	memberStart int64
	inMember    int // records read from the current member
	records     int // records read so far
	arc         arcState
	err         error

	// A .warc.zst: the decoder (with the file's dictionary, when it has
	// one), the member records are read from, and whether the current
	// member is of zstd frames rather than a gzip member.
	zd         *zstd.Decoder
	zm         *zstdMember
	zmemberBuf *bufio.Reader
	zstd       bool
	frameStart int64 // where the zstd frame being decoded starts
}

// NewReader returns a Reader of the WARC file r.
func NewReader(r io.Reader) *Reader { return NewReaderAt(r, 0) }

// NewReaderAt returns a Reader of r, whose first byte is at offset in its
// file, so that the offsets it reports are the file's.
func NewReaderAt(r io.Reader, offset int64) *Reader {
	cnt := &countingReader{r: r}
	return &Reader{cnt: cnt, src: bufio.NewReaderSize(cnt, 64<<10), base: offset}
}

type countingReader struct {
	r io.Reader
	n int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

// pos is the file offset of the next byte src will hand out. gzip reads its
// source through src byte by byte (bufio.Reader is an io.ByteReader), so it
// never reads past the end of its member and pos is exact between members.
func (r *Reader) pos() int64 { return r.base + r.cnt.n - int64(r.src.Buffered()) }

// Next returns the next record, or io.EOF after the last one.
func (r *Reader) Next() (*Record, error) {
	if r.err != nil {
		return nil, r.err
	}
	rec, err := r.next()
	if err != nil {
		var fe *FormatError
		if errors.As(err, &fe) && r.arc.version != 0 {
			fe.ARC = true
		}
		r.err = err
		return nil, err
	}
	r.records++
	return rec, nil
}

func (r *Reader) next() (*Record, error) {
	if r.member != nil {
		// More records in the same gzip member or zstd frame (a file
		// compressed whole).
		if r.zstd {
			r.zm.more = true
		}
		rec, err := r.readRecord(r.member, r.memberStart, r.memberStart)
		if err != nil {
			return r.cut(rec, r.laterRecordError(r.gzipError(err), r.inMember))
		}
		rec.before = r.inMember
		r.inMember++
		return rec, r.endOfMember(rec)
	}
	if err := skipNewlines(r.src); err != nil {
		if err == io.EOF {
			return nil, io.EOF
		}
		return nil, &FormatError{Offset: r.pos(), Err: fmt.Errorf("%w: %v", ErrCorrupt, err)}
	}
	start := r.pos()
	if magic, _ := r.src.Peek(4); isZstd(magic) {
		ok, err := r.startZstd()
		if err != nil {
			r.memberStart = start
			return nil, r.gzipError(err)
		}
		if ok {
			if r.zmemberBuf == nil {
				r.zmemberBuf = bufio.NewReaderSize(r.zm, 64<<10)
			}
			r.zmemberBuf.Reset(r.zm)
			r.member, r.inMember, r.zm.more = r.zmemberBuf, 1, true
			rec, err := r.readRecord(r.member, r.memberStart, r.memberStart)
			if err != nil {
				return r.cut(rec, r.gzipError(err))
			}
			return rec, r.endOfMember(rec)
		}
		// Only skippable frames: the end of the file, or what follows them.
		r.zstd = false
		if _, err := r.src.Peek(1); err == io.EOF {
			return nil, io.EOF
		}
		start = r.pos()
	}
	magic, _ := r.src.Peek(2)
	if len(magic) == 2 && magic[0] == 0x1f && magic[1] == 0x8b {
		r.zstd = false
		r.memberStart = start
		var err error
		if r.gz == nil {
			r.gz, err = gzip.NewReader(r.src)
		} else {
			err = r.gz.Reset(r.src)
		}
		if err != nil {
			return nil, r.gzipError(err)
		}
		r.gz.Multistream(false)
		if r.memberBuf == nil {
			r.memberBuf = bufio.NewReaderSize(r.gz, 64<<10)
		}
		r.memberBuf.Reset(r.gz)
		r.member = r.memberBuf
		r.inMember = 1
		rec, err := r.readRecord(r.member, start, start)
		if err != nil {
			return r.cut(rec, r.gzipError(err))
		}
		return rec, r.endOfMember(rec)
	}
	rec, err := r.readRecord(r.src, start, start)
	if err != nil {
		return r.cut(rec, err)
	}
	rec.Length = r.pos() - start
	return rec, nil
}

// endOfMember checks, after a record read from a gzip member, whether the
// member ends there. Reading to its end makes gzip check its CRC and length,
// so a damaged member fails its record instead of passing silently.
func (r *Reader) endOfMember(rec *Record) error {
	if r.zstd {
		r.zm.more = false // the record is whole: its frame ends here, or holds the next record too
	}
	for {
		b, err := r.member.Peek(1)
		if err == io.EOF {
			r.member = nil
			rec.Length = r.pos() - r.memberStart
			return nil
		}
		if err != nil {
			err = r.gzipError(err)
			var fe *FormatError
			if errors.As(err, &fe) && errors.Is(err, ErrTruncated) && r.verified(rec) {
				// The member is cut after the record (its trailer, or
				// the start of the next record, lost), and the record's
				// block digest shows it whole: it is read, and the next
				// call says where the file stops.
				fe.Err = fmt.Errorf("%w (after its %d records, read whole: the last one's block digest matches)", fe.Err, r.inMember)
				r.err = err
				return nil
			}
			return err
		}
		if b[0] != '\r' && b[0] != '\n' {
			return nil // another record follows in this member; its length is not its own
		}
		r.member.Discard(1)
	}
}

// cut returns rec, a response the file ends inside of (Record.Cut), as
// read, and keeps err for the next call; without rec, err.
func (r *Reader) cut(rec *Record, err error) (*Record, error) {
	var fe *FormatError
	if rec == nil || !rec.Cut || !errors.As(err, &fe) {
		return nil, err
	}
	fe.Err, fe.Kept = fmt.Errorf("%w (its response read as far as it goes)", fe.Err), true
	r.member, r.err = nil, err
	rec.Length = r.pos() - rec.Offset
	return rec, nil
}

// laterRecordError says of err, the error of the record after the first n
// of a gzip member or zstd frame (a file compressed whole), that its offset
// is the member's, where reading can start again, not the record's: "warc
// record at byte 0: truncated record: gzip member ends early" alone reads
// as a file bad from its first byte.
func (r *Reader) laterRecordError(err error, n int) error {
	var fe *FormatError
	if errors.As(err, &fe) {
		fe.Err = fmt.Errorf("%w (in its record %d: the file is compressed whole, and its %d records before were read)", fe.Err, n+1, n)
	}
	return err
}

// verified reports a record whose WARC-Block-Digest, SHA-1 or SHA-256, was
// checked and matches its block.
func (r *Reader) verified(rec *Record) bool {
	return !r.SkipDigests && PayloadDigestIs(rec.Header.Get("WARC-Block-Digest"), rec.Block)
}

func (r *Reader) gzipError(err error) error {
	var fe *FormatError
	if errors.As(err, &fe) {
		return err
	}
	r.member = nil
	if r.zstd {
		if r.zm.frame != nil && r.zm.frame.cut || errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) {
			return &FormatError{Offset: r.memberStart, Err: fmt.Errorf("%w: zstd frame ends early", ErrTruncated)}
		}
		return &FormatError{Offset: r.memberStart, Err: fmt.Errorf("%w: zstd: %v", ErrCorrupt, err)}
	}
	if errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) {
		return &FormatError{Offset: r.memberStart, Err: fmt.Errorf("%w: gzip member ends early", ErrTruncated)}
	}
	return &FormatError{Offset: r.memberStart, Err: fmt.Errorf("%w: gzip: %v", ErrCorrupt, err)}
}

func skipNewlines(br *bufio.Reader) error {
	for {
		b, err := br.Peek(1)
		if err != nil {
			return err
		}
		if b[0] != '\r' && b[0] != '\n' {
			return nil
		}
		br.Discard(1)
	}
}

const maxHeaderBytes = 1 << 20

// readRecord reads one record from br. offset is where it starts in the
// file; errors are reported there.
func (r *Reader) readRecord(br *bufio.Reader, offset, errOffset int64) (*Record, error) {
	bad := func(kind error, format string, a ...any) error {
		return &FormatError{Offset: errOffset, Err: fmt.Errorf("%w: "+format, append([]any{kind}, a...)...)}
	}
	budget := maxHeaderBytes
	version, err := readLine(br, &budget)
	if err != nil {
		if err == io.EOF && version == "" {
			return nil, bad(ErrTruncated, "empty gzip member")
		}
		return nil, r.lineError(err, errOffset)
	}
	if !strings.HasPrefix(version, "WARC/") || len(version) > 16 {
		if rec, ok, err := r.readARC(br, version, errOffset); ok {
			return rec, err
		}
		if r.records == 0 {
			return nil, bad(ErrCorrupt, "expected a WARC/1.x version line (or an ARC file's filedesc:// line), found %q", clip(version))
		}
		return nil, bad(ErrCorrupt, "expected a WARC/1.x version line, found %q", clip(version))
	}
	rec := &Record{Version: version, Offset: offset}
	for {
		line, err := readLine(br, &budget)
		if err != nil {
			return nil, r.lineError(err, errOffset)
		}
		if line == "" {
			break
		}
		if (line[0] == ' ' || line[0] == '\t') && len(rec.Header) > 0 {
			rec.Header[len(rec.Header)-1].Value += " " + strings.TrimSpace(line)
			continue
		}
		name, value, ok := strings.Cut(line, ":")
		if !ok {
			return nil, bad(ErrCorrupt, "header line without a colon: %q", clip(line))
		}
		rec.Header = append(rec.Header, Field{Name: strings.TrimSpace(name), Value: strings.TrimSpace(value)})
	}
	lengthText := rec.Header.Get("Content-Length")
	n, err := strconv.ParseInt(lengthText, 10, 64)
	if err != nil || n < 0 {
		return nil, bad(ErrCorrupt, "bad or missing Content-Length %q", clip(lengthText))
	}
	if rec.Block, err = r.readBlock(br, n, bad); err != nil {
		if (errors.Is(err, ErrTruncated) || errors.Is(err, io.ErrUnexpectedEOF)) && len(rec.Block) > 0 &&
			rec.Type() == TypeResponse && rec.Header.Get("WARC-Segment-Number") == "" && rec.TargetURI() != "" && !rec.Date().IsZero() {
			// The file ends inside a response's block (a writer
			// stopped, a copy cut short): the record is what there is,
			// Cut, and err says where the file stops (cut). One
			// without an address or a time is no capture to keep.
			rec.Cut = true
			return rec, err
		}
		return nil, err
	}
	if !r.SkipDigests {
		digest := rec.Header.Get("WARC-Block-Digest")
		// wget's revisit records (--warc-dedup) carry the block digest of
		// zero bytes, their absent payload's, over a block that holds the
		// HTTP head: a revisit's block is a head only, so that is taken
		// as wget's way, not as damage.
		if err := checkDigest(digest, rec.Block); err != nil && (rec.Type() != TypeRevisit || checkDigest(digest, nil) != nil) {
			return nil, bad(ErrCorrupt, "%v", err)
		}
	}
	// The block ends with CRLF CRLF. Some writers put LF LF; accept any
	// two or more line ends, nothing else.
	ends := 0
	for ends < 4 {
		b, err := br.Peek(1)
		if err != nil || (b[0] != '\r' && b[0] != '\n') {
			break
		}
		br.Discard(1)
		ends++
	}
	if ends < 2 {
		if _, err := br.Peek(1); err == io.EOF {
			return nil, bad(ErrTruncated, "file ends before the end of record")
		}
		return nil, bad(ErrCorrupt, "record is not followed by CRLF CRLF (Content-Length wrong?)")
	}
	return rec, nil
}

// readBlock reads the n bytes of a record's block (a WARC record's, or an
// ARC record's document) from br, refusing a block larger than the
// reader's limit; bad words the errors of the record.
func (r *Reader) readBlock(br *bufio.Reader, n int64, bad func(kind error, format string, a ...any) error) ([]byte, error) {
	max := r.MaxRecord
	if max == 0 {
		max = DefaultMaxRecord
	}
	if n > max {
		return nil, bad(ErrTooLarge, "block of %d bytes, limit %d", n, max)
	}
	// Grow as bytes arrive rather than trusting the length up front.
	var block bytes.Buffer
	block.Grow(int(min(n, 1<<20)))
	got, err := io.CopyN(&block, br, n)
	if err == io.EOF {
		return block.Bytes(), bad(ErrTruncated, "block has %d of %d bytes", got, n)
	} else if err != nil {
		return block.Bytes(), err // a gzip error: the caller says where (a member cut short, ErrUnexpectedEOF)
	}
	return block.Bytes(), nil
}

var errLongLine = errors.New("header too long")

func (r *Reader) lineError(err error, offset int64) error {
	switch {
	case errors.Is(err, errLongLine):
		return &FormatError{Offset: offset, Err: fmt.Errorf("%w: %v", ErrCorrupt, err)}
	case err == io.EOF || errors.Is(err, io.ErrUnexpectedEOF):
		return &FormatError{Offset: offset, Err: fmt.Errorf("%w: file ends inside the record header", ErrTruncated)}
	}
	return err // a gzip or I/O error; the caller says where
}

// readLine reads one line without its CR LF (or LF), spending budget.
func readLine(br *bufio.Reader, budget *int) (string, error) {
	var line []byte
	for {
		chunk, err := br.ReadSlice('\n')
		*budget -= len(chunk)
		if *budget < 0 {
			return "", errLongLine
		}
		line = append(line, chunk...)
		if err == bufio.ErrBufferFull {
			continue
		}
		if err != nil {
			if err == io.EOF && len(line) > 0 {
				return string(line), io.ErrUnexpectedEOF
			}
			return string(line), err
		}
		break
	}
	line = bytes.TrimSuffix(line, []byte("\n"))
	line = bytes.TrimSuffix(line, []byte("\r"))
	return string(line), nil
}

func clip(s string) string {
	if len(s) > 40 {
		return s[:40] + "..."
	}
	return s
}
