package soft

import (
	"context"
	"testing"

	"github.com/synthkit/synthkit/internal/testscenes"
	"github.com/synthkit/synthkit/scene"
)

// BenchmarkSoftRender renders the shared benchmark scenes at 640×480, into
// a new frame each time and, for the -recycled cases, into the frame
// released after the previous render (as a pipeline that releases its
// frames does).
func BenchmarkSoftRender(b *testing.B) {
	for _, c := range []struct {
		name  string
		scene *scene.Scene
	}{
		{"shelf-30k", testscenes.Shelf(640, 480)},
		{"shelf-30k-shadows", shadowed(testscenes.Shelf(640, 480))},
		{"shelf-30k-pbr", withPBRTextures(testscenes.Shelf(640, 480))},
		{"shelf-30k-env", withEnvironment(testscenes.Shelf(640, 480))},
		{"small-2k", testscenes.Small2k(640, 480)},
	} {
		for _, recycle := range []bool{false, true} {
			name := c.name
			if recycle {
				name += "-recycled"
			}
			b.Run(name, func(b *testing.B) {
				r := New(Options{})
				defer r.Close()
				ctx := context.Background()
				b.ReportAllocs()
				for b.Loop() {
					f, err := r.Render(ctx, c.scene)
					if err != nil {
						b.Fatal(err)
					}
					if recycle {
						r.ReleaseFrame(f)
					}
				}
			})
		}
	}
}

// withPBRTextures gives every material of s the metallic-roughness and
// normal textures of testscenes.PBR (bilinear, repeated), for the cost of
// the textured shading path.
func withPBRTextures(s *scene.Scene) *scene.Scene {
	src := testscenes.PBR(true).Objects
	normal, mr := *src[0].Material.NormalTexture, *src[1].Material.MetallicRoughnessTexture
	normal.Nearest, mr.Nearest = false, false
	normal.WrapS, normal.WrapT, mr.WrapS, mr.WrapT = scene.Repeat, scene.Repeat, scene.Repeat, scene.Repeat
	done := map[*scene.Material]*scene.Material{}
	for i := range s.Objects {
		o := &s.Objects[i]
		m, ok := done[o.Material]
		if !ok {
			c := *o.MaterialOrDefault()
			c.NormalTexture, c.MetallicRoughnessTexture = &normal, &mr
			m = &c
			done[o.Material] = m
		}
		o.Material = m
	}
	return s
}

// withEnvironment gives s an environment light: a 256×128 map, bright
// above and darker below, in place of nothing (the lights stay).
func withEnvironment(s *scene.Scene) *scene.Scene {
	e := &scene.Environment{Name: "bench", Width: 256, Height: 128, Radiance: make([]float32, 3*256*128), Intensity: 0.3}
	for j := range 128 {
		for i := range 256 {
			v := float32(1.5 - float64(j)/128)
			if j < 30 && i%32 < 3 {
				v = 8 // strips
			}
			o := 3 * (j*256 + i)
			e.Radiance[o], e.Radiance[o+1], e.Radiance[o+2] = v, v*0.95, v*0.9
		}
	}
	s.Environment = e
	return s
}

// BenchmarkTriangleSetup measures the geometry half of a render on one
// goroutine: object preparation, vertex transform and projection, and the
// set-up and binning of every triangle (state.setup), without shadows,
// rasterization or shading.
func BenchmarkTriangleSetup(b *testing.B) {
	for _, c := range []struct {
		name  string
		scene *scene.Scene
	}{
		{"shelf-30k", testscenes.Shelf(640, 480)},
		{"small-2k", testscenes.Small2k(640, 480)},
	} {
		b.Run(c.name, func(b *testing.B) {
			st := new(state)
			ctx := context.Background()
			opts := Options{Workers: 1}
			tris := 0
			for _, o := range c.scene.Objects {
				tris += o.Mesh.NumTriangles()
			}
			for b.Loop() {
				if _, err := st.setup(ctx, c.scene, opts); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(tris), "tris/op")
		})
	}
}

// BenchmarkShade measures the shading half of a render on one goroutine:
// resolveBand over every band of a frame whose visibility was rasterized
// once beforehand (ids, depth, normals and colour of each pixel, with the
// scene's lights, shadows, textures and environment), without set-up or
// rasterization.
func BenchmarkShade(b *testing.B) {
	for _, c := range []struct {
		name  string
		scene *scene.Scene
	}{
		{"shelf-30k", testscenes.Shelf(640, 480)},
		{"shelf-30k-lit", withEnvironment(withPBRTextures(shadowed(testscenes.Shelf(640, 480))))},
	} {
		b.Run(c.name, func(b *testing.B) {
			opts := Options{Workers: 1}
			r := New(opts)
			defer r.Close()
			ctx := context.Background()
			st := new(state)
			st.envMap = r.envMap(c.scene.Environment)
			f := r.frame(c.scene.Camera.Width, c.scene.Camera.Height, len(c.scene.Objects))
			if err := st.render(ctx, c.scene, opts, f); err != nil {
				b.Fatal(err)
			}
			bands := make([]bandScratch, st.nBands)
			for i := range bands {
				st.rasterBand(&bands[i], 0, i, false)
			}
			for b.Loop() {
				for i := range bands {
					st.resolveBand(&bands[i], i, f, true)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(len(f.IDs)), "ns/pixel")
		})
	}
}
