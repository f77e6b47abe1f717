package gltf

import (
	"container/list"
	"errors"
	"fmt"
	"os"
	"runtime"
	"strconv"
	"strings"
	"sync"
)

// Budget is the memory budget for decoded assets of a process: the
// models and textures held between samples (Memo), and the pixels an
// image decoder needs while it runs (LoadFS reserves them with Reserve
// before decoding). Workers share one Budget, so running more workers
// does not multiply the memory decoded assets may take: a load waits
// until enough of the budget is free, evicting the least recently used
// memoised assets first.
//
// A Budget is safe for concurrent use. The zero value is not usable;
// build one with NewBudget, or use ProcessBudget.
type Budget struct {
	max int64 // bytes; <= 0: unbounded; guarded by mu once shared

	mu       sync.Mutex
	cond     *sync.Cond
	used     int64 // memoised entries plus reservations
	peak     int64 // the most used ever held
	reserved int64 // reservations only
	lru      *list.List
	entries  map[any]*memoEntry
	hits     int64
	misses   int64
	evicted  int64
}

// memoEntry is one memoised asset.
type memoEntry struct {
	key   any
	done  chan struct{} // closed once loaded
	value any
	bytes int64
	err   error
	elem  *list.Element // in lru once loaded; nil while loading
}

// ErrBudget is wrapped by the error of an asset (or a reservation) larger
// than the whole budget: it could never be loaded, however much is evicted.
var ErrBudget = errors.New("asset exceeds the memory budget")

// NewBudget returns a budget of max bytes; max <= 0 means unbounded.
func NewBudget(max int64) *Budget {
	b := &Budget{max: max, lru: list.New(), entries: make(map[any]*memoEntry)}
	b.cond = sync.NewCond(&b.mu)
	return b
}

// Max returns the budget in bytes (<= 0: unbounded).
func (b *Budget) Max() int64 {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.max
}

// BudgetStats are a Budget's counters.
type BudgetStats struct {
	Max, Used, Reserved   int64
	Peak                  int64 // the most Used has been
	Entries               int
	Hits, Misses, Evicted int64
}

// Stats returns the budget's counters.
func (b *Budget) Stats() BudgetStats {
	b.mu.Lock()
	defer b.mu.Unlock()
	return BudgetStats{Max: b.max, Used: b.used, Peak: b.peak, Reserved: b.reserved, Entries: b.lru.Len(), Hits: b.hits, Misses: b.misses, Evicted: b.evicted}
}

// fitsLocked evicts least recently used entries until n more bytes fit,
// and reports whether they do.
//
// It evicts nothing when eviction alone cannot make room, because other
// reservations hold too much of the budget: the caller then waits for
// them, and the memoised assets stay (evicting them anyway made every
// waiting load throw away the whole cache, which was then loaded again:
// issue 17's ten-texture catalogue loaded its ten models 207 times).
func (b *Budget) fitsLocked(n int64) bool {
	if b.max <= 0 {
		return true
	}
	if b.reserved+n > b.max {
		return b.used+n <= b.max
	}
	for b.used+n > b.max && b.lru.Len() > 0 {
		e := b.lru.Remove(b.lru.Front()).(*memoEntry)
		delete(b.entries, e.key)
		b.used -= e.bytes
		b.evicted++
	}
	return b.used+n <= b.max
}

// Reserve takes n bytes of the budget for memory about to be allocated
// (an image being decoded), evicting memoised entries and then waiting
// for other reservations to be released as needed. It fails, without
// waiting, when n exceeds the whole budget. Release the bytes with
// Release once the memory is freed or handed to Memo.
func (b *Budget) Reserve(n int64, what string) error {
	if n <= 0 {
		return nil
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	for !b.fitsLocked(n) {
		if n > b.max {
			return fmt.Errorf("%w: %s needs %d bytes, the budget is %d bytes (raise it with --asset-memory or SYNTHKIT_ASSET_MEMORY)", ErrBudget, what, n, b.max)
		}
		b.cond.Wait()
	}
	b.used += n
	b.peak = max(b.peak, b.used)
	b.reserved += n
	return nil
}

// Release returns n reserved bytes to the budget.
func (b *Budget) Release(n int64) {
	if n <= 0 {
		return
	}
	b.mu.Lock()
	b.used -= n
	b.reserved -= n
	b.mu.Unlock()
	b.cond.Broadcast()
}

// Memo returns the value memoised under key, calling load (once, however
// many goroutines ask at the same time) when it is not held. load returns
// the value and the bytes it holds; the value is kept while the budget
// allows and evicted least recently used first. A value larger than the
// whole budget is returned to its caller but not kept, with an error
// wrapping ErrBudget: callers decide whether that is fatal. Errors of
// load are returned and not memoised, so a later call tries again (a
// deterministic load fails the same way). Values must not be modified
// once returned: other callers share them.
func (b *Budget) Memo(key any, load func() (any, int64, error)) (any, error) {
	b.mu.Lock()
	for {
		e, ok := b.entries[key]
		if !ok {
			break
		}
		if e.elem != nil {
			b.lru.MoveToBack(e.elem)
			b.hits++
			b.mu.Unlock()
			return e.value, nil
		}
		b.mu.Unlock()
		<-e.done
		if e.err == nil {
			return e.value, nil
		}
		b.mu.Lock() // the load failed: try again
	}
	e := &memoEntry{key: key, done: make(chan struct{})}
	b.entries[key] = e
	b.misses++
	b.mu.Unlock()

	v, n, err := load()
	e.value, e.bytes, e.err = v, n, err

	b.mu.Lock()
	switch {
	case err != nil:
		delete(b.entries, key)
	case b.max > 0 && n > b.max:
		delete(b.entries, key)
		e.err = fmt.Errorf("%w: %d bytes, the budget is %d bytes (raise it with --asset-memory or SYNTHKIT_ASSET_MEMORY)", ErrBudget, n, b.max)
		err = e.err
	default:
		b.fitsLocked(n) // may leave used above max only while reservations are outstanding
		b.used += n
		b.peak = max(b.peak, b.used)
		e.elem = b.lru.PushBack(e)
	}
	b.mu.Unlock()
	close(e.done)
	b.cond.Broadcast()
	return v, err
}

// Memory budget defaults.
const (
	// MinBudget is the smallest default budget, 256 MiB.
	MinBudget = 256 << 20
	// MaxDefaultBudget caps the default budget at 1 GiB: enough for the
	// working set of a shelves sample many times over.
	MaxDefaultBudget = 1 << 30
	// BudgetEnv names the environment variable that overrides the
	// default budget: bytes, or a number with a K, M or G suffix
	// (powers of 1024); 0 or "unbounded" means no bound.
	BudgetEnv = "SYNTHKIT_ASSET_MEMORY"
)

// DefaultBudgetBytes returns the default process budget: an eighth of the
// machine's memory (of the cgroup limit when one is set), clamped to
// MinBudget..MaxDefaultBudget; 1 GiB on a machine of 8 GiB or more.
// BudgetEnv overrides it.
func DefaultBudgetBytes() int64 {
	if s := strings.TrimSpace(os.Getenv(BudgetEnv)); s != "" {
		if n, err := ParseBytes(s); err == nil {
			return n
		}
	}
	total := machineMemory()
	if total <= 0 {
		return MinBudget
	}
	return max(MinBudget, min(MaxDefaultBudget, total/8))
}

// ParseBytes parses a byte count: digits with an optional K, M or G
// suffix (powers of 1024, an optional trailing B or iB), or "unbounded"
// (0).
func ParseBytes(s string) (int64, error) {
	t := strings.ToUpper(strings.TrimSpace(s))
	if t == "UNBOUNDED" {
		return 0, nil
	}
	t = strings.TrimSuffix(strings.TrimSuffix(t, "B"), "I")
	mul := int64(1)
	switch {
	case strings.HasSuffix(t, "K"):
		mul, t = 1<<10, t[:len(t)-1]
	case strings.HasSuffix(t, "M"):
		mul, t = 1<<20, t[:len(t)-1]
	case strings.HasSuffix(t, "G"):
		mul, t = 1<<30, t[:len(t)-1]
	}
	n, err := strconv.ParseInt(strings.TrimSpace(t), 10, 64)
	if err != nil || n < 0 || n > (1<<62)/mul {
		return 0, fmt.Errorf("byte count %q: want a non-negative number with an optional K, M or G suffix, or \"unbounded\"", s)
	}
	return n * mul, nil
}

// machineMemory returns the bytes of memory available to the process: the
// cgroup v2 limit if set, else the machine's total (Linux); 0 if unknown.
func machineMemory() int64 {
	var total int64
	if runtime.GOOS == "linux" {
		if data, err := os.ReadFile("/proc/meminfo"); err == nil {
			for _, line := range strings.Split(string(data), "\n") {
				if f := strings.Fields(line); len(f) >= 2 && f[0] == "MemTotal:" {
					if kb, err := strconv.ParseInt(f[1], 10, 64); err == nil {
						total = kb << 10
					}
				}
			}
		}
		if data, err := os.ReadFile("/sys/fs/cgroup/memory.max"); err == nil {
			if n, err := strconv.ParseInt(strings.TrimSpace(string(data)), 10, 64); err == nil && n > 0 && (total == 0 || n < total) {
				total = n
			}
		}
	}
	return total
}

var (
	processOnce   sync.Once
	processBudget *Budget
)

// ProcessBudget returns the process-wide budget, of DefaultBudgetBytes
// bytes (change it with SetMax, e.g. from a command-line flag). LoadFS reserves decoded
// pixels from it; generators memoise their models in it.
func ProcessBudget() *Budget {
	processOnce.Do(func() { processBudget = NewBudget(DefaultBudgetBytes()) })
	return processBudget
}

// SetMax changes the budget to max bytes (<= 0: unbounded), evicting
// memoised entries as needed. Reservations already granted stand.
func (b *Budget) SetMax(max int64) {
	b.mu.Lock()
	b.max = max
	b.fitsLocked(0)
	b.mu.Unlock()
	b.cond.Broadcast()
}
