package web

import (
	"context"
	"errors"
	"strconv"
	"strings"

	"github.com/hewar-archive/hewar/archive"
)

// Every read of the archive goes through its own methods (docs/schema.md
// documents the tables; the archive alone queries them). What is left here
// is the view's presentation of them.

// facet is one value a filter can take, with how many documents have it,
// and how the page names it.
type facet struct {
	archive.Facet
	Label string
}

type facets struct {
	Kinds, Sections, Langs, Issues []facet
}

func (s *Server) facets(ctx context.Context) (facets, error) {
	f, err := s.db.Facets(ctx)
	if err != nil {
		return facets{}, err
	}
	label := func(in []archive.Facet, name func(string) string) []facet {
		out := make([]facet, len(in))
		for i, x := range in {
			out[i] = facet{Facet: x, Label: name(x.Value)}
		}
		return out
	}
	same := func(v string) string { return v }
	return facets{Kinds: label(f.Kinds, same), Sections: label(f.Sections, same),
		Langs: label(f.Langs, langName), Issues: label(f.Issues, same)}, nil
}

func langName(l string) string {
	switch l {
	case "ar":
		return "Arabic"
	case "en":
		return "English"
	}
	return l
}

// lookupCapture reads one capture with its heads; an unknown id is a 404
// that says so in a sentence (the archive's error names only the id).
func (s *Server) lookupCapture(ctx context.Context, id int64) (*archive.StoredCapture, error) {
	c, err := s.db.Capture(ctx, id)
	if errors.Is(err, archive.ErrNotFound) {
		return nil, notFound("no capture %d in the archive", id)
	}
	return c, err
}

// lookupCrawl reads one crawl; an unknown id is a 404 that says where the
// crawls are listed, as hewar changes --crawl says it.
func (s *Server) lookupCrawl(ctx context.Context, id int64) (archive.Crawl, error) {
	c, err := s.db.Crawl(ctx, id)
	if errors.Is(err, archive.ErrNotFound) {
		return c, notFound("no crawl %d in the archive (the home page lists the latest; /api/crawls lists them all)", id)
	}
	return c, err
}

// storedCapture reads one capture with its heads, and the versions read from it.
func (s *Server) storedCapture(ctx context.Context, id int64) (*archive.StoredCapture, []archive.CapturedVersion, error) {
	c, err := s.lookupCapture(ctx, id)
	if err != nil {
		return nil, nil, err
	}
	vs, err := s.db.CaptureVersions(ctx, id)
	if err != nil {
		return nil, nil, err
	}
	return c, vs, nil
}

// runNames names each crawl of ids as NameRun does, from one query that
// reads the rows' kind and settings and counts nothing (a document's page
// names every run of its versions and captures).
func (s *Server) runNames(ctx context.Context, ids []int64) (map[int64]RunName, error) {
	srcs, err := s.db.CrawlSources(ctx, ids)
	if err != nil {
		return nil, err
	}
	out := map[int64]RunName{}
	for id, src := range srcs {
		out[id] = NameRun(id, src)
	}
	return out, nil
}

// RunName names a run (a crawl row) by what made it (archive.Crawl.Source):
// "crawl #3", "WARC import #4 (site-2019.warc.gz)", "Wayback backfill #5
// (hewariraq.com/*)". The web view isolates each of Names in a <bdi> (a
// WARC file may have an Arabic name); String writes it as text, for the
// commands that name runs as the view does.
type RunName struct {
	What  string   // "crawl", "WARC import", "Wayback backfill" or "import"
	ID    int64    // crawls.id
	Names []string // the first three files or URL patterns
	More  int      // how many more there are
}

// NameRun names crawl id, which src made.
func NameRun(id int64, src archive.CrawlSource) RunName {
	r := RunName{What: "crawl", ID: id}
	switch src.Kind {
	case "warc-import":
		r.What, r.Names = "WARC import", src.Files
	case "wayback":
		r.What, r.Names = "Wayback backfill", src.Patterns
	case "import":
		r.What = "import"
	}
	if len(r.Names) > 3 {
		r.Names, r.More = r.Names[:3], len(r.Names)-3
	}
	return r
}

// String is the name as text: "WARC import #4 (a.warc.gz, b.warc.gz,
// c.warc.gz and 2 more)".
func (r RunName) String() string {
	s := r.What + " #" + strconv.FormatInt(r.ID, 10)
	if len(r.Names) == 0 {
		return s
	}
	s += " (" + strings.Join(r.Names, ", ")
	if r.More > 0 {
		s += " and " + strconv.Itoa(r.More) + " more"
	}
	return s + ")"
}
