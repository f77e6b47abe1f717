package job

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"runtime"
	"slices"
	"sync"
	"time"

	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/synthkit/synthkit/generator"
	"github.com/synthkit/synthkit/internal/cpustat"
	"github.com/synthkit/synthkit/internal/numerics"
	"github.com/synthkit/synthkit/labels"
	"github.com/synthkit/synthkit/render"
	"github.com/synthkit/synthkit/scene"

	"github.com/synthkit/synthkit/dataset"
	"github.com/synthkit/synthkit/store"
)

// RendererFactory makes one renderer for one worker. Renderers are not
// safe for concurrent use, so Run calls it once per worker and closes what
// it returns. It reads spec.Renderer, spec.Render and the image size; the
// CLI maps "soft" to render/soft and "gl" to render/gl.
type RendererFactory func(spec *Spec) (render.Renderer, error)

// RunOptions configure Run. The zero value of every field but NewRenderer
// is a working default.
type RunOptions struct {
	// NewRenderer makes each worker's renderer; required.
	NewRenderer RendererFactory
	// Workers is the number of goroutines rendering samples in parallel;
	// 0 means runtime.GOMAXPROCS(0). The files do not depend on it.
	Workers int
	// Window bounds the samples in flight (dispatched but not yet written)
	// and so the memory of the reorder buffer; 0 means 2×Workers.
	Window int
	// Shards lists the shards to generate, in this order; nil means all in
	// order. The files do not depend on the order.
	Shards []int
	// Force regenerates shards that already exist and verify, and allows
	// writing into a directory holding shards of another spec.
	Force bool
	// Assets is handed to the generator's Context; may be nil.
	Assets fs.FS
	// Progress, when set, is called from Run's goroutine after each sample
	// written, with the samples done and the total to do in this run.
	Progress func(done, total int64)
	// Allocator allocates Arrow memory; nil means memory.DefaultAllocator.
	Allocator memory.Allocator
	// Store is where the files go; nil means the location spec.Output
	// names (OpenStore: a directory, or a URL such as s3://bucket/prefix).
	Store store.Store
	// FS writes the files when the output is a local directory and Store
	// is nil; nil means OSFS().
	FS store.FS
	// Version is the synthkit version recorded in the sidecars.
	Version string
	// Sequential renders one sample at a time per worker even when the
	// renderer can overlap renders (render.Pipeliner, as render/gl): for
	// tests and comparisons. The files do not depend on it.
	Sequential bool
}

// Result reports what Run did.
type Result struct {
	Info    dataset.Info
	Shards  []ShardResult // in the order they were handled
	Written int           // shards written
	Skipped int           // shards that existed and verified
	Samples int64         // samples generated
	Timing  Timing
}

// ShardResult is the outcome of one shard.
type ShardResult struct {
	Shard   int
	Skipped bool // it existed, verified and Force was not set
	Sidecar dataset.Sidecar
}

// Run generates the shards of spec into spec.Output. Workers render samples
// in parallel while rows are written strictly in index order through a
// bounded reorder window; every shard is committed atomically (see
// commitShard). Shards whose sidecar exists and verifies are skipped unless
// opts.Force. The bytes of every file depend only on the spec (and the
// code), not on Workers, Window or the shard order.
//
// On error, Run stops the workers, removes the shard being written and
// returns the shards completed so far with the error.
func Run(ctx context.Context, spec *Spec, opts RunOptions) (Result, error) {
	var res Result
	if spec == nil {
		return res, errors.New("run: nil spec")
	}
	s := *spec
	s.Columns = slices.Clone(spec.Columns)
	if err := s.Normalize(); err != nil {
		return res, fmt.Errorf("run: %w", err)
	}
	if s.Output == "" && opts.Store == nil {
		return res, fmt.Errorf("run: %w: output: no output directory", ErrSpec)
	}
	if opts.NewRenderer == nil {
		return res, errors.New("run: RunOptions.NewRenderer is nil (the caller picks the backend, e.g. render/soft for \"soft\")")
	}
	if err := checkAssets(&s, opts.Assets); err != nil {
		return res, fmt.Errorf("run: %w", err)
	}
	var pl *Pipeline
	var err error
	cpustat.InStage(ctx, "start-up", func(context.Context) { pl, err = NewPipeline(&s, opts.Assets) })
	if errors.Is(err, generator.ErrUnknown) {
		id := dataset.Identity{Generator: s.Generator}
		if rec, ok := recordedIdentity(ctx, s.Output, opts); ok && rec.Generator == s.Generator {
			id = rec
		}
		return res, fmt.Errorf("run: %w", MissingGenerator(id))
	}
	if err != nil {
		return res, fmt.Errorf("run: %w", err)
	}
	ginfo := pl.Generator()
	hash, err := s.Hash()
	if err != nil {
		return res, fmt.Errorf("run: %w", err)
	}
	res.Info, err = s.DatasetInfo(hash, ginfo.Name, ginfo.Version, pl.Categories())
	if err != nil {
		return res, fmt.Errorf("run: %w", err)
	}
	res.Info.GeneratorModule = pl.Build()
	schema, err := dataset.NewSchema(res.Info)
	if err != nil {
		return res, fmt.Errorf("run: %w", err)
	}
	plan := s.Plan()
	order, err := shardOrder(plan.NumShards(), opts.Shards)
	if err != nil {
		return res, fmt.Errorf("run: %w", err)
	}
	st := opts.Store
	if st == nil {
		if st, err = openOutput(ctx, s.Output, opts.FS); err != nil {
			return res, fmt.Errorf("run: %w", err)
		}
		defer st.Close()
	}
	// Temporary files of commits killed earlier (never a live writer's:
	// see store.RemoveStaleTemps). Best effort: a location that cannot be
	// read or cleaned is reported by what follows, or cleaned next time.
	if _, err := store.RemoveStaleTemps(ctx, st); err != nil && ctx.Err() != nil {
		return res, fmt.Errorf("run: %w", ctx.Err())
	}
	todo, err := existing(ctx, st, hash, plan, order, opts.Force, &res, func(sc dataset.Sidecar) error { return sameJob(sc, &s, res.Info.Identity) })
	if err != nil {
		return res, fmt.Errorf("run: %w", err)
	}
	if len(todo) == 0 {
		return res, nil
	}
	var total int64
	ranges := make([][2]int64, len(todo)) // the samples to make, in write order
	for j, k := range todo {
		lo, hi, _ := plan.ShardRange(k)
		total += hi - lo
		ranges[j] = [2]int64{lo, hi}
	}

	workers := opts.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	window := opts.Window
	if window <= 0 {
		window = 2 * workers
	}
	window = max(window, 1)
	p := &pipe{
		sp:         pl,
		ranges:     ranges,
		sem:        make(chan struct{}, window),
		results:    make(chan result, window),
		pending:    make(map[int]result, window),
		sequential: opts.Sequential,
		spare:      newSpareCPUs(runtime.GOMAXPROCS(0)),
	}
	// Commits run under the caller's context: a shard's failure stops
	// the pipeline and the shards after it, not the commit of the shard
	// before (which would leave it complete but unreported).
	commitCtx := ctx
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	p.start(ctx, workers, opts.NewRenderer)

	tmpls := make([]dataset.Sidecar, len(todo))
	for j, k := range todo {
		lo, hi, _ := plan.ShardRange(k)
		tmpls[j] = dataset.Sidecar{
			Shard: k, NumShards: plan.NumShards(), First: lo, End: hi,
			Identity: res.Info.Identity, SynthkitVersion: opts.Version,
			Numerics: numerics.Profile(),
		}
	}
	sw := shardWriter{
		st: st, schema: schema, next: p.next, progress: opts.Progress, total: total,
		committing: maxCommitting, allocator: opts.Allocator,
	}
	var shards []ShardResult
	var writeT time.Duration
	var werr error
	cpustat.InStage(ctx, "write", func(context.Context) { shards, writeT, werr = sw.write(commitCtx, ctx, cancel, tmpls) })
	cancel(werr)
	res.Timing = p.wait()
	res.Timing.Write = writeT
	for _, r := range shards {
		res.Shards = append(res.Shards, r)
		res.Written++
		res.Samples += r.Sidecar.Rows
	}
	if werr != nil {
		return res, fmt.Errorf("run: %w", werr)
	}
	return res, nil
}

// shardOrder checks the requested shards (nil means all, in order).
func shardOrder(n int, want []int) ([]int, error) {
	if want == nil {
		out := make([]int, n)
		for i := range out {
			out[i] = i
		}
		return out, nil
	}
	seen := make(map[int]bool, len(want))
	for _, k := range want {
		if k < 0 || k >= n {
			return nil, fmt.Errorf("shard %d out of range 0..%d", k, n-1)
		}
		if seen[k] {
			return nil, fmt.Errorf("shard %d requested twice", k)
		}
		seen[k] = true
	}
	return slices.Clone(want), nil
}

// openOutput opens the store of an output location: a directory written
// through fsys, or a URL.
func openOutput(ctx context.Context, output string, fsys store.FS) (store.Store, error) {
	if store.IsURL(output) {
		return store.OpenStore(ctx, output)
	}
	return store.DirStore(fsys, output), nil
}

// existing returns the shards of order still to generate. Unless force, it
// refuses a location holding sidecars of another job (another shard count,
// or another spec hash in the sidecars it reads: the first one listed and
// those of order), and records the shards of order that exist and verify
// (SHA-256) as skipped. It reads O(len(order)) sidecars, not all of them,
// so that each of many array tasks checks only its own shards.
//
// check is called on each sidecar read (unless force), before the spec
// hash comparison, to refuse another generator build and to say
// precisely what differs (sameJob).
func existing(ctx context.Context, st store.Store, hash string, plan Plan, order []int, force bool, res *Result, check func(dataset.Sidecar) error) ([]int, error) {
	names, err := st.List(ctx)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("output directory %s: %w", st, err)
	}
	n := plan.NumShards()
	other := func(name, otherHash string) error {
		return fmt.Errorf("output %s holds %s of another spec (hash %.12s…, this spec %.12s…): use another location, or Force", st, name, otherHash, hash)
	}
	if !force {
		probe := ""
		for _, name := range names {
			_, nn, ext, ok := dataset.ParseShardFileName(name)
			if !ok || ext != "json" {
				continue
			}
			if nn != n {
				return nil, fmt.Errorf("output %s holds %s of another spec (%d shards, this spec makes %d): use another location, or Force", st, name, nn, n)
			}
			if probe == "" || name < probe {
				probe = name
			}
		}
		if probe != "" {
			if sc, err := store.ReadSidecarFrom(ctx, st, probe); err == nil {
				if err := check(sc); err != nil {
					return nil, fmt.Errorf("output %s: %s: %w", st, probe, err)
				}
				if sc.SpecHash != hash {
					return nil, other(probe, sc.SpecHash)
				}
			}
		}
	}
	var todo []int
	for _, k := range order {
		if !force {
			sc, err := store.ReadSidecarFrom(ctx, st, dataset.SidecarFileName(k, n))
			if err == nil {
				if err := check(sc); err != nil {
					return nil, fmt.Errorf("output %s: %s: %w", st, dataset.SidecarFileName(k, n), err)
				}
				if sc.SpecHash != hash {
					return nil, other(dataset.SidecarFileName(k, n), sc.SpecHash)
				}
			}
			if err == nil && store.CheckShard(ctx, st, sc, false) == nil {
				res.Shards = append(res.Shards, ShardResult{Shard: k, Skipped: true, Sidecar: sc})
				res.Skipped++
				continue
			}
		}
		todo = append(todo, k)
	}
	return todo, nil
}

// recordedIdentity returns the identity recorded by a sidecar in the
// output, if there is one: what a resume of an unknown generator names.
func recordedIdentity(ctx context.Context, output string, opts RunOptions) (dataset.Identity, bool) {
	st := opts.Store
	if st == nil {
		if output == "" {
			return dataset.Identity{}, false
		}
		var err error
		if st, err = openOutput(ctx, output, opts.FS); err != nil {
			return dataset.Identity{}, false
		}
		defer st.Close()
	}
	names, err := st.List(ctx)
	if err != nil {
		return dataset.Identity{}, false
	}
	for _, name := range names {
		if _, _, ext, ok := dataset.ParseShardFileName(name); ok && ext == "json" {
			if sc, err := store.ReadSidecarFrom(ctx, st, name); err == nil {
				return sc.Identity, true
			}
		}
	}
	return dataset.Identity{}, false
}

// sameJob refuses the shards of sidecar sc when they were made by another
// build of the generator than id's (checkGenerator), and explains why
// they are not those of spec s when their assets differ; nil when it
// finds no specific reason.
func sameJob(sc dataset.Sidecar, s *Spec, id dataset.Identity) error {
	if sc.Generator == id.Generator {
		if err := checkGenerator(sc.Identity, id.GeneratorVersion, id.GeneratorModule); err != nil {
			return err
		}
	}
	var rec struct {
		AssetsDigest string `json:"assets_digest"`
	}
	if json.Unmarshal(sc.Spec, &rec) == nil && rec.AssetsDigest != s.AssetsDigest {
		was, now := rec.AssetsDigest, s.AssetsDigest
		if was == "" {
			was = "none"
		}
		if now == "" {
			now = "none"
		}
		return fmt.Errorf("%w: the shards were generated with assets %s, this run has %s (resume with the same --assets, or use another location)", ErrAssetsChanged, was, now)
	}
	return nil
}

// pipe runs the workers and hands samples to the writer in index order.
type pipe struct {
	sp      *Pipeline
	ranges  [][2]int64    // the sample ranges [lo, hi) to make, in write order
	sem     chan struct{} // one token per sample in flight; bounds the window
	results chan result
	pending map[int]result // the reorder buffer, by position in indices
	pos     int            // position of the next sample to write
	wg      sync.WaitGroup
	mu      sync.Mutex
	// sequential disables pipelined rendering (RunOptions.Sequential).
	sequential bool
	// spare counts the workers doing CPU work, so that encoding can use
	// the CPUs they leave idle.
	spare  *spareCPUs
	timing Timing
}

type result struct {
	pos int
	s   *dataset.Sample
	err error
}

// start launches the dispatcher and the workers. The dispatcher takes a
// window token before it hands out a position; the writer gives it back
// after writing that position, so at most cap(sem) samples are rendered
// ahead of the writer, and the one the writer waits for is always among
// them.
func (p *pipe) start(ctx context.Context, workers int, factory RendererFactory) {
	tasks := make(chan task)
	p.wg.Add(1)
	go func() {
		defer p.wg.Done()
		defer close(tasks)
		pos := 0
		for _, r := range p.ranges {
			for i := r[0]; i < r[1]; i, pos = i+1, pos+1 {
				select {
				case p.sem <- struct{}{}:
				case <-ctx.Done():
					return
				}
				select {
				case tasks <- task{pos, i}:
				case <-ctx.Done():
					return
				}
			}
		}
	}()
	for w := 0; w < workers; w++ {
		p.wg.Add(1)
		go func() {
			defer p.wg.Done()
			var t Timing
			defer func() {
				p.mu.Lock()
				p.timing.Add(t)
				p.mu.Unlock()
			}()
			send := func(r result) bool {
				select {
				case p.results <- r:
					return true
				case <-ctx.Done():
					return false
				}
			}
			var r render.Renderer
			var err error
			cpustat.InStage(ctx, "start-up", func(context.Context) { r, err = factory(&p.sp.spec) })
			if err == nil && r == nil {
				err = errors.New("factory returned a nil renderer")
			}
			if err != nil {
				send(result{pos: -1, err: fmt.Errorf("renderer %q: %w", p.sp.spec.Renderer, err)})
				return
			}
			defer r.Close()
			if pr, ok := r.(render.Pipeliner); ok && pr.PipelineDepth() > 1 && !p.sequential {
				p.pipelined(ctx, pr, tasks, send, &t)
				return
			}
			for tk := range tasks {
				p.spare.enter()
				s, err := p.sp.sample(ctx, r, tk.index, &t, p.spare)
				p.spare.leave()
				if !send(result{pos: tk.pos, s: s, err: err}) || err != nil {
					return
				}
			}
		}()
	}
}

// task is one sample a worker makes: its position in write order and its
// index.
type task struct {
	pos   int
	index int64
}

// pipelined is a worker's loop for a renderer that overlaps renders: it
// starts up to the renderer's pipeline depth of samples (scene, then
// Start) before it waits for the oldest and post-processes, labels and
// encodes it, so that the GPU draws sample i+1 while the CPU finishes
// sample i. Results are sent in the order the samples were taken, each
// byte-identical to the one Sample makes. Only the first task is waited
// for: with a sample in flight, a worker takes another only if one is
// ready, so it never holds a sample the writer waits for while it waits
// for a task the dispatcher can hand out only once that sample is written.
func (p *pipe) pipelined(ctx context.Context, pr render.Pipeliner, tasks <-chan task, send func(result) bool, t *Timing) {
	type flight struct {
		tk   task
		sc   *scene.Scene
		seed uint64
		wait func(context.Context) (*render.Frame, error)
		err  error
	}
	var q []flight
	depth, open := pr.PipelineDepth(), true
	for {
		for open && len(q) < depth {
			var tk task
			var ok bool
			if len(q) == 0 {
				tk, ok = <-tasks
			} else {
				select {
				case tk, ok = <-tasks:
				default:
					goto finish // none ready: finish the oldest first
				}
			}
			if !ok {
				open = false
				break
			}
			fl := flight{tk: tk}
			p.spare.enter()
			fl.sc, fl.seed, fl.err = p.sp.scene(ctx, tk.index, t)
			if fl.err == nil {
				t1 := time.Now()
				cpustat.InStage(ctx, "render", func(ctx context.Context) { fl.wait, fl.err = pr.Start(ctx, fl.sc) })
				t.Render += time.Since(t1)
				if fl.err != nil {
					fl.err = fmt.Errorf("sample %d: render: %w", tk.index, fl.err)
				}
			}
			p.spare.leave()
			q = append(q, fl)
		}
	finish:
		if len(q) == 0 {
			return
		}
		fl := q[0]
		q = q[1:]
		var s *dataset.Sample
		err := fl.err
		if err == nil {
			t1 := time.Now()
			var f *render.Frame
			var werr error
			cpustat.InStage(ctx, "render", func(ctx context.Context) { f, werr = fl.wait(ctx) })
			t.Render += time.Since(t1)
			var insts []labels.Instance
			p.spare.enter()
			f, insts, err = p.sp.afterRender(ctx, pr, fl.tk.index, fl.sc, f, werr, t)
			if err == nil {
				s, err = p.sp.finishSample(ctx, pr, fl.tk.index, fl.seed, fl.sc, f, insts, t, p.spare)
			}
			p.spare.leave()
		}
		if !send(result{pos: fl.tk.pos, s: s, err: err}) || err != nil {
			return // the renderer's Close releases what is still in flight
		}
	}
}

// next returns the sample at the next position, waiting for the workers,
// and frees its window token. A sample's error is returned when its
// position comes up, so that the error Run reports is the one of the
// first failing sample whatever the scheduling; every position handed out
// gets a result, since a worker stops only after sending one (or when the
// context is done).
func (p *pipe) next(ctx context.Context) (*dataset.Sample, error) {
	for {
		if r, ok := p.pending[p.pos]; ok {
			if r.err != nil {
				return nil, r.err
			}
			delete(p.pending, p.pos)
			p.pos++
			<-p.sem
			return r.s, nil
		}
		select {
		case r := <-p.results:
			if r.pos < 0 {
				return nil, r.err
			}
			p.pending[r.pos] = r
		case <-ctx.Done():
			return nil, context.Cause(ctx)
		}
	}
}

// wait waits for the dispatcher and the workers (the context must be done
// or every task handed out) and returns the workers' timing.
func (p *pipe) wait() Timing {
	// Workers blocked on sending a result see the cancelled context.
	p.wg.Wait()
	return p.timing
}
