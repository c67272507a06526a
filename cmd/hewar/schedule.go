package main

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/robfig/cron/v3"
)

func init() {
	register("schedule", "run crawls on a schedule (--every DURATION or --cron SPEC), one at a time", runSchedule)
}

func runSchedule(ctx context.Context, e env, args []string) error {
	fs := newFlagSet(e, "schedule", "--db FILE (--every DURATION | --cron SPEC) [crawl flags]")
	opts := addCrawlFlags(fs.FlagSet)
	var every ageFlag // 7d as --revisit-after takes it, as well as 24h
	fs.Var(&every, "every", "run a crawl now, then every `DURATION` (24h, 7d, 1d12h)")
	spec := fs.String("cron", "", "run a crawl at the times of a standard 5-field cron `SPEC` (e.g. \"0 3 * * *\"), local time")
	runs := fs.Int("runs", 0, "stop after `N` crawls (0: run until interrupted)")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usageError{fmt.Sprintf("schedule takes no arguments, got %q", pos[0])}
	}
	if every == 0 && flagGiven(fs, "every") {
		return usageError{"--every 0: give a length of time between crawls (24h, 7d)"}
	}
	sched, immediate, err := parseSchedule(time.Duration(every), *spec)
	if err != nil {
		return err
	}
	if err := opts.validate(); err != nil {
		return err
	}
	opts.scheduled = true
	logf := func(format string, a ...any) { fmt.Fprintf(e.stderr, "hewar: "+format+"\n", a...) }
	return scheduleLoop(ctx, sched, immediate, *runs, time.Now, func(ctx context.Context) error {
		sum, err := doCrawl(ctx, e, opts)
		return reportCrawl(ctx, e, opts, sum, err)
	}, logf, opts.quiet)
}

// parseSchedule turns --every or --cron into a schedule. --every runs the first
// crawl at once; --cron waits for its first time, as cron itself would.
func parseSchedule(every time.Duration, spec string) (cron.Schedule, bool, error) {
	switch {
	case every > 0 && spec != "":
		return nil, false, usageError{"give --every or --cron, not both"}
	case every > 0:
		return cron.Every(every), true, nil
	case every < 0:
		return nil, false, usageError{"--every must be positive"}
	case spec != "":
		s, err := cron.ParseStandard(spec)
		if err != nil {
			return nil, false, usageError{fmt.Sprintf("--cron %q: %v", spec, err)}
		}
		return s, false, nil
	default:
		return nil, false, usageError{"schedule needs --every DURATION or --cron SPEC"}
	}
}

// scheduleLoop runs crawl at the schedule's times, one at a time, until ctx
// ends or runs crawls have been made. A crawl that fails is reported and the
// schedule goes on: one bad night must not stop an archive's scheduled crawls.
// A crawl that is still running when its next time comes simply delays it.
// With quiet, only failures are logged.
//
// It says why it stops, and exits non-zero unless it made its runs crawls
// and none failed: interrupted (a signal), it returns an error (status 1);
// when a crawl could not start for another reason than a crawl holding the
// lock (the archive cannot be opened or written), it stops at once with that
// crawl's status 4, since every later crawl would fail alike; after its runs,
// it returns the worst status of the crawls that failed.
func scheduleLoop(ctx context.Context, sched cron.Schedule, immediate bool, runs int, now func() time.Time,
	crawl func(context.Context) error, logf func(string, ...any), quiet bool) error {
	next := now()
	if !immediate {
		next = sched.Next(next)
	}
	var (
		worst  error
		failed int
	)
	made := 0
	for ; runs == 0 || made < runs; made++ {
		if wait := next.Sub(now()); wait > 0 {
			if !quiet {
				logf("schedule: next crawl at %s", next.Format(time.RFC3339))
			}
			t := time.NewTimer(wait)
			select {
			case <-ctx.Done():
				t.Stop()
				return fmt.Errorf("schedule stopped by a signal after %s, waiting for the next at %s", plural(made, "crawl", "crawls"), next.Format(time.RFC3339))
			case <-t.C:
			}
		}
		started := now()
		err := crawl(ctx)
		switch {
		case ctx.Err() != nil:
			return fmt.Errorf("schedule stopped by a signal during its crawl %d", made+1)
		case errors.Is(err, errCrawlLocked):
			logf("schedule: skipped: %v", err)
		case exitCode(err) == exitCrawlNotStarted:
			return withStatus(exitCrawlNotStarted, fmt.Errorf("schedule stopped: its crawl %d could not start: %w", made+1, err))
		case err != nil:
			logf("schedule: crawl failed: %v", err)
			failed++
			if worst == nil || exitCode(err) >= exitCode(worst) {
				worst = err
			}
		}
		next = sched.Next(started)
		if n := now(); next.Before(n) {
			next = sched.Next(n)
		}
	}
	if worst != nil {
		return withStatus(exitCode(worst), fmt.Errorf("schedule made its %s; %d failed, the worst: %w", plural(made, "crawl", "crawls"), failed, worst))
	}
	return nil
}
