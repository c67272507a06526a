package parse

import (
	"bytes"
	"fmt"
	"mime"
	"net/http"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
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

// Decode is the decoding Parse reads a page's bytes with (decode): the
// text as UTF-8 and the name of the charset it was read in, for a view that
// shows the page as the parser read it.
func Decode(body []byte, contentType string) ([]byte, string, error) {
	return decode(body, contentType)
}

// decode returns body as UTF-8. Valid UTF-8 is taken as UTF-8 whatever is
// declared (legacy Arabic bytes are practically never valid UTF-8, and a wrong
// declaration must not produce mojibake). Otherwise the charset comes from the
// HTTP header, then from a <meta> tag, then windows-1256, the encoding of
// older Arabic pages of the site, or ISO-8859-6 when the bytes read as
// Arabic only in it (undeclaredArabic); a Latin-1 declaration over bytes
// that are Arabic words in one of those is overruled. The name of the
// encoding used is returned.
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
		// editor's default) while its bytes are Arabic: read as Latin-1
		// it is mojibake ("ÇáÚÑÇÞ"), which no browser setting of the time
		// would have shown either.
		enc, name = undeclaredArabic(body)
	}
	out, err := enc.NewDecoder().Bytes(body)
	if err != nil {
		return nil, "", fmt.Errorf("decode %s: %w", name, err)
	}
	return out, name, nil
}

// isXHTML says whether the page is XHTML written by an XML tool (an EPUB
// chapter, an export): served as application/xhtml+xml or opening with an
// XML declaration. In XML `<a id="page_62"/>` is an empty element; read as
// HTML it would open an <a> that holds the rest of the chapter.
func isXHTML(contentType string, text []byte) bool {
	if mt, _, err := mime.ParseMediaType(contentType); err == nil && strings.EqualFold(mt, "application/xhtml+xml") {
		return true
	}
	return bytes.HasPrefix(bytes.TrimLeft(text, " \t\r\n"), []byte("<?xml"))
}

// closeEmptyElements rewrites XHTML's self-closed elements that HTML does
// not know as empty (`<a id="x"/>`, `<span epub:type="pagebreak"/>`) as an
// element and its end tag, so that html.Parse reads them as the XML parser
// a browser uses for XHTML does. Void elements (`<br/>`) are left alone.
func closeEmptyElements(text []byte) []byte {
	z := html.NewTokenizer(bytes.NewReader(text))
	var out bytes.Buffer
	out.Grow(len(text) + len(text)/64)
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			return out.Bytes()
		}
		raw := z.Raw()
		if tt != html.SelfClosingTagToken {
			out.Write(raw)
			continue
		}
		name, _ := z.TagName()
		if voidElement[atom.Lookup(name)] {
			out.Write(raw)
			continue
		}
		raw = bytes.TrimRight(raw[:len(raw)-1], " \t\r\n/")
		out.Write(raw)
		out.WriteString("></")
		out.Write(name)
		out.WriteByte('>')
	}
}

// voidElement is HTML's elements that have no end tag.
var voidElement = map[atom.Atom]bool{
	atom.Area: true, atom.Base: true, atom.Br: true, atom.Col: true, atom.Embed: true, atom.Hr: true,
	atom.Img: true, atom.Input: true, atom.Link: true, atom.Meta: true, atom.Param: true,
	atom.Source: true, atom.Track: true, atom.Wbr: true, atom.Keygen: true,
}

// undeclaredArabic chooses between the two single-byte encodings of Arabic
// for bytes that declare none: windows-1256, and ISO-8859-6, which old Unix
// and mail-generated pages used. They share the letters up to ض (0xD6) and
// part ways after it: ISO-8859-6 puts ل م ن ه و ي at 0xE4-0xEA, where
// windows-1256 has them among accented Latin letters (à â ç è é ê ë), and
// leaves 0xDB-0xDF and 0xF3-0xFF, windows-1256's غ ـ ف ق ك and Latin
// letters, unassigned. The encoding whose reading has more Arabic letters
// and fewer Latin-1 letters and unassigned bytes wins; windows-1256 on a tie.
func undeclaredArabic(body []byte) (encoding.Encoding, string) {
	score := func(cm *charmap.Charmap) int {
		n := 0
		for _, c := range body {
			if c < 0x80 {
				continue
			}
			switch r := cm.DecodeByte(c); {
			case r >= 0x0621 && r <= 0x064A:
				n++
			case r == utf8.RuneError, r >= 0xC0 && r <= 0xFF:
				n -= 2
			}
		}
		return n
	}
	if score(charmap.ISO8859_6) > score(charmap.Windows1256) {
		return charmap.ISO8859_6, "iso-8859-6"
	}
	return charmap.Windows1256, "windows-1256"
}

// arabicIn1256 reports bytes that read as Arabic words in windows-1256 or
// ISO-8859-6: many runs of three bytes or more in 0xC0-0xFF (most of their
// Arabic letters), which Latin-1 text, whose accented letters stand alone
// among ASCII ones ("café", "Müller"), never has.
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
