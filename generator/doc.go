// Package generator is where vendor code meets synthkit: a Generator turns
// a per-sample Context into a *scene.Scene, and the registry maps the names
// used in job specs to generators built from typed params.
//
// # Data in and out
//
// A job spec names a generator and gives its params as JSON (the spec
// loader converts YAML to JSON). New looks the name up, decodes the params
// into the generator's params struct — starting from its defaults,
// rejecting unknown keys and naming the param and expected type on a
// mismatch — validates them and calls the registered constructor. The
// runner then calls Sample once per sample index with a Context from
// NewContext and hands the scene to a renderer.
//
// # Determinism
//
// A sample must depend only on (job seed, sample index, params, assets), so
// that any node reproduces it byte for byte. SampleSeed derives the sample
// seed with SplitMix64 and NewContext seeds a PCG from it; both formulas
// are documented exactly so other implementations can reproduce them.
// Generators draw every random number from Context.Rand, through the
// helpers here (Range, IntRange, Normal, TruncNormal, Bernoulli,
// Categorical, HSVRange, SphereBand, Rotation) or directly; nothing in
// synthkit uses a global random source. The registry is the only global
// state, written by init functions.
//
// # Writing a generator
//
// Define a params struct with `json` and `doc` tags, a function returning
// its defaults, optionally a Validate method, and a constructor that builds
// whatever the generator can share between samples (meshes, say). Register
// them in an init function; see the package example and examples/basic.
// Objects with an empty Category are context (tables, floors, walls) that
// label writers do not annotate.
package generator
