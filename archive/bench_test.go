package archive_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"fmt"
	"math/rand/v2"
	"net/http"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hewar-archive/hewar/archive"
	"github.com/hewar-archive/hewar/fixtures"
	"github.com/hewar-archive/hewar/parse"
)

// synthPage is one page of the synthetic site, parsed once: its content does
// not change between renders, only the header clock does.
type synthPage struct {
	url string
	doc *parse.Document
}

func synthSite(tb testing.TB, posts int, opts ...fixtures.Option) (*fixtures.Synthetic, []synthPage) {
	tb.Helper()
	s := fixtures.NewSynthetic(posts, 1, opts...)
	var pages []synthPage
	for p := range s.URLs() {
		u := "http://127.0.0.1" + p
		status, hdr, body := s.Render(p, t0)
		if status != 200 {
			continue
		}
		doc, err := parse.Parse(u, hdr.Get("Content-Type"), body, t0)
		if err != nil {
			doc = nil
		}
		pages = append(pages, synthPage{url: u, doc: doc})
	}
	return s, pages
}

// synthCapture renders a page at time at, as the crawler would hand it over.
func synthCapture(s *fixtures.Synthetic, u string, at time.Time) (*archive.Capture, int) {
	path := u[len("http://127.0.0.1"):]
	status, hdr, body := s.Render(path, at)
	hdr.Set("Date", at.UTC().Format(http.TimeFormat))
	names := make([]string, 0, len(hdr))
	for k := range hdr {
		names = append(names, k)
	}
	sort.Strings(names)
	c := &archive.Capture{
		RequestURL: u, FinalURL: u, Method: "GET", Proto: "HTTP/1.1",
		RequestHeaders: []archive.Header{
			{Name: "User-Agent", Value: "hewar/0.1 (+mailto:archivist@example.org)"},
			{Name: "Accept", Value: "text/html,application/xhtml+xml"},
			{Name: "Accept-Encoding", Value: "gzip"},
		},
		Status: status, StatusLine: fmt.Sprintf("HTTP/1.1 %d %s", status, http.StatusText(status)),
		Body: body, FetchedAt: at, Duration: 35 * time.Millisecond, ContentType: hdr.Get("Content-Type"),
	}
	raw := len(body) + len(c.StatusLine) + 2
	for _, k := range names {
		for _, v := range hdr[k] {
			c.Headers = append(c.Headers, archive.Header{Name: k, Value: v})
			raw += len(k) + len(v) + 4
		}
	}
	return c, raw
}

func fileSize(tb testing.TB, db *archive.DB, path string) int64 {
	tb.Helper()
	if _, err := db.SQLDB().Exec(`PRAGMA wal_checkpoint(TRUNCATE)`); err != nil {
		tb.Fatal(err)
	}
	fi, err := os.Stat(path)
	if err != nil {
		tb.Fatal(err)
	}
	return fi.Size()
}

func gzipLen(b []byte) int64 {
	var buf bytes.Buffer
	w := gzip.NewWriter(&buf)
	w.Write(b)
	w.Close()
	return int64(buf.Len())
}

// BenchmarkIngest measures storing captures of the synthetic site (parsing
// is done beforehand: this is the archive's own rate).
func BenchmarkIngest(b *testing.B) {
	ctx := context.Background()
	s, pages := synthSite(b, 300)
	db := MustOpenDB(b)
	crawl := MustBeginCrawl(b, db)
	caps := make([]*archive.Capture, b.N)
	for i := range caps {
		// Each pass over the site is a later crawl: the clock differs, the content does not.
		caps[i], _ = synthCapture(s, pages[i%len(pages)].url, t0.Add(time.Duration(i)*time.Second))
	}
	b.ResetTimer()
	start := time.Now()
	for i := 0; i < b.N; i++ {
		if _, err := db.Ingest(ctx, crawl, caps[i], pages[i%len(pages)].doc, ""); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "captures/s")
}

// BenchmarkIngestFirst measures storing the first capture of each page of
// the synthetic site (parsing done beforehand) from 8 goroutines, as a
// crawl with --parallel 8 does: a first crawl's write path (a new document,
// version, Q&A and index entry per page), group-committed. cpu-ms/capture
// is the process's CPU time over the same span (Linux): on shared cores it
// counts the work, where captures/s counts the other processes too.
//
//	go test -tags sqlite_fts5 -run '^$' -bench 'Ingest' -benchtime 3x ./archive/
func BenchmarkIngestFirst(b *testing.B) {
	ctx := context.Background()
	s, pages := synthSite(b, 2000)
	var total int
	var elapsed, cpu time.Duration
	for b.Loop() {
		b.StopTimer()
		db := MustOpenDB(b)
		crawl := MustBeginCrawl(b, db)
		caps := make([]*archive.Capture, len(pages))
		for i, p := range pages {
			caps[i], _ = synthCapture(s, p.url, t0.Add(time.Duration(i)*time.Second))
		}
		b.StartTimer()
		start := time.Now()
		cpu0, _ := processCPU()
		var wg sync.WaitGroup
		next := make(chan int)
		for range 8 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := range next {
					if _, err := db.Ingest(ctx, crawl, caps[i], pages[i].doc, ""); err != nil {
						b.Error(err)
					}
				}
			}()
		}
		for i := range pages {
			next <- i
		}
		close(next)
		wg.Wait()
		elapsed += time.Since(start)
		cpu1, _ := processCPU()
		cpu += cpu1 - cpu0
		total += len(pages)
		b.StopTimer()
		db.Close()
		b.StartTimer()
	}
	b.ReportMetric(float64(total)/elapsed.Seconds(), "captures/s")
	if _, ok := processCPU(); ok {
		b.ReportMetric(float64(cpu.Microseconds())/1000/float64(total), "cpu-ms/capture")
	}
}

// BenchmarkArchiveSize crawls a synthetic site and reports the archive's
// size against the raw bytes fetched (status line, headers, body), and the
// growth of a recrawl that found nothing changed. On the synthetic site:
// a crawl, then the same pages again with only the header clock changed.
// On its text-dense variant (long interviews, where the archive's copy of
// the text weighs most): a crawl, a recrawl in which one answer of every
// interview was edited (a new version of each), then an unchanged recrawl.
//
//	go test -tags sqlite_fts5 -run '^$' -bench ArchiveSize -benchtime 1x ./archive/
func BenchmarkArchiveSize(b *testing.B) {
	b.Run("site=synthetic", func(b *testing.B) { benchArchiveSize(b, 500, []int{0, 0}) })
	b.Run("site=text-dense", func(b *testing.B) { benchArchiveSize(b, 200, []int{0, 1, 1}, fixtures.WithTextDense()) })
}

// benchArchiveSize crawls posts posts once per entry of revisions, at that
// revision of the site (fixtures.WithRevision).
func benchArchiveSize(b *testing.B, posts int, revisions []int, opts ...fixtures.Option) {
	for i := 0; i < b.N; i++ {
		ctx := context.Background()
		path := filepath.Join(b.TempDir(), "size.db")
		// HEWAR_BENCH_DB keeps the archive for a look with sqlite3 (e.g. its dbstat table).
		if keep := os.Getenv("HEWAR_BENCH_DB"); keep != "" {
			path = keep
		}
		db, err := archive.Open(path)
		if err != nil {
			b.Fatal(err)
		}
		empty := fileSize(b, db, path)
		var gzipped int64 // each body gzipped alone, roughly a .warc.gz: for comparison
		crawlOnce := func(s *fixtures.Synthetic, pages []synthPage, at time.Time) int64 {
			crawl := MustBeginCrawl(b, db)
			var raw int64
			for k, p := range pages {
				c, n := synthCapture(s, p.url, at.Add(time.Duration(k)*time.Second))
				raw += int64(n)
				gzipped += gzipLen(c.Body)
				if _, err := db.Ingest(ctx, crawl, c, p.doc, ""); err != nil {
					b.Fatal(err)
				}
			}
			if _, err := db.FinishCrawl(ctx, crawl); err != nil {
				b.Fatal(err)
			}
			return raw
		}
		var raws, sizes []int64
		var npages int
		for k, rev := range revisions {
			s, pages := synthSite(b, posts, append(opts, fixtures.WithRevision(rev))...)
			npages = len(pages)
			raws = append(raws, crawlOnce(s, pages, t0.Add(time.Duration(k)*24*time.Hour)))
			sizes = append(sizes, fileSize(b, db, path)-empty)
			if os.Getenv("HEWAR_BENCH_ONE_CRAWL") != "" {
				break
			}
		}
		db.Close()
		b.ReportMetric(float64(npages), "pages")
		b.ReportMetric(float64(raws[0])/float64(npages)/1024, "KiB/page")
		b.ReportMetric(float64(sizes[0])/float64(raws[0]), "size/raw")
		b.ReportMetric(float64(gzipped)/float64(sum(raws)), "gzip/raw")
		if last := len(sizes) - 1; last > 0 {
			if last > 1 {
				// The crawls before the last, the edited one included.
				b.ReportMetric(float64(sizes[last-1])/float64(sum(raws[:last])), "size/raw_edited")
			}
			grown := sizes[last] - sizes[last-1]
			b.ReportMetric(100*float64(grown)/float64(raws[last]), "regrowth%")
			b.ReportMetric(float64(grown)/float64(npages), "regrowth-B/page")
		}
	}
}

func sum(xs []int64) (n int64) {
	for _, x := range xs {
		n += x
	}
	return n
}

// TestMain removes the archive the history and diff benchmarks share.
func TestMain(m *testing.M) {
	code := m.Run()
	if history10k.path != "" {
		os.RemoveAll(filepath.Dir(history10k.path))
	}
	os.Exit(code)
}

// history10k is an archive of 10,000 documents x 10 versions, built once per process.
var history10k struct {
	once sync.Once
	path string
	err  error
}

const (
	benchDocs     = 10000
	benchVersions = 10
)

func buildHistoryArchive(b *testing.B) string {
	history10k.once.Do(func() {
		dir, err := os.MkdirTemp("", "hewar-bench-")
		if err != nil {
			history10k.err = err
			return
		}
		history10k.path = filepath.Join(dir, "history.db")
		db, err := archive.Open(history10k.path)
		if err != nil {
			history10k.err = err
			return
		}
		defer db.Close()
		ctx := context.Background()
		for v := 0; v < benchVersions; v++ {
			crawl, err := db.BeginCrawl(ctx, nil, nil)
			if err != nil {
				history10k.err = err
				return
			}
			for d := 0; d < benchDocs; d++ {
				qa := make([]string, 0, 24)
				for k := 0; k < 12; k++ {
					answer := fmt.Sprintf("Answer %d of post %d, about the region and its security.", k, d)
					if k <= v {
						answer += fmt.Sprintf(" Edited in version %d.", k+1)
					}
					qa = append(qa, fmt.Sprintf("Question %d of post %d?", k, d), answer)
				}
				doc := interview(fmt.Sprintf("hewariraq.com/en/post/%d", d), fmt.Sprint("Post ", d), qa...)
				u := fmt.Sprintf("http://127.0.0.1/en/post/%d", d)
				at := t0.Add(time.Duration(v)*24*time.Hour + time.Duration(d)*time.Second)
				if _, err := db.Ingest(ctx, crawl, page(u, fmt.Sprintf("<p>post %d version %d</p>", d, v), at), doc, ""); err != nil {
					history10k.err = err
					return
				}
			}
			db.FinishCrawl(ctx, crawl)
		}
	})
	if history10k.err != nil {
		b.Fatal(history10k.err)
	}
	return history10k.path
}

func BenchmarkHistory(b *testing.B) {
	path := buildHistoryArchive(b)
	db, err := archive.OpenReadOnly(path)
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	ctx := context.Background()
	r := rand.New(rand.NewPCG(1, 2))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		key, err := db.ResolveDocKey(ctx, fmt.Sprintf("http://127.0.0.1/en/post/%d", r.IntN(benchDocs)))
		if err != nil {
			b.Fatal(err)
		}
		h, err := db.History(ctx, key)
		if err != nil || len(h.Versions) != benchVersions {
			b.Fatalf("history: %d versions, %v", len(h.Versions), err)
		}
	}
}

func BenchmarkDiff(b *testing.B) {
	path := buildHistoryArchive(b)
	db, err := archive.OpenReadOnly(path)
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	ctx := context.Background()
	r := rand.New(rand.NewPCG(3, 4))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		key, err := db.ResolveDocKey(ctx, fmt.Sprintf("hewariraq.com/en/post/%d", r.IntN(benchDocs)))
		if err != nil {
			b.Fatal(err)
		}
		from := 1 + r.IntN(benchVersions-1)
		d, err := db.Diff(ctx, key, from, benchVersions)
		if err != nil || len(d.Changes) == 0 {
			b.Fatalf("diff: %+v, %v", d, err)
		}
	}
}

// syntheticName is the i-th of many distinct names of people, in Latin
// or Arabic letters: a first name and a family name of two syllables,
// some with an al- before it, as the site writes them.
func syntheticName(i int, arabic bool) string {
	first := []string{"Ahmed", "Ali", "Hassan", "Karim", "Salim", "Mustafa", "Hussein", "Jabbar", "Nouri", "Faleh", "Rasul", "Adel"}
	syl := []string{"ba", "da", "ka", "ma", "na", "sa", "ta", "ra", "ja", "za", "la", "ha", "qa", "fa", "wa", "ga"}
	if arabic {
		first = []string{"أحمد", "علي", "حسن", "كريم", "سليم", "مصطفى", "حسين", "جبار", "نوري", "فالح", "رسول", "عادل"}
		syl = []string{"ب", "د", "ك", "م", "ن", "س", "ت", "ر", "ج", "ز", "ل", "ه", "ق", "ف", "ش", "غ"}
	}
	n := len(syl)
	family := syl[i%n] + syl[i/n%n] + syl[i/n/n%n]
	if arabic {
		family = "ال" + family + "ي"
	} else if i%3 == 0 {
		family = "al-" + strings.ToUpper(family[:1]) + family[1:] + "i"
	} else {
		family = strings.ToUpper(family[:1]) + family[1:] + "i"
	}
	return first[i/(n*n*n)%len(first)] + " " + family
}

// BenchmarkPeopleNewNames measures storing interviews that each name a
// person no document named before, in an archive that already holds
// `held` spellings of people: the cost of comparing a new spelling with
// the ones it may match (name_matches). Compare the sub-benchmarks'
// ns/interview within one run: a new spelling should not cost more
// because the archive knows more people.
//
//	go test -tags sqlite_fts5 -run '^$' -bench PeopleNewNames -benchtime 200x ./archive/
func BenchmarkPeopleNewNames(b *testing.B) {
	for _, held := range []int{500, 2000} {
		b.Run(fmt.Sprintf("held=%d", held), func(b *testing.B) {
			db := MustOpenDB(b)
			c := MustBeginCrawl(b, db)
			at := t0
			add := func(i int) {
				arabic := i%2 == 1
				key := fmt.Sprintf("hewariraq.com/en/post/%d", 10000+i)
				if arabic {
					key = fmt.Sprintf("hewariraq.com/ar/post/%d", 10000+i)
				}
				who := syntheticName(i, arabic)
				d := named(key, "Interview with "+who, "", who)
				at = at.Add(time.Second)
				mustIngest(b, db, c, page(d.URL, d.Title, at), d)
			}
			for i := range held {
				add(i)
			}
			b.ResetTimer()
			start := time.Now()
			for i := 0; i < b.N; i++ {
				add(held + i)
			}
			b.ReportMetric(float64(time.Since(start).Nanoseconds())/float64(b.N), "ns/interview")
		})
	}
}
