package crawler

import (
	"slices"
	"testing"
)

func TestContentLinks(t *testing.T) {
	for _, tt := range []struct {
		name, body string
		want       []string
	}{
		{"a sidebar's widgets, a nav and a role", `<header><a href="/">Home</a></header><nav><a href="/n">News</a></nav>
<main><article><header class="entry-header"><h2><a href="/post-1">Post 1</a></h2></header></article></main>
<aside id="secondary" class="widget-area"><section class="widget widget_quote"><a href="/quote/7">Quote</a></section></aside>
<div role="complementary"><a href="/c">c</a></div><div class="site-sidebar"><div><a href="/s">s</a></div></div>
<footer><a href="/about">About</a></footer>`, []string{"/", "/post-1", "/about"}},
		{"a body that says it has a sidebar", `<body class="home right-sidebar has-sidebar"><div class="has-sidebar"><a href="/post-1">1</a></div><div class="sidebar"><a href="/q">q</a></div></body>`,
			[]string{"/post-1"}},
		{"a wrapper of the content and the sidebar", `<div class="sidebar-wrap"><a href="/top">top</a><main><a href="/post-1">1</a></main><aside><a href="/q">q</a></aside><a href="/after">after</a></div>`,
			[]string{"/top", "/post-1", "/after"}},
		{"widgets that are content", `<div class="ui-widget elementor-widget-posts"><a href="/post-1">1</a></div><base href="/sub/"><area href="/map">`,
			[]string{"/post-1", "/map"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got, _ := contentLinks([]byte(tt.body)); !slices.Equal(got, tt.want) {
				t.Errorf("contentLinks = %q, want %q", got, tt.want)
			}
		})
	}
	if _, b := contentLinks([]byte(`<head><base href="/sub/"></head>`)); b != "/sub/" {
		t.Errorf("base href %q, want /sub/", b)
	}
}
