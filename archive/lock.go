package archive

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"syscall"
	"time"
)

// The crawl lock lives in the archive (table crawl_lock) rather than in a
// file beside it, so that it travels with the file and is released by the
// same transaction machinery. A lock whose process is gone is stale: on the
// same host that is known for sure (the pid is not alive); from another host
// it is assumed when the heartbeat is older than lockStaleAfter.

// lockHeartbeat is how often a holder refreshes heartbeat_at.
const lockHeartbeat = 15 * time.Second

// lockStaleAfter is how old a heartbeat from another host must be to be ignored.
const lockStaleAfter = 2 * time.Minute

// LockHolder describes who holds the crawl lock.
type LockHolder struct {
	Owner     string
	PID       int
	Hostname  string
	StartedAt time.Time
	Heartbeat time.Time
}

// LockError is returned (wrapping ErrLocked) when another live process holds the lock.
type LockError struct{ Holder LockHolder }

func (e *LockError) Error() string {
	h := e.Holder
	return fmt.Sprintf("archive is locked by %s (pid %d on %s, since %s): wait for it to finish or stop it",
		h.Owner, h.PID, h.Hostname, h.StartedAt.UTC().Format(time.RFC3339))
}

func (e *LockError) Unwrap() error { return ErrLocked }

// AcquireLock takes the archive's crawl lock for owner (e.g. "hewar crawl").
// It fails with an error wrapping ErrLocked while another live process holds
// it, and takes over a lock left by a process that died. The returned release
// stops the heartbeat and drops the lock; call it once.
func (db *DB) AcquireLock(ctx context.Context, owner string) (release func() error, err error) {
	host, _ := os.Hostname()
	pid := os.Getpid()
	now := db.now()

	tx, err := db.db.BeginTx(ctx, nil)
	if err != nil {
		return nil, fmt.Errorf("acquire lock: %w", err)
	}
	defer tx.Rollback()
	var (
		h                  LockHolder
		started, heartbeat int64
	)
	err = tx.QueryRowContext(ctx, `SELECT owner, pid, hostname, started_at, heartbeat_at FROM crawl_lock WHERE id = 1`).
		Scan(&h.Owner, &h.PID, &h.Hostname, &started, &heartbeat)
	switch {
	case errors.Is(err, sql.ErrNoRows):
	case err != nil:
		return nil, fmt.Errorf("acquire lock: %w", err)
	default:
		h.StartedAt, h.Heartbeat = fromMS(started), fromMS(heartbeat)
		if lockLive(h, host, now) && !db.ownStaleLock(h, host, started) {
			return nil, &LockError{Holder: h}
		}
	}
	if _, err := tx.ExecContext(ctx, `INSERT OR REPLACE INTO crawl_lock (id, owner, pid, hostname, started_at, heartbeat_at)
		VALUES (1, ?, ?, ?, ?, ?)`, owner, pid, host, now.UnixMilli(), now.UnixMilli()); err != nil {
		return nil, fmt.Errorf("acquire lock: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return nil, fmt.Errorf("acquire lock: %w", err)
	}
	key := heldKey{path: absPath(db.path), started: now.UnixMilli()}
	heldLocks.Store(key, struct{}{})

	stop := make(chan struct{})
	done := make(chan struct{})
	go func() {
		defer close(done)
		t := time.NewTicker(lockHeartbeat)
		defer t.Stop()
		for {
			select {
			case <-stop:
				return
			case <-t.C:
				// A failed heartbeat is retried on the next tick; only other hosts read it.
				db.db.Exec(`UPDATE crawl_lock SET heartbeat_at = ? WHERE id = 1 AND pid = ? AND hostname = ?`,
					db.now().UnixMilli(), pid, host)
			}
		}
	}()
	var once sync.Once
	release = func() error {
		var err error
		once.Do(func() {
			// The documents waiting for the search index are indexed while
			// the lock is held, also by a run interrupted before its end.
			err = db.FlushSearchIndex(context.Background())
			// Released for this process even if the row cannot be deleted
			// (a full disk): its next AcquireLock takes the row over.
			heldLocks.Delete(key)
			close(stop)
			<-done
			if _, e := db.db.Exec(`DELETE FROM crawl_lock WHERE id = 1 AND pid = ? AND hostname = ?`, pid, host); e != nil {
				err = fmt.Errorf("release lock: %w", e)
			}
		})
		return err
	}
	return release, nil
}

// heldLocks are the crawl locks this process holds, so that a lock row with
// this process's own pid is known for what it is: held, or left behind by a
// release whose DELETE failed (the disk was full) in a process that goes on
// crawling (hewar schedule), which must not refuse itself for ever.
var heldLocks sync.Map // heldKey -> struct{}

type heldKey struct {
	path    string
	started int64 // started_at of the row, ms
}

// ownStaleLock reports whether h is a lock row of this very process that it
// no longer holds.
func (db *DB) ownStaleLock(h LockHolder, host string, started int64) bool {
	if h.Hostname != host || h.PID != os.Getpid() {
		return false
	}
	_, held := heldLocks.Load(heldKey{path: absPath(db.path), started: started})
	return !held
}

func absPath(p string) string {
	if a, err := filepath.Abs(p); err == nil {
		return a
	}
	return p
}

// lockLive reports whether the holder may still be running.
func lockLive(h LockHolder, host string, now time.Time) bool {
	if h.Hostname == host {
		return processAlive(h.PID)
	}
	return now.Sub(h.Heartbeat) < lockStaleAfter
}

// processAlive reports whether a process with this pid exists on this host.
func processAlive(pid int) bool {
	if pid <= 0 {
		return false
	}
	err := syscall.Kill(pid, 0)
	return err == nil || errors.Is(err, syscall.EPERM)
}
