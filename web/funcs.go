package web

import (
	"fmt"
	"html/template"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// funcs are the helpers templates use. None of them returns template.HTML:
// every string that reaches a page is escaped by html/template in its context.
var funcs = template.FuncMap{
	"docURL":     docURL,
	"versionURL": versionURL,
	"diffURL":    diffURL,
	"diffPath":   func(key string) string { return "/diff/" + escapeKey(key) },
	"apiPath":    func(what, key string) string { return "/api/" + what + "/" + escapeKey(key) },
	"captureURL": func(id int64) string { return "/capture/" + strconv.FormatInt(id, 10) },
	"dir":        dirOf,
	"when":       when,
	"whenp": func(t *time.Time) string {
		if t == nil {
			return ""
		}
		return when(*t)
	},
	"short": func(t time.Time) string {
		if t.IsZero() {
			return ""
		}
		return t.UTC().Format("2006-01-02 15:04")
	},
	"join":       strings.Join,
	"displayURL": displayURL,
	"add":        func(a, b int) int { return a + b },
	"paragraphs": func(s string) []string {
		var out []string
		for _, p := range strings.Split(s, "\n") {
			if p = strings.TrimSpace(p); p != "" {
				out = append(out, p)
			}
		}
		return out
	},
	"webURL": webURL,
	// qaAnchor links a warning's "qa[N]" to the pair on the page.
	"qaAnchor": func(where string) string {
		if n, _, ok := qaPath(where); ok {
			return "#qa-" + strconv.Itoa(n)
		}
		return ""
	},
}

// escapeKey makes a doc_key a URL path: each segment escaped on its own, so
// that the query of a listing's key ("127.0.0.1/en/news?page=2") stays part
// of the path and the slashes between segments stay slashes.
func escapeKey(key string) string {
	parts := strings.Split(key, "/")
	for i, p := range parts {
		parts[i] = url.PathEscape(p)
	}
	return strings.Join(parts, "/")
}

func docURL(key string) string { return "/doc/" + escapeKey(key) }

func versionURL(key string, v int) string {
	return "/doc/" + escapeKey(key) + "?v=" + strconv.Itoa(v)
}

func diffURL(key string, from, to int) string {
	return fmt.Sprintf("/diff/%s?from=%d&to=%d", escapeKey(key), from, to)
}

// dirOf is the writing direction of a language tag, for dir="...".
func dirOf(lang string) string {
	if lang == "ar" || strings.HasPrefix(lang, "ar-") {
		return "rtl"
	}
	if lang == "" {
		return "auto"
	}
	return "ltr"
}

func when(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format("2006-01-02 15:04:05 UTC")
}

// webURL returns u when it is an http(s) address worth linking to, else "":
// an archived URL is shown as text either way, and only linked when it
// leads to the web (never javascript:, data: or a relative path).
func webURL(u string) string {
	p, err := url.Parse(u)
	if err != nil || (p.Scheme != "http" && p.Scheme != "https") || p.Host == "" {
		return ""
	}
	return u
}

// displayURL is an archived URL as a person reads it: percent-encoded
// Arabic decoded, when the result is valid text. The link keeps the URL as
// archived.
func displayURL(u string) string {
	d, err := url.PathUnescape(u)
	if err != nil || !utf8.ValidString(d) || strings.ContainsFunc(d, unicode.IsControl) {
		return u
	}
	return d
}

// intParam reads an optional integer query parameter that must be at least
// min. Absent or empty gives def.
func intParam(q url.Values, name string, def, min int) (int, error) {
	s := strings.TrimSpace(q.Get(name))
	if s == "" {
		return def, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < min {
		return 0, badRequest("%s must be a whole number from %d up, not %q", name, min, clip(s, 40))
	}
	return n, nil
}

// clip shortens a string echoed back to a visitor.
func clip(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n]) + "…"
}
