// Package faults serves HTTP that goes wrong on purpose, for tests and
// benchmarks of the crawler: bursts of 500, 502 and 503, 429 with
// Retry-After, connection resets, a body that stalls halfway, a
// Content-Length longer than the body, gzip that is not gzip, a gzip bomb, a
// body of 50 MiB,
// binary bytes served as text/html, invalid UTF-8, redirect loops and chains,
// an endless calendar, hostile HTML, and a robots.txt that fails or stalls.
//
// A Handler serves its own small site whose pages each carry one fault (see
// Paths), or wraps another handler (the fixtures replica, say) and injects
// faults into it, per path (WithFault) or by a seeded schedule
// (WithSchedule). It records every request it answered (Requests) and how
// many faults of each kind it injected (Injected), so that a test can check
// what the crawler asked for and what it stored.
//
// Everything is bounded: a stall ends when the client gives up or after
// StallFor, a large body has a fixed size and is generated as it is written,
// never held in memory (the gzip bomb keeps only its compressed bytes), and
// Close ends every connection.
//
// The package must never serve anything beyond loopback: NewServer listens on
// 127.0.0.1 only, and a Handler answers 403, without injecting anything, to a
// request whose remote address is not a loopback address. It never makes a
// request itself.
//
// # Using it
//
//	h := faults.New(nil, faults.WithRobots(faults.RobotsError))
//	srv, err := faults.NewServer(h) // http://127.0.0.1:PORT
//	defer srv.Close()
//	// crawl srv.URL + "/"; then look at h.Requests() and h.Injected()
//
//	// The replica with a fault on one page in ten, the same ones every run:
//	h := faults.New(fixtures.NewSite(), faults.WithSchedule(42, 0.1))
package faults
