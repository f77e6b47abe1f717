package job

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math/rand/v2"
	"runtime"
	"slices"
	"sync"

	"github.com/synthkit/synthkit/generator"
	"github.com/synthkit/synthkit/render"

	"github.com/synthkit/synthkit/dataset"
	"github.com/synthkit/synthkit/store"
)

// verifier holds what Verify shares between shards.
type verifier struct {
	ctx       context.Context
	st        store.Store
	spec      *Spec
	opts      VerifyOptions
	mode      CompareMode
	sp        *sampler
	renderers chan render.Renderer
	made      []render.Renderer
	done      int64
	total     int64
}

func (v *verifier) startRenderers() error {
	if v.opts.NewRenderer == nil {
		return errors.New("VerifyOptions.NewRenderer is nil (needed to regenerate rows)")
	}
	n := v.opts.Workers
	if n <= 0 {
		n = runtime.GOMAXPROCS(0)
	}
	n = max(1, min(n, v.opts.Samples))
	v.renderers = make(chan render.Renderer, n)
	for range n {
		r, err := v.opts.NewRenderer(v.spec)
		if err == nil && r == nil {
			err = errors.New("factory returned a nil renderer")
		}
		if err != nil {
			return fmt.Errorf("renderer %q: %w", v.spec.Renderer, err)
		}
		v.made = append(v.made, r)
		v.renderers <- r
	}
	return nil
}

func (v *verifier) closeRenderers() {
	for _, r := range v.made {
		r.Close()
	}
}

// shard verifies one shard whose sidecar is sc and returns its first
// problem (nil when none) and the rows it compared.
func (v *verifier) shard(sc dataset.Sidecar) (*Mismatch, int64, error) {
	path := v.st.Path(sc.File)
	whole := func(column, format string, args ...any) (*Mismatch, int64, error) {
		return &Mismatch{Shard: sc.Shard, File: sc.File, Row: -1, Column: column, Detail: fmt.Sprintf(format, args...)}, 0, nil
	}
	obj, err := v.st.Open(v.ctx, sc.File)
	if errors.Is(err, fs.ErrNotExist) {
		return whole("", "missing")
	}
	if err != nil {
		return nil, 0, err
	}
	defer obj.Close()
	// Hash the bytes that are parsed below: ReadAt reads one spooled
	// version of a blob.
	h := sha256.New()
	n, err := io.Copy(h, io.NewSectionReader(obj, 0, obj.Size()))
	if err != nil {
		return nil, 0, fmt.Errorf("%s: %w", path, err)
	}
	if sum := hex.EncodeToString(h.Sum(nil)); n != sc.Bytes || sum != sc.SHA256 {
		return whole("", "%d bytes with sha256 %s; its sidecar says %d bytes with sha256 %s", n, sum, sc.Bytes, sc.SHA256)
	}
	schema, err := schemaOfSidecar(sc)
	if err != nil {
		return whole("schema", "%v", err)
	}
	if err := dataset.CheckSameSchema(obj, path, schema); err != nil {
		return whole("schema", "%v", err)
	}
	picked := pickRows(v.opts.Seed, sc.Shard, sc.Rows, v.opts.Samples)
	want := make(map[int64]bool, len(picked))
	for _, p := range picked {
		want[p] = true
	}
	var cheap *Mismatch // first index or seed mismatch
	stored := make(map[int64]*dataset.Sample, len(picked))
	r := dataset.ReadSource(v.ctx, obj, path)
	defer r.Close()
	var pos int64
	for ; ; pos++ {
		s, err := r.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			if ctxErr := v.ctx.Err(); ctxErr != nil {
				return nil, 0, ctxErr
			}
			return whole("", "row %d: %v", pos, err)
		}
		if pos >= sc.Rows {
			return whole("", "more rows than the %d its sidecar says", sc.Rows)
		}
		idx := sc.First + pos
		if cheap == nil {
			switch seed := generator.SampleSeed(v.spec.Seed, idx); {
			case s.Index != idx:
				cheap = &Mismatch{Shard: sc.Shard, File: sc.File, Row: idx, RowInShard: pos, Column: dataset.ColIndex,
					Detail: fmt.Sprintf("stored %d, expected %d", s.Index, idx)}
			case s.Seed != seed:
				cheap = &Mismatch{Shard: sc.Shard, File: sc.File, Row: idx, RowInShard: pos, Column: dataset.ColSeed,
					Detail: fmt.Sprintf("stored %d, expected %d", s.Seed, seed)}
			}
		}
		if want[pos] {
			stored[pos] = s
		}
	}
	if pos != sc.Rows {
		return whole("", "%d rows, its sidecar says %d", pos, sc.Rows)
	}
	if cheap != nil {
		// Rows after the first bad index or seed need not be rendered.
		picked = slices.DeleteFunc(picked, func(p int64) bool { return p >= cheap.RowInShard })
	}
	m, err := v.compareRows(sc, picked, stored)
	if err != nil {
		return nil, int64(len(picked)), err
	}
	if m == nil {
		m = cheap
	}
	return m, int64(len(picked)), nil
}

// compareRows regenerates the rows at the positions picked (ascending) of
// the shard sc in parallel and returns the first that differs from stored.
func (v *verifier) compareRows(sc dataset.Sidecar, picked []int64, stored map[int64]*dataset.Sample) (*Mismatch, error) {
	if len(picked) == 0 {
		return nil, nil
	}
	fresh := make([]*dataset.Sample, len(picked))
	errs := make([]error, len(picked))
	var wg sync.WaitGroup
	var mu sync.Mutex
	for i, pos := range picked {
		var r render.Renderer
		select {
		case r = <-v.renderers:
		case <-v.ctx.Done():
			wg.Wait()
			return nil, v.ctx.Err()
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer func() { v.renderers <- r }()
			var t Timing
			fresh[i], errs[i] = v.sp.sample(v.ctx, r, sc.First+pos, &t)
			mu.Lock()
			v.done++
			if v.opts.Progress != nil {
				v.opts.Progress(v.done, v.total)
			}
			mu.Unlock()
		}()
	}
	wg.Wait()
	for i, pos := range picked {
		if errs[i] != nil {
			return nil, fmt.Errorf("regenerate: %w", errs[i])
		}
		if d := compareSample(v.mode, v.spec, stored[pos], fresh[i]); d != nil {
			return &Mismatch{Shard: sc.Shard, File: sc.File, Row: sc.First + pos, RowInShard: pos, Column: d.column, Detail: d.detail}, nil
		}
	}
	return nil, nil
}

// pickRows returns k distinct positions in [0, n), ascending, chosen by a
// RNG seeded from (seed, shard) (Floyd's algorithm: O(k) time and memory);
// all of them when k >= n.
func pickRows(seed uint64, shard int, n int64, k int) []int64 {
	if int64(k) >= n {
		out := make([]int64, n)
		for i := range out {
			out[i] = int64(i)
		}
		return out
	}
	rng := rand.New(rand.NewPCG(seed, generator.Mix64(uint64(shard))))
	set := make(map[int64]bool, k)
	for j := n - int64(k); j < n; j++ {
		t := rng.Int64N(j + 1)
		if set[t] {
			t = j
		}
		set[t] = true
	}
	out := make([]int64, 0, k)
	for p := range set {
		out = append(out, p)
	}
	slices.Sort(out)
	return out
}
