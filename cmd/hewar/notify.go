package main

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"time"
)

// notify POSTs the crawl summary, with its changes, to a webhook. One try
// with a timeout: the crawl is already stored, and a scheduled crawl must not
// hang on a dead receiver.
func notify(ctx context.Context, webhook, userAgent string, sum *crawlSummary) error {
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	// The body is written as it is sent: its changes come from the archive
	// one by one (a first crawl has one per page).
	pr, pw := io.Pipe()
	go func() { pw.CloseWithError(writeCrawlSummary(ctx, pw, sum, false)) }()
	defer pr.Close()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, webhook, pr)
	if err != nil {
		return fmt.Errorf("webhook %s: %w", webhook, err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", userAgent)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return fmt.Errorf("webhook %s: %w", webhook, err)
	}
	defer resp.Body.Close()
	io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<20))
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return fmt.Errorf("webhook %s answered %s", webhook, resp.Status)
	}
	return nil
}
