package warc

import (
	"regexp"
	"strings"
	"time"
)

// waybackPath matches the replay URLs of the Wayback Machine and of tools
// that copy its scheme (pywb, OpenWayback): /web/<timestamp><modifier>/<url>
// with a timestamp of 4 to 14 digits, or /<14 digits><modifier>/<url>; the
// modifier is like "id_" or "im_". Shorter numbers without "/web/" are
// dates in ordinary paths (/2019/04/slug), as is a "URL" with no host.
var waybackPath = regexp.MustCompile(`^https?://[^/]+/(?:(?:web|wayback)/([0-9]{4,14})|([0-9]{14}))(?:[a-z]{2}_)?/(.+)$`)

// hostLike is the start of an archived URL written without its scheme.
var hostLike = regexp.MustCompile(`^[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+(:[0-9]+)?(/|$)`)

// OriginalURL unwraps a Wayback-style replay URL, such as
// http://web.archive.org/web/20200101000000/https://hewariraq.com/en/post/708/slug,
// into the URL that was archived and the time it was archived (UTC; the
// timestamp's missing digits count as the start of the period). ok is false
// for any other URL, which is returned as is.
func OriginalURL(rawURL string) (orig string, archivedAt time.Time, ok bool) {
	m := waybackPath.FindStringSubmatch(rawURL)
	if m == nil {
		return rawURL, time.Time{}, false
	}
	ts, rest := m[1]+m[2], m[3]
	// Replay servers collapse "//" in paths: "https:/host/..." is common.
	switch {
	case strings.HasPrefix(rest, "http://"), strings.HasPrefix(rest, "https://"):
	case strings.HasPrefix(rest, "http:/"):
		rest = "http://" + rest[len("http:/"):]
	case strings.HasPrefix(rest, "https:/"):
		rest = "https://" + rest[len("https:/"):]
	case strings.Contains(rest, "://"):
		return rawURL, time.Time{}, false // ftp:// and the like: not a page of a site
	case hostLike.MatchString(rest):
		rest = "http://" + rest
	default:
		return rawURL, time.Time{}, false // a date in a path (/2019/04/slug), not an archived URL
	}
	ts += "00000101000000"[len(ts):]
	at, err := time.Parse("20060102150405", ts)
	if err != nil {
		return rawURL, time.Time{}, false
	}
	return rest, at.UTC(), true
}
