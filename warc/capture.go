package warc

import "time"

// Capture is one fetch of one URL: what the writer turns into records and
// what the reader turns records back into.
type Capture struct {
	URL  string    // WARC-Target-URI: the URL that answered
	Date time.Time // WARC-Date: when the request was sent
	IP   string    // WARC-IP-Address, "" when unknown

	// The request. With Method "" no request record is written (or none was found).
	Method        string // "GET"
	RequestHeader Fields // headers sent, in order (Host is added first when missing)
	// RequestHead, when set, is the request line and headers as stored; it
	// wins over Method and RequestHeader for the request record (which is
	// still written only when Method is set). A missing Host header is
	// added after the request line: Go's client always sends it there.
	RequestHead []byte

	// The response. StatusLine "" (and Status 0) means no response came back:
	// then Err says why and the writer records the failure in a metadata record.
	StatusLine string // exact, e.g. "HTTP/1.1 200 OK"
	Status     int
	Header     Fields // response headers in the order received
	// HeaderBlock, when set, is the response head exactly as received: the
	// status line, the header lines and the blank line. It wins over
	// StatusLine and Header when writing, and the reader always sets it.
	HeaderBlock []byte
	// Body is the payload: the bytes after the head with any chunked transfer
	// coding removed, content coding (gzip) kept. When Header declares
	// "Transfer-Encoding: chunked" the writer sends Body as one chunk, so
	// that the record stays a valid HTTP message (the wire's chunk sizes are
	// lost by the time Go's client hands the body over).
	Body []byte
	// RawBody, set by the reader only when it differs from Body, is the
	// record's body as stored (still chunked, as wget records it).
	RawBody   []byte
	Truncated string // WARC-Truncated reason ("length", "time", ...), "" when whole

	// Redirects are the intermediate responses before this one, in order.
	// The writer writes each as a response record of its own. The reader
	// never fills it: a hop read from a WARC is a capture of its own.
	Redirects []Hop

	Err string // why a fetch failed with no response ("" when a response came)

	// Set by the reader.
	RecordID     string // WARC-Record-ID of the response (or revisit) record
	Resource     bool   // read from a resource record: a file, with no HTTP head
	Offset       int64  // where that record starts in its file
	File         string // that file, as given to ReadFile or Read (a WACZ package's path for the WARCs it holds)
	Revisit      string // a revisit record's profile, the two known ones in 1.1's spelling (revisitProfile)
	RefersToURI  string // WARC-Refers-To-Target-URI of a revisit
	RefersToDate time.Time
	RefersTo     string // WARC-Refers-To of a revisit: the record id of its original, "" when not given
	// PayloadDigest is a revisit's WARC-Payload-Digest: its original's payload.
	PayloadDigest string
	Resolved      bool // a revisit whose body was found in an earlier record
	// StatusRead, set by the reader when the status line's code is not
	// the status it read, says what it read and why ("" otherwise).
	StatusRead string
}

// Hop is one intermediate response of a redirect chain.
type Hop struct {
	URL        string
	Date       time.Time // zero: the capture's Date
	StatusLine string    // "" means only Status and Location are known
	Status     int
	Header     Fields // nil when only Status and Location are known
	Location   string
	Body       []byte
}
