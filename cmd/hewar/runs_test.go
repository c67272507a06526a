package main

import (
	"encoding/json"
	"strings"
	"testing"
)

// hewar status and hewar history name a run as the web view does
// (web.NameRun): the demo archive's last run is its Wayback backfill, and
// post 708's first version came from it. Before, status said "last import
// 4" and history "crawl 4", as if the backfill were a crawl.
func TestRuns_namedAsTheViewNamesThem(t *testing.T) {
	db := demoArchive(t)
	const backfill = "Wayback backfill #4 (hewariraq.com/*)"
	r := hewarCmd(t, "status", "--db", db)
	if first, _, _ := strings.Cut(r.stdout, "\n"); r.code != 0 || !strings.Contains(first, "; last "+backfill+" finished ") {
		t.Errorf("status: %v; want its first line to name the last run %q", r, backfill)
	}
	r = hewarCmd(t, "status", "--db", db, "--json")
	var rep struct {
		LastRun   string `json:"last_run"`
		LastCrawl struct {
			ID   int64  `json:"id"`
			Kind string `json:"kind"`
		} `json:"last_crawl"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &rep); err != nil || rep.LastRun != backfill || rep.LastCrawl.ID != 4 || rep.LastCrawl.Kind != "import" {
		t.Errorf("status --json: last_run %q, last_crawl %+v (%v); want %q beside the row", rep.LastRun, rep.LastCrawl, err, backfill)
	}
	r = hewarCmd(t, "history", "--db", db, "hewariraq.com/en/post/708")
	lines := strings.Split(r.stdout, "\n")
	if r.code != 0 || len(lines) < 3 || !strings.HasPrefix(strings.TrimSpace(lines[1]), "v1 ") || !strings.HasSuffix(lines[1], "  "+backfill) ||
		!strings.HasSuffix(lines[2], "  crawl #2") {
		t.Errorf("history: %v; want v1 from %q, v2 from crawl #2", r, backfill)
	}
}

// hewar changes ends with a line that names the run and the time its
// changes are of, an empty answer too: without --crawl or --since, the
// latest run's. Before, "no changes" alone, and counts without the run.
func TestChanges_namesWhatItShows(t *testing.T) {
	db := demoArchive(t)
	for _, tc := range []struct {
		args []string
		last string
	}{
		{nil, "3 added, 0 modified, 0 removed in Wayback backfill #4 (hewariraq.com/*); 1 listing changed (hewar changes --kind listing)"},
		{[]string{"--crawl", "2"}, "1 added, 2 modified, 1 removed in crawl #2; 2 listings changed (hewar changes --kind listing)"},
		{[]string{"--crawl", "3"}, "no changes in crawl #3"},
		{[]string{"--since", "2030-01-01"}, "no changes since 2030-01-01 00:00:00Z"},
		{[]string{"--crawl", "1", "--since", "2030-01-01"}, "no changes in crawl #1 since 2030-01-01 00:00:00Z"},
	} {
		r := hewarCmd(t, append([]string{"changes", "--db", db}, tc.args...)...)
		lines := strings.Split(strings.TrimSuffix(r.stdout, "\n"), "\n")
		if r.code != 0 || lines[len(lines)-1] != tc.last {
			t.Errorf("hewar changes %s: %v; want it to end with %q", strings.Join(tc.args, " "), r, tc.last)
		}
	}
}
