package main

import (
	"fmt"
	"io"
	"strings"
	"sync"
	"time"

	"github.com/hewar-archive/hewar/crawler"
)

// progress shows a crawl's progress: a bar redrawn in place on a terminal,
// a log line every logEvery otherwise (cron mails, systemd journals).
type progress struct {
	w        io.Writer
	tty      bool
	quiet    bool
	mu       sync.Mutex
	drawn    bool
	lastLog  time.Time
	logEvery time.Duration
}

func newProgress(w io.Writer, quiet bool) *progress {
	return &progress{w: w, tty: isTerminal(w), quiet: quiet, logEvery: 30 * time.Second}
}

func (p *progress) update(s crawler.Stats) {
	if p.quiet {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.tty {
		fmt.Fprintf(p.w, "\r\033[K%s", progressLine(s, true))
		p.drawn = true
		return
	}
	if time.Since(p.lastLog) >= p.logEvery {
		p.lastLog = time.Now()
		fmt.Fprintln(p.w, progressLine(s, false))
	}
}

// log prints a line above the bar.
func (p *progress) log(line string) {
	if p.quiet {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.drawn {
		fmt.Fprint(p.w, "\r\033[K")
		p.drawn = false
	}
	fmt.Fprintln(p.w, line)
}

func (p *progress) done() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.drawn {
		fmt.Fprintln(p.w)
		p.drawn = false
	}
}

func progressLine(s crawler.Stats, bar bool) string {
	done, total := s.Done(), s.Done()+s.Queued+s.InFlight
	left := "?"
	if s.Rate > 0 {
		left = (time.Duration(float64(s.Queued+s.InFlight)/s.Rate) * time.Second).Round(time.Second).String()
	}
	line := fmt.Sprintf("%d done, %d queued, %.1f pages/s, %d gone, %d failed, %s left", done, s.Queued, s.Rate, s.Gone, s.Failed, left)
	if !bar || total == 0 {
		return "crawl: " + line
	}
	const width = 24
	n := int(float64(width) * float64(done) / float64(total))
	return "[" + strings.Repeat("#", n) + strings.Repeat(".", width-n) + "] " + line
}
