package warc

import (
	"bytes"
	"encoding/json"
	"fmt"
	"time"
)

// Page is one page of the file that a viewer should list: the warcinfo
// record names them in a json-metadata field (Webrecorder's convention),
// which ReplayWeb.page reads to show a list of pages for a plain WARC.
type Page struct {
	ID    string    // unique within the file
	URL   string    // WARC-Target-URI of the page's response record
	Date  time.Time // its WARC-Date
	Title string
}

// jsonMetadata is the value of the warcinfo field json-metadata: a
// collection title and description, and the pages with the 17-digit
// timestamp of their record (Timestamp17), so that a viewer matches each
// page with its response record to the millisecond. "" when there is
// nothing to say.
func jsonMetadata(info Info) string {
	if len(info.Pages) == 0 && info.Title == "" {
		return ""
	}
	type page struct {
		ID        string `json:"id,omitempty"`
		URL       string `json:"url"`
		Timestamp string `json:"timestamp"`
		Title     string `json:"title,omitempty"`
	}
	meta := struct {
		Type  string `json:"type"`
		Title string `json:"title,omitempty"`
		Desc  string `json:"desc,omitempty"`
		Pages []page `json:"pages,omitempty"`
	}{Type: "collection", Title: info.Title, Desc: info.Description}
	for _, p := range info.Pages {
		meta.Pages = append(meta.Pages, page{ID: p.ID, URL: p.URL, Timestamp: Timestamp17(p.Date), Title: p.Title})
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(meta) // plain strings: cannot fail
	return string(bytes.TrimSuffix(b.Bytes(), []byte("\n")))
}

// Timestamp17 is a CDXJ timestamp to the millisecond (YYYYMMDDhhmmssSSS),
// which the CDXJ specification allows and ReplayWeb.page reads: the
// precision of hewar's WARC-Date.
func Timestamp17(t time.Time) string {
	u := t.UTC()
	return u.Format("20060102150405") + fmt.Sprintf("%03d", u.Nanosecond()/int(time.Millisecond))
}
