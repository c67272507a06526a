package parse

import (
	"net"
	"net/url"
	"regexp"
	"sort"
	"strconv"
	"strings"
)

// canonicalHost is the host every post key uses, whatever host served it: the
// replica on 127.0.0.1, a mirror or a Wayback copy all name the same post.
const canonicalHost = "hewariraq.com"

// postPathRe matches /post/{id} and /en/post/{id} (also /ar/post/{id})
// anywhere in a path, so that a Wayback address that embeds the site's URL
// still names the post.
var postPathRe = regexp.MustCompile(`(?:^|/)(?:(en|ar)/)?post/([0-9]+)(?:/|$)`)

// PostID reads the language and numeric id of a post address. lang is "en"
// for /en/post/{id} and "ar" for /post/{id} and /ar/post/{id}. The scheme,
// the slug and percent-encoding do not matter; the host must be the
// institute's (siteAddress): a Tumblr or Ghost blog's /post/{id} is
// that blog's page.
func PostID(rawURL string) (lang string, id int, ok bool) {
	u, err := url.Parse(withScheme(rawURL))
	if err != nil {
		return "", 0, false
	}
	m := postPathRe.FindStringSubmatchIndex(u.Path)
	if m == nil || !siteAddress(u, u.Path[:m[0]]) {
		return "", 0, false
	}
	id, err = strconv.Atoi(u.Path[m[4]:m[5]])
	if err != nil || id <= 0 {
		return "", 0, false
	}
	if lang = "ar"; m[2] >= 0 {
		lang = u.Path[m[2]:m[3]]
	}
	return lang, id, true
}

// DocKey is the identity of the document at rawURL, shared by the crawler's
// sink, the parser and the archive:
//   - posts: "hewariraq.com/en/post/708" or "hewariraq.com/ar/post/708", on
//     the site's hosts, the replica's and in a web archive (siteAddress);
//   - posts of the old WordPress site, at their own address /?p={id}:
//     "hewariraq.com/?p=4120", on the same hosts (WordPress numbered its posts
//     itself: the id is not that of the current site's post/{id}; Parse
//     gives the same key to a page whose shortlink names the post);
//   - other pages: host (lower case, no "www.", no port) + "/" + lang + path,
//     with the path percent-decoded, without a trailing slash, and the query
//     sorted (tracking parameters dropped), e.g. "127.0.0.1/en/news?page=2".
//
// lang is "en" when the path starts with /en, "ar" otherwise (the site is
// Arabic first). An address without a scheme is read as http, so that a key
// maps to itself. An unparsable URL gives the trimmed input unchanged.
func DocKey(rawURL string) string {
	if lang, id, ok := PostID(rawURL); ok {
		return canonicalHost + "/" + lang + "/post/" + strconv.Itoa(id)
	}
	if id, ok := WordPressPostID(rawURL); ok {
		return wordPressKey(id)
	}
	raw := strings.TrimSpace(rawURL)
	if raw != "" && raw[0] != '/' && !strings.Contains(raw, "://") {
		// A key or an address without its scheme ("127.0.0.1/en/news"):
		// DocKey(DocKey(u)) == DocKey(u).
		raw = "http://" + raw
	}
	u, err := url.Parse(raw)
	if err != nil {
		return strings.TrimSpace(rawURL)
	}
	lang, path := splitLang(u.Path)
	path = strings.TrimRight(DropIndexFile(strings.TrimRight(path, "/")), "/")
	key := keyHost(u.Host) + "/" + lang + path
	if q := sortedQuery(u.Query()); q != "" {
		key += "?" + q
	}
	return key
}

// DropIndexFile folds a last segment that names a directory's index page
// ("/issues/index.html" is "/issues/", the page a server answers for the
// directory) into its directory, on an escaped or a decoded path. The
// crawler's frontier keys and DocKey drop the same names, so that a page
// saved as /about/index.html (a folder imported with warcit) and /about/
// are one page.
func DropIndexFile(p string) string {
	i := strings.LastIndexByte(p, '/')
	switch strings.ToLower(p[i+1:]) {
	case "index.html", "index.htm", "index.shtml", "index.php", "index.asp", "index.aspx", "index.jsp",
		"default.htm", "default.html", "default.asp", "default.aspx":
		if i <= 0 {
			return "/"
		}
		return p[:i]
	}
	return p
}

// DocKeyLang is DocKey(rawURL) for a page whose language is lang ("ar",
// "en" or ""): on a host other than the site's own (hewariraq.com), whose
// path carries no language (a Blogger or Joomla site), the key's language
// is the page's, so that an English page is not keyed under /ar/. Posts,
// the old WordPress site's /?p={id}, the site's own pages and paths under
// /en or /ar keep DocKey's key; an unknown lang changes nothing.
func DocKeyLang(rawURL, lang string) string {
	key := DocKey(rawURL)
	if lang != "en" && lang != "ar" {
		return key
	}
	if _, _, ok := PostID(rawURL); ok {
		return key
	}
	if _, ok := WordPressPostID(rawURL); ok {
		return key
	}
	host, rest, ok := strings.Cut(key, "/")
	if !ok || host == canonicalHost || !strings.HasPrefix(rest, "ar") || rest != "ar" && rest[2] != '/' && rest[2] != '?' {
		return key
	}
	raw := strings.TrimSpace(rawURL)
	if raw != "" && raw[0] != '/' && !strings.Contains(raw, "://") {
		raw = "http://" + raw
	}
	u, err := url.Parse(raw)
	if err != nil || langOfURL(u) != "" {
		return key // the path says which language it is
	}
	return host + "/" + lang + rest[2:]
}

// WordPressPostID reads the post id of WordPress's own address of a post:
// /?p={id} (also /index.php?p={id}, under /en/ or /ar/), on the site's hosts (siteAddress), other
// parameters aside. A key written without its scheme counts too.
func WordPressPostID(rawURL string) (int, bool) {
	u, err := url.Parse(withScheme(rawURL))
	if err != nil {
		return 0, false
	}
	_, path := splitLang(u.Path)
	if path != "" && path != "/" && path != "/index.php" || !siteAddress(u, "") {
		return 0, false
	}
	p := u.Query().Get("p")
	id, err := strconv.Atoi(p)
	if err != nil || id <= 0 || !isDigits(p) {
		return 0, false
	}
	return id, true
}

// withScheme is rawURL trimmed, read as http when it has no scheme and is
// no path ("hewariraq.com/en/post/708", a key), so that its host is a host.
func withScheme(rawURL string) string {
	raw := strings.TrimSpace(rawURL)
	if raw != "" && raw[0] != '/' && !strings.Contains(raw, "://") {
		raw = "http://" + raw
	}
	return raw
}

// siteAddress reports an address of the institute's own site, where its
// post and WordPress keys apply: its host (hewariraq.com and its
// subdomains), the replica on loopback (127.0.0.0/8, ::1, localhost), an
// address with no host, or a web archive's replay whose path before the
// post's (prefix) names the site's host
// ("web.archive.org/web/2020/https://hewariraq.com/post/708").
func siteAddress(u *url.URL, prefix string) bool {
	h := keyHost(u.Host)
	if h == "" || h == canonicalHost || strings.HasSuffix(h, "."+canonicalHost) || h == "localhost" {
		return true
	}
	if ip := net.ParseIP(strings.Trim(h, "[]")); ip != nil && ip.IsLoopback() {
		return true
	}
	return strings.Contains(strings.ToLower(prefix), canonicalHost)
}

func wordPressKey(id int) string { return canonicalHost + "/?p=" + strconv.Itoa(id) }

func isDigits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return s != ""
}

// splitLang removes a leading /en or /ar from a path and reports the language.
func splitLang(p string) (lang, rest string) {
	for _, l := range []string{"en", "ar"} {
		if p == "/"+l || strings.HasPrefix(p, "/"+l+"/") {
			return l, p[len(l)+1:]
		}
	}
	return "ar", p
}

// keyHost lower-cases a host and drops "www." and the port.
func keyHost(h string) string {
	h = strings.ToLower(h)
	if i := strings.LastIndexByte(h, ':'); i >= 0 && !strings.HasSuffix(h, "]") {
		h = h[:i]
	}
	return strings.TrimPrefix(h, "www.")
}

func sortedQuery(q url.Values) string {
	if len(q) == 0 {
		return ""
	}
	keys := make([]string, 0, len(q))
	for k := range q {
		lk := strings.ToLower(k)
		if strings.HasPrefix(lk, "utm_") || lk == "fbclid" || lk == "gclid" {
			continue
		}
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var parts []string
	for _, k := range keys {
		vs := append([]string(nil), q[k]...)
		sort.Strings(vs)
		for _, v := range vs {
			parts = append(parts, url.QueryEscape(k)+"="+url.QueryEscape(v))
		}
	}
	return strings.Join(parts, "&")
}

// langOfURL is the language a URL declares: "en" for /en/..., "ar" for
// /post/{id} and /ar/..., "" when the path does not say.
func langOfURL(u *url.URL) string {
	if u == nil {
		return ""
	}
	if lang, _, ok := PostID(u.String()); ok {
		return lang
	}
	p := u.Path
	switch {
	case p == "/en" || strings.HasPrefix(p, "/en/"):
		return "en"
	case p == "/ar" || strings.HasPrefix(p, "/ar/"):
		return "ar"
	}
	return ""
}
