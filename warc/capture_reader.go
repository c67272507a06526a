package warc

import (
	"archive/zip"
	"bufio"
	"compress/flate"
	"crypto/sha1"
	"crypto/sha256"
	"encoding/base32"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"net/http"
	"os"
	"regexp"
	"strconv"
	"strings"
)

// CaptureReader turns the records of WARC files into captures: a response
// (or revisit) record, the request record that asked for it, and for a
// revisit of identical payload the body of the record it refers to.
// Use one CaptureReader for all the files of one import, so that a revisit
// in one file finds its original in an earlier one.
type CaptureReader struct {
	// MaxRecord bounds a record's block (0: DefaultMaxRecord).
	MaxRecord int64
	// SkipDigests turns off the block digest check (see Reader.SkipDigests),
	// for files from a tool known to write wrong digests.
	SkipDigests bool
	// Skipped counts the records read that are part of no capture: request
	// records whose response is in no file, continuation records whose
	// first segment is in no file read before them.
	Skipped int
	// origins maps payload digests and record ids of response records
	// already read to where they are, so that a revisit's body can be read
	// again from the file rather than kept in memory.
	origins map[string]origin
	// segments are the segmented records whose continuations are still to
	// come, by the first segment's record id: Heritrix and warcprox split a
	// record over WARC files when a file reaches its size limit.
	segments map[string]*segmented
	parked   []string // segments' keys, in the order read
	// base is where the WARC being read starts in its file: a WARC
	// stored in a WACZ starts after its zip entry's header, and a
	// .warc.zst's dictionary is at its WARC's start, not the package's.
	base int64
	// file is the path given to ReadFile or Read, the File of the
	// captures read from it.
	file string
}

// segmented is a record of several segments (WARC/1.1 section 9) as far
// as it has been read: the capture of its first segment (nil until read)
// and its continuation records' blocks by segment number. Files may come
// in any order, so continuations may come before their first segment.
type segmented struct {
	c     *Capture
	rec   *Record
	parts map[int][]byte
	last  int    // the number of the segment that gives the total length, 0 until read
	total string // its WARC-Segment-Total-Length
	size  int64  // bytes of all segments read
}

type origin struct {
	path   string
	offset int64
	before int   // records before it in its gzip member (Record.before)
	base   int64 // where its WARC starts in the file (inside a WACZ)
}

// NewCaptureReader returns a CaptureReader with nothing read yet.
func NewCaptureReader() *CaptureReader {
	return &CaptureReader{origins: make(map[string]origin), segments: make(map[string]*segmented)}
}

// ReadFile reads the WARC file at path and calls fn with each capture, in
// file order. Records other than response, revisit, request and the
// resource records of http(s) URLs (warcinfo, metadata, wget's log, ...)
// are skipped. A bad record stops the file with a *FormatError that says
// where; the captures before it have been handed to fn.
// An error from fn stops the reading and is returned as is.
//
// A WACZ package (a zip file) is read as the WARC files it holds under
// archive/, one after the other, as Browsertrix and hewar export wacz write
// them.
func (cr *CaptureReader) ReadFile(path string, fn func(*Capture) error) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	cr.file = path
	var magic [4]byte
	if n, _ := io.ReadFull(f, magic[:]); n == len(magic) && string(magic[:]) == zipMagic {
		return cr.readWACZ(f, path, fn)
	}
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return err
	}
	return cr.Read(f, path, fn)
}

// zipMagic starts a zip file's first local header, and so a WACZ package.
const zipMagic = "PK\x03\x04"

// readWACZ reads the WARC files of a WACZ package in the order the package
// lists them. The format stores them uncompressed, so a record's offset in
// the package is where a revisit finds it again, and is the offset errors
// give; a WARC that a writer deflated anyway is read, but its revisits
// cannot be given the bodies they refer to from the package (the importer
// looks for them in the archive).
func (cr *CaptureReader) readWACZ(f *os.File, path string, fn func(*Capture) error) error {
	st, err := f.Stat()
	if err != nil {
		return err
	}
	zr, err := zip.NewReader(f, st.Size())
	if err != nil {
		return cr.salvageWACZ(f, path, st.Size(), fn, err)
	}
	var warcs []*zip.File
	for _, zf := range zr.File {
		if isPackagedWARC(zf.Name) {
			warcs = append(warcs, zf)
		}
	}
	listed := packageResources(zr)
	if len(warcs) == 0 {
		if missing := missingWARCs(zr, listed); len(missing) > 0 {
			return incompleteWACZ(st.Size(), missing) // a package, all of whose WARCs are missing
		}
		return &FormatError{Err: fmt.Errorf("%w: a zip file with no archive/*.warc[.gz|.zst] in it, so not a WACZ package", ErrCorrupt)}
	}
	for _, zf := range warcs {
		var err error
		if zf.Method == zip.Store {
			var off int64
			if off, err = zf.DataOffset(); err == nil {
				err = cr.read(io.NewSectionReader(f, off, int64(zf.CompressedSize64)), off, path, fn)
			}
		} else {
			var rc io.ReadCloser
			if rc, err = zf.Open(); err == nil {
				err = cr.read(rc, 0, "", fn)
				rc.Close()
			}
		}
		var fe *FormatError
		if errors.As(err, &fe) {
			return &FormatError{Offset: fe.Offset, Err: fmt.Errorf("in %s: %w", zf.Name, fe.Err)}
		} else if err != nil {
			return err
		}
	}
	if missing := missingWARCs(zr, listed); len(missing) > 0 {
		return incompleteWACZ(st.Size(), missing)
	}
	if altered, err := alteredWARCs(warcs, listed); err != nil {
		return err
	} else if len(altered) > 0 {
		return &FormatError{Offset: st.Size(), Err: fmt.Errorf("%w: %s (damaged or changed after it was packaged?)", ErrAltered, strings.Join(altered, "; "))}
	}
	return nil
}

// isPackagedWARC reports whether a WACZ entry is one of its WARC files:
// archive/*.warc or .warc.gz, as the format names them, or .warc.zst.
func isPackagedWARC(name string) bool {
	return strings.HasPrefix(name, "archive/") &&
		(strings.HasSuffix(name, ".warc") || strings.HasSuffix(name, ".warc.gz") || strings.HasSuffix(name, ".warc.zst"))
}

// packageResource is a file as a package's datapackage.json lists it.
type packageResource struct {
	Path  string `json:"path"`
	Hash  string `json:"hash"`
	Bytes *int64 `json:"bytes"`
}

// packageResources are the files a package's datapackage.json lists; none
// when it has no readable datapackage.json.
func packageResources(zr *zip.Reader) []packageResource {
	var dp *zip.File
	for _, zf := range zr.File {
		if zf.Name == "datapackage.json" {
			dp = zf
		}
	}
	if dp == nil {
		return nil
	}
	rc, err := dp.Open()
	if err != nil {
		return nil
	}
	defer rc.Close()
	var pkg struct {
		Resources []packageResource `json:"resources"`
	}
	if json.NewDecoder(io.LimitReader(rc, 64<<20)).Decode(&pkg) != nil {
		return nil
	}
	return pkg.Resources
}

// alteredWARCs says, for each WARC of the package whose size or sha256
// (the hash WACZ 1.1 writes; other algorithms are not checked) is not what
// datapackage.json lists, what it is and what the list says. Each WARC is
// read once more to hash it.
func alteredWARCs(warcs []*zip.File, listed []packageResource) ([]string, error) {
	byPath := map[string]packageResource{}
	for _, r := range listed {
		byPath[r.Path] = r
	}
	var altered []string
	for _, zf := range warcs {
		r, ok := byPath[zf.Name]
		if !ok {
			continue
		}
		if r.Bytes != nil && uint64(*r.Bytes) != zf.UncompressedSize64 {
			altered = append(altered, fmt.Sprintf("%s has %d bytes, its datapackage.json says %d", zf.Name, zf.UncompressedSize64, *r.Bytes))
			continue
		}
		alg, want, _ := strings.Cut(r.Hash, ":")
		if !strings.EqualFold(alg, "sha256") {
			continue
		}
		rc, err := zf.Open()
		if err != nil {
			return nil, err
		}
		h := sha256.New()
		_, err = io.Copy(h, rc)
		rc.Close()
		if err != nil {
			return nil, fmt.Errorf("hash %s: %w", zf.Name, err)
		}
		if got := hex.EncodeToString(h.Sum(nil)); !strings.EqualFold(got, want) {
			altered = append(altered, fmt.Sprintf("%s has the hash sha256:%s, its datapackage.json says %s", zf.Name, got, r.Hash))
		}
	}
	return altered, nil
}

// incompleteWACZ is the error of a package of size bytes whose
// datapackage.json lists the WARCs missing, which its zip does not hold.
func incompleteWACZ(size int64, missing []string) error {
	return &FormatError{Offset: size, Err: fmt.Errorf("%w: its datapackage.json lists %s, which the package does not hold (an incomplete copy?)",
		ErrIncomplete, strings.Join(missing, ", "))}
}

// missingWARCs are the WARCs that a package's datapackage.json lists
// under archive/ and its zip does not hold.
func missingWARCs(zr *zip.Reader, listed []packageResource) []string {
	held := map[string]bool{}
	for _, zf := range zr.File {
		held[zf.Name] = true
	}
	var missing []string
	for _, r := range listed {
		if strings.HasPrefix(r.Path, "archive/") && !held[r.Path] {
			missing = append(missing, r.Path)
		}
	}
	return missing
}

// salvageWACZ reads a WACZ package whose zip directory, at its end, cannot
// be read (a download cut short, most often): it walks the entries from the
// start, as their local headers give them, and reads the stored WARCs among
// them up to where the file ends. It returns the FormatError of the WARC
// record cut, or one that says where the package stops being readable.
func (cr *CaptureReader) salvageWACZ(f *os.File, path string, size int64, fn func(*Capture) error, zipErr error) error {
	var off int64
	for entries := 0; ; entries++ {
		var h [30]byte
		if _, err := f.ReadAt(h[:], off); err != nil || string(h[:4]) != zipMagic {
			if entries == 0 {
				return &FormatError{Err: fmt.Errorf("%w: a zip file, but not one a WACZ package can be read from: %v", ErrCorrupt, zipErr)}
			}
			return cutWACZ(off, zipErr)
		}
		flags, method := binary.LittleEndian.Uint16(h[6:]), binary.LittleEndian.Uint16(h[8:])
		csize := int64(binary.LittleEndian.Uint32(h[18:]))
		nameLen, extraLen := int64(binary.LittleEndian.Uint16(h[26:])), int64(binary.LittleEndian.Uint16(h[28:]))
		name := make([]byte, nameLen)
		if _, err := f.ReadAt(name, off+30); err != nil {
			return &FormatError{Offset: off, Err: fmt.Errorf("%w: the WACZ package ends inside an entry's header", ErrTruncated)}
		}
		data := off + 30 + nameLen + extraLen
		sizeKnown := flags&0x8 == 0 // bit 3: sizes in a data descriptor after the data
		isWARC := isPackagedWARC(string(name))
		if isWARC && method == zip.Store {
			end := size
			if sizeKnown && data+csize < size {
				end = data + csize
			}
			err := cr.read(io.NewSectionReader(f, data, end-data), data, path, fn)
			var fe *FormatError
			if errors.As(err, &fe) {
				var next [2]byte
				if _, rerr := f.ReadAt(next[:], fe.Offset); !sizeKnown && rerr == nil && string(next[:]) == "PK" {
					// A WARC of unknown size read up to the zip entry
					// after it: it was whole.
					return cutWACZ(fe.Offset, zipErr)
				}
				return &FormatError{Offset: fe.Offset, Err: fmt.Errorf("in %s: %w", name, fe.Err)}
			} else if err != nil {
				return err
			}
		}
		switch {
		case !sizeKnown && method == zip.Deflate:
			// datapackage.json and the indexes, written with their sizes
			// after them: the deflate stream says where it ends.
			end, ok := deflatedEnd(f, data, size)
			if !ok {
				return cutWACZ(off, zipErr)
			}
			off = end
		case !sizeKnown || data+csize > size:
			return cutWACZ(off, zipErr)
		default:
			off = data + csize
		}
	}
}

// deflatedEnd is where the entry whose deflated data starts at byte data
// ends, its data descriptor (an optional signature, the CRC-32 and the two
// sizes, of 4 or 8 bytes each) included; ok is false when the stream is cut.
func deflatedEnd(f *os.File, data, size int64) (end int64, ok bool) {
	br := &countingByteReader{r: bufio.NewReader(io.NewSectionReader(f, data, size-data))}
	// An entry that inflates past a GiB is no WACZ index: stop there.
	if n, err := io.Copy(io.Discard, io.LimitReader(flate.NewReader(br), 1<<30)); err != nil || n == 1<<30 {
		return 0, false
	}
	end = data + br.n
	var sig [4]byte
	if _, err := f.ReadAt(sig[:], end); err == nil && string(sig[:]) == "PK\x07\x08" {
		end += 4
	}
	for _, n := range []int64{12, 20} {
		var next [4]byte
		if _, err := f.ReadAt(next[:], end+n); err == nil && string(next[:]) == zipMagic {
			return end + n, true
		}
	}
	return end + 12, true // the next header, if any, is not there: the caller stops
}

// countingByteReader counts the bytes flate takes: given an io.ByteReader,
// flate reads no further than its stream.
type countingByteReader struct {
	r *bufio.Reader
	n int64
}

func (c *countingByteReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

func (c *countingByteReader) ReadByte() (byte, error) {
	b, err := c.r.ReadByte()
	if err == nil {
		c.n++
	}
	return b, err
}

// cutWACZ is the error of a WACZ package read up to byte off and no
// further: its zip directory is unreadable, and the entries after off
// cannot be found without it.
func cutWACZ(off int64, zipErr error) error {
	return &FormatError{Offset: off, Err: fmt.Errorf("%w: the WACZ package cannot be read past this byte (%v: cut short?); its WARCs before it were read", ErrTruncated, zipErr)}
}

// Read is ReadFile on an open WARC file; path is where revisits will look
// for the records they refer to ("" when r cannot be read again).
func (cr *CaptureReader) Read(r io.Reader, path string, fn func(*Capture) error) error {
	cr.file = path
	return cr.read(r, 0, path, fn)
}

// read is Read of a WARC that starts at byte base of the file at path.
func (cr *CaptureReader) read(r io.Reader, base int64, path string, fn func(*Capture) error) error {
	cr.base = base
	rd := NewReaderAt(r, base)
	rd.MaxRecord, rd.SkipDigests = cr.MaxRecord, cr.SkipDigests
	// A response waits here for the request record that may follow it,
	// and a request for the response that may follow it: one of each,
	// which is what every writer does (request and response adjacent).
	var resp *Capture
	var respRec *Record
	var req *Record
	flush := func() error {
		if resp == nil {
			return nil
		}
		c, rec := resp, respRec
		resp, respRec = nil, nil
		if rec.Header.Get("WARC-Segment-Number") == "1" {
			// The first of several segments: the capture is whole only
			// when its other segments have been read.
			return cr.firstSegment(c, rec, fn)
		}
		return fn(c)
	}
	unpaired := func() {
		if req != nil {
			cr.Skipped++ // a request whose response is not beside it
			req = nil
		}
	}
	for {
		rec, err := rd.Next()
		if err == io.EOF {
			unpaired()
			return flush()
		}
		if err != nil {
			unpaired()
			if ferr := flush(); ferr != nil {
				return ferr
			}
			return err
		}
		switch rec.Type() {
		case typeContinuation:
			if err := cr.continueSegment(rec, fn); err != nil {
				return err
			}
		case TypeResponse, TypeRevisit:
			if err := flush(); err != nil {
				return err
			}
			c, err := cr.capture(rec, path)
			if err != nil {
				return err
			}
			if req != nil && paired(req, rec) {
				addRequest(c, req)
				req = nil
			}
			unpaired()
			resp, respRec = c, rec
		case TypeResource:
			c := resourceCapture(rec, cr.file)
			if c == nil {
				continue // wget's log and arguments, a browser's screenshot: no page
			}
			if err := flush(); err != nil {
				return err
			}
			unpaired()
			if err := fn(c); err != nil {
				return err
			}
		case TypeRequest:
			if resp != nil && paired(rec, respRec) {
				addRequest(resp, rec)
				req = nil
				if err := flush(); err != nil {
					return err
				}
				continue
			}
			if err := flush(); err != nil {
				return err
			}
			unpaired()
			req = rec
		}
	}
}

// zeroOK is a status line with the code 0 and the reason "OK".
var zeroOK = regexp.MustCompile(`^HTTP/[0-9.]+ 0+ OK\s*$`)

// resourceCapture is the capture a resource record holds when its target
// is an http(s) URL: the file at that URL, as warcit and some Browsertrix
// versions record files (a PDF, an image), with no HTTP head. It is taken
// as a 200 answer of that URL with the record's Content-Type and its block
// as the body; the record has no status line, so the capture has none
// (the archive makes one from the status, as for any capture kept without
// its head). nil for any
// other resource: wget's log and arguments (metadata:// URIs), a browser's
// screenshots and texts (urn: URIs), and a URL with a fragment, which is
// no address a server answers (a record about the page, not of it).
func resourceCapture(rec *Record, file string) *Capture {
	uri := rec.TargetURI()
	lower := strings.ToLower(uri)
	if (!strings.HasPrefix(lower, "http://") && !strings.HasPrefix(lower, "https://")) || strings.Contains(uri, "#") {
		return nil
	}
	c := &Capture{
		URL:       uri,
		Date:      rec.Date(),
		IP:        rec.Header.Get("WARC-IP-Address"),
		Truncated: rec.Header.Get("WARC-Truncated"),
		Status:    http.StatusOK,
		Body:      rec.Block,
		RecordID:  rec.ID(),
		Offset:    rec.Offset,
		File:      file,
		Resource:  true,
	}
	if rec.Cut && c.Truncated == "" {
		c.Truncated = "unspecified"
	}
	if ct := rec.Header.Get("Content-Type"); ct != "" {
		c.Header = append(c.Header, Field{"Content-Type", ct})
	}
	c.Header = append(c.Header, Field{"Content-Length", strconv.Itoa(len(rec.Block))})
	return c
}

// typeContinuation is the WARC-Type of a record's second and later segments.
const typeContinuation = "continuation"

// segment is the record made of the segments whose first segment has
// record id key, registered the first time one of them is read.
func (cr *CaptureReader) segment(key string) *segmented {
	sg := cr.segments[key]
	if sg == nil {
		sg = &segmented{parts: map[int][]byte{}}
		cr.segments[key] = sg
		cr.parked = append(cr.parked, key)
	}
	return sg
}

// firstSegment keeps the capture of a segmented record's first segment
// until its other segments have been read.
func (cr *CaptureReader) firstSegment(c *Capture, rec *Record, fn func(*Capture) error) error {
	sg := cr.segment(rec.ID())
	sg.c, sg.rec = c, rec
	sg.size += int64(len(rec.Block))
	return cr.finishSegments(rec.ID(), rec.Offset, fn)
}

// continueSegment adds a continuation record to the segmented record it
// continues (WARC-Segment-Origin-ID). A continuation without an origin, or
// with a number already read, is skipped and counted.
func (cr *CaptureReader) continueSegment(rec *Record, fn func(*Capture) error) error {
	key := rec.Header.Get("WARC-Segment-Origin-ID")
	n, err := strconv.Atoi(rec.Header.Get("WARC-Segment-Number"))
	if key == "" || err != nil || n < 2 {
		cr.Skipped++
		return nil
	}
	sg := cr.segment(key)
	if _, dup := sg.parts[n]; dup {
		cr.Skipped++ // the same segment again (a file given twice)
		return nil
	}
	sg.size += int64(len(rec.Block))
	if sg.size > cr.maxRecord() {
		return &FormatError{Offset: rec.Offset, Err: fmt.Errorf("%w: segmented record %s longer than %d bytes", ErrCorrupt, key, cr.maxRecord())}
	}
	sg.parts[n] = rec.Block
	if t := rec.Header.Get("WARC-Segment-Total-Length"); t != "" {
		sg.last, sg.total = n, t
	}
	return cr.finishSegments(key, rec.Offset, fn)
}

// finishSegments hands fn the capture of the segmented record key once
// every one of its segments has been read (off is where the last read
// starts, for the error of segments that do not add up).
func (cr *CaptureReader) finishSegments(key string, off int64, fn func(*Capture) error) error {
	sg := cr.segments[key]
	if sg.rec == nil || sg.last == 0 || len(sg.parts) < sg.last-1 {
		return nil
	}
	delete(cr.segments, key)
	c := cr.wholeSegmented(sg)
	if want := sg.total; want != strconv.FormatInt(sg.size, 10) {
		return &FormatError{Offset: off, Err: fmt.Errorf("%w: the segments of record %s hold %d bytes, its last says WARC-Segment-Total-Length %s", ErrCorrupt, key, sg.size, want)}
	}
	return fn(c)
}

// wholeSegmented is the capture of a segmented record from its segments
// read so far, in order up to the first missing one: its first segment's
// record with their blocks as its block, and the request found beside it.
func (cr *CaptureReader) wholeSegmented(sg *segmented) *Capture {
	whole := *sg.rec
	whole.Block = sg.rec.Block
	for n := 2; sg.parts[n] != nil; n++ {
		whole.Block = append(whole.Block[:len(whole.Block):len(whole.Block)], sg.parts[n]...)
	}
	// Not an origin for revisits: read again at its offset, it would be
	// its first segment only (the importer finds it in the archive).
	c, err := cr.capture(&whole, "")
	if err != nil || c == nil {
		c = sg.c
	}
	c.Method, c.RequestHeader, c.RequestHead = sg.c.Method, sg.c.RequestHeader, sg.c.RequestHead
	c.File = sg.c.File // the first segment's file, not the one read last
	return c
}

// Unfinished hands fn each segmented record some of whose segments were in
// none of the files read (an import given the first WARC of a crawl and
// not the next) as a capture of its segments up to the first missing one,
// marked truncated ("segment"): stored as received, not parsed as the
// whole page. Continuations whose first segment was in no file are
// counted in Skipped. Call it once every file of an import has been read.
func (cr *CaptureReader) Unfinished(fn func(*Capture) error) error {
	for _, key := range cr.parked {
		sg := cr.segments[key]
		if sg == nil {
			continue // made whole
		}
		delete(cr.segments, key)
		if sg.rec == nil {
			cr.Skipped += len(sg.parts)
			continue
		}
		cr.Skipped += len(sg.parts)
		c := cr.wholeSegmented(sg)
		c.Truncated = "segment"
		if err := fn(c); err != nil {
			return err
		}
	}
	cr.parked = nil
	return nil
}

func (cr *CaptureReader) maxRecord() int64 {
	if cr.MaxRecord > 0 {
		return cr.MaxRecord
	}
	return DefaultMaxRecord
}

// paired reports whether a request and a response record belong together:
// WARC-Concurrent-To either way, or, for writers that omit it, the same
// target URI in adjacent records (as warcio and pywb pair them).
func paired(req, resp *Record) bool {
	linked := false
	for _, f := range req.Header {
		if strings.EqualFold(f.Name, "WARC-Concurrent-To") {
			if f.Value == resp.ID() {
				return true
			}
			linked = true
		}
	}
	for _, f := range resp.Header {
		if strings.EqualFold(f.Name, "WARC-Concurrent-To") {
			if f.Value == req.ID() {
				return true
			}
			linked = true
		}
	}
	return !linked && req.TargetURI() == resp.TargetURI()
}

func addRequest(c *Capture, req *Record) {
	m, err := ParseHTTP(req.Block)
	if err != nil {
		return // not an HTTP request (a dns: record, say): nothing to add
	}
	method, _, _ := strings.Cut(m.FirstLine, " ")
	c.Method = method
	c.RequestHeader = m.Header
	c.RequestHead = m.Head
}

func (cr *CaptureReader) capture(rec *Record, path string) (*Capture, error) {
	c := &Capture{
		URL:       rec.TargetURI(),
		Date:      rec.Date(),
		IP:        rec.Header.Get("WARC-IP-Address"),
		Truncated: rec.Header.Get("WARC-Truncated"),
		RecordID:  rec.ID(),
		Offset:    rec.Offset,
		File:      cr.file,
	}
	m, err := ParseHTTP(rec.Block)
	if err != nil && rec.Type() == TypeResponse {
		// Not HTTP (a dns: or ftp: response): keep the block as the body.
		c.Body = rec.Block
		return c, nil
	}
	c.StatusLine, c.Header, c.HeaderBlock = m.FirstLine, m.Header, m.Head
	c.Status = m.Status()
	if c.Status == 0 && zeroOK.MatchString(m.FirstLine) && rec.Type() == TypeResponse {
		// Browsertrix 1.1 wrote the PDFs it loaded as pages with the status
		// line "HTTP/1.1 0 OK" (webrecorder/browsertrix-crawler#570, fixed
		// in 1.1.2): the browser's code was lost, its "OK" kept, and the
		// record holds the whole answer. Read as the 200 its reason says.
		c.Status = http.StatusOK
		c.StatusRead = `read as 200: its status line "` + m.FirstLine + `" has code 0 and reason OK (Browsertrix 1.1's PDFs)`
	}
	if c.Date.IsZero() {
		// No readable WARC-Date: the server's Date is the next best
		// time of the capture (zero when there is none either).
		if at, err := http.ParseTime(c.Header.Get("Date")); err == nil {
			c.Date = at.UTC()
		}
	}
	c.Body, c.RawBody = m.Body, m.RawBody
	if rec.Type() == TypeResponse {
		if rec.Cut && c.Truncated == "" {
			c.Truncated = "unspecified" // the file ends inside the record
		}
		if m.Cut && c.Truncated == "" {
			// A chunked body without its last chunk: the connection broke
			// off (wget records what came, and marks nothing). Stored as
			// far as it goes, not parsed as the whole page.
			c.Truncated = "disconnect"
		}
		if len(c.Body) > 0 && path != "" && rec.Header.Get("WARC-Segment-Number") == "" && !rec.Cut {
			o := origin{path: path, offset: rec.Offset, before: rec.before, base: cr.base}
			if d := rec.Header.Get("WARC-Payload-Digest"); d != "" {
				cr.origins[normalizeDigest(d)] = o
			}
			// Writers disagree on chunked payloads (see digest.go): a
			// revisit may name either digest.
			cr.origins[Digest(m.Body)] = o
			if m.RawBody != nil {
				cr.origins[Digest(m.RawBody)] = o
			}
			cr.origins[c.RecordID] = o
		}
		return c, nil
	}
	c.Revisit = revisitProfile(rec.Header.Get("WARC-Profile"))
	c.RefersToURI = rec.Header.Get("WARC-Refers-To-Target-URI")
	c.RefersToDate, _ = ParseDate(rec.Header.Get("WARC-Refers-To-Date"))
	// A revisit's WARC-Truncated says that its block leaves the payload
	// out, which is what a revisit is: Heritrix marks every revisit
	// "length". It is not the capture's: a resolved revisit has its
	// original's, and a 304 has no payload to cut.
	c.Truncated = ""
	switch c.Revisit {
	case ProfileIdenticalPayload:
	case ProfileServerNotModified:
		if c.Status == 0 {
			// Heritrix stores no block at all for a 304 (Content-Length:
			// 0): the profile is the status.
			c.Status = 304
		}
		return c, nil
	default:
		return c, nil // unknown profiles carry no body
	}
	c.RefersTo, c.PayloadDigest = rec.Header.Get("WARC-Refers-To"), rec.Header.Get("WARC-Payload-Digest")
	if _, err := cr.Resolve(c); err != nil {
		return nil, err
	}
	return c, nil
}

// Resolve gives an identical-payload revisit the body of the record it
// refers to (by WARC-Refers-To, or by payload digest), read again from its
// file, when that record is in a file read so far. ReadFile tries it for
// every revisit; calling it again after the other files of an import have
// been read resolves a revisit whose original came in a later file (files
// given newest first). It reports whether c is resolved.
func (cr *CaptureReader) Resolve(c *Capture) (bool, error) {
	if c.Resolved || c.Revisit != ProfileIdenticalPayload {
		return c.Resolved, nil
	}
	o, ok := cr.origins[c.RefersTo]
	if !ok {
		o, ok = cr.origins[normalizeDigest(c.PayloadDigest)]
	}
	if !ok || o.path == "" {
		return false, nil // the original is not in the files read: no body
	}
	orig, err := cr.readAt(o)
	if err != nil {
		return false, fmt.Errorf("revisit at byte %d: read the record it refers to: %w", c.Offset, err)
	}
	om, _ := ParseHTTP(orig.Block)
	c.Body, c.RawBody = om.Body, om.RawBody
	c.Truncated = orig.Header.Get("WARC-Truncated")
	if len(c.HeaderBlock) == 0 {
		c.StatusLine, c.Header, c.HeaderBlock, c.Status = om.FirstLine, om.Header, om.Head, om.Status()
	}
	c.Resolved = true
	return true, nil
}

func (cr *CaptureReader) readAt(o origin) (*Record, error) {
	f, err := os.Open(o.path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if _, err := f.Seek(o.offset, io.SeekStart); err != nil {
		return nil, err
	}
	rd := NewReaderAt(f, o.offset)
	rd.MaxRecord, rd.SkipDigests = cr.MaxRecord, cr.SkipDigests
	// The frames of a .warc.zst with a dictionary need the dictionary at
	// the start of the file.
	if dict, err := dictOf(io.NewSectionReader(f, o.base, math.MaxInt64-o.base)); err != nil {
		return nil, err
	} else if dict != nil {
		if err := rd.useDict(dict); err != nil {
			return nil, err
		}
	}
	// In a file gzipped whole every record's offset is the member's start:
	// the records before it are read again (slow on a large file, but the
	// record found is the one referred to, not the member's first).
	for range o.before {
		if _, err := rd.Next(); err != nil {
			return nil, err
		}
	}
	return rd.Next()
}

// normalizeDigest lowercases the algorithm of "SHA1:ABC..." so that digests
// written by different tools compare.
func normalizeDigest(d string) string {
	alg, value, ok := strings.Cut(strings.TrimSpace(d), ":")
	if !ok {
		return d
	}
	alg = strings.ReplaceAll(strings.ToLower(alg), "-", "")
	// One digest, several spellings: base32 in either case, with or
	// without its padding, or hex (Browsertrix writes sha256 in hex,
	// warcio sha1 in base32).
	if raw, err := hex.DecodeString(value); err == nil && (len(raw) == sha1.Size || len(raw) == sha256.Size) {
		return alg + ":" + base32.StdEncoding.EncodeToString(raw)
	}
	value = strings.ToUpper(strings.TrimRight(value, "="))
	if raw, err := base32.StdEncoding.WithPadding(base32.NoPadding).DecodeString(value); err == nil {
		return alg + ":" + base32.StdEncoding.EncodeToString(raw)
	}
	return alg + ":" + value
}
