// Package generatortest is the contract test kit for generator authors:
// one call in a generator's own test checks what synthkit relies on.
//
//	func TestContract(t *testing.T) {
//		generatortest.Check(t, "blocks", map[string]any{"max_objects": 5})
//	}
//
// Check builds the registered generator from params and, for a few sample
// indices (Indices), checks:
//
//   - every scene passes scene.Validate;
//   - the camera is the size the Context asks for;
//   - every object's category is declared (generator.CategoriesOf): an
//     undeclared one is an error, a declared one no sample used is only
//     logged (a few samples need not show every class);
//   - every Meta key is an identifier as scene.ValidAttrKey defines it
//     (ASCII letters, digits and underscores, not starting with a digit,
//     at most 64 bytes), so that it can be a column or attribute name
//     anywhere;
//   - determinism: the same index gives the same scene when sampled
//     again by the same instance, by fresh instances (Fresh), and by
//     several goroutines at once on one shared instance (Goroutines). The
//     comparison is deep (meshes, transforms, materials, textures'
//     pixels, camera, lights, post-processing, Meta) and floats compare
//     bit for bit; a failure names the generator, the sample index and
//     the first differing field path, e.g. scene.Objects[2].Transform[12];
//   - bad params are rejected: an unknown key, and a value of the wrong
//     JSON type for each declared param in turn.
//
// # Global randomness
//
// A generator must draw only from Context.Rand. There is no way to seed
// the global sources from a test and compare: math/rand/v2's global
// functions cannot be seeded at all, and math/rand's rand.Seed is a no-op
// since Go 1.24. Both are seeded randomly per process, so a generator
// that uses them (or the clock, or map iteration order) makes different
// scenes for the same index, and the determinism checks above catch it:
// each index is sampled 2 + Fresh + Goroutines times. What they cannot
// catch is a use whose effect rarely shows (a global draw that changes
// the scene with small probability) or a dependence that is the same for
// every call in one process (a global source seeded once at start-up by
// the generator itself): run Check in two processes and compare their
// datasets' hashes (synth verify) for that.
//
// Check takes a testing.TB, so it works in tests, benchmarks and fuzz
// targets, and reports through Errorf and Fatalf only (it starts
// goroutines but never calls t from them).
package generatortest
