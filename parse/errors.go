package parse

import "errors"

// Sentinel errors returned by Parse. Callers test them with errors.Is.
var (
	// ErrEmpty means the body has no bytes, or only white space.
	ErrEmpty = errors.New("empty page")
	// ErrNotHTML means the content type or the bytes say the page is not HTML.
	ErrNotHTML = errors.New("not an HTML page")
)
