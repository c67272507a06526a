package crawler

import (
	"context"
	"testing"
)

// commitSink is a CommitSink over a MemoryFrontier: it applies the links and
// the done keys itself, as the archive does in one transaction.
type commitSink struct {
	linkSink
	f     *MemoryFrontier
	saves int // calls of Save (robots.txt only, when SaveCommit exists)
}

func (s *commitSink) Save(ctx context.Context, c *Capture) ([]string, error) {
	s.saves++
	return s.linkSink.Save(ctx, c)
}

func (s *commitSink) SaveCommit(ctx context.Context, c *Capture, admit func([]string) []Item, done []string) error {
	links, _ := s.linkSink.Save(ctx, c)
	if err := s.f.Add(ctx, admit(links)); err != nil {
		return err
	}
	for _, k := range done {
		if err := s.f.Done(ctx, k); err != nil {
			return err
		}
	}
	return nil
}

func TestCrawler_Run_commitSink(t *testing.T) {
	srv := serve(t, treeSite(60))
	cfg := testConfig(srv.URL + "/p/0")

	plain := &linkSink{}
	mustRun(t, cfg, NewMemoryFrontier(), plain)
	want := captureKeys(t, plain)

	f := NewMemoryFrontier()
	cs := &commitSink{f: f}
	mustRun(t, cfg, f, cs)
	if got := captureKeys(t, &cs.linkSink); !equalStrings(got, want) {
		t.Errorf("with a CommitSink the crawl captured\n got %q\nwant %q", got, want)
	}
	// Pages go through SaveCommit only; Save is left to robots.txt.
	if cs.saves > 1 {
		t.Errorf("Save called %d times; want only robots.txt's", cs.saves)
	}
	if p, c, _ := f.Len(); p != 0 || c != 0 {
		t.Errorf("frontier left %d pending, %d claimed", p, c)
	}
}
