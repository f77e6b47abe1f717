//go:build gl

package gl

import (
	"fmt"
	"math"
	"slices"
	"testing"

	"github.com/go-gl/mathgl/mgl32"
	"github.com/go-gl/mathgl/mgl64"

	"github.com/synthkit/synthkit/internal/testscenes"
	"github.com/synthkit/synthkit/render"
)

// pbrColourLimit bounds the mean absolute colour difference, in 8-bit
// levels over every channel of a quad, between the GL and soft renders of
// testscenes.PBR. The textures are nearest-sampled and every pixel centre
// lies inside one texel, so both renderers read the same texel; what is
// left is float32 evaluation order and the GPU's sRGB encoding (about a
// level at most, see TestConformance), far below what a wrong slot, a
// wrong channel or a flipped tangent frame gives (tens of levels).
const pbrColourLimit = 1.0

// TestPBRTextures renders testscenes.PBR (metallic-roughness, normal,
// occlusion and emissive textures) with both backends, without and with
// MSAA: ids, depth and normals must agree on every pixel (textures change
// colour only), and the colour of each quad within pbrColourLimit levels
// on average.
func TestPBRTextures(t *testing.T) {
	s := testscenes.PBR(true)
	f := renderSoft(t, s)
	for _, msaa := range []int{0, 4} {
		t.Run(fmt.Sprintf("msaa%d", msaa), func(t *testing.T) {
			r := sharedRenderer(t)
			if msaa > 0 {
				r = newTestRenderer(t, Options{MSAA: msaa})
			}
			g := mustRender(t, r, s)
			idDiff, depthDiff, normalDiff := 0, 0, 0
			for i := range f.IDs {
				if g.IDs[i] != f.IDs[i] {
					idDiff++
				}
				if math.Abs(float64(g.Depth[i]-f.Depth[i])) > 2e-5*float64(f.Depth[i]) {
					depthDiff++
				}
				for k := range 3 {
					if math.Abs(float64(g.Normals[i][k]-f.Normals[i][k])) > 1e-5 {
						normalDiff++
						break
					}
				}
			}
			t.Logf("ids agree on %d of %d pixels", len(f.IDs)-idDiff, len(f.IDs))
			if idDiff != 0 || depthDiff != 0 || normalDiff != 0 {
				t.Errorf("ids differ on %d pixels, depth on %d, normals on %d; want 0", idDiff, depthDiff, normalDiff)
			}
			w := s.Camera.Width
			for q, o := range s.Objects {
				sum, n, worst := 0, 0, 0
				for y := range s.Camera.Height {
					for x := q * testscenes.PBRQuad; x < (q+1)*testscenes.PBRQuad; x++ {
						for k := range 3 {
							i := 4*(y*w+x) + k
							d := absDiff(g.Color.Pix[i], f.Color.Pix[i])
							sum += d
							worst = max(worst, d)
							n++
						}
					}
				}
				mad := float64(sum) / float64(n)
				t.Logf("%s: colour MAD %.3f levels, max %d", o.Name, mad, worst)
				if mad > pbrColourLimit {
					t.Errorf("%s: colour MAD %.3f levels > %g", o.Name, mad, pbrColourLimit)
				}
			}
		})
	}
}

// TestPBRTexturesOblique renders testscenes.PBR with every quad turned
// away from the camera (perspective foreshortening of the UVs, so the
// screen-space tangent frame is exercised), one seen from its back
// (double-sided) and one mirrored, each with the normal map as well as
// its own texture: ids must agree on at least 99.9% of
// the pixels and the colour within pbrColourLimit levels on average over
// the pixels whose ids agree. Pixel centres now fall anywhere in a texel,
// so a few near texel edges may read the neighbour in one renderer.
// It runs twice: with the frame derived from the UVs, and with vertex
// tangents (Mesh.Tangents) turned 30° from it in the quads' plane, of
// handedness +1 on even quads and −1 on odd ones.
func TestPBRTexturesOblique(t *testing.T) {
	var uvFrame *render.Frame
	for _, vertexTangents := range []bool{false, true} {
		t.Run(map[bool]string{false: "uv frame", true: "vertex tangents"}[vertexTangents], func(t *testing.T) {
			f := testPBROblique(t, vertexTangents)
			if !vertexTangents {
				uvFrame = f
				return
			}
			if uvFrame != nil {
				d := 0
				for i := range f.Color.Pix {
					d = max(d, absDiff(f.Color.Pix[i], uvFrame.Color.Pix[i]))
				}
				if d < 20 {
					t.Errorf("vertex tangents change soft's colours by at most %d levels: the test shows nothing", d)
				}
			}
		})
	}
}

// testPBROblique is TestPBRTexturesOblique with or without vertex
// tangents; it returns soft's frame.
func testPBROblique(t *testing.T, vertexTangents bool) *render.Frame {
	s := testscenes.PBR(true)
	s.Camera.Width, s.Camera.Height = 4*testscenes.PBRQuad*3, testscenes.PBRQuad*3
	// The quads move from depth 4 to 40 (and the focal length grows to
	// match), so that turning them keeps them well in front of the camera.
	s.Camera.Fx, s.Camera.Fy = 30*testscenes.PixelFocal, 30*testscenes.PixelFocal
	turns := []mgl64.Mat4{
		mgl64.HomogRotate3DY(0.6).Mul4(mgl64.HomogRotate3DX(0.3)),
		mgl64.HomogRotate3DY(math.Pi - 0.5),                      // its back
		mgl64.Scale3D(-1, 1, 1).Mul4(mgl64.HomogRotate3DX(-0.4)), // mirrored
		mgl64.HomogRotate3DY(-0.7).Mul4(mgl64.HomogRotate3DZ(0.3)),
	}
	for q := range s.Objects {
		o := &s.Objects[q]
		m := *o.Material
		m.DoubleSided = true
		// Every quad gets the normal map, so that the tangent frame is
		// seen turned, from the back and mirrored.
		m.NormalTexture = s.Objects[0].Material.NormalTexture
		o.Material = &m
		c := mgl64.Vec3{(float64(q) + 0.5) * testscenes.PBRQuad / testscenes.PixelFocal * 4, testscenes.PBRQuad / 2 / testscenes.PixelFocal * 4, 40}
		o.Transform = mgl64.Translate3D(c[0], c[1], c[2]).Mul4(turns[q]).Mul4(mgl64.Translate3D(-c[0], -c[1], -c[2])).Mul4(mgl64.Scale3D(1, 1, 10))
		if vertexTangents {
			mesh := *o.Mesh
			w := float32(1 - 2*(q%2))
			sn, cs := math.Sincos(math.Pi / 6)
			mesh.Tangents = slices.Repeat([]mgl32.Vec4{{float32(cs), float32(sn), 0, w}}, len(mesh.Positions))
			o.Mesh = &mesh
		}
	}
	f := renderSoft(t, s)
	g := mustRender(t, sharedRenderer(t), s)
	idAgree := 0
	sum := make([]int, len(s.Objects))
	n := make([]int, len(s.Objects))
	for i := range f.IDs {
		if g.IDs[i] != f.IDs[i] {
			continue
		}
		idAgree++
		if id := f.IDs[i]; id != 0 {
			for k := range 3 {
				sum[id-1] += absDiff(g.Color.Pix[4*i+k], f.Color.Pix[4*i+k])
			}
			n[id-1] += 3
		}
	}
	frac := float64(idAgree) / float64(len(f.IDs))
	t.Logf("ids agree on %d of %d pixels (%.3f%%)", idAgree, len(f.IDs), 100*frac)
	if frac < 0.999 {
		t.Errorf("ids agree on %.3f%% of the pixels, want >= 99.9%%", 100*frac)
	}
	for q, o := range s.Objects {
		if n[q] < 300 {
			t.Fatalf("%s covers only %d pixels", o.Name, n[q]/3)
		}
		mad := float64(sum[q]) / float64(n[q])
		t.Logf("%s: %d pixels, colour MAD %.3f levels", o.Name, n[q]/3, mad)
		if mad > pbrColourLimit {
			t.Errorf("%s: colour MAD %.3f levels > %g", o.Name, mad, pbrColourLimit)
		}
	}
	return f
}
