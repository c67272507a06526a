package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/hewar-archive/hewar/crawler/collybaseline"
	"github.com/hewar-archive/hewar/fixtures"
)

// The crawl benchmarks run `hewar crawl --delay 0 --parallel 8` on a
// synthetic site served on loopback, against bare colly and Debian's wget
// fetching the same site (wget fetches one page at a time), in the same run.
// The site is served by another process, `hewar replica --synthetic N
// --prerender` (this test binary as main), from pages rendered once into
// memory: a server that costs almost nothing, so that the baseline is really
// the floor. Two colly baselines: bare colly crawling the site by its links
// (collybaseline.Crawl: colly parses every page and every href), and bare
// colly fetching the site's URL list without parsing anything
// (collybaseline.Fetch: the floor of fetching). They report pages/s of each
// and hewar's ratio to the others:
//
//	go test -tags sqlite_fts5 -run '^$' -bench 'CrawlPipeline|CrawlPeakRSS' -benchtime 1x ./cmd/hewar/
//
// HEWAR_BENCH_POSTS changes the site's size (default 5000 posts).
const benchParallel = 8

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

// replicaProcess serves a synthetic site of posts in a child process (this
// test binary as `hewar replica`, with extra flags) and returns its base URL.
func replicaProcess(b *testing.B, posts int, extra ...string) string {
	b.Helper()
	args := append([]string{"replica", "--synthetic", strconv.Itoa(posts), "--seed", "7", "--crawl-delay", "0",
		"--addr", "127.0.0.1:0"}, extra...)
	cmd := exec.Command(os.Args[0], args...)
	cmd.Env = append(os.Environ(), "HEWAR_TEST_AS_MAIN=1")
	out, err := cmd.StdoutPipe()
	if err != nil {
		b.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() {
		cmd.Process.Signal(os.Interrupt)
		cmd.Wait()
	})
	// The URL is printed once the pages are rendered and the port is open.
	line, err := bufio.NewReader(out).ReadString('\n')
	if err != nil {
		b.Fatalf("hewar replica: %v", err)
	}
	return strings.TrimSuffix(strings.TrimSpace(line), "/")
}

func BenchmarkCrawlPipeline(b *testing.B) {
	posts := benchPosts(5000)
	base := replicaProcess(b, posts, "--prerender")
	seeds := []string{base + "/", base + "/en/"}
	var urls []string
	for p := range fixtures.NewSynthetic(posts, 7).URLs() {
		urls = append(urls, base+p)
	}
	var hewarRate, collyRate, floorRate, wgetRate float64
	for b.Loop() {
		dir := b.TempDir()
		start := time.Now()
		cmd := exec.Command(os.Args[0], "crawl", "--db", filepath.Join(dir, "bench.db"), "--seed", seeds[0], "--seed", seeds[1],
			"--delay", "0", "--parallel", strconv.Itoa(benchParallel), "--quiet", "--json")
		cmd.Env = append(os.Environ(), "HEWAR_TEST_AS_MAIN=1")
		out, err := cmd.Output()
		if err != nil {
			b.Fatalf("hewar crawl: %v", err)
		}
		var sum struct {
			Counts struct{ Fetched, Failed int }
		}
		if err := json.Unmarshal(out, &sum); err != nil {
			b.Fatalf("hewar crawl --json: %v", err)
		}
		if sum.Counts.Failed > 0 {
			b.Fatalf("hewar: %d failed fetches", sum.Counts.Failed)
		}
		hewarRate = float64(sum.Counts.Fetched) / time.Since(start).Seconds()

		pages, d, err := collybaseline.Crawl(seeds, benchParallel, true)
		if err != nil {
			b.Fatal(err)
		}
		collyRate = float64(pages) / d.Seconds()

		pages, d, err = collybaseline.Fetch(urls, benchParallel)
		if err != nil {
			b.Fatal(err)
		}
		floorRate = float64(pages) / d.Seconds()

		if wget, err := exec.LookPath("wget"); err == nil {
			start := time.Now()
			cmd := exec.Command(wget, "-r", "-l", "inf", "--no-verbose", "-e", "robots=on", "--warc-file="+filepath.Join(dir, "wget"),
				"--directory-prefix="+filepath.Join(dir, "mirror"), "--timeout=10", "--tries=1", seeds[0], seeds[1])
			out, err := cmd.CombinedOutput()
			if err != nil && cmd.ProcessState.ExitCode() != 8 {
				b.Fatalf("wget: %v\n%s", err, lastBytes(out, 500))
			}
			// --no-verbose prints one line per URL fetched ("... URL:http://... [n/n] -> ..."), robots.txt included.
			wgetRate = float64(bytes.Count(out, []byte(" URL:"))) / time.Since(start).Seconds()
		}
	}
	b.ReportMetric(hewarRate, "hewar_pages/s")
	b.ReportMetric(collyRate, "colly_pages/s")
	b.ReportMetric(hewarRate/collyRate, "hewar/colly")
	b.ReportMetric(floorRate, "fetch_floor_pages/s")
	b.ReportMetric(hewarRate/floorRate, "hewar/fetch_floor")
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
