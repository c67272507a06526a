// Package wacz writes WACZ 1.1.1 packages (Web Archive Collection Zipped,
// Webrecorder's format, which ReplayWeb.page opens): WARC files, their
// CDXJ index and a list of pages in one ZIP file, with a manifest that
// names every file with its size and SHA-256.
//
// It knows ZIP and the WACZ layout and nothing else: the WARC files and
// their index are made by the warc package (with WriterOptions.IndexForWACZ),
// and the pages come from the caller. The layout written:
//
//	archive/NAME.warc.gz       each WARC, stored (never compressed again: replay reads records by offset)
//	indexes/index.cdxj         the CDXJ index of the WARCs, deflated
//	pages/pages.jsonl          a header line, then one line per page: id, url, ts, title, text; deflated
//	datapackage.json           profile, wacz_version, title, description, created, software, resources
//	datapackage-digest.json    the SHA-256 of datapackage.json
package wacz

import (
	"archive/zip"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"hash"
	"hash/crc32"
	"io"
	"os"
	"path/filepath"
	"time"
)

// Version is the WACZ specification version written.
const Version = "1.1.1"

// Page is one line of pages/pages.jsonl: a page a viewer lists, opens at
// its time, and searches by its text.
type Page struct {
	ID    string
	URL   string
	Date  time.Time // when it was captured: the WARC-Date of its response record
	Title string
	Text  string // its text, for the viewer's full-text search ("" for none)
}

// Package is what goes into a WACZ.
type Package struct {
	// WARCs are the paths of the WARC files, stored under archive/ by
	// their base names (which the index's filename fields must name).
	WARCs []string
	// Index is the path of their CDXJ index, stored as indexes/index.cdxj.
	Index string
	// Pages yields the pages in the order they are to be listed; a non-nil
	// error from yield must be returned.
	Pages func(yield func(Page) error) error

	Title       string
	Description string // Markdown (plain text is Markdown)
	Software    string // e.g. "hewar/0.1.0"
	Created     time.Time
}

// Resource is one file of the package as datapackage.json lists it.
type Resource struct {
	Name  string `json:"name"`
	Path  string `json:"path"`
	Hash  string `json:"hash"` // "sha256:<hex>"
	Bytes int64  `json:"bytes"`
}

// Summary says what Write wrote.
type Summary struct {
	Pages     int
	Resources []Resource // as in datapackage.json, in the order written
	Bytes     int64      // the size of the WACZ file
}

// Write writes the package to w as a ZIP file. It reads each WARC file
// twice (once to hash it, once to store it) and holds no file in memory.
func Write(w io.Writer, p Package) (Summary, error) {
	var sum Summary
	cw := &countWriter{w: w}
	zw := zip.NewWriter(cw)
	created := p.Created.UTC()
	if created.IsZero() {
		created = time.Now().UTC()
	}
	for _, path := range p.WARCs {
		r, err := storeFile(zw, path, "archive/"+filepath.Base(path), created)
		if err != nil {
			return sum, err
		}
		sum.Resources = append(sum.Resources, r)
	}
	idx, err := os.Open(p.Index)
	if err != nil {
		return sum, fmt.Errorf("wacz: %w", err)
	}
	r, err := deflate(zw, "indexes/index.cdxj", created, func(w io.Writer) error {
		_, err := io.Copy(w, idx)
		return err
	})
	idx.Close()
	if err != nil {
		return sum, err
	}
	sum.Resources = append(sum.Resources, r)

	r, err = deflate(zw, "pages/pages.jsonl", created, func(w io.Writer) error {
		enc := json.NewEncoder(w)
		enc.SetEscapeHTML(false)
		if _, err := io.WriteString(w, `{"format": "json-pages-1.0", "id": "pages", "title": "All Pages"}`+"\n"); err != nil {
			return err
		}
		if p.Pages == nil {
			return nil
		}
		return p.Pages(func(pg Page) error {
			sum.Pages++
			return enc.Encode(pageLine{ID: pg.ID, URL: pg.URL, TS: pg.Date.UTC().Format("2006-01-02T15:04:05.000Z"), Title: pg.Title, Text: pg.Text})
		})
	})
	if err != nil {
		return sum, err
	}
	sum.Resources = append(sum.Resources, r)

	manifest, err := json.MarshalIndent(dataPackage{
		Profile: "data-package", WACZVersion: Version, Title: p.Title, Description: p.Description,
		Created: created.Format(time.RFC3339), Software: p.Software, Resources: sum.Resources,
	}, "", "  ")
	if err != nil {
		return sum, fmt.Errorf("wacz: %w", err)
	}
	manifest = append(manifest, '\n')
	if _, err := deflate(zw, "datapackage.json", created, func(w io.Writer) error {
		_, err := w.Write(manifest)
		return err
	}); err != nil {
		return sum, err
	}
	digest, _ := json.MarshalIndent(struct {
		Path string `json:"path"`
		Hash string `json:"hash"`
	}{"datapackage.json", sha256Of(manifest)}, "", "  ")
	digest = append(digest, '\n')
	if _, err := deflate(zw, "datapackage-digest.json", created, func(w io.Writer) error {
		_, err := w.Write(digest)
		return err
	}); err != nil {
		return sum, err
	}
	if err := zw.Close(); err != nil {
		return sum, fmt.Errorf("wacz: %w", err)
	}
	sum.Bytes = cw.n
	return sum, nil
}

// pageLine is a line of pages.jsonl, keys in the order of the specification's example.
type pageLine struct {
	ID    string `json:"id,omitempty"`
	URL   string `json:"url"`
	TS    string `json:"ts"`
	Title string `json:"title,omitempty"`
	Text  string `json:"text,omitempty"`
}

type dataPackage struct {
	Profile     string     `json:"profile"`
	WACZVersion string     `json:"wacz_version"`
	Title       string     `json:"title,omitempty"`
	Description string     `json:"description,omitempty"`
	Created     string     `json:"created"`
	Software    string     `json:"software,omitempty"`
	Resources   []Resource `json:"resources"`
}

// storeFile adds the file at path to the ZIP uncompressed, with its size
// and CRC-32 in the local header (no data descriptor), so that a reader
// can find a WARC record from the entry's start and the record's offset.
func storeFile(zw *zip.Writer, path, name string, modified time.Time) (Resource, error) {
	f, err := os.Open(path)
	if err != nil {
		return Resource{}, fmt.Errorf("wacz: %w", err)
	}
	defer f.Close()
	sha, crc := sha256.New(), crc32.NewIEEE()
	n, err := io.Copy(io.MultiWriter(sha, crc), f)
	if err != nil {
		return Resource{}, fmt.Errorf("wacz: read %s: %w", path, err)
	}
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return Resource{}, fmt.Errorf("wacz: %w", err)
	}
	hdr := &zip.FileHeader{Name: name, Method: zip.Store, Modified: modified,
		CRC32: crc.Sum32(), CompressedSize64: uint64(n), UncompressedSize64: uint64(n)}
	// CreateRaw writes the MS-DOS time fields as they are (CreateHeader,
	// which sets them from Modified, would add a data descriptor).
	//lint:ignore SA1019 CreateRaw reads only these fields for the time
	hdr.ModifiedDate, hdr.ModifiedTime = msDOSTime(modified)
	hdr.SetMode(0o644)
	zf, err := zw.CreateRaw(hdr)
	if err != nil {
		return Resource{}, fmt.Errorf("wacz: %w", err)
	}
	m, err := io.Copy(zf, f)
	if err != nil {
		return Resource{}, fmt.Errorf("wacz: store %s: %w", path, err)
	}
	if m != n {
		return Resource{}, fmt.Errorf("wacz: %s changed while it was stored (%d bytes, then %d)", path, n, m)
	}
	return Resource{Name: filepath.Base(name), Path: name, Hash: hashString(sha), Bytes: n}, nil
}

// deflate adds a compressed entry whose bytes write produces, hashing them
// on the way.
func deflate(zw *zip.Writer, name string, modified time.Time, write func(io.Writer) error) (Resource, error) {
	hdr := &zip.FileHeader{Name: name, Method: zip.Deflate, Modified: modified}
	hdr.SetMode(0o644)
	zf, err := zw.CreateHeader(hdr)
	if err != nil {
		return Resource{}, fmt.Errorf("wacz: %w", err)
	}
	sha := sha256.New()
	cw := &countWriter{w: io.MultiWriter(zf, sha)}
	if err := write(cw); err != nil {
		return Resource{}, fmt.Errorf("wacz: write %s: %w", name, err)
	}
	return Resource{Name: filepath.Base(name), Path: name, Hash: hashString(sha), Bytes: cw.n}, nil
}

// msDOSTime is t in the ZIP format's MS-DOS date and time fields (UTC, to
// two seconds).
func msDOSTime(t time.Time) (date, clock uint16) {
	t = t.UTC()
	if t.Year() < 1980 {
		t = time.Date(1980, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	date = uint16(t.Day() + int(t.Month())<<5 + (t.Year()-1980)<<9)
	clock = uint16(t.Second()/2 + t.Minute()<<5 + t.Hour()<<11)
	return date, clock
}

func hashString(h hash.Hash) string { return "sha256:" + hex.EncodeToString(h.Sum(nil)) }

func sha256Of(b []byte) string {
	s := sha256.Sum256(b)
	return "sha256:" + hex.EncodeToString(s[:])
}

type countWriter struct {
	w io.Writer
	n int64
}

func (c *countWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}
