package pagetest

import (
	"fmt"
	"reflect"
	"strings"

	"github.com/hewar-archive/hewar/parse"
)

// Diff is one field of the Document that came out different. Path names it
// as the JSON does: "title", "qa[3].answer" (1-based, as warnings count
// pairs), "comments[2].author", "links" for the list of links. Want and Got
// are the values as JSON would print them, "" when absent.
type Diff struct {
	Path string
	Want string
	Got  string
}

// Compare lists the fields of got that differ from want, in the Document's
// field order. Lists are compared item by item; a missing item compares
// with nothing. parser.version is not compared: it says which parser made
// the saved Document, not what the page says, and a new parser that reads
// the page the same way passes (as content_hash leaves the parser out).
func Compare(want, got *parse.Document) []Diff {
	var out []Diff
	compare(&out, "", reflect.ValueOf(want), reflect.ValueOf(got))
	return out
}

func compare(out *[]Diff, path string, a, b reflect.Value) {
	if a.Kind() == reflect.Pointer || b.Kind() == reflect.Pointer {
		switch {
		case isNil(a) && isNil(b):
			return
		case isNil(a) || isNil(b):
			*out = append(*out, Diff{Path: path, Want: show(a), Got: show(b)})
			return
		}
		compare(out, path, a.Elem(), b.Elem())
		return
	}
	switch a.Kind() {
	case reflect.Struct:
		t := a.Type()
		for i := 0; i < t.NumField(); i++ {
			name, _, _ := strings.Cut(t.Field(i).Tag.Get("json"), ",")
			if name == "" || name == "-" {
				continue
			}
			p := name
			if path != "" {
				p = path + "." + name
			}
			if p == "parser.version" {
				continue
			}
			compare(out, p, a.Field(i), b.Field(i))
		}
	case reflect.Slice:
		if a.Type().Elem().Kind() == reflect.String && path == "links" {
			if !reflect.DeepEqual(a.Interface(), b.Interface()) {
				*out = append(*out, Diff{Path: path, Want: show(a), Got: show(b)})
			}
			return
		}
		n := max(a.Len(), b.Len())
		for i := 0; i < n; i++ {
			p := fmt.Sprintf("%s[%d]", path, i+1)
			switch {
			case i >= a.Len():
				*out = append(*out, Diff{Path: p, Got: show(b.Index(i))})
			case i >= b.Len():
				*out = append(*out, Diff{Path: p, Want: show(a.Index(i))})
			default:
				compare(out, p, a.Index(i), b.Index(i))
			}
		}
	default:
		if !reflect.DeepEqual(a.Interface(), b.Interface()) {
			*out = append(*out, Diff{Path: path, Want: show(a), Got: show(b)})
		}
	}
}

func isNil(v reflect.Value) bool {
	return !v.IsValid() || v.Kind() == reflect.Pointer && v.IsNil()
}

// show prints a value for a diff: strings as they are, anything else as Go
// would print it.
func show(v reflect.Value) string {
	if isNil(v) {
		return ""
	}
	if v.Kind() == reflect.Pointer {
		v = v.Elem()
	}
	if v.Kind() == reflect.String {
		return v.String()
	}
	return fmt.Sprintf("%+v", v.Interface())
}
