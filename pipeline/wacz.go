package pipeline

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/hewar-archive/hewar/archive"
	"github.com/hewar-archive/hewar/wacz"
	"github.com/hewar-archive/hewar/warc"
)

// WACZSummary is what `hewar export wacz --json` prints (docs/warc.md).
type WACZSummary struct {
	WACZ      string          `json:"wacz"`
	WARC      string          `json:"warc"` // its path inside the package
	Captures  int             `json:"captures"`
	Records   int             `json:"records"`
	Responses int             `json:"responses"`
	Revisits  int             `json:"revisits"`
	Requests  int             `json:"requests"`
	Failures  int             `json:"failures"`
	Pages     int             `json:"pages"`
	Bytes     int64           `json:"bytes"`
	Resources []wacz.Resource `json:"resources"`
}

// ExportWACZ writes the captures that filter selects as a WACZ package:
//
//	archive.Captures --> warc.Writer (IndexForWACZ) --> temp NAME.warc.gz + index.cdxj
//	archive.DocumentPages --> wacz.Page
//	wacz.Write --> temp file --> linked to out (never over an existing file)
//
// The WARC and its index go to a temporary directory beside out; the package
// is linked to out only when it is whole.
func ExportWACZ(ctx context.Context, db *archive.DB, filter archive.CaptureFilter, out string, info warc.Info) (WACZSummary, error) {
	tmp, err := os.MkdirTemp(filepath.Dir(out), ".hewar-wacz-*")
	if err != nil {
		return WACZSummary{}, fmt.Errorf("export wacz: %w", err)
	}
	defer os.RemoveAll(tmp)
	name := strings.TrimSuffix(filepath.Base(out), ".wacz") + ".warc.gz"
	warcPath, indexPath := filepath.Join(tmp, name), filepath.Join(tmp, "index.cdxj")
	st, n, err := writeWARC(ctx, db, filter, warcPath, indexPath, info, true)
	if err != nil {
		return WACZSummary{}, err // says "export warc: ...": the WARC inside the package
	}
	pkg := wacz.Package{
		WARCs: []string{warcPath}, Index: indexPath,
		Title: info.Title, Description: info.Description, Software: info.Software, Created: time.Now(),
		Pages: func(yield func(wacz.Page) error) error {
			return db.DocumentPages(ctx, filter, func(p *archive.DocumentPage) error {
				return yield(wacz.Page{ID: PageID(p), URL: p.URL, Date: p.FetchedAt, Title: p.Title, Text: p.Text})
			})
		},
	}
	var ws wacz.Summary
	err = WriteFile(out, true, func(w io.Writer) error {
		var err error
		ws, err = wacz.Write(w, pkg)
		return err
	})
	if err != nil {
		return WACZSummary{}, err
	}
	return WACZSummary{WACZ: out, WARC: "archive/" + name, Captures: n, Records: st.Records, Responses: st.Responses,
		Revisits: st.Revisits, Requests: st.Requests, Failures: st.Failures, Pages: ws.Pages, Bytes: ws.Bytes,
		Resources: ws.Resources}, nil
}
