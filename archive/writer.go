package archive

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"path/filepath"
	"sync"
	"sync/atomic"
	"time"

	"golang.org/x/sys/unix"
)

// The writer: every write of a crawl (captures, frontier claims and links)
// goes through one goroutine that owns one connection and commits what is
// queued as one transaction.
//
// Why: SQLite allows one writer at a time. With a transaction per capture,
// sixteen fetchers took sixteen connections that queued on the write lock
// (SQLite's busy handler sleeps between tries) and paid a WAL commit each.
// A group commit writes shared pages (indexes, the crawl's counters, FTS
// segments) once per group, keeps one page cache and one statement cache
// warm, and no caller ever sleeps on the lock.
//
// Nothing changes for a caller: write returns when its job is committed, or
// with the job's error and none of its changes. When a job fails, its group
// is rolled back and run again a job at a time, so that the others still
// commit (commitGroup); a job must therefore be safe to run twice. A caller is told
// "done" only after COMMIT succeeded, so a crash loses at most jobs whose
// callers were still waiting: for a crawl, items still claimed, which resume
// makes pending again.

// maxGroup bounds the jobs of one transaction (and a caller's wait).
const maxGroup = 32

// linger is the longest the writer waits for callers still preparing their
// job, so that a group commits more than one capture. A lone caller (a
// test, a reparse) never waits: nobody else is coming.
const linger = 2 * time.Millisecond

type writeJob struct {
	ctx  context.Context
	fn   func(ctx context.Context, tx *sql.Tx) error
	done chan error
}

// walCeilingBytes is the most WAL the writer connection's
// wal_autocheckpoint lets grow: SQLite copies the WAL back into the
// database when it reaches so many pages (default 1000, 4 MB with 4 KiB
// pages). A crawl rewrites the same index and search-index
// pages in every commit; checkpointing every 4 MB copied them back (and
// synced the file) over and over: in one BenchmarkCrawlPipeline session,
// 0.57-0.64x bare colly with 1,000 pages, 0.72x with 10,000, 0.73-0.79x
// with 20,000 (of 4 KiB: 80 MB). The WAL file can then grow to about 80 MB during a crawl;
// SQLite checkpoints it and removes it when the archive is closed. The WAL
// takes at most an eighth of the room free when the writer starts, and
// never less than SQLite's default at its default page size (1,000 pages
// of 4 KiB): a nearly full disk checkpoints as often as before (walPages).
// The budget is counted in bytes, and set in the file's own pages.
const (
	walFloorBytes   = 1000 * 4096
	walCeilingBytes = 20000 * 4096
)

// walPages is the wal_autocheckpoint, in pages of pageSize bytes, for an
// archive whose directory has free bytes of room.
func walPages(free, pageSize int64) int {
	return int(min(max(free/8, walFloorBytes), walCeilingBytes) / pageSize)
}

// freeBytes is the room left for an unprivileged writer in dir, or 0 when
// it cannot be told.
func freeBytes(dir string) int64 {
	var st unix.Statfs_t
	if err := unix.Statfs(dir, &st); err != nil {
		return 0
	}
	return int64(st.Bavail) * int64(st.Bsize)
}

type writer struct {
	// conn is the writer's own connection: it never waits for the pool,
	// and it carries the writer's wal_autocheckpoint.
	conn *sql.Conn

	// coming counts callers on their way to write (preparing a capture):
	// while some are, the writer waits a little for them to join the group.
	coming atomic.Int64

	once     sync.Once
	startErr error        // why the writer could not start; every write returns it
	mu       sync.RWMutex // held for reading while sending; Close takes it to close jobs
	closed   bool
	jobs     chan *writeJob
	exited   chan struct{}

	// index is the documents whose search index entries wait for the
	// next batch (search_batch.go); started says the writer ran, and so
	// may have left some waiting.
	index   indexQueue
	started atomic.Bool
}

// errClosed is returned by writes after Close.
var errClosed = errors.New("archive is closed")

// write runs fn in the writer's transaction and returns once it committed.
// fn must use only tx (never db.db: the pool may be busy) and must not keep
// tx after it returns.
func (db *DB) write(ctx context.Context, fn func(ctx context.Context, tx *sql.Tx) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	w := &db.writer
	w.once.Do(func() {
		conn, err := db.db.Conn(context.Background())
		if err == nil {
			var size int64
			if err = conn.QueryRowContext(context.Background(), `PRAGMA page_size`).Scan(&size); err == nil {
				pages := walPages(freeBytes(filepath.Dir(db.path)), size)
				_, err = conn.ExecContext(context.Background(), fmt.Sprintf(`PRAGMA wal_autocheckpoint = %d`, pages))
			}
			if err != nil {
				conn.Close()
			}
		}
		if err != nil {
			w.startErr = fmt.Errorf("start writer: %w", err)
			return
		}
		w.conn = conn
		w.jobs = make(chan *writeJob, maxGroup)
		w.exited = make(chan struct{})
		w.started.Store(true)
		go db.writeLoop()
	})
	if w.startErr != nil {
		return w.startErr
	}
	j := &writeJob{ctx: ctx, fn: fn, done: make(chan error, 1)}
	w.mu.RLock()
	if w.closed {
		w.mu.RUnlock()
		return errClosed
	}
	w.jobs <- j
	w.mu.RUnlock()
	return <-j.done
}

// closeWriter stops the writer after the jobs already queued, and the
// search index brought up to date with them.
func (db *DB) closeWriter() error {
	w := &db.writer
	err := db.FlushSearchIndex(context.Background())
	if errors.Is(err, errClosed) {
		err = nil
	}
	w.mu.Lock()
	started := w.jobs != nil && !w.closed
	w.closed = true
	if started {
		close(w.jobs)
	}
	w.mu.Unlock()
	if started {
		<-w.exited
		w.conn.Close()
	}
	return err
}

func (db *DB) writeLoop() {
	w := &db.writer
	defer close(w.exited)
	group := make([]*writeJob, 0, maxGroup)
	for {
		j, ok := db.nextJob()
		if !ok {
			return
		}
		group = append(group[:0], j)
	fill:
		for len(group) < maxGroup {
			select {
			case j, ok := <-w.jobs:
				if !ok {
					break fill
				}
				group = append(group, j)
			default:
				break fill
			}
		}
		if int(w.coming.Load()) > len(group) {
			timer := time.NewTimer(linger)
		wait:
			for len(group) < maxGroup && int(w.coming.Load()) > len(group) {
				select {
				case j, ok := <-w.jobs:
					if !ok {
						break wait
					}
					group = append(group, j)
				case <-timer.C:
					break wait
				}
			}
			timer.Stop()
		}
		errs := db.commitGroup(group)
		for i, j := range group {
			j.done <- errs[i]
			group[i] = nil
		}
	}
}

// nextJob waits for the next job, indexing the documents waiting for the
// search index when they have waited long enough meanwhile. It reports
// false once the writer is closed.
func (db *DB) nextJob() (*writeJob, bool) {
	w := &db.writer
	for {
		due, left := w.index.due(time.Now())
		if due {
			db.indexBatch()
			continue
		}
		if left == 0 {
			j, ok := <-w.jobs
			return j, ok
		}
		timer := time.NewTimer(left)
		select {
		case j, ok := <-w.jobs:
			timer.Stop()
			return j, ok
		case <-timer.C:
		}
	}
}

// indexBatch indexes the documents waiting for the search index, in a
// transaction of its own. If that fails, they wait another indexLag (the
// end of the run, which indexes them through FlushSearchIndex, reports the
// error).
func (db *DB) indexBatch() {
	errs := db.commitGroup([]*writeJob{{ctx: context.Background(), fn: db.indexPending, done: make(chan error, 1)}})
	if errs[0] != nil {
		db.writer.index.since = time.Now()
	}
}

// commitGroup runs the jobs in one transaction and returns each one's error.
// The jobs run one after the other with no savepoint between them: a
// savepoint per job cost a statement before and after each, and made the
// search index (FTS5 flushes its pending terms at every savepoint) write a
// segment per capture instead of one per group. When a job fails, the
// transaction is rolled back and every job of the group runs again in a
// transaction of its own, so that the failing one fails alone and the
// others commit; a job's fn may therefore run twice, and must do nothing
// outside tx that a rollback would not undo (the caches it fills are
// dropped by forgetUncommitted).
func (db *DB) commitGroup(group []*writeJob) []error {
	errs := make([]error, len(group))
	if len(group) > 1 {
		if failed := db.runGroup(group, errs); !failed {
			return errs
		}
		// Each alone, from the start.
		for i, j := range group {
			errs[i] = nil
			db.runGroup([]*writeJob{j}, errs[i:i+1])
		}
		return errs
	}
	db.runGroup(group, errs)
	return errs
}

// runGroup runs the jobs in one transaction and commits it if all of them
// succeeded; otherwise it rolls it back. It sets each job's error (a job not
// run because one before it failed gets none) and reports whether
// anything failed.
func (db *DB) runGroup(group []*writeJob, errs []error) (failed bool) {
	fail := func(err error) bool {
		for i := range errs {
			if errs[i] == nil {
				errs[i] = err
			}
		}
		db.forgetUncommitted()
		return true
	}
	// Not the jobs' contexts: database/sql rolls a transaction back when the
	// context it began with ends, and the group outlives any one job.
	tx, err := db.writer.conn.BeginTx(context.Background(), nil)
	if err != nil {
		return fail(fmt.Errorf("begin: %w", err))
	}
	for i, j := range group {
		err := j.ctx.Err()
		if err == nil {
			err = j.fn(j.ctx, tx)
		}
		if err != nil {
			tx.Rollback()
			db.forgetUncommitted()
			errs[i] = err
			return true
		}
	}
	if err := tx.Commit(); err != nil {
		return fail(fmt.Errorf("commit: %w", err))
	}
	db.writer.index.commit(time.Now())
	return false
}

// forgetUncommitted drops in-memory caches that may name rows a rollback
// removed: SQLite reuses the rowid of a rolled-back blob for the next one.
func (db *DB) forgetUncommitted() {
	db.dicts.clear()
	db.templates.clear()
	db.templateEncs.clear()
	db.writer.index.rollback()
}
