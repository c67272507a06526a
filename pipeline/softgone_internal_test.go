package pipeline

import "testing"

// A title that says only that the page is not found, in English or
// Arabic, and none that says more.
func TestBareNotFound(t *testing.T) {
	for _, tc := range []struct {
		title string
		want  bool
	}{
		{"Page not found", true},
		{"404 Not Found", true},
		{"Oops! That page can't be found.", true},
		{"Oops! That page can’t be found.", true}, // WordPress's own apostrophe (U+2019)
		{"This page doesn’t exist", true},
		{"Error 404", true},
		{"This page does not exist", true},
		{"الصفحة غير موجودة", true},
		{"عذراً، الصفحة المطلوبة غير موجودة", true},
		{"Error 404: the lost manuscripts", false},
		{"Why the ministry's files were not found", false},
		{"Page not found – Iraqi Institute for Dialogue", false}, // the site's name: only when the site's titles carry it
		{"الوثائق غير موجودة في الأرشيف", false},
		{"Not", false},
		{"", false},
	} {
		if got := bareNotFound(tc.title); got != tc.want {
			t.Errorf("bareNotFound(%q) = %v; want %v", tc.title, got, tc.want)
		}
	}
}

// The site's name beside a bare "not found" is known from two other
// titles of the site, on either side; one title is not enough, and a
// title that says more is never one.
func TestSoftGones_OnlyNotFound(t *testing.T) {
	s := newSoftGones()
	s.learn("hewariraq.com", "Seminars – Hewar")
	if s.onlyNotFound("hewariraq.com", "Page not found – Hewar") {
		t.Error("one other title made Hewar the site's name")
	}
	s.learn("hewariraq.com", "About us – Hewar")
	s.learn("hewariraq.com", "حوار | الندوات")
	s.learn("hewariraq.com", "حوار | من نحن")
	for title, want := range map[string]bool{
		"Page not found – Hewar":                   true,
		"حوار | الصفحة غير موجودة":                 true,
		"Error 404 – the lost manuscripts – Hewar": false,
		"Page not found – Other site":              false,
	} {
		if got := s.onlyNotFound("hewariraq.com", title); got != want {
			t.Errorf("onlyNotFound(%q) = %v; want %v", title, got, want)
		}
	}
	if s.onlyNotFound("example.org", "Page not found – Hewar") {
		t.Error("another site's name")
	}
}
