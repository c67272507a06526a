package warc

import (
	"bytes"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
)

// responseHead returns the HTTP head of a capture's response: its recorded
// HeaderBlock when there is one, else the status line and the headers
// serialized in their stored order.
func responseHead(c *Capture) []byte {
	if len(c.HeaderBlock) > 0 {
		return c.HeaderBlock
	}
	return Head(statusLine(c.StatusLine, c.Status), c.Header)
}

func statusLine(line string, status int) string {
	if line != "" {
		return line
	}
	return fmt.Sprintf("HTTP/1.1 %d %s", status, http.StatusText(status))
}

// Head serializes an HTTP head: the first line (status line or request
// line), each field as "Name: value", each line ending in CRLF, and the empty
// line. Names and values are written as given.
func Head(first string, fields Fields) []byte {
	var b bytes.Buffer
	b.WriteString(first)
	b.WriteString("\r\n")
	for _, f := range fields {
		b.WriteString(f.Name)
		b.WriteString(": ")
		b.WriteString(f.Value)
		b.WriteString("\r\n")
	}
	b.WriteString("\r\n")
	return b.Bytes()
}

// requestHead serializes the request as an HTTP/1.1 client sends it. Go's
// http.Header has no Host (net/http sends it from Request.Host, first), so
// it is added first when the stored headers lack it.
func requestHead(c *Capture) []byte {
	target, host := "/", ""
	if u, err := url.Parse(c.URL); err == nil {
		target, host = u.RequestURI(), u.Host
	}
	if len(c.RequestHead) > 0 {
		m, _ := ParseHTTP(c.RequestHead)
		if m.Header.Has("Host") || host == "" {
			return c.RequestHead
		}
		line, rest, _ := bytes.Cut(c.RequestHead, []byte("\n"))
		out := make([]byte, 0, len(c.RequestHead)+len(host)+8)
		out = append(out, line...)
		out = append(out, '\n')
		out = append(out, "Host: "+host+"\r\n"...)
		return append(out, rest...)
	}
	fields := c.RequestHeader
	if !fields.Has("Host") && host != "" {
		fields = append(Fields{{"Host", host}}, fields...)
	}
	return Head(c.Method+" "+target+" HTTP/1.1", fields)
}

// isChunked reports whether the headers declare the chunked transfer coding.
func isChunked(fields Fields) bool {
	for _, f := range fields {
		if strings.EqualFold(f.Name, "Transfer-Encoding") && strings.Contains(strings.ToLower(f.Value), "chunked") {
			return true
		}
	}
	return false
}

// chunkFraming returns what goes before and after a payload sent as one
// chunk followed by the last chunk.
func chunkFraming(n int) (pre, post []byte) {
	if n == 0 {
		return nil, []byte("0\r\n\r\n")
	}
	return []byte(strconv.FormatInt(int64(n), 16) + "\r\n"), []byte("\r\n0\r\n\r\n")
}

// HTTPMessage is the parsed block of a response, revisit or request record.
type HTTPMessage struct {
	FirstLine string // status line or request line
	Header    Fields
	Head      []byte // first line, header lines and blank line as stored
	Body      []byte // payload: as stored, dechunked when the headers say chunked
	RawBody   []byte // the body as stored, when dechunking changed it; nil otherwise
	// Cut is set for a chunked body that ends before its last chunk (the
	// zero-size one): the connection broke off, and the writer recorded
	// what had come. Body is the payload as far as it goes.
	Cut bool
}

// Status returns the status code of a response's status line, 0 when it has none.
func (m *HTTPMessage) Status() int {
	parts := strings.Fields(m.FirstLine)
	if len(parts) < 2 || !strings.HasPrefix(parts[0], "HTTP/") || len(parts[1]) != 3 {
		return 0
	}
	n, err := strconv.Atoi(parts[1])
	if err != nil || n < 100 {
		return 0
	}
	return n
}

var errNoHTTP = errors.New("block is not an HTTP message")

// ParseHTTP splits a record block into head and body. A head that does not
// end (no blank line) is taken whole, with no body, as revisit blocks of some
// tools are. A body whose headers say chunked but that does not parse as
// chunks is kept as stored: servers lie, and the bytes matter more.
func ParseHTTP(block []byte) (*HTTPMessage, error) {
	headEnd, bodyStart := len(block), len(block)
	if i := bytes.Index(block, []byte("\r\n\r\n")); i >= 0 {
		headEnd, bodyStart = i+2, i+4
	}
	if j := bytes.Index(block, []byte("\n\n")); j >= 0 && j+1 < headEnd {
		headEnd, bodyStart = j+1, j+2
	}
	m := &HTTPMessage{Head: block[:bodyStart], Body: block[bodyStart:]}
	lines := strings.Split(string(block[:headEnd]), "\n")
	for i, line := range lines {
		line = strings.TrimSuffix(line, "\r")
		if i == 0 {
			m.FirstLine = line
			continue
		}
		if line == "" {
			continue
		}
		if (line[0] == ' ' || line[0] == '\t') && len(m.Header) > 0 {
			m.Header[len(m.Header)-1].Value += " " + strings.TrimSpace(line)
			continue
		}
		name, value, ok := strings.Cut(line, ":")
		if !ok {
			continue // not a header; kept in Head, ignored here as browsers do
		}
		m.Header = append(m.Header, Field{Name: strings.TrimSpace(name), Value: strings.TrimSpace(value)})
	}
	if !strings.HasPrefix(m.FirstLine, "HTTP/") && !strings.Contains(m.FirstLine, " HTTP/") {
		return m, errNoHTTP
	}
	if isChunked(m.Header) {
		if body, whole, err := dechunk(m.Body); err == nil {
			m.RawBody, m.Body, m.Cut = m.Body, body, !whole
		}
	}
	return m, nil
}

var errChunks = errors.New("bad chunked encoding")

// dechunk removes the chunked transfer coding (RFC 9112 section 7.1).
// Trailers are dropped. whole is false for a body that ends before its last
// chunk: cut off after whole chunks, or inside one whose size line ends in
// CRLF as on the wire; it is returned with what it had, as a truncated
// capture still holds usable bytes. A body that is no chunks at all (a
// writer that dechunked it and kept the header) is an error.
func dechunk(b []byte) (out []byte, whole bool, err error) {
	out = make([]byte, 0, len(b))
	for len(b) > 0 {
		i := bytes.IndexByte(b, '\n')
		if i < 0 {
			return nil, false, errChunks
		}
		crlf := i > 0 && b[i-1] == '\r'
		sizeText := strings.TrimSpace(string(b[:i]))
		if j := strings.IndexByte(sizeText, ';'); j >= 0 {
			sizeText = strings.TrimSpace(sizeText[:j]) // chunk extensions
		}
		size, err := strconv.ParseUint(sizeText, 16, 63)
		if err != nil {
			return nil, false, errChunks
		}
		b = b[i+1:]
		if size == 0 {
			return out, true, nil
		}
		if uint64(len(b)) < size {
			if !crlf {
				return nil, false, errChunks
			}
			return append(out, b...), false, nil // cut inside the chunk
		}
		out = append(out, b[:size]...)
		b = b[size:]
		switch {
		case bytes.HasPrefix(b, []byte("\r\n")):
			b = b[2:]
		case bytes.HasPrefix(b, []byte("\n")):
			b = b[1:]
		case len(b) == 0:
		default:
			return nil, false, errChunks
		}
	}
	return out, false, nil
}
