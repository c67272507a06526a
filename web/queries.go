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

// runLabels names each crawl of ids as runLabel does, each read once.
func (s *Server) runLabels(ctx context.Context, ids []int64) (map[int64]string, error) {
	out := map[int64]string{}
	for _, id := range ids {
		if _, done := out[id]; done || id == 0 {
			continue
		}
		c, err := s.db.Crawl(ctx, id)
		if err != nil {
			return nil, err
		}
		out[id] = runLabel(c)
	}
	return out, nil
}

// runLabel names a crawl row by what made it (archive.Crawl.Source): "crawl
// #3", "WARC import #4 (site-2019.warc.gz)", "Wayback backfill #5
// (hewariraq.com/*)".
func runLabel(c archive.Crawl) string {
	src := c.Source()
	n := " #" + strconv.FormatInt(c.ID, 10)
	switch src.Kind {
	case "warc-import":
		return "WARC import" + n + listed(src.Files)
	case "wayback":
		return "Wayback backfill" + n + listed(src.Patterns)
	case "import":
		return "import" + n
	}
	return "crawl" + n
}

// listed is " (a, b, c)" for the names, the first three and how many more
// when there are more, "" for none.
func listed(names []string) string {
	switch {
	case len(names) == 0:
		return ""
	case len(names) > 3:
		return " (" + strings.Join(names[:3], ", ") + " and " + strconv.Itoa(len(names)-3) + " more)"
	}
	return " (" + strings.Join(names, ", ") + ")"
}
