package crawler

import (
	"errors"
	"net/url"
	"testing"

	"golang.org/x/text/unicode/norm"
)

func TestCanonicalize(t *testing.T) {
	const slug = "%D9%85%D8%AF%D9%8A%D8%B1" // مدير
	tests := []struct {
		name, in, want string
	}{
		{"plain", "https://hewariraq.com/post/777", "hewariraq.com/post/777"},
		{"http is https", "http://hewariraq.com/post/777", "hewariraq.com/post/777"},
		{"fragment dropped", "https://hewariraq.com/post/777#comments", "hewariraq.com/post/777"},
		{"case of scheme and host", "HTTPS://HewarIraq.COM/post/777", "hewariraq.com/post/777"},
		{"path case kept", "https://hewariraq.com/Post/777", "hewariraq.com/Post/777"},
		{"www folded", "https://www.hewariraq.com/post/777", "hewariraq.com/post/777"},
		{"default ports", "http://hewariraq.com:80/a", "hewariraq.com/a"},
		{"default https port", "https://hewariraq.com:443/a", "hewariraq.com/a"},
		{"other port kept", "http://127.0.0.1:8080/a", "127.0.0.1:8080/a"},
		{"trailing slash", "https://hewariraq.com/main/x/", "hewariraq.com/main/x"},
		{"root", "https://hewariraq.com", "hewariraq.com/"},
		{"root slash", "https://hewariraq.com/", "hewariraq.com/"},
		{"arabic raw", "http://hewariraq.com/post/468/مدير", "hewariraq.com/post/468/" + slug},
		{"arabic upper escapes", "http://hewariraq.com/post/468/" + slug, "hewariraq.com/post/468/" + slug},
		{"arabic lower escapes", "http://hewariraq.com/post/468/%d9%85%d8%af%d9%8a%d8%b1", "hewariraq.com/post/468/" + slug},
		{"arabic mixed", "http://hewariraq.com/post/468/م%d8%af%D9%8Aر", "hewariraq.com/post/468/" + slug},
		{"unreserved escapes decoded", "http://h.org/%41%7e", "h.org/A~"},
		{"encoded slash kept", "http://h.org/a%2fb", "h.org/a%2Fb"},
		{"dot segments", "http://h.org/a/./b/../c", "h.org/a/c"},
		{"double slashes", "http://h.org//a//b", "h.org/a/b"},
		{"query sorted", "http://h.org/news?page=2&lang=en", "h.org/news?lang=en&page=2"},
		{"query empty parts", "http://h.org/news?&page=2&", "h.org/news?page=2"},
		{"query only question mark", "http://h.org/news?", "h.org/news"},
		{"query arabic", "http://h.org/search?q=مدير", "h.org/search?q=" + slug},
		{"query space", "http://h.org/search?q=a%20b", "h.org/search?q=a+b"},
		{"userinfo dropped", "http://user:pw@h.org/a", "h.org/a"},
		{"ipv6", "http://[::1]:8080/a", "[::1]:8080/a"},
		{"idn", "http://ÉXAMPLE.org/", "xn--xample-9ua.org/"},
		{"spaces around", "  http://h.org/a  ", "h.org/a"},
		{"index page", "http://h.org/issues/index.html", "h.org/issues"},
		{"index page at the root", "http://h.org/index.php?option=com_content&id=5", "h.org/?id=5&option=com_content"},
		{"default page", "http://h.org/News/Default.aspx", "h.org/News"},
		{"other page kept", "http://h.org/issues/83.html", "h.org/issues/83.html"},
		// What names no other page (variants.go).
		{"session id", "http://h.org/index.php?PHPSESSID=0a1b&option=com_content&id=5", "h.org/?id=5&option=com_content"},
		{"session path parameter", "http://h.org/news/item.jsp;jsessionid=0A1B2C3D?id=5", "h.org/news/item.jsp?id=5"},
		{"cookieless session segment", "http://h.org/(S(lit3py55t21z5v55vlm25s55))/Contact.aspx", "h.org/Contact.aspx"},
		{"cookieless segments under an application", "http://h.org/app/(A(x-Y_1)S(abc123xyz)F(0A1B))/News.aspx?page=2", "h.org/app/News.aspx?page=2"},
		{"cookieless segment escaped", "http://h.org/%28S%28abc123xyz%29%29/", "h.org/"},
		{"cookieless segment at the root", "http://h.org/(S(abc123xyz))", "h.org/"},
		{"parenthesised segment kept", "http://h.org/wiki/(S(x))y", "h.org/wiki/(S(x))y"},
		{"other path parameter kept", "http://h.org/a;v=2", "h.org/a;v=2"},
		{"trackers", "http://h.org/post/7?utm_source=x&UTM_MEDIUM=y&fbclid=IwAR1", "h.org/post/7"},
		{"sort order", "http://h.org/news?page=2&orderby=title&order=desc", "h.org/news?page=2"},
		{"an order that is a number kept", "http://h.org/issue?order=5", "h.org/issue?order=5"},
		{"hex sid", "http://h.org/forum?sid=0123456789abcdef0123&t=4", "h.org/forum?t=4"},
		{"short sid kept", "http://h.org/section?sid=12", "h.org/section?sid=12"},
		{"search kept", "http://h.org/?s=dialogue", "h.org/?s=dialogue"},
		{"print copy", "http://h.org/index.php?id=5&print=1&tmpl=component", "h.org/?id=5"},
		{"amp query", "http://h.org/post/7/?amp=1", "h.org/post/7"},
		{"amp path", "http://h.org/2025/11/post-3/amp/", "h.org/2025/11/post-3"},
		{"amp alone is a page", "http://h.org/amp/", "h.org/amp"},
		{"format that is no copy kept", "http://h.org/news.php?id=5&format=feed", "h.org/news.php?format=feed&id=5"},
		// What a WordPress install with its usual plugins writes for a post
		// it serves at another address. main kept Jetpack's share links (a
		// redirect to the service) and the PDF copies as pages of their own,
		// and folded the post whose slug is "print" into its month's
		// archive (lost).
		{"share link", "http://h.org/2025/11/seminar-3/?share=facebook&nb=1", "h.org/2025/11/seminar-3"},
		{"share link, nb first", "http://h.org/2025/11/seminar-3/?nb=1&share=jetpack-whatsapp", "h.org/2025/11/seminar-3"},
		{"share that is a number kept", "http://h.org/stock.php?share=5", "h.org/stock.php?share=5"},
		{"nb without a share kept", "http://h.org/list.php?nb=1", "h.org/list.php?nb=1"},
		{"pdf copy", "http://h.org/2025/11/seminar-3/?format=pdf", "h.org/2025/11/seminar-3"},
		{"pdf output", "http://h.org/2025/11/seminar-3/?output=pdf", "h.org/2025/11/seminar-3"},
		{"print path copy", "http://h.org/2025/11/seminar-3/print/", "h.org/2025/11/seminar-3"},
		{"a post named print", "http://h.org/2025/11/print/", "h.org/2025/11/print"},
		{"a post named amp, by day", "http://h.org/2025/11/30/amp/", "h.org/2025/11/30/amp"},
		{"a post named print, by year", "http://h.org/2025/print/", "h.org/2025/print"},
		{"a listing's page named amp", "http://h.org/page/2/amp/", "h.org/page/2/amp"},
		{"the print post's own print copy", "http://h.org/2025/11/print/print/", "h.org/2025/11/print"},
		{"a post named amp-ceremony", "http://h.org/2025/11/amp-ceremony/", "h.org/2025/11/amp-ceremony"},
		{"drupal's print copy", "http://h.org/node/8/print", "h.org/node/8"},
		{"wordpress's alternate cron", "http://h.org/2025/11/post-3/?doing_wp_cron=1733212345.6789012345", "h.org/2025/11/post-3"},
		{"jquery's cache-buster", "http://h.org/news?_=1733212345678&page=2", "h.org/news?page=2"},
		{"a parameter named _ that is no time", "http://h.org/news?_=5", "h.org/news?_=5"},
		{"an arabic slug in NFD", "http://h.org/%D8%A7%D9%94%D8%AE%D8%A8%D8%A7%D8%B1", "h.org/%D8%A3%D8%AE%D8%A8%D8%A7%D8%B1"},
		{"an arabic slug in NFD, raw and mixed case", "http://h.org/أ%d8%ae%D8%A8%d8%a7%D8%B1", "h.org/%D8%A3%D8%AE%D8%A8%D8%A7%D8%B1"},
		{"an arabic query value in NFD", "http://h.org/?s=%D9%85%D9%88%D9%94%D8%AA%D9%85%D8%B1", "h.org/?s=%D9%85%D8%A4%D8%AA%D9%85%D8%B1"},
		{"an arabic query value in NFD, raw, beside another", "http://h.org/search?page=2&s=" + norm.NFD.String("مؤتمر"), "h.org/search?page=2&s=%D9%85%D8%A4%D8%AA%D9%85%D8%B1"},
		{"an arabic query value in NFC, lower-case escapes", "http://h.org/search?s=%d9%85%d8%a4%d8%aa%d9%85%d8%b1&page=2", "h.org/search?page=2&s=%D9%85%D8%A4%D8%AA%D9%85%D8%B1"},
		{"an arabic query name in NFD", "http://h.org/search?" + norm.NFD.String("مؤتمر") + "=1", "h.org/search?%D9%85%D8%A4%D8%AA%D9%85%D8%B1=1"},
		{"an arabic host", "http://www.حوار.example/", "xn--mgbln4g.example/"},
		{"wordpress's embed copy", "http://h.org/2025/11/seminar-3/embed/", "h.org/2025/11/seminar-3"},
		{"wordpress's trackback address", "http://h.org/2025/11/seminar-3/trackback/", "h.org/2025/11/seminar-3"},
		{"a post named trackback", "http://h.org/2025/11/trackback/", "h.org/2025/11/trackback"},
		// Drupal's login link returns to the page it is on (destination=, a
		// path): one login page, not one a node. Joomla links one article
		// under every menu that lists it, each with its own Itemid, and
		// with or without its category and its slug: one article. main
		// fetched each.
		{"drupal's way back", "http://h.org/user/login?destination=node/12%23comment-form", "h.org/user/login"},
		{"drupal's way back, escaped", "http://h.org/user/login?destination=%2Far%2Fnews%2Fslug", "h.org/user/login"},
		{"a destination that is no path kept", "http://h.org/trips?destination=paris", "h.org/trips?destination=paris"},
		{"joomla article", "http://h.org/index.php?option=com_content&view=article&id=5:seminar-5&catid=8:news&Itemid=101", "h.org/?id=5&option=com_content&view=article"},
		{"joomla article, other menu", "http://h.org/index.php?Itemid=117&option=com_content&view=article&id=5", "h.org/?id=5&option=com_content&view=article"},
		{"joomla article, escaped slug", "http://h.org/index.php?option=com_content&view=article&id=5%3Aseminar-5&Itemid=9", "h.org/?id=5&option=com_content&view=article"},
		{"joomla category keeps its menu", "http://h.org/index.php?option=com_content&view=category&id=8&Itemid=101", "h.org/?Itemid=101&id=8&option=com_content&view=category"},
		{"joomla menu item kept", "http://h.org/index.php?Itemid=101", "h.org/?Itemid=101"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Canonicalize(tt.in)
			if err != nil {
				t.Fatalf("Canonicalize(%q): %v", tt.in, err)
			}
			if got != tt.want {
				t.Errorf("Canonicalize(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestCanonicalize_errors(t *testing.T) {
	tests := []struct {
		in   string
		want error
	}{
		{"mailto:info@hewariraq.com", ErrNotHTTP},
		{"javascript:alert(1)", ErrNotHTTP},
		{"ftp://h.org/a", ErrNotHTTP},
		{"data:text/html,hi", ErrNotHTTP},
		{"/relative/path", ErrNotHTTP},
		{"http:///nohost", ErrNoHost},
	}
	for _, tt := range tests {
		if _, err := Canonicalize(tt.in); !errors.Is(err, tt.want) {
			t.Errorf("Canonicalize(%q) error %v, want %v", tt.in, err, tt.want)
		}
	}
	if _, err := Canonicalize("http://h.org/%zz"); err == nil {
		t.Error("bad escape accepted")
	}
}

// FuzzCanonicalize checks that a key is a fixed point: canonicalizing the
// key (as an http URL) gives the key back, and that nothing panics.
func FuzzCanonicalize(f *testing.F) {
	for _, s := range []string{
		"https://www.hewariraq.com/post/468/%D9%85%D8%AF%D9%8A%D8%B1/#x",
		"http://hewariraq.com/main/مدير/?b=2&a=1",
		"http://127.0.0.1:8080/en/post/708/dialog",
		"http://h.org/a/../b/./c//d?q=a%20b+c",
		"http://[::1]:80/%7e",
		"https://ÉXAMPLE.org/a%2fb",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		key, err := Canonicalize(raw)
		if err != nil {
			return
		}
		again, err := Canonicalize("http://" + key)
		if err != nil {
			t.Fatalf("key %q of %q does not canonicalize: %v", key, raw, err)
		}
		if again != key {
			t.Fatalf("not a fixed point: %q -> %q -> %q", raw, key, again)
		}
		if u, err := url.Parse("https://" + key); err != nil || u.Fragment != "" {
			t.Fatalf("key %q is not a URL without fragment: %v", key, err)
		}
	})
}

func TestWithoutSession(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"http://h.org/(S(lit3py55t21z5v55vlm25s55))/News.aspx?page=2", "http://h.org/News.aspx?page=2"},
		{"http://h.org/app/(A(x)F(y))/a.aspx", "http://h.org/app/a.aspx"},
		{"http://h.org/item.jsp;jsessionid=0A1B?id=5&PHPSESSID=ab", "http://h.org/item.jsp?id=5"},
		{"http://h.org/post/7/amp/?utm_source=x", "http://h.org/post/7/amp/?utm_source=x"}, // no session: as written
		{"http://h.org/%zz", "http://h.org/%zz"},
	} {
		if got := WithoutSession(tt.in); got != tt.want {
			t.Errorf("WithoutSession(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
