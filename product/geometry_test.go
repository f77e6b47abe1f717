package product

import (
	"fmt"
	"math"
	"testing"

	"github.com/go-gl/mathgl/mgl64"

	"github.com/synthkit/synthkit/scene"
)

// worldTri is one triangle of a SKU in the product frame.
type worldTri [3]mgl64.Vec3

func triangles(s *SKU) []worldTri {
	var out []worldTri
	for _, p := range s.Parts {
		m := p.Mesh
		for k := 0; k+2 < len(m.Indices); k += 3 {
			var t worldTri
			for c := 0; c < 3; c++ {
				q := m.Positions[m.Indices[k+c]]
				t[c] = mgl64.TransformCoordinate(mgl64.Vec3{float64(q[0]), float64(q[1]), float64(q[2])}, p.Transform)
			}
			out = append(out, t)
		}
	}
	return out
}

// signedVolume is the volume enclosed by the triangles (positive when
// they are closed and wound counter-clockwise seen from outside).
func signedVolume(tris []worldTri) float64 {
	v := 0.0
	for _, t := range tris {
		v += t[0].Dot(t[1].Cross(t[2])) / 6
	}
	return v
}

// openEdges counts directed edges, with vertices welded at 10 µm, that
// are not matched by the same edge in the opposite direction: zero for a
// closed, consistently wound surface (or union of such surfaces).
func openEdges(tris []worldTri) int {
	type key [3]int64
	weld := func(p mgl64.Vec3) key {
		return key{int64(math.Round(p[0] * 1e5)), int64(math.Round(p[1] * 1e5)), int64(math.Round(p[2] * 1e5))}
	}
	count := make(map[[2]key]int)
	for _, t := range tris {
		for c := 0; c < 3; c++ {
			a, b := weld(t[c]), weld(t[(c+1)%3])
			if a == b {
				continue
			}
			count[[2]key{a, b}]++
		}
	}
	open := 0
	for e, n := range count {
		if d := n - count[[2]key{e[1], e[0]}]; d > 0 {
			open += d
		}
	}
	return open
}

// checkMesh verifies one part's mesh: valid, UVs in [0, 1], and vertex
// normals agreeing with the winding of every non-degenerate triangle.
func checkMesh(t *testing.T, m *scene.Mesh) {
	t.Helper()
	if err := m.Validate(); err != nil {
		t.Fatal(err)
	}
	if len(m.Normals) != len(m.Positions) || len(m.UVs) != len(m.Positions) {
		t.Fatalf("mesh %q: %d positions, %d normals, %d UVs", m.Name, len(m.Positions), len(m.Normals), len(m.UVs))
	}
	for i, uv := range m.UVs {
		if !(uv[0] >= 0 && uv[0] <= 1 && uv[1] >= 0 && uv[1] <= 1) {
			t.Fatalf("mesh %q: UV %d = %v outside [0, 1]", m.Name, i, uv)
		}
	}
	bad := 0
	for k := 0; k+2 < len(m.Indices); k += 3 {
		p := func(c int) mgl64.Vec3 {
			q := m.Positions[m.Indices[k+c]]
			return mgl64.Vec3{float64(q[0]), float64(q[1]), float64(q[2])}
		}
		g := p(1).Sub(p(0)).Cross(p(2).Sub(p(0)))
		if g.Len() < 1e-12 {
			continue // degenerate: no geometric normal
		}
		for c := 0; c < 3; c++ {
			n := m.Normals[m.Indices[k+c]]
			if g.Dot(mgl64.Vec3{float64(n[0]), float64(n[1]), float64(n[2])}) <= 0 {
				bad++
			}
		}
	}
	if bad > 0 {
		t.Errorf("mesh %q: %d vertex normals point against their triangle's winding", m.Name, bad)
	}
}

// dimRange returns the smallest and largest nominal size of a variant
// with the random jitter applied.
func dimRange(v *variant) (lo, hi mgl64.Vec3) {
	lo, hi = mgl64.Vec3{math.Inf(1), math.Inf(1), math.Inf(1)}, mgl64.Vec3{}
	for _, s := range v.sizes {
		d := mgl64.Vec3{s.w, s.h, s.w}
		if s.d > 0 {
			d[2] = s.d
		}
		for k := 0; k < 3; k++ {
			lo[k] = min(lo[k], d[k]*(1-sizeJitter))
			hi[k] = max(hi[k], d[k]*(1+sizeJitter))
		}
	}
	return lo, hi
}

func TestKinds(t *testing.T) {
	for _, k := range Kinds() {
		for _, vn := range Variants(k) {
			for seed := uint64(1); seed <= 3; seed++ {
				t.Run(fmt.Sprintf("%s/%s/%d", k, vn, seed), func(t *testing.T) {
					s, err := New(Spec{Kind: k, Variant: vn, Seed: seed}, Options{Resolution: 64, Segments: 32})
					if err != nil {
						t.Fatal(err)
					}
					checkSKU(t, s)
				})
			}
		}
	}
}

func checkSKU(t *testing.T, s *SKU) {
	t.Helper()
	v, ok := findVariant(s.Kind, s.Variant)
	if !ok {
		t.Fatalf("unknown variant %s/%s", s.Kind, s.Variant)
	}
	if len(s.Parts) == 0 {
		t.Fatal("no parts")
	}
	for _, p := range s.Parts {
		if p.Material == nil || p.Mesh == nil {
			t.Fatalf("part %q: nil mesh or material", p.Name)
		}
		checkMesh(t, p.Mesh)
	}
	// Realistic size: within the variant's nominal sizes.
	lo, hi := dimRange(v)
	for k := 0; k < 3; k++ {
		if s.Dims[k] < lo[k]-1e-9 || s.Dims[k] > hi[k]+1e-9 {
			t.Errorf("dimension %d = %.4f m outside the variant's %.4f..%.4f", k, s.Dims[k], lo[k], hi[k])
		}
	}
	// Origin at the bottom centre; bounding box = Dims within 1 mm.
	m := s.Model()
	wantLo := mgl64.Vec3{-s.Dims[0] / 2, 0, -s.Dims[2] / 2}
	wantHi := mgl64.Vec3{s.Dims[0] / 2, s.Dims[1], s.Dims[2] / 2}
	for k := 0; k < 3; k++ {
		if math.Abs(m.Lo[k]-wantLo[k]) > 1e-3 || math.Abs(m.Hi[k]-wantHi[k]) > 1e-3 {
			t.Fatalf("bounds %v..%v, want %v..%v (Dims %v)", m.Lo, m.Hi, wantLo, wantHi, s.Dims)
		}
	}
	// Contents are closed and lie inside the body.
	for _, p := range s.Parts {
		if p.Name != contentsPart {
			continue
		}
		lo, hi := mgl64.Vec3{math.Inf(1), math.Inf(1), math.Inf(1)}, mgl64.Vec3{math.Inf(-1), math.Inf(-1), math.Inf(-1)}
		for _, tr := range triangles(&SKU{Parts: []scene.Part{p}}) {
			for _, q := range tr {
				for k := range 3 {
					lo[k], hi[k] = min(lo[k], q[k]), max(hi[k], q[k])
				}
			}
		}
		if lo[1] <= 0 || hi[1] >= s.Dims[1] || math.Max(-lo[0], hi[0]) >= s.Dims[0]/2 || math.Max(-lo[2], hi[2]) >= s.Dims[2]/2 {
			t.Errorf("contents %v..%v reach the outside of the %v product", lo, hi, s.Dims)
		}
	}
	// Closed and outward: no unmatched edge, positive volume. Contents
	// (a clear bottle's liquid) lie inside another part and are left
	// out, so that the volume counts the outer shell once.
	shell := &SKU{}
	for _, p := range s.Parts {
		if p.Name != contentsPart {
			shell.Parts = append(shell.Parts, p)
		}
	}
	tris := triangles(shell)
	if n := openEdges(tris); n > 0 {
		t.Errorf("%d open or inconsistently wound edges", n)
	}
	vol := signedVolume(tris)
	W, H, D := s.Dims[0], s.Dims[1], s.Dims[2]
	box := W * H * D
	if !(vol > 0) || vol > box*(1+1e-6) {
		t.Fatalf("volume %.3g m³, want in (0, %.3g]", vol, box)
	}
	switch s.Kind {
	case Can:
		if cyl := math.Pi * W * W / 4 * H; math.Abs(vol-cyl) > 0.07*cyl {
			t.Errorf("can volume %.1f ml, π r² h = %.1f ml: off by %.1f%%", vol*1e6, cyl*1e6, 100*(vol-cyl)/cyl)
		}
	case Bottle, Jar:
		// Caps and lids overlap the necks they close, so the sum of
		// the parts' volumes may slightly exceed the bounding cylinder.
		if cyl := math.Pi * W * W / 4 * H; vol < 0.5*cyl || vol > 1.05*cyl {
			t.Errorf("volume %.1f ml, want between half and all of π r² h = %.1f ml", vol*1e6, cyl*1e6)
		}
	case Box:
		if math.Abs(vol-box) > 1e-3*box {
			t.Errorf("box volume %.4g m³, want W·H·D = %.4g", vol, box)
		}
	case Carton:
		if vol < 0.7*box || vol > box {
			t.Errorf("carton volume %.1f ml, want 70..100%% of its box %.1f ml", vol*1e6, box*1e6)
		}
	}
	if s.Barcode == "" || !ValidEAN13(s.Barcode) {
		t.Errorf("barcode %q is not a valid EAN-13", s.Barcode)
	}
}

// TestCanVolume checks a can's mesh against two analytic volumes: the
// solid of revolution of its profile (exact, for a polygonal cross-section
// of Segments sides, plus the ring-pull tab) to 0.2%, and the cylinder
// π r² h to within 7%: a real can's neck tapers to a lid about 80% of the
// body's diameter, and the base is bevelled, which together take 5–6%.
func TestCanVolume(t *testing.T) {
	const segs = 96
	for seed := uint64(0); seed < 8; seed++ {
		food := seed%2 == 1
		spec := Spec{Kind: Can, Variant: "drink", Size: "330 ML", Seed: seed}
		if food {
			spec = Spec{Kind: Can, Variant: "food", Seed: seed}
		}
		s, err := New(spec, Options{Resolution: 32, Segments: segs})
		if err != nil {
			t.Fatal(err)
		}
		r, h := s.Dims[0]/2, s.Dims[1]
		vol, cyl := signedVolume(triangles(s)), math.Pi*r*r*h
		bottom, body, top := canProfile(r, h, food)
		prof := append(append(bottom, body[1:]...), top[1:]...)
		exact := 0.0
		for i := 0; i+1 < len(prof); i++ { // ∮ π r² dy over frusta
			r0, r1, dy := prof[i][0], prof[i+1][0], prof[i+1][1]-prof[i][1]
			exact += math.Pi / 3 * dy * (r0*r0 + r0*r1 + r1*r1)
		}
		exact *= segs * math.Sin(2*math.Pi/segs) / (2 * math.Pi) // inscribed polygon
		if !food {
			exact += 0.36 * r * 0.0012 * 0.5 * r // the tab
		}
		if math.Abs(vol-exact) > 0.002*exact {
			t.Errorf("seed %d: mesh volume %.2f ml, profile volume %.2f ml", seed, vol*1e6, exact*1e6)
		}
		if rel := (cyl - vol) / cyl; rel < 0 || rel > 0.07 {
			t.Errorf("seed %d: volume %.1f ml vs π r² h %.1f ml: %.2f%% less, want 0..7%%", seed, vol*1e6, cyl*1e6, 100*rel)
		}
		// A real 330 ml can holds about 355 ml brim-full.
		if !food && (vol < 300e-6 || vol > 420e-6) {
			t.Errorf("seed %d: volume %.1f ml, not a 330 ml can", seed, vol*1e6)
		}
	}
}

func TestNewErrors(t *testing.T) {
	for _, tc := range []struct {
		name string
		spec Spec
		opts Options
		want string
	}{
		{"unknown kind", Spec{Kind: "crate"}, Options{}, `unknown kind "crate"`},
		{"unknown variant", Spec{Kind: Can, Variant: "paint"}, Options{}, `no variant "paint"`},
		{"unknown size", Spec{Kind: Can, Variant: "drink", Size: "5 L"}, Options{}, `no size "5 L"`},
		{"bad barcode", Spec{Kind: Can, Barcode: "1234567890123"}, Options{}, "not a valid EAN-13"},
		{"short barcode", Spec{Kind: Can, Barcode: "123"}, Options{}, "want 12 or 13 digits"},
		{"bad id", Spec{Kind: Can, ID: "../x"}, Options{}, "not allowed"},
		{"bad brand", Spec{Kind: Can, Brand: Brand{Name: "X", Sector: "mining"}}, Options{}, `unknown sector "mining"`},
		{"segments", Spec{Kind: Can}, Options{Segments: 30}, "multiple of 4"},
		{"resolution", Spec{Kind: Can}, Options{Resolution: 1 << 20}, "resolution"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := New(tc.spec, tc.opts)
			if err == nil || !contains(err.Error(), tc.want) {
				t.Fatalf("error %v, want one containing %q", err, tc.want)
			}
		})
	}
}

func contains(s, sub string) bool {
	return len(sub) == 0 || (len(s) >= len(sub) && (s[:len(sub)] == sub || contains(s[1:], sub)))
}

func TestObjects(t *testing.T) {
	s, err := New(Spec{Kind: Bottle, Seed: 4}, Options{Resolution: 32})
	if err != nil {
		t.Fatal(err)
	}
	objs := s.Objects(mgl64.Translate3D(1, 0, 0))
	if len(objs) != len(s.Parts) {
		t.Fatalf("%d objects for %d parts", len(objs), len(s.Parts))
	}
	for i, o := range objs {
		if o.Category != s.ID || o.Meta["kind"] != "bottle" || o.Mesh != s.Parts[i].Mesh {
			t.Errorf("object %d: %+v", i, o)
		}
		if got := o.Transform.Mul4x1(mgl64.Vec4{0, 0, 0, 1}); got[0] < 1 {
			t.Errorf("object %d: not translated: %v", i, got)
		}
	}
	sc := &scene.Scene{Camera: scene.NewCameraFOV(64, 64, 40), Objects: objs}
	if err := sc.Validate(); err != nil {
		t.Fatal(err)
	}
}

// A caller's own brand needs only a name.
func TestCustomBrand(t *testing.T) {
	s, err := New(Spec{Kind: Jar, Seed: 2, Brand: Brand{Name: "Ünïcode Ōnly"}}, Options{Resolution: 32})
	if err != nil {
		t.Fatal(err)
	}
	if s.Brand != "Ünïcode Ōnly" || s.ID == "" {
		t.Fatalf("brand %q, id %q", s.Brand, s.ID)
	}
	if err := checkID(s.ID); err != nil {
		t.Fatal(err)
	}
	img := s.Parts[0].Material.BaseColorTexture.Image
	seen := map[[3]uint8]bool{}
	for i := 0; i < len(img.Pix); i += 4 {
		seen[[3]uint8{img.Pix[i], img.Pix[i+1], img.Pix[i+2]}] = true
	}
	if len(seen) < 8 {
		t.Errorf("label has only %d colours: the palette was not filled in", len(seen))
	}
}

// TestClearPackaging checks which products are see-through: PET bottles
// (water, soda) and blister bubbles blend, with their contents before the
// shell in part order, unless Options.Opaque; nothing else blends.
func TestClearPackaging(t *testing.T) {
	for _, opaque := range []bool{false, true} {
		for _, k := range Kinds() {
			for _, vn := range Variants(k) {
				s, err := New(Spec{Kind: k, Variant: vn, Seed: 1}, Options{Resolution: 32, Segments: 16, Opaque: opaque})
				if err != nil {
					t.Fatal(err)
				}
				clear := !opaque && (k == Blister || (k == Bottle && vn != "beer"))
				blends, contents := false, -1
				for i, p := range s.Parts {
					if p.Material.AlphaMode == scene.AlphaBlend {
						blends = true
						if contents < 0 && p.Name != contentsPart && p.Name != "card" {
							t.Errorf("%s/%s: blended part %q comes before any contents", k, vn, p.Name)
						}
					}
					if p.Name == contentsPart {
						contents = i
					}
				}
				if blends != clear || (contents >= 0) != clear {
					t.Errorf("%s/%s opaque=%v: blends %v, has contents %v; want %v", k, vn, opaque, blends, contents >= 0, clear)
				}
			}
		}
	}
}

// TestFoil checks the metallised finishes: a chips bag and a drink can's
// label carry a metallic-roughness texture whose unprinted ground is
// foil and whose ink is not; a food can's paper label has none.
func TestFoil(t *testing.T) {
	for _, tc := range []struct {
		kind    Kind
		variant string
		part    string
		foil    bool
	}{{Bag, "chips", "bag", true}, {Can, "drink", "body", true}, {Can, "food", "body", false}, {Bag, "candy", "bag", false}} {
		s, err := New(Spec{Kind: tc.kind, Variant: tc.variant, Seed: 2}, Options{Resolution: 64, Segments: 16})
		if err != nil {
			t.Fatal(err)
		}
		var mat *scene.Material
		for _, p := range s.Parts {
			if p.Name == tc.part {
				mat = p.Material
			}
		}
		if mat == nil {
			t.Fatalf("%s/%s: no part %q", tc.kind, tc.variant, tc.part)
		}
		if (mat.MetallicRoughnessTexture != nil) != tc.foil {
			t.Fatalf("%s/%s: metallic-roughness texture %v, want %v", tc.kind, tc.variant, mat.MetallicRoughnessTexture != nil, tc.foil)
		}
		if !tc.foil {
			continue
		}
		img := mat.MetallicRoughnessTexture.Image
		if img.Rect != mat.BaseColorTexture.Image.Rect || mat.Metallic != 1 || mat.Roughness != 1 {
			t.Errorf("%s/%s: texture %v for a base colour of %v, factors %v %v", tc.kind, tc.variant, img.Rect, mat.BaseColorTexture.Image.Rect, mat.Metallic, mat.Roughness)
		}
		metal, ink := 0, 0
		for i := 2; i < len(img.Pix); i += 4 {
			if img.Pix[i] >= 190 {
				metal++
			} else {
				ink++
			}
		}
		if n := metal + ink; metal < n/10 || ink < n/20 {
			t.Errorf("%s/%s: %d foil and %d ink texels, want both", tc.kind, tc.variant, metal, ink)
		}
	}
}
