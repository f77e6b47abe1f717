package gltf

import (
	"io/fs"
	"os"
	"path"
	"slices"
	"strings"
	"testing"

	"github.com/go-gl/mathgl/mgl64"

	"github.com/synthkit/synthkit/scene"
)

// referenceDir returns the directory named by the environment variable, or
// skips the test when it is unset. The CI script sets it; when it is set,
// missing files are failures, not skips.
func referenceDir(t *testing.T, env string) string {
	t.Helper()
	dir := os.Getenv(env)
	if dir == "" {
		t.Skipf("%s is not set", env)
	}
	if st, err := os.Stat(dir); err != nil || !st.IsDir() {
		t.Fatalf("%s=%q is not a directory: %v", env, dir, err)
	}
	return dir
}

// gltfFiles lists the .gltf and .glb files under root in fsys.
func gltfFiles(t *testing.T, fsys fs.FS) []string {
	t.Helper()
	var files []string
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if ext := path.Ext(p); !d.IsDir() && (ext == ".gltf" || ext == ".glb") {
			files = append(files, p)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// sampleWant is what a Khronos sample model must load to. Triangle counts
// come from the files' index accessors (OrientationTest: 6 targets of 26
// triangles, 6 arrows of 38 and a base cube of 140).
type sampleWant struct {
	parts, triangles int
	lo, hi           mgl64.Vec3
	textureSize      int    // side of the base colour texture of part 0, 0 for none
	colors           bool   // part 0 has vertex colours
	warning          string // a warning the load must report
}

var sampleModels = map[string]sampleWant{
	"AnimatedCube/glTF/AnimatedCube.gltf":                              {1, 12, mgl64.Vec3{-1, -1, -1}, mgl64.Vec3{1, 1, 1}, 512, false, "animations ignored: the model is drawn in its rest pose"},
	"Box With Spaces/glTF/Box With Spaces.gltf":                        {1, 12, mgl64.Vec3{-1, -1, -1}, mgl64.Vec3{1, 1, 1}, 1024, false, ""},
	"BoxVertexColors/glTF/BoxVertexColors.gltf":                        {1, 12, mgl64.Vec3{-0.5, -0.5, -0.5}, mgl64.Vec3{0.5, 0.5, 0.5}, 0, true, ""},
	"BoxVertexColors/glTF-Binary/BoxVertexColors.glb":                  {1, 12, mgl64.Vec3{-0.5, -0.5, -0.5}, mgl64.Vec3{0.5, 0.5, 0.5}, 0, true, ""},
	"BoxVertexColors/glTF-Embedded/BoxVertexColors.gltf":               {1, 12, mgl64.Vec3{-0.5, -0.5, -0.5}, mgl64.Vec3{0.5, 0.5, 0.5}, 0, true, ""},
	"Cameras/glTF/Cameras.gltf":                                        {1, 2, mgl64.Vec3{0, 0, -0.6}, mgl64.Vec3{1, 0.8, 0}, 0, false, "cameras ignored"},
	"Cameras/glTF-Embedded/Cameras.gltf":                               {1, 2, mgl64.Vec3{0, 0, -0.6}, mgl64.Vec3{1, 0.8, 0}, 0, false, "cameras ignored"},
	"Cube/glTF/Cube.gltf":                                              {1, 12, mgl64.Vec3{-1, -1, -1}, mgl64.Vec3{1, 1, 1}, 512, false, ""},
	"OrientationTest/glTF/OrientationTest.gltf":                        {13, 524, mgl64.Vec3{-5.33065, -5.33065, -5.33065}, mgl64.Vec3{5.33065, 5.33065, 5.33065}, 0, false, ""},
	"OrientationTest/glTF-Binary/OrientationTest.glb":                  {13, 524, mgl64.Vec3{-5.33065, -5.33065, -5.33065}, mgl64.Vec3{5.33065, 5.33065, 5.33065}, 0, false, ""},
	"OrientationTest/glTF-Embedded/OrientationTest.gltf":               {13, 524, mgl64.Vec3{-5.33065, -5.33065, -5.33065}, mgl64.Vec3{5.33065, 5.33065, 5.33065}, 0, false, ""},
	"Triangle/glTF/Triangle.gltf":                                      {1, 1, mgl64.Vec3{0, 0, 0}, mgl64.Vec3{1, 1, 0}, 0, false, ""},
	"Triangle/glTF-Embedded/Triangle.gltf":                             {1, 1, mgl64.Vec3{0, 0, 0}, mgl64.Vec3{1, 1, 0}, 0, false, ""},
	"TriangleWithoutIndices/glTF/TriangleWithoutIndices.gltf":          {1, 1, mgl64.Vec3{0, 0, 0}, mgl64.Vec3{1, 1, 0}, 0, false, ""},
	"TriangleWithoutIndices/glTF-Embedded/TriangleWithoutIndices.gltf": {1, 1, mgl64.Vec3{0, 0, 0}, mgl64.Vec3{1, 1, 0}, 0, false, ""},
}

func TestSamples(t *testing.T) {
	dir := referenceDir(t, "SYNTHKIT_GLTF_SAMPLES")
	root, err := os.OpenRoot(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer root.Close()
	fsys := root.FS()
	for _, name := range slices.Sorted(mapKeys(sampleModels)) {
		if _, err := fs.Stat(fsys, name); err != nil {
			t.Errorf("sample %s is missing: %v", name, err)
		}
	}
	for _, name := range gltfFiles(t, fsys) {
		t.Run(name, func(t *testing.T) {
			m, err := LoadFS(fsys, name, Limits{})
			if err != nil {
				t.Fatal(err)
			}
			checkModel(t, m)
			want, ok := sampleModels[name]
			if !ok {
				t.Logf("loaded %s (%d parts, %d triangles), which has no expectations", name, len(m.Parts), m.NumTriangles())
				return
			}
			if len(m.Parts) != want.parts || m.NumTriangles() != want.triangles {
				t.Errorf("%d parts, %d triangles; want %d, %d", len(m.Parts), m.NumTriangles(), want.parts, want.triangles)
			}
			if m.Lo.Sub(want.lo).Len() > 1e-4 || m.Hi.Sub(want.hi).Len() > 1e-4 {
				t.Errorf("bounds %v %v, want %v %v", m.Lo, m.Hi, want.lo, want.hi)
			}
			tex := m.Parts[0].Material.BaseColorTexture
			switch {
			case want.textureSize == 0 && tex != nil:
				t.Errorf("unexpected texture %q", tex.Name)
			case want.textureSize != 0 && (tex == nil || tex.Image.Rect.Dx() != want.textureSize || tex.Image.Rect.Dy() != want.textureSize):
				t.Errorf("texture %+v, want %d×%d", tex, want.textureSize, want.textureSize)
			}
			if (len(m.Parts[0].Mesh.Colors) > 0) != want.colors {
				t.Errorf("vertex colours: %d, want %v", len(m.Parts[0].Mesh.Colors), want.colors)
			}
			if want.warning != "" && !slices.Contains(m.Warnings, want.warning) {
				t.Errorf("warnings %q lack %q", m.Warnings, want.warning)
			}
			if strings.HasPrefix(name, "OrientationTest/") {
				checkOrientation(t, m)
			}
		})
	}
}

func mapKeys[K comparable, V any](m map[K]V) func(func(K) bool) {
	return func(yield func(K) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}
}

// checkModel checks invariants every loaded model must satisfy.
func checkModel(t *testing.T, m *scene.Model) {
	t.Helper()
	for i, p := range m.Parts {
		if p.Mesh == nil || p.Material == nil {
			t.Fatalf("part %d has a nil mesh or material", i)
		}
		if err := p.Mesh.Validate(); err != nil {
			t.Errorf("part %d: %v", i, err)
		}
		if !finite(p.Transform[:]...) {
			t.Errorf("part %d: transform not finite", i)
		}
		if tex := p.Material.BaseColorTexture; tex != nil && (tex.Image == nil || tex.Image.Rect.Empty()) {
			t.Errorf("part %d: empty texture", i)
		}
	}
	if !finite(m.Lo[:]...) || !finite(m.Hi[:]...) {
		t.Errorf("bounds %v %v not finite", m.Lo, m.Hi)
	}
}

// checkOrientation checks the OrientationTest sample's own criterion: each
// arrow points at the target of the same colour. The arrow's vertices lie
// on the line from its node's origin towards its target, so their centroid
// seen from the origin must point at the target's centroid. A transposed
// rotation turns the arrows away (cosine about 0.3 instead of 1).
func checkOrientation(t *testing.T, m *scene.Model) {
	t.Helper()
	centroid := func(p scene.Part) mgl64.Vec3 {
		var c mgl64.Vec3
		for _, q := range p.Mesh.Positions {
			c = c.Add(mgl64.TransformCoordinate(mgl64.Vec3{float64(q[0]), float64(q[1]), float64(q[2])}, p.Transform))
		}
		return c.Mul(1 / float64(len(p.Mesh.Positions)))
	}
	byName := map[string]scene.Part{}
	for _, p := range m.Parts {
		byName[p.Name] = p
	}
	for _, axis := range []string{"X1", "X2", "Y1", "Y2", "Z1", "Z2"} {
		arrow, ok1 := byName["Arrow"+axis]
		target, ok2 := byName["Target"+axis]
		if !ok1 || !ok2 {
			t.Errorf("missing Arrow%s or Target%s", axis, axis)
			continue
		}
		origin := mgl64.Vec3{arrow.Transform[12], arrow.Transform[13], arrow.Transform[14]}
		a, b := centroid(arrow).Sub(origin), centroid(target).Sub(origin)
		if cos := a.Dot(b) / (a.Len() * b.Len()); cos < 0.99 {
			t.Errorf("Arrow%s points %v, its target is towards %v (cosine %.3f)", axis, a, b, cos)
		}
	}
}
