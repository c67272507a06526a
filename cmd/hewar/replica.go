package main

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/hewar-archive/hewar/fixtures"
)

func init() {
	register("replica", "serve the offline replica of the site (or a synthetic one) on loopback", runReplica)
}

// runReplica serves fixtures.Site (or fixtures.Synthetic) in the foreground
// until interrupted, for people and for external tools (wget, browsers) in
// tests. SIGUSR1 switches the replica to its next epoch.
func runReplica(ctx context.Context, e env, args []string) error {
	fs := newFlagSet(e, "replica", "[--addr 127.0.0.1:8081] [--epoch N] [--synthetic N --seed N] [--crawl-delay DURATION] [--gzip] [--prerender]")
	addr := fs.String("addr", "127.0.0.1:8081", "listen on `HOST:PORT`; port 0 picks a free port")
	epoch := fs.Int("epoch", fixtures.FirstEpoch, fmt.Sprintf("serve the replica at epoch `N`, %d to %d (%d: the site of epoch %d in a new theme); SIGUSR1 switches to the next",
		fixtures.FirstEpoch, fixtures.LastEpoch, fixtures.RethemeEpoch, fixtures.RethemeEpoch-1))
	synthetic := fs.Int("synthetic", 0, "serve a synthetic site of `N` posts instead of the replica")
	seed := fs.Int64("seed", 1, "the random seed `N` of the synthetic site")
	delay := fs.Duration("crawl-delay", time.Second, "Crawl-delay announced in robots.txt")
	gz := fs.Bool("gzip", false, "compress answers for clients that accept gzip, as nginx would")
	prerender := fs.Bool("prerender", false, "with --synthetic: render every page once at start and serve it from memory (for benchmarks: the server then costs almost nothing)")
	public := fs.Bool("public", false, "allow a non-loopback --addr (serves the replica to the network)")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usageError{fmt.Sprintf("replica takes no arguments, got %q", pos[0])}
	}
	if *epoch < fixtures.FirstEpoch || *epoch > fixtures.LastEpoch {
		return usageError{fmt.Sprintf("--epoch %d: the replica has epochs %d to %d", *epoch, fixtures.FirstEpoch, fixtures.LastEpoch)}
	}
	if *synthetic < 0 {
		return usageError{"--synthetic must be a number of posts (0 for the replica)"}
	}
	if *prerender && (*synthetic == 0 || *gz) {
		return usageError{"--prerender needs --synthetic N, and serves without --gzip"}
	}
	if err := checkAddr(*addr, *public); err != nil {
		return err
	}

	opts := []fixtures.Option{fixtures.WithCrawlDelay(*delay)}
	if *gz {
		opts = append(opts, fixtures.WithGzip())
	}
	ln, err := listenAddr(*addr)
	if err != nil {
		return err
	}
	var h http.Handler
	var what string
	var site *fixtures.Site
	if *synthetic > 0 {
		syn := fixtures.NewSynthetic(*synthetic, *seed, opts...)
		h, what = syn, fmt.Sprintf("synthetic site (%s, seed %d, %s)", plural(*synthetic, "post", "posts"), *seed, plural(syn.NumPages(), "page", "pages"))
		if *prerender {
			h, what = syn.Prerender("http://"+ln.Addr().String(), time.Now()), what+", pre-rendered"
		}
	} else {
		site = fixtures.NewSite(opts...)
		site.SetEpoch(*epoch)
		h, what = site, fmt.Sprintf("replica at epoch %d", *epoch)
	}
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second}
	// The URL goes alone on stdout so that scripts using port 0 can read it.
	fmt.Fprintf(e.stdout, "http://%s/\n", ln.Addr())
	fmt.Fprintf(e.stderr, "hewar replica: serving the %s at http://%s/ (Ctrl-C to stop)\n", what, ln.Addr())

	usr1 := make(chan os.Signal, 1)
	signal.Notify(usr1, syscall.SIGUSR1)
	defer signal.Stop(usr1)
	go func() {
		for {
			select {
			case <-ctx.Done():
				shutdown, cancel := context.WithTimeout(context.Background(), 5*time.Second)
				defer cancel()
				srv.Shutdown(shutdown)
				return
			case <-usr1:
				if site == nil {
					continue
				}
				next := site.Epoch() + 1
				if next > fixtures.LastEpoch {
					next = fixtures.FirstEpoch
				}
				site.SetEpoch(next)
				fmt.Fprintf(e.stderr, "hewar replica: now at epoch %d\n", next)
			}
		}
	}()
	if err := srv.Serve(ln); !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("serve replica: %w", err)
	}
	return nil
}
