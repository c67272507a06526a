package main

import (
	"context"
	"errors"
	"fmt"
	"log"
	"net"
	"net/http"
	"syscall"
	"time"

	"github.com/hewar-archive/hewar/fixtures"
	"github.com/hewar-archive/hewar/web"
)

func init() {
	register("serve", "browse the archive in a web browser: timelines, side-by-side diffs, search (read-only)", runServe)
}

// runServe serves the web view of an archive until interrupted. The archive
// is opened read-only, so serve can run while hewar crawl writes to it.
func runServe(ctx context.Context, e env, args []string) error {
	fs := newFlagSet(e, "serve", "[--db FILE] [--addr 127.0.0.1:8080]")
	dbPath := archiveDBFlag(fs)
	addr := fs.String("addr", "127.0.0.1:8080", "listen on `HOST:PORT`; port 0 picks a free port")
	public := fs.Bool("public", false, "allow a non-loopback --addr (serves the archive to the network)")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if err := noArguments("serve", pos); err != nil {
		return err
	}
	if err := checkAddr(*addr, *public); err != nil {
		return err
	}
	loopback := fixtures.IsLoopback(*addr)
	db, err := openReadArchive(*dbPath)
	if err != nil {
		return err
	}
	defer db.Close()
	opts := []web.Option{web.WithLogger(log.New(e.stderr, "hewar serve: ", log.LstdFlags))}
	if loopback {
		opts = append(opts, web.WithLoopbackOnly())
	}
	h, err := web.New(db, opts...)
	if err != nil {
		return err
	}
	ln, err := listenAddr(*addr)
	if err != nil {
		return err
	}
	srv := &http.Server{
		Handler:           h,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      2 * time.Minute,
		IdleTimeout:       2 * time.Minute,
		ErrorLog:          log.New(e.stderr, "hewar serve: ", log.LstdFlags),
	}
	// The URL goes alone on stdout so that scripts using port 0 can read it.
	fmt.Fprintf(e.stdout, "http://%s/\n", ln.Addr())
	fmt.Fprintf(e.stderr, "hewar serve: %s at http://%s/ (read-only; Ctrl-C to stop)\n", db.Path(), ln.Addr())

	done := make(chan error, 1)
	go func() { done <- srv.Serve(ln) }()
	select {
	case err := <-done:
		if errors.Is(err, http.ErrServerClosed) {
			return nil
		}
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
		shutdown, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		if err := srv.Shutdown(shutdown); err != nil {
			return fmt.Errorf("serve: shut down: %w", err)
		}
		return nil
	}
}

// listenAddr listens on --addr for serve and replica; a port another
// program holds is said in one line with what to do.
// checkAddr refuses an --addr that is no HOST:PORT, and one that is not on
// loopback unless public: serve and replica listen only where asked to.
func checkAddr(addr string, public bool) error {
	if _, _, err := net.SplitHostPort(addr); err != nil {
		return usageError{fmt.Sprintf("--addr %q: give HOST:PORT (127.0.0.1:8080; port 0 picks a free one)", addr)}
	}
	if !public && !fixtures.IsLoopback(addr) {
		return usageError{fmt.Sprintf("--addr %s is not a loopback address; use 127.0.0.1:PORT, or add --public to serve the network", addr)}
	}
	return nil
}

func listenAddr(addr string) (net.Listener, error) {
	ln, err := net.Listen("tcp", addr)
	if errors.Is(err, syscall.EADDRINUSE) {
		return nil, fmt.Errorf("%s is in use by another program: give another --addr (port 0 picks a free one)", addr)
	} else if err != nil {
		return nil, fmt.Errorf("listen on %s: %w", addr, err)
	}
	return ln, nil
}
