package crawler

import (
	"container/heap"
	"context"
	"sort"
	"sync"
)

// MemoryFrontier is a Frontier in memory, for tests and benchmarks. It
// behaves as the archive's does, except that it dies with the process.
type MemoryFrontier struct {
	mu         sync.Mutex
	items      map[string]Item
	state      map[string]itemState
	queue      rankQueue // pending keys by rank, then order of arrival; stale entries are skipped
	seq        int64
	validators map[string]Validators
}

// queued is one entry of a MemoryFrontier's queue.
type queued struct {
	key       string
	rank, seq int64
}

// rankQueue is a heap of keys: the lowest rank first, then the first queued.
type rankQueue []queued

func (q rankQueue) Len() int { return len(q) }
func (q rankQueue) Less(i, j int) bool {
	if q[i].rank != q[j].rank {
		return q[i].rank < q[j].rank
	}
	return q[i].seq < q[j].seq
}
func (q rankQueue) Swap(i, j int) { q[i], q[j] = q[j], q[i] }
func (q *rankQueue) Push(x any)   { *q = append(*q, x.(queued)) }
func (q *rankQueue) Pop() any {
	old := *q
	x := old[len(old)-1]
	*q = old[:len(old)-1]
	return x
}

// push queues key at its item's rank; the caller holds f.mu.
func (f *MemoryFrontier) push(key string) {
	f.seq++
	heap.Push(&f.queue, queued{key: key, rank: f.items[key].Rank, seq: f.seq})
}

type itemState uint8

const (
	statePending itemState = iota + 1
	stateClaimed
	stateDone
)

// NewMemoryFrontier returns an empty frontier.
func NewMemoryFrontier() *MemoryFrontier {
	return &MemoryFrontier{
		items:      map[string]Item{},
		state:      map[string]itemState{},
		validators: map[string]Validators{},
	}
}

// Resume makes claimed items pending again: within their rank, ahead of
// what is queued, in key order.
func (f *MemoryFrontier) Resume(context.Context) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	var keys []string
	for k, s := range f.state {
		if s == stateClaimed {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	for i, k := range keys {
		f.state[k] = statePending
		heap.Push(&f.queue, queued{key: k, rank: f.items[k].Rank, seq: int64(i - len(keys))})
	}
	return nil
}

// Add enqueues the items whose keys it has never seen, and lowers the depth
// of a known one that a link (an item with a Via) reaches in fewer steps.
func (f *MemoryFrontier) Add(_ context.Context, items []Item) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, it := range items {
		if _, ok := f.state[it.Key]; ok {
			if old := f.items[it.Key]; it.Via != "" && it.Depth < old.Depth {
				old.Depth, old.Via = it.Depth, it.Via
				f.items[it.Key] = old
			}
			continue
		}
		f.items[it.Key] = it
		f.state[it.Key] = statePending
		f.push(it.Key)
	}
	return nil
}

// Next claims up to n pending items, the lowest rank first, then the oldest.
func (f *MemoryFrontier) Next(_ context.Context, n int) ([]Item, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []Item
	for len(out) < n && f.queue.Len() > 0 {
		k := heap.Pop(&f.queue).(queued).key
		if f.state[k] != statePending {
			continue
		}
		f.state[k] = stateClaimed
		out = append(out, f.items[k])
	}
	return out, nil
}

// Take claims one item if it is unseen or pending.
func (f *MemoryFrontier) Take(_ context.Context, it Item) (bool, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	switch f.state[it.Key] {
	case 0:
		f.items[it.Key] = it
	case statePending:
	default:
		return false, nil
	}
	f.state[it.Key] = stateClaimed
	return true, nil
}

// Done marks an item done.
func (f *MemoryFrontier) Done(_ context.Context, key string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if _, ok := f.items[key]; !ok {
		f.items[key] = Item{Key: key}
	}
	f.state[key] = stateDone
	return nil
}

// Validators returns what SetValidators stored for the item's key.
func (f *MemoryFrontier) Validators(_ context.Context, item Item) (Validators, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.validators[item.Key], nil
}

// SetValidators stores the validators a later Run's conditional request for
// key will send; the archive takes them from its last capture instead.
func (f *MemoryFrontier) SetValidators(key string, v Validators) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.validators[key] = v
}

// Pending counts the pending items.
func (f *MemoryFrontier) Pending(context.Context) (int, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	n := 0
	for _, s := range f.state {
		if s == statePending {
			n++
		}
	}
	return n, nil
}

// Len counts the items in each state: pending, claimed and done.
func (f *MemoryFrontier) Len() (pending, claimed, done int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, s := range f.state {
		switch s {
		case statePending:
			pending++
		case stateClaimed:
			claimed++
		case stateDone:
			done++
		}
	}
	return pending, claimed, done
}
