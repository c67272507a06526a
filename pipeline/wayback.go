package pipeline

import (
	"context"
	"encoding/base32"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/hewar-archive/hewar/archive"
	"github.com/hewar-archive/hewar/warc"
	"github.com/hewar-archive/hewar/wayback"
)

// WaybackSummary says what a Wayback backfill did in this run.
type WaybackSummary struct {
	CrawlID           int64 // 0 when the run stored nothing (its crawl row is dropped)
	Resumed           bool  // it took up a run of the same patterns that a kill or an error stopped
	wayback.ListStats       // this run's listing: CDX requests, rows, duplicate and malformed rows skipped
	Queued            int   // captures listed that were not in the queue yet
	Held              int   // captures the archive held already (same URL and second, or same payload in that second): not fetched
	Fetched           int   // id_ requests made
	Repeats           int   // captures with the digest of the URL's capture before: stored from it, not fetched
	Failed            int   // captures that could not be fetched, stored as failed (fetched again by the next run)
	Captures          int   // captures stored
	// Redundant are captures fetched that the archive then held already
	// (a failure fetched again, failing the same way): not stored again.
	Redundant int
	Outcomes  map[string]int
}

// ErrWaybackInterrupted wraps the error that stopped a backfill half-way
// (a signal, the CDX server or the network): its queue stays in the
// archive, and the same command goes on from where it stopped.
var ErrWaybackInterrupted = errors.New("the backfill stopped half-way; run the same command again to go on from there")

// ErrWaybackNothingImported wraps the error that stopped a backfill before
// it had queued or stored anything (a dead or refusing CDX server, most
// often): the run left nothing in the archive, not even a crawl row, and
// its summary's CrawlID is 0.
var ErrWaybackNothingImported = errors.New("nothing imported (no crawl recorded)")

// ImportWayback backfills the archive from the Wayback Machine that c
// talks to: the captures of each URL pattern between from and to (CDX
// timestamps, "" for no bound), with their original capture time, status,
// headers and bytes, and their id_ address as their source. It holds the
// archive's lock (an *archive.LockError when another process writes). Its
// queue lives in the archive, so that a run killed half-way is taken up by
// the next run of the same patterns: it lists the CDX pages not yet listed
// and handles the captures listed and not yet handled. A capture the
// archive holds already is never fetched; one with the digest of the
// URL's capture before it is stored from that one, unfetched; one that
// cannot be fetched is stored as failed. Every capture goes through
// Ingest, as a crawl's does, and takes its place in its document's history
// by its capture time.
//
//	CDX pages --ListPages--> wayback_queue --HoldsCapture? / Fetch--> wayback.Capture --FromWayback--> archive.Capture --Ingest--> archive
func ImportWayback(ctx context.Context, db *archive.DB, c *wayback.Client, patterns []string, from, to, software string, warnf func(string, ...any)) (WaybackSummary, error) {
	sum := WaybackSummary{Outcomes: map[string]int{}}
	release, err := db.AcquireLock(ctx, "hewar import wayback")
	if err != nil {
		return sum, err
	}
	defer release()
	queries := map[string]wayback.Query{}
	var names []string
	for _, p := range patterns {
		q := wayback.Query{URL: p, From: from, To: to}
		queries[c.ListURL(q)] = q
		names = append(names, c.ListURL(q))
	}
	crawlID, resumed, err := db.BeginWayback(ctx, names, map[string]any{"source": "wayback", "patterns": patterns,
		"from": from, "to": to, "queries": names, "software": software})
	if err != nil {
		return sum, err
	}
	sum.Resumed = resumed
	b := &backfill{db: db, c: c, in: Ingester{DB: db, CrawlID: crawlID, Logf: warnf}, sum: &sum}
	b.soft, err = softGonesAsTheyCome(ctx, db)
	if err == nil {
		err = b.list(ctx, crawlID, queries)
	}
	if err == nil {
		err = b.fetch(ctx, crawlID)
	}
	if err == nil {
		err = b.storeWaiting(ctx)
	}
	if err != nil {
		// The queue stays for the next run, unless there is nothing to take
		// up: then the run leaves no crawl row, and names none.
		if !resumed && sum.Queued == 0 {
			dropped, derr := db.DropEmptyCrawl(context.WithoutCancel(ctx), crawlID)
			if derr != nil {
				return sum, derr
			}
			if dropped {
				return sum, fmt.Errorf("import wayback: %w: %w", err, ErrWaybackNothingImported)
			}
		}
		sum.CrawlID = crawlID
		return sum, fmt.Errorf("import wayback: %w: %w", err, ErrWaybackInterrupted)
	}
	sum.CrawlID, err = finishImport(ctx, db, crawlID)
	if err != nil {
		return sum, err
	}
	return sum, nil
}

// backfill is one run of ImportWayback.
type backfill struct {
	db   *archive.DB
	c    *wayback.Client
	in   Ingester
	sum  *WaybackSummary
	soft *softGones   // judges each page that says "not found" as it comes
	keys originalKeys // of the captures stored or held already: for the kept revisits (storeWaiting)
}

// storeWaiting stores, as captures of this run, the revisits imports kept
// (archive.WaitingRevisit) whose originals are among the captures this run
// stored, and deletes their rows.
func (b *backfill) storeWaiting(ctx context.Context) error {
	stored, err := resolveWaiting(ctx, b.db, &b.keys, func(ac *archive.Capture, _ *warc.Capture) error {
		b.soft.admit(heldCapture{c: ac})
		res, err := b.in.Ingest(ctx, ac, nil)
		if err == nil && res.Outcome != archive.OutcomeDuplicate {
			b.sum.Captures++
			b.sum.Outcomes[res.Outcome]++
		}
		return err
	})
	if err != nil {
		return err
	}
	return dropWaiting(ctx, b.db, stored)
}

// list queues the captures of every query not yet listed, a page at a
// time from where its listing stopped.
func (b *backfill) list(ctx context.Context, crawlID int64, queries map[string]wayback.Query) error {
	listings, err := b.db.WaybackListings(ctx, crawlID)
	if err != nil {
		return err
	}
	for _, l := range listings {
		if l.Listed {
			continue
		}
		st, err := b.c.ListPages(ctx, queries[l.Query], l.ResumeKey, func(rows []wayback.Row, next string) error {
			items := make([]archive.WaybackItem, len(rows))
			for i, r := range rows {
				items[i] = archive.WaybackItem{URLKey: r.URLKey, Timestamp: r.Timestamp, Original: r.Original,
					MimeType: r.MimeType, StatusCode: r.StatusCode, Digest: r.Digest, Length: r.Length}
			}
			n, err := b.db.WaybackQueue(ctx, crawlID, l.Query, items, next)
			b.sum.Queued += n
			return err
		})
		b.sum.Requests += st.Requests
		b.sum.Rows += st.Rows
		b.sum.Duplicates += st.Duplicates
		b.sum.Malformed += st.Malformed
		if err != nil {
			return err
		}
	}
	return nil
}

// fetch handles the queued captures in the order listed. A capture of the
// same URL and digest as the one before it (the CDX lists a URL's captures
// together, in time order) is stored from that one.
func (b *backfill) fetch(ctx context.Context, crawlID int64) error {
	type stored struct {
		digest    string
		status    int
		captureID int64
	}
	var (
		after  int64
		urlKey string
		last   = map[string]stored{} // original -> its capture before, within one urlkey
	)
	for {
		items, err := b.db.WaybackPending(ctx, crawlID, after, 64)
		if err != nil || len(items) == 0 {
			return err
		}
		for _, it := range items {
			after = it.ID
			if it.URLKey != urlKey {
				urlKey, last = it.URLKey, map[string]stored{}
			}
			r, ok := wayback.RowOf(it.URLKey, it.Timestamp, it.Original, it.MimeType, it.StatusCode, it.Digest, it.Length)
			if !ok {
				return fmt.Errorf("queued capture %s %s is not a CDX row", it.Timestamp, it.Original)
			}
			digest, _ := base32.StdEncoding.DecodeString(r.Digest)
			held, err := b.db.HoldsCapture(ctx, r.Original, r.Time, r.Status, digest)
			if err != nil {
				return err
			}
			if held {
				b.sum.Held++
				if err := b.db.WaybackDone(ctx, it.ID); err != nil {
					return err
				}
				continue
			}
			var ac *archive.Capture
			// A revisit row (statuscode "-") with the digest of the capture
			// before it is a repeat of it: its replay needs that very
			// payload, which is stored already.
			if prev, ok := last[r.Original]; ok && r.Digest != "" && prev.digest == r.Digest && (prev.status == r.Status || r.StatusCode == "-") {
				if ac, err = b.repeat(ctx, prev.captureID, r); err != nil {
					return err
				}
				b.sum.Repeats++
			} else {
				cp, err := b.c.Fetch(ctx, r)
				if err != nil {
					return err
				}
				b.sum.Fetched++
				if cp.Err != "" {
					b.sum.Failed++
				}
				ac = FromWayback(cp)
			}
			b.soft.admit(heldCapture{c: ac}) // marks ac when it is a soft 404; it holds nothing back
			res, err := b.in.Ingest(ctx, ac, nil)
			if err != nil {
				return err
			}
			b.keys.add(ac)
			if res.Outcome == archive.OutcomeDuplicate {
				b.sum.Redundant++
			} else {
				b.sum.Captures++
				b.sum.Outcomes[res.Outcome]++
				if ac.Err == "" || strings.HasPrefix(ac.Err, archive.SoftGonePrefix) {
					last[r.Original] = stored{r.Digest, ac.Status, res.CaptureID}
				}
			}
			if err := b.db.WaybackDone(ctx, it.ID); err != nil {
				return err
			}
		}
	}
}

// repeat is the capture r, whose payload is by its digest that of the
// stored capture id: that capture's answer at r's time and address.
func (b *backfill) repeat(ctx context.Context, id int64, r wayback.Row) (*archive.Capture, error) {
	s, err := b.db.Capture(ctx, id)
	if err != nil {
		return nil, err
	}
	ac := s.Capture
	if ac.Body, err = s.ReadBody(ctx); err != nil {
		return nil, err
	}
	ac.FetchedAt, ac.SourceURL, ac.RecordID = r.Time, b.c.SourceURL(r), ""
	return &ac, nil
}

// FromWayback is a capture fetched from the Wayback Machine as the archive
// stores it: under the URL and time it was captured, with the captured
// status and headers (the head is rebuilt from them: the wire's is the
// replay's), and the id_ address it was read from as its source. One that
// could not be fetched is a failed capture of that URL at that time.
func FromWayback(cp wayback.Capture) *archive.Capture {
	ac := &archive.Capture{
		RequestURL: cp.URL, Method: http.MethodGet, Status: cp.Status, Body: cp.Body, Truncated: cp.Truncated,
		FetchedAt: cp.Time, Err: cp.Err, ContentType: cp.Get("Content-Type"), SourceURL: cp.Source,
	}
	if cp.Status != 0 {
		ac.Proto, ac.StatusLine = "HTTP/1.1", "HTTP/1.1 "+strconv.Itoa(cp.Status)+" "+http.StatusText(cp.Status)
	}
	for _, h := range cp.Header {
		ac.Headers = append(ac.Headers, archive.Header{Name: h.Name, Value: h.Value})
	}
	return ac
}
