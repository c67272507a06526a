package crawler

import (
	"errors"
	"net/url"
	"testing"
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
