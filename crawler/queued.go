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
// the older dropped when the younger fills.
type queuedLinks struct {
	mu         sync.Mutex
	young, old map[string]struct{}
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

func (q *queuedLinks) has(k string) bool {
	if k == "" {
		return false
	}
	q.mu.Lock()
	defer q.mu.Unlock()
	if _, ok := q.young[k]; ok {
		return true
	}
	_, ok := q.old[k]
	return ok
}

func (q *queuedLinks) add(keys []string) {
	q.mu.Lock()
	defer q.mu.Unlock()
	for _, k := range keys {
		if k == "" {
			continue
		}
		if q.young == nil {
			q.young = make(map[string]struct{})
		}
		if len(q.young) >= queuedLinksSize {
			q.old, q.young = q.young, make(map[string]struct{})
		}
		q.young[k] = struct{}{}
	}
}

func (q *queuedLinks) reset() {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.young, q.old = nil, nil
}
