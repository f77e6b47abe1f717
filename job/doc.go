// Package job turns a job spec into a dataset of Arrow shards and checks
// one: spec, plan, run, the per-sample pipeline, verify, finalize.
//
// Data flows one way:
//
//	Spec (YAML/JSON, spec.go) ──► Plan (plan.go): shard k holds samples [k·S, min((k+1)·S, n))
//	Run (run.go), for each shard, for each sample i, on Workers goroutines:
//	    generator.NewContext(seed, i, …) → Generator.Sample → Renderer.Render
//	    → labels.Extract → encode PNG/JPEG, depth and instance PNGs, objects
//	    (job.Pipeline, pipeline.go: the one definition of a row, also used by
//	    Verify and by synth bench, preview and view)
//	    (a renderer that overlaps renders, render.Pipeliner such as
//	    render/gl, has two samples in flight per worker: one drawing
//	    while the CPU finishes the other)
//	  rows are written strictly in index order (a bounded reorder window)
//	  by a dataset.Writer into the record batches of an IPC file,
//	  committed atomically with its sidecar (store.CommitShard); one shard
//	  commits while the next is written, and shards complete in order
//	  (shardwriter.go)
//	Finalize (finalize.go) ──► manifest.json from the verified sidecars
//	Verify (verify.go, compare.go) ──► re-render sampled rows, compare them
//
// A sample is one row of the shards: Spec.Samples rows in all,
// SamplesPerShard per shard file, at most MaxRows. The colour image's
// supersampling factor is RenderOptions.SSAA (spec key render.samples).
//
// # Array jobs
//
// Any engine can run the shards: shard k of a spec is the same bytes
// wherever and however often it is generated, Run skips shards that exist
// and verify, and the commit protocol leaves one valid shard when workers
// race on it or die at any step. IndexFromEnv (index.go) reads a task's
// shard index from a Kubernetes Indexed Job (JOB_COMPLETION_INDEX) or a
// Slurm array (SLURM_ARRAY_TASK_ID, normalized with SLURM_ARRAY_TASK_MIN
// and SLURM_ARRAY_TASK_STEP); Spec.SetNumShards splits a job into a given
// number of shards.
//
// # Determinism
//
// The bytes of every shard depend only on the spec and the code: not on
// Workers, the reorder window, the order shards are generated in, the
// output location, the time or the machine. Sample i draws its randomness
// from generator.SampleSeed(seed, i) alone; metadata is encoded in a fixed
// order; nothing records a time.
package job
