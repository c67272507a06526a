package wayback

import (
	"testing"
)

// FuzzCDXAnswer: any bytes a CDX server may send (the JSON array, plain
// text, JSON lines, or garbage) give rows that are each a well-formed,
// unrepeated capture, or an error; never a panic.
func FuzzCDXAnswer(f *testing.F) {
	f.Add([]byte(`[["urlkey","timestamp","original","mimetype","statuscode","digest","length"],` +
		`["com,hewariraq)/en/post/708","20190301093000","https://hewariraq.com/en/post/708","text/html","200","AAAA","2048"],[],["next%21"]]`))
	f.Add([]byte("com,hewariraq)/en/post/708 20190601093000 https://hewariraq.com/en/post/708 warc/revisit - AAAA 512\n\nnext%21\n"))
	f.Add([]byte(`{"urlkey":"com,hewariraq)/","timestamp":"20190301093000","url":"https://hewariraq.com/","mime":"text/html","status":"200","digest":"A","length":"1"}` + "\nkey\n"))
	f.Add([]byte("[[]]"))
	f.Fuzz(func(t *testing.T, data []byte) {
		var st ListStats
		rows, _, err := parseAnswer(data, &st, map[string]bool{})
		if err != nil {
			return
		}
		seen := map[string]bool{}
		for _, r := range rows {
			if _, ok := parseRow([]string{r.URLKey, r.Timestamp, r.Original, r.MimeType, r.StatusCode, r.Digest, r.Length}); !ok {
				t.Fatalf("row %+v is not well-formed", r)
			}
			id := r.Timestamp + " " + r.Original
			if seen[id] {
				t.Fatalf("row %s twice", id)
			}
			seen[id] = true
		}
	})
}
