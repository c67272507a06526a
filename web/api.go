package web

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strings"
	"time"

	"github.com/hewar-archive/hewar/archive"
)

// The JSON endpoints return what `hewar history|diff|show|changes|search
// --json` print: the same archive methods, the same values, encoded the same
// way (encodeJSON). docs/web.md lists them.

// api wraps a JSON handler: errors become {"error": "..."} with a 4xx or
// 500 status, panics included.
func (s *Server) api(fn func(r *http.Request) (any, error)) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				s.log.Printf("%s %s: panic: %v", r.Method, r.URL.RequestURI(), v)
				s.writeJSONError(w, http.StatusInternalServerError, "the archive could not answer this request; the server's log says why")
			}
		}()
		v, err := fn(r)
		if err != nil {
			status, msg, internal := classify(err)
			if internal {
				s.log.Printf("%s %s: %v", r.Method, r.URL.RequestURI(), err)
			}
			s.writeJSONError(w, status, msg)
			return
		}
		if n, ok := v.(noted); ok {
			if n.note != "" {
				w.Header().Set("Hewar-Note", n.note)
			}
			v = n.v
		}
		b, err := encodeJSON(v)
		if err != nil {
			s.log.Printf("%s %s: %v", r.Method, r.URL.RequestURI(), err)
			s.writeJSONError(w, http.StatusInternalServerError, "the archive could not answer this request; the server's log says why")
			return
		}
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		w.Header().Set("Cache-Control", "no-cache")
		w.Write(b)
	})
}

// encodeJSON encodes v as the CLI's --json does.
func encodeJSON(v any) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

func (s *Server) writeJSONError(w http.ResponseWriter, status int, msg string) {
	b, _ := json.Marshal(map[string]string{"error": msg})
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	w.Write(append(b, '\n'))
}

// apiKey reads the doc_key of an /api/ path; an archived URL is resolved.
func (s *Server) apiKey(r *http.Request) (string, error) {
	key, _, err := s.resolveKey(r.Context(), r)
	return key, err
}

func (s *Server) apiHistory(r *http.Request) (any, error) {
	key, err := s.apiKey(r)
	if err != nil {
		return nil, err
	}
	return s.db.History(r.Context(), key)
}

func (s *Server) apiShow(r *http.Request) (any, error) {
	key, err := s.apiKey(r)
	if err != nil {
		return nil, err
	}
	v, err := intParam(r.URL.Query(), "v", 0, 1)
	if err != nil {
		return nil, err
	}
	return s.db.Show(r.Context(), key, v)
}

func (s *Server) apiDiff(r *http.Request) (any, error) {
	key, err := s.apiKey(r)
	if err != nil {
		return nil, err
	}
	from, to, err := s.diffVersions(r, key)
	if err != nil {
		return nil, err
	}
	return s.db.Diff(r.Context(), key, from, to)
}

// diffVersions reads from= and to= as hewar diff reads --from and --to: both
// optional, from before to, and a lone from compared with the latest version.
func (s *Server) diffVersions(r *http.Request, key string) (from, to int, err error) {
	q := r.URL.Query()
	if from, err = intParam(q, "from", 0, 0); err != nil {
		return 0, 0, err
	}
	if to, err = intParam(q, "to", 0, 0); err != nil {
		return 0, 0, err
	}
	if from != 0 && to != 0 && from >= to {
		return 0, 0, badRequest("from (%d) must be before to (%d)", from, to)
	}
	if from != 0 && to == 0 {
		h, err := s.db.History(r.Context(), key)
		if err != nil {
			return 0, 0, err
		}
		// A from past the latest is left to Diff, which says that the
		// version does not exist, as hewar diff --from does.
		to = len(h.Versions)
		if from == to {
			return 0, 0, badRequest("from=%d is the latest version of %s: nothing comes after it", from, key)
		}
	}
	return from, to, nil
}

func (s *Server) apiChanges(r *http.Request) (any, error) {
	f, err := changesFilter(r.URL.Query(), time.Now())
	if err != nil {
		return nil, err
	}
	if f.CrawlID != 0 {
		if _, err := s.lookupCrawl(r.Context(), f.CrawlID); err != nil {
			return nil, err
		}
	}
	return s.db.Changes(r.Context(), f)
}

func (s *Server) apiSearch(r *http.Request) (any, error) {
	q := r.URL.Query()
	query := strings.TrimSpace(q.Get("q"))
	if query == "" {
		return nil, badRequest("give a search query in q=")
	}
	limit, err := intParam(q, "limit", 20, 1)
	if err != nil {
		return nil, err
	}
	sq := archive.SearchQuery{Query: query, Limit: min(limit, 1000)}
	if err := searchFilters(q).Apply(&sq, "", time.Now()); err != nil {
		return nil, badRequest("%v", err)
	}
	hits, note, err := s.db.SearchWithNote(r.Context(), sq)
	if err != nil {
		return nil, err
	}
	return noted{hits, note}, nil
}

// noted is an answer and a note on it: the body is what the command
// prints with --json, on standard output, and the note, which the command
// prints on standard error, goes in the Hewar-Note header.
type noted struct {
	v    any
	note string
}

func (s *Server) apiCrawls(r *http.Request) (any, error) {
	limit, err := intParam(r.URL.Query(), "limit", 0, 1)
	if err != nil {
		return nil, err
	}
	crawls, err := s.db.Crawls(r.Context(), limit)
	if err != nil {
		return nil, err
	}
	out := make([]NamedCrawl, len(crawls))
	for i, c := range crawls {
		out[i] = NamedCrawl{c, NameRun(c.ID, c.Source()).String()}
	}
	return out, nil
}

// NamedCrawl is a crawl row as /api/crawls gives it: the row, and the run
// named as the pages and `hewar status` name it ("WARC import #4
// (old.warc.gz)").
type NamedCrawl struct {
	archive.Crawl
	Name string `json:"name"`
}
