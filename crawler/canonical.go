package crawler

import (
	"fmt"
	"net"
	"net/url"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/hewar-archive/hewar/parse"
	"golang.org/x/net/idna"
	"golang.org/x/text/unicode/norm"
)

// Canonicalize returns the frontier key of a URL: one key for every spelling
// of one address, so that no page is fetched twice in one crawl.
//
// The key has no scheme (http and https are one site here) and no fragment.
// The host is lowercased, IDNA-encoded, without "www." and without a default
// port (80 or 443). The path has one percent-encoding: escapes of unreserved
// ASCII are decoded, every other byte outside the path's allowed set (an
// Arabic slug's UTF-8, typed raw or escaped in either case) is written %XX in
// upper case; dot segments and repeated slashes are removed and a trailing
// slash is folded ("/" stays for the root), and so is a last segment that
// names a directory's index page (index.html, index.php, default.aspx,
// ...: "/issues/index.html" is "/issues"). Query parameters are sorted and
// empty ones dropped, and so are the parameters and path parts that name
// no other page (a session id, a tracker, a sort order, a print or AMP
// copy: dropVariants). For example "https://www.Hewariraq.com:443/post/468/مدير/#c"
// and "http://hewariraq.com/post/468/%d9%85%d8%af%d9%8a%d8%b1" have the key
// "hewariraq.com/post/468/%D9%85%D8%AF%D9%8A%D8%B1".
func Canonicalize(raw string) (key string, err error) {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil {
		return "", fmt.Errorf("canonicalize: %w", err)
	}
	return canonicalKey(u)
}

func canonicalKey(u *url.URL) (string, error) { return canonicalKeyOf(u, false) }

// canonicalKeyOf is canonicalKey, which keeps a print or AMP copy's switch
// when keepCopies is set: the key of the copy itself (copyFallback).
func canonicalKeyOf(u *url.URL, keepCopies bool) (string, error) {
	switch strings.ToLower(u.Scheme) {
	case "http", "https":
	default:
		return "", fmt.Errorf("canonicalize %q: %w", u.Scheme+":", ErrNotHTTP)
	}
	host := hostKey(u.Host)
	if host == "" {
		return "", fmt.Errorf("canonicalize %q: %w", u.Host, ErrNoHost)
	}
	var b strings.Builder
	b.WriteString(host)
	p := u.EscapedPath()
	if hasPathVariant(p, keepCopies) {
		p = dropPathVariantsOf(p, keepCopies)
	}
	b.WriteString(parse.DropIndexFile(canonicalPath(p))) // only the key: the URL is fetched as found
	if q := canonicalQuery(u.RawQuery, keepCopies); q != "" {
		b.WriteByte('?')
		b.WriteString(q)
	}
	return b.String(), nil
}

// hostKey is the host part of a canonical key: lowercased, IDNA-encoded,
// without "www." or a default port. Scope is decided on it too.
func hostKey(hostport string) string {
	host, port := hostport, ""
	if h, p, err := net.SplitHostPort(hostport); err == nil {
		host, port = h, p
	}
	host = strings.TrimRight(strings.ToLower(host), ".")
	if len(host) > 1 && host[0] == '[' && host[len(host)-1] == ']' {
		host = host[1 : len(host)-1]
	}
	if a, err := idna.Lookup.ToASCII(host); err == nil {
		host = a
	}
	for strings.HasPrefix(host, "www.") && len(host) > len("www.") {
		host = strings.TrimPrefix(host, "www.")
	}
	if host == "" {
		return ""
	}
	if strings.Contains(host, ":") {
		// Only an IPv6 address may have colons in a host.
		if net.ParseIP(host) == nil {
			return ""
		}
		host = "[" + host + "]"
	} else if strings.IndexFunc(host, func(r rune) bool { return r > 0x7f || !isRegNameByte(byte(r)) }) >= 0 {
		return ""
	}
	if port != "" && port != "80" && port != "443" {
		host += ":" + port
	}
	return host
}

// asciiHost is hostport with its host IDNA-encoded and lower-cased
// ("حوار.example:8080" is "xn--mgbln4g.example:8080"), as written when it
// cannot be encoded.
func asciiHost(hostport string) string {
	host, port, err := net.SplitHostPort(hostport)
	if err != nil {
		host, port = hostport, ""
	}
	a, err := idna.Lookup.ToASCII(strings.ToLower(host))
	if err != nil {
		return hostport
	}
	if port != "" {
		return net.JoinHostPort(a, port)
	}
	return a
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// canonicalPath brings an escaped path to its one encoding.
func canonicalPath(escaped string) string {
	p := nfcEscapes(escaped, isPathByte)
	segs := strings.Split(p, "/")
	out := make([]string, 0, len(segs))
	for _, s := range segs {
		switch s {
		case "", ".":
			// Repeated slashes and "." name the same resource on every server we know.
		case "..":
			if len(out) > 0 {
				out = out[:len(out)-1]
			}
		default:
			out = append(out, s)
		}
	}
	return "/" + strings.Join(out, "/")
}

// canonicalQuery sorts the parameters, each with one encoding, the text
// its escapes spell in NFC as a path's (?s=مؤتمر in NFD and in NFC is one
// search). Parameter order carries no meaning for the pages we archive.
func canonicalQuery(raw string, keepCopies bool) string {
	if raw == "" {
		return ""
	}
	parts := strings.FieldsFunc(raw, func(r rune) bool { return r == '&' })
	type kv struct{ k, v, s string }
	kvs := make([]kv, 0, len(parts))
	shared := sharedQuery(raw)
	article := joomlaArticle(parts)
	for _, p := range parts {
		p = nfcEscapes(p, isQueryByte)
		p = strings.ReplaceAll(p, "%20", "+")
		k, v, _ := strings.Cut(p, "=")
		if dropParam(k, v, shared, keepCopies) {
			continue
		}
		if article {
			switch strings.ToLower(k) {
			case "itemid", "catid":
				continue
			case "id":
				v = joomlaID(v)
				p = k + "=" + v
			}
		}
		kvs = append(kvs, kv{k, v, p})
	}
	sort.Slice(kvs, func(i, j int) bool {
		if kvs[i].k != kvs[j].k {
			return kvs[i].k < kvs[j].k
		}
		return kvs[i].s < kvs[j].s
	})
	ss := make([]string, len(kvs))
	for i, x := range kvs {
		ss[i] = x.s
	}
	return strings.Join(ss, "&")
}

// joomlaArticle reports the parameters of a Joomla article's address,
// index.php?option=com_content&view=article&id=5:slug&catid=8&Itemid=101:
// the menu item (Itemid) it is shown under, its category (catid) and the
// slug after its number name no other article. One article is linked under
// every menu that lists it, each with its own Itemid; the key keeps
// option, view and the article's number (the URL is fetched as found).
func joomlaArticle(parts []string) bool {
	var option, view, id bool
	for _, p := range parts {
		k, v, _ := strings.Cut(p, "=")
		switch strings.ToLower(k) {
		case "option":
			option = strings.EqualFold(v, "com_content")
		case "view":
			view = strings.EqualFold(v, "article")
		case "id":
			id = isDigits(joomlaID(v))
		}
	}
	return option && view && id
}

// joomlaID is a Joomla id without the slug after its number: "5:slug"
// (or "5%3Aslug") is "5".
func joomlaID(v string) string {
	if i := strings.IndexByte(v, ':'); i > 0 {
		return v[:i]
	}
	if i := strings.Index(strings.ToUpper(v), "%3A"); i > 0 {
		return v[:i]
	}
	return v
}

const upperHex = "0123456789ABCDEF"

// normalizeEscapes decodes %XX of unreserved ASCII and writes every byte that
// allowed rejects as %XX in upper case, so that raw UTF-8, lower-case and
// upper-case escapes of one slug are one string.
func normalizeEscapes(s string, allowed func(byte) bool) string {
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == '%' && i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2]) {
			d := unhex(s[i+1])<<4 | unhex(s[i+2])
			i += 2
			if isUnreserved(d) {
				b.WriteByte(d)
			} else {
				b.WriteByte('%')
				b.WriteByte(upperHex[d>>4])
				b.WriteByte(upperHex[d&15])
			}
			continue
		}
		if c != '%' && allowed(c) {
			b.WriteByte(c)
			continue
		}
		b.WriteByte('%')
		b.WriteByte(upperHex[c>>4])
		b.WriteByte(upperHex[c&15])
	}
	return b.String()
}

// nfcEscapes is normalizeEscapes of s with the text its escapes of
// non-ASCII bytes spell in Unicode's NFC: an Arabic slug's alef with a
// hamza above is one code point (U+0623) or two (U+0627 U+0654, NFD), and
// both spellings are one address. A string whose escapes spell no
// non-ASCII text, or text in NFC already, costs one scan more.
func nfcEscapes(s string, allowed func(byte) bool) string {
	p := normalizeEscapes(s, allowed)
	if !hasHighEscape(p) {
		return p
	}
	var b strings.Builder
	b.Grow(len(p))
	for i := 0; i < len(p); i++ {
		if p[i] == '%' && i+2 < len(p) && p[i+1] >= '8' {
			b.WriteByte(unhex(p[i+1])<<4 | unhex(p[i+2]))
			i += 2
			continue
		}
		b.WriteByte(p[i])
	}
	text := b.String()
	if !utf8.ValidString(text) || norm.NFC.IsNormalString(text) {
		return p
	}
	return normalizeEscapes(norm.NFC.String(text), allowed)
}

// hasHighEscape reports an escape of a byte outside ASCII (%80 to %FF) in
// a string normalizeEscapes wrote: upper-case hex digits.
func hasHighEscape(p string) bool {
	for i := strings.IndexByte(p, '%'); i >= 0 && i+2 < len(p); {
		if p[i+1] >= '8' {
			return true
		}
		j := strings.IndexByte(p[i+1:], '%')
		if j < 0 {
			return false
		}
		i += 1 + j
	}
	return false
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

func unhex(c byte) byte {
	switch {
	case '0' <= c && c <= '9':
		return c - '0'
	case 'a' <= c && c <= 'f':
		return c - 'a' + 10
	default:
		return c - 'A' + 10
	}
}

// isUnreserved is RFC 3986's unreserved set.
func isUnreserved(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' ||
		c == '-' || c == '.' || c == '_' || c == '~'
}

// isRegNameByte is what RFC 3986 allows in a host name.
func isRegNameByte(c byte) bool {
	if isUnreserved(c) {
		return true
	}
	switch c {
	case '!', '$', '&', '\'', '(', ')', '*', '+', ',', ';', '=':
		return true
	}
	return false
}

// isPathByte is what RFC 3986 allows unescaped in a path.
func isPathByte(c byte) bool {
	if isUnreserved(c) {
		return true
	}
	switch c {
	case '/', ':', '@', '!', '$', '&', '\'', '(', ')', '*', '+', ',', ';', '=':
		return true
	}
	return false
}

// isQueryByte is what RFC 3986 allows unescaped in a query, minus '&' which
// separates the parameters we sort.
func isQueryByte(c byte) bool {
	return c != '&' && (isPathByte(c) || c == '?')
}
