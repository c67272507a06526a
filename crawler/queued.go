package crawler

import (
	"net/url"
	"strings"
	"sync"
)

// queuedLinks remembers links this Run has queued, once their page's
// capture was stored: a link found on every page (menus, listings, related
// posts) is then admitted and written to the frontier once, not once per
// page. Only links queued and committed are remembered, so a link skipped
// for being here is in the frontier already; a process that dies forgets
// them all. It is bounded: two generations of at most queuedLinksSize links,
// the older dropped when the younger fills. Each link is remembered with the
// depth it was queued at: a link that reaches the URL in fewer steps goes to
// the frontier all the same, which lowers the URL's depth there (with
// MaxDepth its own links are then followed from its new place).
type queuedLinks struct {
	mu         sync.Mutex
	young, old map[string]int
}

// queuedLink is a link's key (linkKey) and the depth it was queued at.
type queuedLink struct {
	key   string
	depth int
}

const queuedLinksSize = 16 << 10

// linkKey names a link as found on a page of base: the same href means the
// same URL on every page of a host when it is absolute or host-relative.
// Other relative links ("page/2", "?page=3") depend on the page: "" (not
// remembered).
func linkKey(base *url.URL, raw string) string {
	switch {
	case strings.HasPrefix(raw, "http://"), strings.HasPrefix(raw, "https://"):
		return raw
	case strings.HasPrefix(raw, "/") && !strings.HasPrefix(raw, "//"):
		return base.Scheme + "://" + base.Host + raw
	}
	return ""
}

// has reports whether the link k was queued at depth or fewer steps.
func (q *queuedLinks) has(k string, depth int) bool {
	if k == "" {
		return false
	}
	q.mu.Lock()
	defer q.mu.Unlock()
	if d, ok := q.young[k]; ok && d <= depth {
		return true
	}
	d, ok := q.old[k]
	return ok && d <= depth
}

func (q *queuedLinks) add(links []queuedLink) {
	q.mu.Lock()
	defer q.mu.Unlock()
	for _, l := range links {
		if l.key == "" {
			continue
		}
		if q.young == nil {
			q.young = make(map[string]int)
		}
		if len(q.young) >= queuedLinksSize {
			q.old, q.young = q.young, make(map[string]int)
		}
		if d, ok := q.young[l.key]; !ok || l.depth < d {
			q.young[l.key] = l.depth
		}
	}
}

func (q *queuedLinks) reset() {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.young, q.old = nil, nil
}
