package pipeline

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/hewar-archive/hewar/archive"
	"github.com/hewar-archive/hewar/warc"
)

// IndexPath is where the CDXJ index of a WARC goes: beside it, named after it.
func IndexPath(out string) string {
	stem := strings.TrimSuffix(strings.TrimSuffix(out, ".gz"), ".warc")
	return stem + ".cdxj"
}

// ExportWARC writes the captures of db that filter selects to out (a
// .warc.gz of one gzip member per record, or a plain .warc) and its CDXJ
// index (IndexPath), after a warcinfo record of info. Both are written to
// temporary files and renamed at the end, so that a failed or interrupted
// export leaves no half-written WARC behind. It returns the writer's
// figures and how many captures it wrote.
func ExportWARC(ctx context.Context, db *archive.DB, filter archive.CaptureFilter, out string, info warc.Info) (warc.Stats, int, error) {
	return writeWARC(ctx, db, filter, out, IndexPath(out), info, false)
}

// writeWARC is ExportWARC with the index's path and kind given: forWACZ
// writes the index a WACZ package needs (warc.WriterOptions.IndexForWACZ).
func writeWARC(ctx context.Context, db *archive.DB, filter archive.CaptureFilter, out, index string, info warc.Info, forWACZ bool) (warc.Stats, int, error) {
	dir := filepath.Dir(out)
	f, err := os.CreateTemp(dir, ".hewar-export-*.warc")
	if err != nil {
		return warc.Stats{}, 0, fmt.Errorf("export warc: %w", err)
	}
	defer os.Remove(f.Name())
	defer f.Close()
	idx, err := os.CreateTemp(dir, ".hewar-export-*.cdxj")
	if err != nil {
		return warc.Stats{}, 0, fmt.Errorf("export warc: %w", err)
	}
	defer os.Remove(idx.Name())
	defer idx.Close()

	w := warc.NewWriter(f, warc.WriterOptions{
		Filename: filepath.Base(out), Index: idx, TempDir: dir, Plain: !strings.HasSuffix(out, ".gz"), IndexForWACZ: forWACZ,
	})
	if err := w.WriteInfo(info); err != nil {
		return warc.Stats{}, 0, fmt.Errorf("export warc: %w", err)
	}
	n := 0
	err = db.Captures(ctx, filter, func(s *archive.StoredCapture) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		body, err := s.ReadBody(ctx)
		if err != nil {
			return err
		}
		n++
		return w.WriteCapture(warcCapture(s, body))
	})
	if err != nil {
		return warc.Stats{}, 0, fmt.Errorf("export warc: %w", err)
	}
	if err := w.Close(); err != nil {
		return warc.Stats{}, 0, fmt.Errorf("export warc: %w", err)
	}
	for _, t := range []*os.File{f, idx} {
		// CreateTemp makes files only their owner can read; a WARC is made
		// to be shared, like any file the user writes.
		if err := t.Chmod(0o644); err != nil {
			return warc.Stats{}, 0, fmt.Errorf("export warc: %w", err)
		}
		if err := t.Sync(); err != nil {
			return warc.Stats{}, 0, fmt.Errorf("export warc: %w", err)
		}
		if err := t.Close(); err != nil {
			return warc.Stats{}, 0, fmt.Errorf("export warc: %w", err)
		}
	}
	if err := os.Rename(f.Name(), out); err != nil {
		return warc.Stats{}, 0, fmt.Errorf("export warc: %w", err)
	}
	if err := os.Rename(idx.Name(), index); err != nil {
		return warc.Stats{}, 0, fmt.Errorf("export warc: %w", err)
	}
	return w.Stats(), n, nil
}

// warcCapture is a stored capture as the WARC writer takes it. The heads
// are the exact bytes the archive stored; redirect hops are known only by
// status and Location, and the writer says so in their records.
func warcCapture(s *archive.StoredCapture, body []byte) *warc.Capture {
	c := &warc.Capture{
		URL:         s.FinalURL,
		Date:        s.FetchedAt,
		Method:      s.Method,
		RequestHead: s.RequestHead,
		Status:      s.Status,
		StatusLine:  s.StatusLine,
		HeaderBlock: s.ResponseHead,
		Body:        body,
		Err:         s.Err,
	}
	if c.URL == "" {
		c.URL = s.RequestURL
	}
	if c.Method == "" {
		c.Method = "GET"
	}
	for _, h := range s.Headers {
		c.Header = append(c.Header, warc.Field{Name: h.Name, Value: h.Value})
	}
	switch {
	case s.Truncated:
		c.Truncated = "length"
	case s.Status != 0 && s.Err != "" && len(body) == 0 && s.Status != 304:
		// A response whose body the crawler chose not to read (a content
		// type it does not keep): the record holds the head only.
		c.Truncated = "unspecified"
	}
	for _, r := range s.Redirects {
		c.Redirects = append(c.Redirects, warc.Hop{URL: r.URL, Status: r.Status, Location: r.Location})
	}
	return c
}

// ExportInfo is what the warcinfo record of an export says: the software,
// the archive (by its file name), the crawl when the export is of one, and
// the document pages, so that ReplayWeb.page lists them by title.
func ExportInfo(ctx context.Context, db *archive.DB, filter archive.CaptureFilter, archiveName, software string) (warc.Info, error) {
	info := warc.Info{Software: software, Robots: "obey", Title: "hewar archive " + archiveName,
		Description: "captures exported from the hewar archive " + archiveName}
	if filter.CrawlID != 0 {
		c, err := db.Crawl(ctx, filter.CrawlID)
		if err != nil {
			return info, fmt.Errorf("export: crawl %d: %w", filter.CrawlID, err)
		}
		info.IsPartOf = fmt.Sprintf("hewar crawl %d", c.ID)
		info.Title += ", " + info.IsPartOf
		info.UserAgent = settingString(c.Settings, "useragent", "user_agent")
		info.Operator = settingString(c.Settings, "operator")
	}
	err := db.DocumentPages(ctx, filter, func(p *archive.DocumentPage) error {
		info.Pages = append(info.Pages, warc.Page{ID: PageID(p), URL: p.URL, Date: p.FetchedAt, Title: p.Title})
		return nil
	})
	if err != nil {
		return info, fmt.Errorf("export: %w", err)
	}
	return info, nil
}

// PageID names a document page in warcinfo and pages.jsonl: the same page
// gets the same id in every export.
func PageID(p *archive.DocumentPage) string {
	sum := sha256.Sum256([]byte(p.DocKey + "\x00v" + strconv.Itoa(p.Version)))
	return hex.EncodeToString(sum[:8])
}

// settingString finds a string in a crawl's settings JSON by any of the
// given keys, compared without case or underscores: the settings are
// whatever the crawl command recorded, and the export only borrows from them.
func settingString(settings json.RawMessage, keys ...string) string {
	var m map[string]any
	if json.Unmarshal(settings, &m) != nil {
		return ""
	}
	for k, v := range m {
		norm := strings.ReplaceAll(strings.ToLower(k), "_", "")
		for _, want := range keys {
			if s, ok := v.(string); ok && norm == strings.ReplaceAll(want, "_", "") {
				return s
			}
		}
	}
	return ""
}
