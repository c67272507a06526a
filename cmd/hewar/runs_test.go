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
