package shelves

import (
	"testing"

	"github.com/synthkit/synthkit/generator"

	"github.com/synthkit/synthkit/scene/gltf"
)

// BenchmarkBuildLazySKU measures building one on-demand procedural SKU
// (product mesh and label texture, merged into one mesh): what a sample
// pays per SKU it places that is not cached.
func BenchmarkBuildLazySKU(b *testing.B) {
	lib, err := proceduralLibrary(1, 10_000, DefaultParams().kitOptions(), LevelSKU, gltf.NewBudget(1<<30))
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := range b.N {
		if _, err := lib.load(lib.skus[(i*7919)%len(lib.skus)]); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkSampleBigCatalogue measures building scenes (no render) of
// consecutive samples over a 170,000-SKU procedural catalogue, at steady
// state: the generator is built outside the timer.
func BenchmarkSampleBigCatalogue(b *testing.B) {
	p := DefaultParams()
	p.ProceduralSKUs = 170_000
	g, err := New(p)
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for i := range int64(b.N) {
		if _, err := g.Sample(generator.NewContext(1, i, 640, 480, nil)); err != nil {
			b.Fatal(err)
		}
	}
}
