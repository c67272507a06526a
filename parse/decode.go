package parse

import (
	"bytes"
	"fmt"
	"mime"
	"net/http"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html/charset"
	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"
)

// isHTML decides from the content type, then from the bytes, whether body is
// an HTML page worth parsing.
func isHTML(contentType string, body []byte) bool {
	mt := ""
	if contentType != "" {
		if t, _, err := mime.ParseMediaType(contentType); err == nil {
			mt = strings.ToLower(t)
		} else {
			mt = strings.ToLower(strings.TrimSpace(strings.SplitN(contentType, ";", 2)[0]))
		}
	}
	switch mt {
	case "text/html", "application/xhtml+xml":
		return true
	case "", "text/plain", "application/octet-stream", "application/x-unknown", "unknown/unknown":
	default:
		return false
	}
	return sniffHTML(body)
}

// sniffHTML looks for markup in the first bytes; binary data and plain text
// are refused.
func sniffHTML(body []byte) bool {
	head := body
	if len(head) > 1024 {
		head = head[:1024]
	}
	if bytes.IndexByte(head, 0) >= 0 {
		return false
	}
	if strings.HasPrefix(http.DetectContentType(body), "text/html") {
		return true
	}
	lower := bytes.ToLower(head)
	for _, tag := range []string{"<html", "<head", "<body", "<p>", "<p ", "<div", "<title", "<meta", "<h1", "<article", "<br", "<a "} {
		if bytes.Contains(lower, []byte(tag)) {
			return true
		}
	}
	return false
}

// decode returns body as UTF-8. Valid UTF-8 is taken as UTF-8 whatever is
// declared (legacy Arabic bytes are practically never valid UTF-8, and a wrong
// declaration must not produce mojibake). Otherwise the charset comes from the
// HTTP header, then from a <meta> tag, then windows-1256, the encoding of
// older Arabic pages of the site; a Latin-1 declaration over bytes that are
// Arabic words in windows-1256 is overruled. The name of the encoding used is
// returned.
func decode(body []byte, contentType string) ([]byte, string, error) {
	if bytes.HasPrefix(body, []byte("\xef\xbb\xbf")) {
		body = body[3:]
	}
	if bytes.HasPrefix(body, []byte("\xff\xfe")) || bytes.HasPrefix(body, []byte("\xfe\xff")) {
		out, err := unicode.UTF16(unicode.BigEndian, unicode.UseBOM).NewDecoder().Bytes(body)
		if err != nil {
			return nil, "", fmt.Errorf("decode utf-16: %w", err)
		}
		return out, "utf-16", nil
	}
	if utf8.Valid(body) {
		return body, "utf-8", nil
	}
	enc, name := declaredEncoding(contentType, body)
	if enc == nil || name == "windows-1252" && arabicIn1256(body) {
		// No charset, or an old Arabic page that declares Latin-1 (its
		// editor's default) while its bytes are windows-1256: read as
		// Latin-1 it is mojibake ("ÇáÚÑÇÞ"), which no browser setting
		// of the time would have shown either.
		enc, name = charmap.Windows1256, "windows-1256"
	}
	out, err := enc.NewDecoder().Bytes(body)
	if err != nil {
		return nil, "", fmt.Errorf("decode %s: %w", name, err)
	}
	return out, name, nil
}

// arabicIn1256 reports bytes that read as Arabic words in windows-1256:
// many runs of three bytes or more in 0xC0-0xFF (its Arabic letters),
// which Latin-1 text, whose accented letters stand alone among ASCII ones
// ("café", "Müller"), never has.
func arabicIn1256(body []byte) bool {
	runs, run := 0, 0
	for _, c := range body {
		if c >= 0xC0 {
			run++
			continue
		}
		if run >= 3 {
			if runs++; runs >= 20 {
				return true
			}
		}
		run = 0
	}
	return false
}

// declaredEncoding is the single-byte (or other non-UTF-8) encoding the header
// or a meta tag declares; nil when none does, or when the declaration is
// UTF-8, which the bytes have just contradicted.
func declaredEncoding(contentType string, body []byte) (encoding.Encoding, string) {
	if _, params, err := mime.ParseMediaType(contentType); err == nil {
		if e, name := lookupCharset(params["charset"]); e != nil {
			return e, name
		}
	}
	return lookupCharset(metaCharset(body))
}

func lookupCharset(label string) (encoding.Encoding, string) {
	if label == "" {
		return nil, ""
	}
	e, name := charset.Lookup(label)
	if e == nil || name == "utf-8" || name == "utf-16le" || name == "utf-16be" {
		return nil, ""
	}
	return e, name
}

// metaCharset finds <meta charset=X> or <meta http-equiv content="...; charset=X">
// in the first 4 KiB, as a browser's prescan would.
func metaCharset(body []byte) string {
	head := body
	if len(head) > 4096 {
		head = head[:4096]
	}
	lower := bytes.ToLower(head)
	for i := 0; ; {
		j := bytes.Index(lower[i:], []byte("<meta"))
		if j < 0 {
			return ""
		}
		start := i + j
		end := bytes.IndexByte(lower[start:], '>')
		if end < 0 {
			return ""
		}
		tag := lower[start : start+end]
		if k := bytes.Index(tag, []byte("charset")); k >= 0 {
			rest := bytes.TrimLeft(tag[k+len("charset"):], " \t\r\n")
			if len(rest) > 0 && rest[0] == '=' {
				rest = bytes.TrimLeft(rest[1:], " \t\r\n\"'")
				n := 0
				for n < len(rest) && (rest[n] == '-' || rest[n] == '_' || rest[n] == '.' || rest[n] == ':' ||
					rest[n] >= 'a' && rest[n] <= 'z' || rest[n] >= '0' && rest[n] <= '9') {
					n++
				}
				if n > 0 {
					return string(rest[:n])
				}
			}
		}
		i = start + end
	}
}
