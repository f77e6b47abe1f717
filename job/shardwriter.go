package job

import (
	"context"
	"errors"
	"io"
	"sync"
	"time"

	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/synthkit/synthkit/dataset"
	"github.com/synthkit/synthkit/store"
)

// maxCommitting is how many shards a run has between its first byte and
// its sidecar at once: one filling, one committing.
const maxCommitting = 2

// shardWriter writes a run's shards, in order, from the samples its
// pipeline hands out in order.
//
// The shards are written by a chain of goroutines: shard j creates and
// fills its file (pulling its samples with next) once shard j−1 has
// pulled all of its own, and commits it (the last buffered bytes, fsync,
// rename, read back, sidecar) once shard j−1 is committed. Shard j−1's
// commit so overlaps shard j's fill: a commit is mostly waiting on the
// disk and hashing (BenchmarkWriteShards), so this lifts what one
// process can write a second. Shards still complete in order, and one
// whose predecessor failed is never committed. At most committing shards
// are in the store's hands at once (1: one after the other), and only the
// filling one holds record batch memory.
type shardWriter struct {
	st         store.Store
	schema     *dataset.Schema
	allocator  memory.Allocator // under the writers' pool; nil: the default
	next       func(context.Context) (*dataset.Sample, error)
	progress   func(done, total int64) // after each sample written; may be nil
	total      int64                   // samples in all shards, for progress
	committing int
}

// write writes the shards of tmpls (each with its sample range set) and
// returns those committed, in order, the time spent writing (summed over
// shards, waits for samples and for the shard before excluded) and the
// first error. Samples are pulled under ctx, which write cancels with the
// error when a shard fails; commits run under commitCtx (the caller's),
// so that a shard's failure does not stop the commit of the shard before
// it, which would leave that one complete but unreported.
func (w *shardWriter) write(commitCtx, ctx context.Context, cancel context.CancelCauseFunc, tmpls []dataset.Sidecar) ([]ShardResult, time.Duration, error) {
	var (
		done   int64          // samples written; touched by one fill at a time
		turn   = closedChan() // closed when the previous shard has pulled its samples
		prev   = closedChan() // closed when the previous shard is committed or has failed
		slots  = make(chan struct{}, max(w.committing, 1))
		wg     sync.WaitGroup
		mu     sync.Mutex
		writeT time.Duration
		werr   error
		shards = make([]*ShardResult, len(tmpls))
	)
	// One pool for all the shards: a shard's record batches reuse the
	// memory of the shard before.
	pool := dataset.NewBufferPool(w.allocator)
	defer pool.Release()
	fail := func(err error) {
		mu.Lock()
		if werr == nil || errors.Is(werr, context.Canceled) && !errors.Is(err, context.Canceled) {
			werr = err // the first cause, not a shard that stopped because of it
		}
		mu.Unlock()
		cancel(err)
	}
	for j, tmpl := range tmpls {
		select {
		case slots <- struct{}{}:
		case <-ctx.Done():
		}
		if ctx.Err() != nil {
			break
		}
		mine, next := turn, make(chan struct{})
		before, finished := prev, make(chan struct{})
		turn, prev = next, finished
		wg.Go(func() {
			defer func() { <-slots }()
			defer close(finished)
			handed := false
			handOver := func() {
				if !handed {
					handed = true
					close(next)
				}
			}
			defer handOver()
			select {
			case <-mine:
			case <-ctx.Done():
			}
			if ctx.Err() != nil { // a shard before this one failed
				return
			}
			t0 := time.Now()
			var waited time.Duration
			sc, err := store.CommitShard(commitCtx, w.st, tmpl, func(out io.Writer) (int64, error) {
				wr, err := dataset.NewWriter(out, w.schema, dataset.WriterOptions{Allocator: pool, Rows: tmpl.End - tmpl.First})
				if err != nil {
					return 0, err
				}
				for i := tmpl.First; i < tmpl.End; i++ {
					tw := time.Now()
					smp, err := w.next(ctx)
					waited += time.Since(tw)
					if err != nil {
						wr.Abort()
						return 0, err
					}
					if err := wr.Write(smp); err != nil {
						wr.Abort()
						return 0, err
					}
					done++
					if w.progress != nil {
						w.progress(done, w.total)
					}
				}
				if err := wr.Close(); err != nil {
					// Cancel before the next shard takes its turn: the
					// samples it would pull are not its own.
					fail(err)
					return 0, err
				}
				handOver()
				// Commit after the shard before: what was written so
				// far is in the buffer or the temporary file.
				tw := time.Now()
				select {
				case <-before:
				case <-ctx.Done():
				}
				waited += time.Since(tw)
				if ctx.Err() != nil {
					return 0, context.Cause(ctx)
				}
				return wr.Rows(), nil
			})
			mu.Lock()
			writeT += time.Since(t0) - waited
			mu.Unlock()
			if err != nil {
				fail(err)
				return
			}
			shards[j] = &ShardResult{Shard: tmpl.Shard, Sidecar: sc}
		})
	}
	wg.Wait()
	if werr == nil && ctx.Err() != nil { // cancelled by the caller between shards
		werr = context.Cause(ctx)
	}
	var out []ShardResult
	for _, r := range shards {
		if r != nil {
			out = append(out, *r)
		}
	}
	return out, writeT, werr
}

// closedChan returns a closed channel.
func closedChan() chan struct{} {
	c := make(chan struct{})
	close(c)
	return c
}
