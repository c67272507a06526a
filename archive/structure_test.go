package archive_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/hewar-archive/hewar/archive"
	"github.com/hewar-archive/hewar/parse"
)

// flattened is d as a parser that lost the layout would make it: the same
// words, the turns and the title gone into the body.
func flattened(d *parse.Document) *parse.Document {
	f := *d
	var b []string
	b = append(b, d.Title, d.Intro)
	for _, p := range d.QA {
		b = append(b, p.Question, p.Answer)
	}
	f.Title, f.Intro, f.QA, f.Kind = "", "", nil, parse.KindPage
	f.Body = strings.Join(b, "\n\n")
	f.ContentHash = ""
	return &f
}

func TestIngest_StructureLost(t *testing.T) {
	ctx := context.Background()
	for _, c := range []struct {
		name  string
		next  func(*parse.Document) *parse.Document
		wantW bool
	}{
		{"turns and title gone, text kept", flattened, true},
		{"turns gone and text rewritten", func(d *parse.Document) *parse.Document {
			f := flattened(d)
			f.Body = "A short notice that replaced the interview entirely, with other words."
			return f
		}, false},
		{"one answer edited", func(d *parse.Document) *parse.Document {
			f := *d
			f.QA = append([]parse.QA(nil), d.QA...)
			f.QA[1].Answer = "A different answer now, in other words."
			f.ContentHash = ""
			return &f
		}, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			db := MustOpenDB(t)
			key := "hewariraq.com/en/post/708"
			first := interview(key, "Interview with the head of the service",
				"Where is the region heading after the escalation?", "Even if escalation has become a prevailing language, there are serious trends towards calm.",
				"Is Iraq an ally or a friend of Russia?", "Russia has interests in the region, and Iraq has interests in strengthening its security.",
				"Is Russia interested in reconstruction?", "Russia has good expertise and capabilities, and it is in its interest to participate.")
			crawl1 := MustBeginCrawl(t, db)
			mustIngest(t, db, crawl1, page("http://127.0.0.1/en/post/708", "<p>v1</p>", t0), first)
			crawl2 := MustBeginCrawl(t, db)
			next := c.next(first)
			r := mustIngest(t, db, crawl2, page("http://127.0.0.1/en/post/708", "<div>v2</div>", t0.Add(time.Hour)), next)
			if r.Outcome != archive.OutcomeChanged {
				t.Fatalf("outcome %s", r.Outcome)
			}
			got := queryInt(t, db, `SELECT count(*) FROM warnings w JOIN versions v ON v.id = w.version_id WHERE v.version = 2 AND w.code = 'structure_lost'`)
			if (got == 1) != c.wantW || got > 1 {
				t.Errorf("structure_lost warnings on version 2: %d, want %v", got, c.wantW)
			}
			shown, err := db.Show(ctx, key, 2)
			if err != nil {
				t.Fatal(err)
			}
			inJSON := false
			for _, w := range shown.Document.Warnings {
				inJSON = inJSON || w.Code == archive.WarnStructureLost
			}
			if inJSON != c.wantW {
				t.Errorf("warning in the stored Document: %v, want %v", inJSON, c.wantW)
			}
			evs, err := db.Changes(ctx, archive.ChangesFilter{CrawlID: crawl2})
			if err != nil || len(evs) != 1 || evs[0].StructureLost != c.wantW {
				t.Errorf("changes of crawl 2: %+v, %v", evs, err)
			}
			cr, err := db.Crawl(ctx, crawl2)
			if err != nil || (cr.Counts.StructureLost == 1) != c.wantW {
				t.Errorf("crawl 2 counts: %+v, %v", cr.Counts, err)
			}
		})
	}
}

// TestIngest_HashIsParsesHash: a Document that arrives without a content
// hash gets parse's, the one identity of content.
func TestIngest_HashIsParsesHash(t *testing.T) {
	db := MustOpenDB(t)
	d := interview("hewariraq.com/en/post/9", "A title", "A question?", "An answer that is long enough.")
	d.ContentHash = ""
	mustIngest(t, db, MustBeginCrawl(t, db), page("http://127.0.0.1/en/post/9", "<p>x</p>", t0), d)
	shown, err := db.Show(context.Background(), "hewariraq.com/en/post/9", 0)
	if err != nil {
		t.Fatal(err)
	}
	if want := parse.ContentHash(d); shown.Document.ContentHash != want {
		t.Errorf("stored hash %s, want parse.ContentHash %s", shown.Document.ContentHash, want)
	}
}
