package crawler

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"html"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/hewar-archive/hewar/parse"
)

// Soft 404s. Many servers answer that a page is gone without saying so:
// a "not found" page served with 200, or a redirect of every removed post
// to the home page. Taken as they come, the first becomes a new version
// of the post (its text "Page not found") and the second makes the post's
// address one of the home page's, and the archive never says the post was
// removed. An archivist wants what a 404 gives: the answer kept as
// received, and the post's removal recorded (`hewar changes` lists it as
// removed), so a capture the crawler judges a soft 404 has its SoftGone
// set and counts as gone. Two answers are judged one:
//
//   - a redirect from an address that is no home page to the site's home
//     page (the root, or a language's root such as /en/), the seeds aside;
//   - a 2xx page whose title (or first heading) says it is not found
//     ("404", "Page not found", "no longer available", "غير موجودة", ...)
//     and is the title the site gives an address that cannot exist: a
//     probe, asked for once per origin and Run, the first time a page's
//     title says so (a post titled "Error 404: the lost manuscripts" is
//     not one when the site answers a made-up address with a real 404).
//
// A site that never shows such a title costs nothing: no probe is sent.

// notFoundTitle matches what the title of a "not found" page says.
var notFoundTitle = regexp.MustCompile(`(?i)(\b404\b|not\s+found|no\s+longer\s+(available|exists)|does\s*n[o']?t\s+exist|can(no|')t\s+be\s+found|غير\s+موجود|لم\s+يتم\s+العثور|لا\s+توجد\s+صفحة)`)

var (
	titleTag = regexp.MustCompile(`(?is)<title[^>]*>(.*?)</title>`)
	h1Tag    = regexp.MustCompile(`(?is)<h1[^>]*>(.*?)</h1>`)
	anyTag   = regexp.MustCompile(`(?s)<[^>]*>`)
)

// pageTitle is the text of a page's <title>, else of its first <h1>,
// white space folded, read in the page's charset (contentType is its
// Content-Type header). A title in UTF-8 or ASCII is read from the bytes as
// they are; one in another charset (an old Arabic page in windows-1256 or
// ISO-8859-6, a UTF-16 page) is read from the page as decode decodes it,
// when decode is set (Config.Decode): the raw bytes of "الصفحة غير موجودة"
// in windows-1256 are no Arabic words.
func pageTitle(body []byte, contentType string, decode func([]byte, string) ([]byte, string, error)) string {
	m := titleText(body)
	if decode != nil && ((m != nil && !utf8.Valid(m)) || bytes.HasPrefix(body, []byte("\xff\xfe")) || bytes.HasPrefix(body, []byte("\xfe\xff"))) {
		if text, _, err := decode(body, contentType); err == nil {
			m = titleText(text)
		}
	}
	if m == nil {
		return ""
	}
	return strings.Join(strings.Fields(html.UnescapeString(anyTag.ReplaceAllString(string(m), " "))), " ")
}

// titleText is the markup inside the <title> of a page's head, else inside
// its first <h1>; nil when it has neither.
func titleText(body []byte) []byte {
	b := body[:min(len(body), pageHead)]
	m := titleTag.FindSubmatch(b)
	if m == nil || len(bytes.TrimSpace(m[1])) == 0 {
		m = h1Tag.FindSubmatch(b)
	}
	if m == nil {
		return nil
	}
	return m[1]
}

// PageTitle is the text of a page's <title>, else of its first <h1>, white
// space folded and read in the page's charset (contentType is its
// Content-Type header, decode as Config.Decode): the title the soft 404
// rule reads. An import, which sends no probe, reads the same (pipeline's
// soft 404s).
func PageTitle(body []byte, contentType string, decode func([]byte, string) ([]byte, string, error)) string {
	return pageTitle(body, contentType, decode)
}

// SaysNotFound reports whether a page title says the page is not found,
// by the words the crawl's soft 404 rule reads (notFoundTitle).
func SaysNotFound(title string) bool { return saysNotFound(title) }

// saysNotFound matches notFoundTitle against title with its typographic
// apostrophes folded to "'": WordPress's "Oops! That page can’t be found."
// (U+2019, as its texturize filter writes it) says what "can't" says.
func saysNotFound(title string) bool {
	return notFoundTitle.MatchString(apostrophes.Replace(title))
}

// apostrophes folds the marks that stand for an apostrophe in titles:
// right and left single quotation marks, the modifier letter apostrophe,
// the prime, the fullwidth apostrophe, the grave and acute accents.
var apostrophes = strings.NewReplacer("\u2019", "'", "\u2018", "'", "\u02bc", "'", "\u2032", "'", "\uff07", "'", "`", "'", "\u00b4", "'")

// probeResult is what an origin answered for an address that cannot exist.
type probeResult struct {
	once   sync.Once
	status int
	title  string
}

// softGone says why c, a finished fetch, is a soft 404, or "".
func (cr *Crawler) softGone(ctx context.Context, c *Capture) string {
	if c.SoftGone != "" || c.Err != nil || c.Status < 200 || c.Status > 299 || c.Sitemap || len(c.Body) == 0 ||
		!maybePage(c.Header.Get("Content-Type")) {
		return ""
	}
	title := pageTitle(c.Body, c.Header.Get("Content-Type"), cr.cfg.Decode)
	if title == "" || !saysNotFound(title) || cr.isSeed(c.Key) {
		return ""
	}
	u, err := url.Parse(c.FinalURL)
	if err != nil {
		return ""
	}
	p := cr.probe(ctx, u)
	if p.status >= 200 && p.status <= 299 && strings.EqualFold(p.title, title) {
		return "answered like an address that does not exist (" + title + ")"
	}
	return ""
}

// probe asks u's origin, once per Run, for an address that cannot exist.
func (cr *Crawler) probe(ctx context.Context, u *url.URL) *probeResult {
	o := origin(u)
	cr.mu.Lock()
	if cr.probes == nil {
		cr.probes = map[string]*probeResult{}
	}
	p := cr.probes[o]
	if p == nil {
		p = &probeResult{}
		cr.probes[o] = p
	}
	cr.mu.Unlock()
	p.once.Do(func() {
		b := make([]byte, 12)
		_, _ = rand.Read(b)
		raw := o + "/hewar-probe-" + hex.EncodeToString(b)
		pu, err := url.Parse(raw)
		if err != nil {
			return
		}
		if rb, err := cr.robots(ctx, pu); err != nil {
			return
		} else if ok, _ := rb.allowed(pu, cr.agent); !ok {
			return // robots.txt has the last word: no probe, no soft 404
		}
		c, err := cr.fetchNow(ctx, &fetch{probe: true}, raw)
		if err != nil {
			return
		}
		cr.count.probes.Add(1)
		p.status = c.Status
		if c.Err == nil {
			p.title = pageTitle(c.Body, c.Header.Get("Content-Type"), cr.cfg.Decode)
		}
	})
	return p
}

// toHomePage reports a redirect of an address that is no home page (nor a
// seed) to its site's home page: the root or a language's root (/en/).
func (cr *Crawler) toHomePage(f *fetch, from, to *url.URL) bool {
	return RedirectsHome(from, to) && !cr.isSeed(f.item.Key)
}

// RedirectsHome reports a redirect from an address that is no home page to
// its site's home page (the root, or a language's root such as /en/): what
// a site answers for a removed post, which the crawl takes for a soft 404
// of from, the seeds aside. An import, which has no seeds, reads its
// redirects by the same rule (pipeline's soft 404s).
func RedirectsHome(from, to *url.URL) bool {
	return hostKey(from.Host) == hostKey(to.Host) && homePath(to) && !homePath(from)
}

// homePath reports the root of a site or of one of its languages: "/",
// "/en/", "/ar", "/index.php", without a query.
func homePath(u *url.URL) bool {
	if u.RawQuery != "" {
		return false
	}
	p := strings.Trim(parse.DropIndexFile(canonicalPath(u.EscapedPath())), "/")
	if p == "" {
		return true
	}
	return !strings.Contains(p, "/") && langCode.MatchString(p)
}

var langCode = regexp.MustCompile(`^[a-zA-Z]{2}([-_][a-zA-Z]{2})?$`)

func (cr *Crawler) isSeed(key string) bool {
	cr.mu.Lock()
	defer cr.mu.Unlock()
	_, ok := cr.seedKeys[key]
	return ok
}
