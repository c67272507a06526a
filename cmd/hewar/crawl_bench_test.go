package main

import (
	"context"
	"io"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"syscall"
	"testing"
	"time"

	"github.com/hewar-archive/hewar/crawler/collybaseline"
	"github.com/hewar-archive/hewar/fixtures"
)

// The crawl benchmarks run the whole pipeline (fetch, parse, archive) of
// `hewar crawl` on a synthetic site served on loopback with no delay, against
// bare colly and Debian's wget fetching the same site with the same
// parallelism (wget has none: it fetches one page at a time). They report
// pages/s of each and hewar's ratio to the others:
//
//	go test -tags sqlite_fts5 -run '^$' -bench 'CrawlPipeline|CrawlPeakRSS' -benchtime 1x ./cmd/hewar/
//
// HEWAR_BENCH_POSTS changes the site's size (default 5000 posts).
const benchParallel = 16

func benchPosts(def int) int {
	if n, err := strconv.Atoi(os.Getenv("HEWAR_BENCH_POSTS")); err == nil && n > 0 {
		return n
	}
	return def
}

func syntheticServer(b *testing.B, posts int) (*fixtures.Synthetic, string) {
	site := fixtures.NewSynthetic(posts, 7, fixtures.WithCrawlDelay(0))
	srv := httptest.NewServer(site)
	b.Cleanup(srv.Close)
	return site, srv.URL
}

func BenchmarkCrawlPipeline(b *testing.B) {
	site, base := syntheticServer(b, benchPosts(5000))
	seeds := []string{base + "/", base + "/en/"}
	var hewarRate, collyRate, wgetRate float64
	for b.Loop() {
		dir := b.TempDir()
		before := site.Served()
		start := time.Now()
		opts := &crawlOptions{db: filepath.Join(dir, "bench.db"), seeds: seeds, parallel: benchParallel,
			userAgent: "hewar-bench", quiet: true, logf: func(string, ...any) {}}
		sum, err := doCrawl(context.Background(), env{stdout: io.Discard, stderr: io.Discard}, opts)
		if err != nil {
			b.Fatal(err)
		}
		if sum.Counts.Failed > 0 {
			b.Fatalf("hewar: %d failed fetches", sum.Counts.Failed)
		}
		hewarRate = float64(site.Served()-before) / time.Since(start).Seconds()

		pages, d, err := collybaseline.Crawl(seeds, benchParallel, true)
		if err != nil {
			b.Fatal(err)
		}
		collyRate = float64(pages) / d.Seconds()

		if wget, err := exec.LookPath("wget"); err == nil {
			before, start := site.Served(), time.Now()
			cmd := exec.Command(wget, "--mirror", "--no-verbose", "-e", "robots=on", "--warc-file="+filepath.Join(dir, "wget"),
				"--directory-prefix="+filepath.Join(dir, "mirror"), "--timeout=10", "--tries=1", seeds[0], seeds[1])
			if out, err := cmd.CombinedOutput(); err != nil && cmd.ProcessState.ExitCode() != 8 {
				b.Fatalf("wget: %v\n%s", err, lastBytes(out, 500))
			}
			wgetRate = float64(site.Served()-before) / time.Since(start).Seconds()
		}
	}
	b.ReportMetric(hewarRate, "hewar_pages/s")
	b.ReportMetric(collyRate, "colly_pages/s")
	b.ReportMetric(hewarRate/collyRate, "hewar/colly")
	if wgetRate > 0 {
		b.ReportMetric(wgetRate, "wget_pages/s")
		b.ReportMetric(hewarRate/wgetRate, "hewar/wget")
	}
}

// BenchmarkCrawlPeakRSS runs `hewar crawl` as a subprocess (this test binary
// as main) on synthetic sites of growing size and reports its peak resident
// memory, which must stay flat as the site grows.
func BenchmarkCrawlPeakRSS(b *testing.B) {
	sizes := []int{5000, 50000}
	if n := benchPosts(0); n > 0 {
		sizes = []int{n}
	}
	for _, posts := range sizes {
		b.Run(strconv.Itoa(posts), func(b *testing.B) {
			_, base := syntheticServer(b, posts)
			var peakMB float64
			for b.Loop() {
				db := filepath.Join(b.TempDir(), "rss.db")
				cmd := exec.Command(os.Args[0], "crawl", "--db", db, "--seed", base+"/", "--seed", base+"/en/",
					"--delay", "0", "--parallel", strconv.Itoa(benchParallel), "--quiet")
				cmd.Env = append(os.Environ(), "HEWAR_TEST_AS_MAIN=1")
				if out, err := cmd.CombinedOutput(); err != nil {
					b.Fatalf("hewar crawl: %v\n%s", err, lastBytes(out, 500))
				}
				ru := cmd.ProcessState.SysUsage().(*syscall.Rusage)
				peakMB = float64(ru.Maxrss) / 1024 // Linux reports kilobytes
			}
			b.ReportMetric(peakMB, "peak_RSS_MB")
		})
	}
}

func lastBytes(b []byte, n int) []byte {
	if len(b) > n {
		return b[len(b)-n:]
	}
	return b
}
