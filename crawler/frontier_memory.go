package crawler

import (
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
	queue      []string // pending keys in order of arrival; stale entries are skipped
	validators map[string]Validators
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

// Resume makes claimed items pending again, in key order.
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
	for _, k := range keys {
		f.state[k] = statePending
	}
	f.queue = append(keys, f.queue...)
	return nil
}

// Add enqueues the items whose keys it has never seen.
func (f *MemoryFrontier) Add(_ context.Context, items []Item) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, it := range items {
		if _, ok := f.state[it.Key]; ok {
			continue
		}
		f.items[it.Key] = it
		f.state[it.Key] = statePending
		f.queue = append(f.queue, it.Key)
	}
	return nil
}

// Next claims up to n pending items, oldest first.
func (f *MemoryFrontier) Next(_ context.Context, n int) ([]Item, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []Item
	for len(out) < n && len(f.queue) > 0 {
		k := f.queue[0]
		f.queue = f.queue[1:]
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

// Validators returns what SetValidators stored for key.
func (f *MemoryFrontier) Validators(_ context.Context, key string) (Validators, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.validators[key], nil
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
