package crawler

import (
	"net/url"
	"strings"
)

// dropVariants removes from u what makes another address of the same page
// on any site: a session id (PHPSESSID=..., ;jsessionid=..., ASP.NET's
// cookieless /(S(...))/ segment), a tracking
// parameter (utm_*, fbclid, ...), a sort order of a listing (sort=,
// orderby=, ...), the switch to a print, PDF or AMP copy (print=1, amp=1,
// format=pdf, a last path segment /amp/ or /print/), WordPress's reply
// link to a comment (?replytocom=), Jetpack's share link (?share=facebook&nb=1)
// and the way back of a login page (redirect_to=, destination=, ...). The page is then fetched as the
// site serves it without them, once (docs/crawl.md#one-page-one-address).
// It reports whether it changed u. A URL without a query, a ';' or such a
// last segment costs four string tests.
func dropVariants(u *url.URL) bool { return dropVariantsOf(u, false) }

// dropVariantsOf is dropVariants, which keeps the switch to a print or AMP
// copy when keepCopies is set: the address of the copy itself, fetched
// when the page it is a copy of does not exist (copyFallback).
func dropVariantsOf(u *url.URL, keepCopies bool) bool {
	changed := dropPathVariants(u, keepCopies)
	if u.RawQuery == "" {
		return changed
	}
	parts := strings.Split(u.RawQuery, "&")
	shared := sharedQuery(u.RawQuery)
	kept := parts[:0]
	for _, p := range parts {
		name, value, _ := strings.Cut(p, "=")
		if dropParam(name, value, shared, keepCopies) {
			continue
		}
		kept = append(kept, p)
	}
	if len(kept) == len(parts) {
		return changed
	}
	u.RawQuery = strings.Join(kept, "&")
	u.ForceQuery = false
	return true
}

// dropPathVariants applies dropPathVariantsOf to the path of u, and
// reports whether it changed it.
func dropPathVariants(u *url.URL, keepCopies bool) bool {
	p := u.EscapedPath()
	if !hasPathVariant(p, keepCopies) {
		return false
	}
	np := dropPathVariantsOf(p, keepCopies)
	if np == p {
		return false
	}
	dp, err := url.PathUnescape(np)
	if err != nil {
		return false
	}
	u.Path, u.RawPath = dp, np
	return true
}

// hasPathVariant reports an escaped path that dropPathVariantsOf may
// change: one with a path parameter, a cookieless session segment or
// (unless keepCopies) a print or AMP copy's last segment.
func hasPathVariant(p string, keepCopies bool) bool {
	return strings.IndexByte(p, ';') >= 0 || hasCookielessSegment(p) || !keepCopies && hasCopySuffix(p)
}

// dropPathVariantsOf removes session ids kept as path parameters
// (";jsessionid=..." and the like) or as a segment of their own (ASP.NET's
// cookieless "/(S(...))/": cookielessSegment) and, unless keepCopies, a
// last segment that switches to a print or AMP copy ("/post/7/amp/" is
// "/post/7/").
func dropPathVariantsOf(p string, keepCopies bool) string {
	if strings.IndexByte(p, ';') >= 0 || hasCookielessSegment(p) {
		segs := strings.Split(p, "/")
		kept := segs[:0]
		for _, s := range segs {
			if cookielessSegment(s) {
				continue
			}
			base, params, ok := strings.Cut(s, ";")
			if !ok {
				kept = append(kept, s)
				continue
			}
			var keep []string
			for _, prm := range strings.Split(params, ";") {
				name, value, _ := strings.Cut(prm, "=")
				if !sessionParam(strings.ToLower(name), value) {
					keep = append(keep, prm)
				}
			}
			kept = append(kept, strings.Join(append([]string{base}, keep...), ";"))
		}
		if p = strings.Join(kept, "/"); p == "" {
			p = "/" // "/(S(x))" was the application's root
		}
	}
	if !keepCopies && hasCopySuffix(p) {
		// "/post/7/amp/" is "/post/7/", "/node/7/print" is "/node/7": the
		// page as the site spells its addresses, with or without the slash.
		t := strings.TrimSuffix(p, "/")
		slash := len(t) < len(p)
		p = t[:strings.LastIndexByte(t, '/')]
		if slash || p == "" {
			p += "/"
		}
	}
	return p
}

// hasCookielessSegment reports an escaped path that may hold a cookieless
// session segment (cookielessSegment): one with "/(", raw or escaped.
func hasCookielessSegment(p string) bool {
	return strings.Contains(p, "/(") || strings.Contains(p, "/%28")
}

// cookielessSegment reports a path segment in which ASP.NET keeps the
// session of a client without cookies (sessionState cookieless="true"):
// "(S(lit3py55t21z5v55vlm25s55))", the anonymous id's "(A(...))", the
// forms ticket's "(F(...))", or several in one, "(A(x)S(y)F(z))"; raw or
// percent-escaped. The server puts it in every address it writes, and
// answers an address without one with a redirect to a new one.
func cookielessSegment(s string) bool {
	if strings.IndexByte(s, '%') >= 0 {
		u, err := url.PathUnescape(s)
		if err != nil {
			return false
		}
		s = u
	}
	if len(s) < 5 || s[0] != '(' || s[len(s)-1] != ')' {
		return false
	}
	for in := s[1 : len(s)-1]; in != ""; {
		if len(in) < 3 || in[0] < 'A' || in[0] > 'Z' || in[1] != '(' {
			return false
		}
		end := strings.IndexByte(in, ')')
		if end < 0 || strings.IndexByte(in[2:end], '(') >= 0 {
			return false
		}
		in = in[end+1:]
	}
	return true
}

// hasCopySuffix reports a path whose last segment is "amp", "print" or
// "embed" (a copy of the page: WordPress's embed copy, which oEmbed
// shows in an iframe) or "trackback" (WordPress's trackback address, a
// POST endpoint that answers a GET with an XML error or the post) under
// some page ("/amp/" alone is a page of its own). Under a date archive
// ("/2025/11/print/", "/2025/print/") or a listing's page ("/page/2/amp/")
// it is no copy but a post whose slug is "print" or "amp": WordPress puts
// its posts under their month, and a month's archive has no print copy.
func hasCopySuffix(p string) bool {
	parent, last := lastSegment(p)
	if parent == "" {
		return false
	}
	switch strings.ToLower(last) {
	case "amp", "print", "embed", "trackback":
		if _, date := pathDate(parent); date || pagePathRe.MatchString(parent) {
			return false
		}
		year := strings.TrimPrefix(parent, "/")
		return len(year) != 4 || !isDigits(year)
	}
	return false
}

// lastSegment splits a path, without its trailing slash, at its last
// slash: "/node/8/print/" is "/node/8" and "print"; parent is "" for a
// path of one segment or none.
func lastSegment(p string) (parent, last string) {
	t := strings.TrimSuffix(p, "/")
	i := strings.LastIndexByte(t, '/')
	if i < 0 {
		return "", t
	}
	return t[:i], t[i+1:]
}

// dropParam reports a query parameter an address is queued without: a
// variant (variantParam), or Jetpack's nb=1 beside a share link's share=
// (shared, sharedQuery); a print or AMP copy's switch is kept when
// keepCopies is set.
func dropParam(name, value string, shared, keepCopies bool) bool {
	if shared && strings.EqualFold(name, "nb") {
		return true
	}
	return variantParam(name, value) && !(keepCopies && copyParam(name, value))
}

// sharedQuery reports a raw query with Jetpack's share link in it
// (shareService): the nb=1 beside it names no other page either.
func sharedQuery(raw string) bool {
	if !strings.Contains(raw, "share=") {
		return false
	}
	for _, p := range strings.Split(raw, "&") {
		if name, value, _ := strings.Cut(p, "="); strings.EqualFold(name, "share") && shareService(value) {
			return true
		}
	}
	return false
}

// shareService reports the value of Jetpack's share= that names where a
// page is shared ("facebook", "twitter", "jetpack-whatsapp", "email",
// "print"): lower-case letters, digits and dashes, not a number alone
// (share=5 may be a share of stock).
func shareService(v string) bool {
	letter := false
	for i := 0; i < len(v); i++ {
		switch c := v[i]; {
		case c >= 'a' && c <= 'z':
			letter = true
		case c >= '0' && c <= '9' || c == '-':
		default:
			return false
		}
	}
	return letter
}

// variantParam reports a query parameter that names no other page: a
// session, a tracker, a sort order, a print, PDF or AMP copy, a comment's
// reply link (the post again), a share link (WordPress's Jetpack: a
// redirect to the service), the page a login form returns to (Drupal's
// destination= when it is a path).
func variantParam(name, value string) bool {
	n := strings.ToLower(name)
	if strings.HasPrefix(n, "utm_") || sessionParam(n, value) {
		return true
	}
	switch n {
	case "share":
		return shareService(value)
	case "destination": // Drupal's login link: where it returns to, a path
		return strings.Contains(value, "/") || strings.Contains(strings.ToLower(value), "%2f")
	case "replytocom", // WordPress: the post again, its reply form open
		"redirect_to", "return_to", "returnurl", "return_url", "redirect_url", // where a login page sends back to
		"fbclid", "gclid", "dclid", "gbraid", "wbraid", "msclkid", "yclid", "igshid", "mc_cid", "mc_eid", "_ga", "_gl",
		"sort", "sortby", "sort_by", "orderby", "order_by", "filter_order", "filter_order_dir",
		"print", "amp":
		return true
	case "doing_wp_cron": // WordPress's ALTERNATE_WP_CRON: a redirect to the page with a time
		return true
	case "_": // jQuery's cache-buster, ?_=1733212345678: a time in milliseconds
		return len(value) >= 10 && isDigits(value)
	case "order": // order=asc, order=desc; order=5 may be an issue's number
		v := strings.ToLower(value)
		return v == "asc" || v == "desc"
	case "output", "format":
		v := strings.ToLower(value)
		return v == "amp" || v == "print" || v == "pdf"
	case "tmpl": // Joomla's page without its template
		return strings.EqualFold(value, "component")
	}
	return false
}

// copyParam reports a query parameter that switches to a print, PDF or
// AMP copy of the page (one of variantParam's).
func copyParam(name, value string) bool {
	switch n := strings.ToLower(name); n {
	case "print", "amp":
		return true
	case "output", "format":
		v := strings.ToLower(value)
		return v == "amp" || v == "print" || v == "pdf"
	case "tmpl":
		return strings.EqualFold(value, "component")
	}
	return false
}

// isCopy reports an address that names a print, embed or AMP copy of a
// page (a trackback address is none: it is never fetched in the page's
// place).
func isCopy(u *url.URL) bool {
	if p := u.EscapedPath(); hasCopySuffix(p) {
		_, last := lastSegment(p)
		return !strings.EqualFold(last, "trackback")
	}
	for _, p := range strings.Split(u.RawQuery, "&") {
		if name, value, _ := strings.Cut(p, "="); copyParam(name, value) {
			return true
		}
	}
	return false
}

// sessionParam reports a session id, n the lower-cased name: the names
// PHP, Java, ASP, ColdFusion and shop systems use, and "sid" or "s" when
// the value looks like a session token (16 or more hex digits) rather than
// a section's number or a search.
func sessionParam(n, value string) bool {
	switch n {
	case "phpsessid", "jsessionid", "sessionid", "session_id", "sessid", "cfid", "cftoken", "zenid", "oscsid", "xtcsid":
		return true
	case "sid", "s":
		if len(value) < 16 {
			return false
		}
		for i := 0; i < len(value); i++ {
			if !isHex(value[i]) {
				return false
			}
		}
		return true
	}
	return strings.HasPrefix(n, "aspsessionid")
}

// WithoutSession is raw without the session ids dropVariants removes from
// an address (PHPSESSID=..., ;jsessionid=..., ASP.NET's cookieless
// /(S(...))/ segment), the rest as written; raw itself when it has none or
// does not parse. A server that keeps sessions in addresses answers an
// address without one with a redirect to a new one: the page that answers
// is then read, and keyed, at its address without it, the same every
// night.
func WithoutSession(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return raw
	}
	changed := dropPathVariants(u, true) // with the copies kept, only sessions go
	if u.RawQuery != "" {
		parts := strings.Split(u.RawQuery, "&")
		kept := parts[:0]
		for _, p := range parts {
			if name, value, _ := strings.Cut(p, "="); !sessionParam(strings.ToLower(name), value) {
				kept = append(kept, p)
			}
		}
		if len(kept) < len(parts) {
			u.RawQuery, u.ForceQuery = strings.Join(kept, "&"), false
			changed = true
		}
	}
	if !changed {
		return raw
	}
	return u.String()
}

// sectionPages returns the links of a page, resolved against base, whose
// last path segment names a copy ("print", "amp", "embed": hasCopySuffix)
// of a section rather than of a page: the same page links two or more
// other pages under that segment's parent. /services/print/ beside
// /services/translation/ and /services/archiving/ is the section's page
// about printing, a page of its own; /2025/11/post-3/print/ beside the
// post's one attachment page is the post's print copy. It returns nil
// for a page that links no such copy, after a search of each link for
// "print", "amp" and "embed" and a parse of those that hold one; the
// other links are parsed only on a page that links a copy.
func sectionPages(base *url.URL, links []string) map[string]bool {
	host := hostKey(base.Host)
	var copies map[string]string // raw link -> its parent's canonical path
	for _, raw := range links {
		if !strings.Contains(raw, "print") && !strings.Contains(raw, "amp") && !strings.Contains(raw, "embed") {
			continue
		}
		u, err := base.Parse(strings.TrimSpace(raw))
		if err != nil || hostKey(u.Host) != host {
			continue
		}
		parent, last := lastSegment(u.EscapedPath())
		switch strings.ToLower(last) {
		case "amp", "print", "embed":
			if parent != "" && isCopy(u) {
				if copies == nil {
					copies = map[string]string{}
				}
				copies[strings.TrimSpace(raw)] = canonicalPath(parent)
			}
		}
	}
	if copies == nil {
		return nil
	}
	children := map[string]map[string]struct{}{} // a parent's canonical path -> the last segments under it
	for _, raw := range links {
		u, err := base.Parse(strings.TrimSpace(raw))
		if err != nil || hostKey(u.Host) != host {
			continue
		}
		parent, last := lastSegment(u.EscapedPath())
		if parent == "" {
			continue
		}
		switch strings.ToLower(last) {
		case "amp", "print", "embed", "trackback", "feed":
			continue
		}
		cp := canonicalPath(parent)
		if children[cp] == nil {
			children[cp] = map[string]struct{}{}
		}
		children[cp][last] = struct{}{}
	}
	var pages map[string]bool
	for raw, cp := range copies {
		if len(children[cp]) >= 2 {
			if pages == nil {
				pages = map[string]bool{}
			}
			pages[raw] = true
		}
	}
	return pages
}
