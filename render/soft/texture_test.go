package soft

import (
	"fmt"
	"image"
	"image/color"
	"math"
	"testing"

	"github.com/go-gl/mathgl/mgl32"
	"github.com/go-gl/mathgl/mgl64"

	"github.com/synthkit/synthkit/render"
	"github.com/synthkit/synthkit/scene"
)

// The 2×2 test texture, sRGB: red, green / blue, orange.
var texels = [2][2]color.NRGBA{
	{{255, 0, 0, 255}, {0, 255, 0, 255}},
	{{0, 0, 255, 255}, {200, 100, 50, 255}},
}

func checker2x2() *image.NRGBA {
	img := image.NewNRGBA(image.Rect(0, 0, 2, 2))
	for y := range 2 {
		for x := range 2 {
			img.SetNRGBA(x, y, texels[y][x])
		}
	}
	return img
}

// texturedQuad returns a 32×32 view of a 2×2 quad carrying the 2×2
// texture, upright, placed so that texel centres fall exactly on the
// centres of pixels 8 and 24 in x and y: f = 48 at distance 3 maps the
// quad's x in [-1, 1] to u in [0.5, 32.5], texel centres (x = ±0.5) to
// 8.5 and 24.5.
func texturedQuad(t testing.TB, tex *scene.Texture, uvt mgl32.Mat3) *scene.Scene {
	cam := scene.Camera{Fx: 48, Fy: 48, Cx: 16.5, Cy: 16.5, Width: 32, Height: 32, Near: 0.1, Far: 10}
	cam, err := cam.WithLookAt(mgl64.Vec3{0, 0, 3}, mgl64.Vec3{}, mgl64.Vec3{0, 1, 0})
	if err != nil {
		t.Fatal(err)
	}
	mat := &scene.Material{BaseColor: scene.RGB(1, 1, 1), Unlit: true, BaseColorTexture: tex, UVTransform: uvt}
	return &scene.Scene{Camera: cam, Objects: []scene.Object{{Name: "quad", Mesh: scene.Quad(2, 2), Material: mat, Transform: mgl64.Ident4()}}}
}

func pixelAt(f *render.Frame, x, y int) [3]uint8 {
	p := f.Color.Pix[f.Color.PixOffset(x, y):]
	return [3]uint8{p[0], p[1], p[2]}
}

// TestTextureTexelCentres samples the 2×2 texture at its texel centres,
// nearest and bilinear, with each wrap mode shifted by one period through
// Material.UVTransform: the pixels must show the exact sRGB texel values
// (decoding to linear and encoding back is lossless for 8-bit codes).
func TestTextureTexelCentres(t *testing.T) {
	shift := mgl32.Mat3{1, 0, 0, 0, 1, 0, 1, 0, 1} // u' = u + 1
	cases := []struct {
		name    string
		wrap    scene.Wrap
		nearest bool
		uvt     mgl32.Mat3
		// texel column shown at pixel columns 8 and 24
		col8, col24 int
	}{
		{"bilinear", scene.Repeat, false, mgl32.Mat3{}, 0, 1},
		{"nearest", scene.Repeat, true, mgl32.Mat3{}, 0, 1},
		{"repeat shifted", scene.Repeat, false, shift, 0, 1},
		// u' in [1, 2]: texel x = 2u' − 0.5 = 2 and 3 at the two columns.
		{"clamp shifted", scene.ClampToEdge, false, shift, 1, 1},
		{"mirror shifted", scene.MirroredRepeat, false, shift, 1, 0},
		{"mirror shifted nearest", scene.MirroredRepeat, true, shift, 1, 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			tex := &scene.Texture{Image: checker2x2(), WrapS: c.wrap, WrapT: c.wrap, Nearest: c.nearest}
			f := renderScene(t, texturedQuad(t, tex, c.uvt))
			for row, py := range []int{8, 24} {
				for k, px := range []int{8, 24} {
					col := c.col8
					if k == 1 {
						col = c.col24
					}
					want := texels[row][col]
					if got := pixelAt(f, px, py); got != [3]uint8{want.R, want.G, want.B} {
						t.Errorf("pixel (%d,%d) = %v, want texel (%d,%d) = %v", px, py, got, col, row, want)
					}
				}
			}
		})
	}
}

// TestTextureBilinearMidpoint checks that bilinear filtering averages in
// linear light: the quad's centre (pixel 16, at UV (0.5, 0.5) exactly
// between the four texel centres) is the linear mean of the texels.
func TestTextureBilinearMidpoint(t *testing.T) {
	// Pixel 16's centre is u = 16.5, the quad centre.
	f := renderScene(t, texturedQuad(t, &scene.Texture{Image: checker2x2()}, mgl32.Mat3{}))
	var want [3]uint8
	for c := range 3 {
		sum := 0.0
		for _, row := range texels {
			for _, px := range row {
				v := [3]uint8{px.R, px.G, px.B}[c]
				sum += srgbToLinear64(float64(v) / 255)
			}
		}
		want[c] = exactEncode(sum / 4)
	}
	got := pixelAt(f, 16, 16)
	for c := range 3 {
		if d := int(got[c]) - int(want[c]); d < -1 || d > 1 {
			t.Errorf("centre pixel %v, want %v (linear mean)", got, want)
		}
	}
}

// exactEncode is the reference sRGB encoding: round(255·srgb(v)).
func exactEncode(v float64) uint8 {
	v = max(0, min(1, v))
	var s float64
	if v <= 0.0031308 {
		s = 12.92 * v
	} else {
		s = 1.055*math.Pow(v, 1/2.4) - 0.055
	}
	return uint8(math.Floor(s*255 + 0.5))
}

// TestSRGBTables checks the conversion tables against the exact functions:
// every code decodes and re-encodes to itself, and encoding a dense sweep
// of linear values rounds to the nearest code.
func TestSRGBTables(t *testing.T) {
	for k := range 256 {
		if got := encodeSRGB(decodeLUT[k]); got != uint8(k) {
			t.Errorf("code %d → %g → %d", k, decodeLUT[k], got)
		}
		if math.Abs(float64(decodeLUT[k])-float64(scene.SRGBToLinear(float32(k)/255))) > 1e-6 {
			t.Errorf("decode(%d) = %g, scene says %g", k, decodeLUT[k], scene.SRGBToLinear(float32(k)/255))
		}
	}
	for i := 0; i <= 200000; i++ {
		v := float32(i) / 200000
		if got, want := encodeSRGB(v), exactEncode(float64(v)); got != want {
			t.Fatalf("encode(%g) = %d, want %d", v, got, want)
		}
	}
	for _, v := range []float32{-1, float32(math.NaN()), 0, 1, 2, float32(math.Inf(1))} {
		want := uint8(0)
		if v >= 1 {
			want = 255
		}
		if got := encodeSRGB(v); got != want {
			t.Errorf("encode(%g) = %d, want %d", v, got, want)
		}
	}
}

// TestWrap checks the wrap modes on texel indices, including far outside
// the texture and extreme values.
func TestWrap(t *testing.T) {
	cases := []struct {
		mode scene.Wrap
		in   []int
		want []int
	}{
		{scene.Repeat, []int{-4, -3, -1, 0, 2, 3, 5, 7}, []int{2, 0, 2, 0, 2, 0, 2, 1}},
		{scene.ClampToEdge, []int{-4, -1, 0, 2, 3, 9}, []int{0, 0, 0, 2, 2, 2}},
		// Period 6: 0 1 2 2 1 0 | 0 1 2 2 1 0
		{scene.MirroredRepeat, []int{-6, -4, -1, 0, 2, 3, 4, 5, 6, 8}, []int{0, 2, 0, 0, 2, 2, 1, 0, 0, 2}},
	}
	for _, c := range cases {
		for i, x := range c.in {
			if got := wrap(x, 3, c.mode); got != c.want[i] {
				t.Errorf("wrap(%d, 3, %d) = %d, want %d", x, c.mode, got, c.want[i])
			}
		}
	}
	for _, mode := range []scene.Wrap{scene.Repeat, scene.ClampToEdge, scene.MirroredRepeat, 42} {
		for _, x := range []int{math.MinInt64, math.MaxInt64, math.MinInt64 + 1} {
			if got := wrap(x, 5, mode); got < 0 || got >= 5 {
				t.Errorf("wrap(%d, 5, %d) = %d out of range", x, mode, got)
			}
		}
	}
}

// TestWrap2 checks wrap2 against wrap for every mode on sizes that are
// and are not powers of two, across several periods either side of 0.
func TestWrap2(t *testing.T) {
	for _, mode := range []scene.Wrap{scene.Repeat, scene.ClampToEdge, scene.MirroredRepeat, 42} {
		for _, n := range []int{1, 2, 3, 4, 5, 8, 12, 16, 300, 512} {
			for _, i := range []int{-5*n - 1, -2 * n, -n - 1, -n, -1, 0, 1, n - 2, n - 1, n, 2*n - 1, 2 * n, 7*n + 3, 1<<40 + 1, -(1 << 40)} {
				a, b := wrap2(i, n, mode)
				if wa, wb := wrap(i, n, mode), wrap(i+1, n, mode); a != wa || b != wb {
					t.Errorf("wrap2(%d, %d, %d) = %d, %d, want %d, %d", i, n, mode, a, b, wa, wb)
				}
			}
			for i := -3 * n; i <= 3*n; i++ {
				a, b := wrap2(i, n, mode)
				if wa, wb := wrap(i, n, mode), wrap(i+1, n, mode); a != wa || b != wb {
					t.Fatalf("wrap2(%d, %d, %d) = %d, %d, want %d, %d", i, n, mode, a, b, wa, wb)
				}
			}
		}
	}
}

// TestTapsMatchWrap2 checks taps' shortcut for lookups inside the image
// against wrap2 for every column and row: every mode, sizes 1–5, 8 and
// 300, and coordinates across three periods either side of the image,
// on and between texel centres.
func TestTapsMatchWrap2(t *testing.T) {
	for _, mode := range []scene.Wrap{scene.Repeat, scene.ClampToEdge, scene.MirroredRepeat} {
		for _, n := range []int{1, 2, 3, 4, 5, 8, 300} {
			r := &texRec{w: n, h: n, wrapS: mode, wrapT: mode}
			for k := -6 * n * 4; k <= 6*n*4; k++ {
				u := float32(k) / float32(4*n) // quarters of a texel
				v := u + 0.3/float32(n)
				got := r.taps(u, v)
				fx, fy := math.Floor(texCoord(u, n)-0.5), math.Floor(texCoord(v, n)-0.5)
				xa, xb := wrap2(int(fx), n, mode)
				ya, yb := wrap2(int(fy), n, mode)
				if got.xa != xa || got.xb != xb || got.ya != ya || got.yb != yb {
					t.Fatalf("mode %d, size %d, (%g, %g): taps %d %d %d %d, wrap2 %d %d %d %d",
						mode, n, u, v, got.xa, got.xb, got.ya, got.yb, xa, xb, ya, yb)
				}
			}
		}
	}
}

// TestSampleMatchesInterpolation checks texRec.sample, whose lookups of
// four texels of one colour return that colour without interpolating and
// which takes its own floors, against the texels and weights of taps with
// the bilinear interpolation written out (texel, then the rows by tx,
// then ty) bit for bit: textures of patches of one colour (the shortcut's
// case), of one colour with single texels of another, of noise, and with
// alpha the only difference between texels, sRGB and data, bilinear and
// nearest, at random, texel-centre and special coordinates (specialUV)
// with every wrap mode, a different one on each axis.
func TestSampleMatchesInterpolation(t *testing.T) {
	rng := uint32(1)
	next := func() uint32 { rng = rng*1664525 + 1013904223; return rng >> 8 }
	for _, kind := range []string{"patches", "dots", "noise", "alpha"} {
		img := image.NewNRGBA(image.Rect(0, 0, 13, 9))
		for y := range 9 {
			for x := range 13 {
				c := color.NRGBA{uint8(next()), uint8(next()), uint8(next()), uint8(next())}
				switch kind {
				case "patches":
					c = color.NRGBA{uint8(40 * (x / 4)), uint8(70 * (y / 3)), 9, 255}
				case "alpha":
					c = color.NRGBA{200, 0, uint8(50 * (x / 5)), uint8(next())}
				case "dots": // one colour, a texel in seven another
					c = color.NRGBA{30, 60, 90, 255}
					if next()%7 == 0 {
						c.B = 91
					}
				}
				img.SetNRGBA(x, y, c)
			}
		}
		for _, srgb := range []bool{true, false} {
			modes := []scene.Wrap{scene.Repeat, scene.ClampToEdge, scene.MirroredRepeat}
			for m, mode := range modes {
				for _, nearest := range []bool{false, true} {
					// The other axis with the next mode: each pair differs.
					var r texRec
					r.prepare(&scene.Texture{Image: img, WrapS: mode, WrapT: modes[(m+1)%3], Nearest: nearest}, srgb)
					shortcuts := 0
					for i := range 4000 {
						u, v := float32(next()%4000)/1000-1.5, float32(next()%3000)/1000-1
						switch i % 4 {
						case 0: // a texel centre: weights 0
							u, v = (float32(i%13)+0.5)/13, (float32(i%9)+0.5)/9
						case 1: // edges, far periods, huge and non-finite values
							u, v = specialUV[next()%uint32(len(specialUV))], specialUV[next()%uint32(len(specialUV))]
						}
						tp := r.taps(u, v)
						want := r.texel(tp.xa, tp.ya)
						if !nearest {
							c00, c10 := r.texel(tp.xa, tp.ya), r.texel(tp.xb, tp.ya)
							c01, c11 := r.texel(tp.xa, tp.yb), r.texel(tp.xb, tp.yb)
							if c00 == c10 && c00 == c01 && c00 == c11 {
								shortcuts++
							}
							top := c00.add(c10.sub(c00).scale(tp.tx))
							bot := c01.add(c11.sub(c01).scale(tp.tx))
							want = top.add(bot.sub(top).scale(tp.ty))
						}
						got := r.sample(u, v)
						for k, g := range [3]float32{got.x, got.y, got.z} {
							w := [3]float32{want.x, want.y, want.z}[k]
							if math.Float32bits(g) != math.Float32bits(w) {
								t.Fatalf("%s, srgb %v, wrap %d, nearest %v, (%g, %g): channel %d %g, interpolation %g", kind, srgb, mode, nearest, u, v, k, g, w)
							}
						}
					}
					if !nearest && kind != "noise" && shortcuts < 1000 {
						t.Errorf("%s: only %d of 4000 lookups read four texels of one colour", kind, shortcuts)
					}
				}
			}
		}
	}
}

// specialUV are texture coordinates on texel edges and centres of the
// 13×9 test texture, in far periods either side, past 2^24 texels, at
// ±0, and not finite (texCoord's 0).
var specialUV = []float32{
	0, float32(math.Copysign(0, -1)), 1, -1, 0.5 / 13, 1 - 0.5/13, 0.5 / 9, 1.5 / 9, 6.5 / 13, -0.5 / 13, -0.5 / 9,
	1e-30, -1e-30, 0.999999, -0.999999, 1.000001, 1000.25, -1000.25, 3e6, -3e6, 1e12, -1e12, 3e38,
	math.MaxFloat32, -math.MaxFloat32, float32(math.Inf(1)), float32(math.Inf(-1)), float32(math.NaN()),
}

// BenchmarkTextureSample samples bilinearly filtered sRGB textures of a
// power-of-two and another size at scattered coordinates, most inside the
// texture (like a product's label), some repeating it ("wide").
func BenchmarkTextureSample(b *testing.B) {
	for _, c := range []struct {
		size [2]int
		wide bool
	}{{[2]int{256, 256}, false}, {[2]int{300, 200}, false}, {[2]int{300, 200}, true}} {
		size := c.size
		name := fmt.Sprintf("%dx%d", size[0], size[1])
		if c.wide {
			name += "-wide"
		}
		b.Run(name, func(b *testing.B) {
			img := image.NewNRGBA(image.Rect(0, 0, size[0], size[1]))
			for i := range img.Pix {
				img.Pix[i] = uint8(i * 7)
			}
			var r texRec
			r.prepare(&scene.Texture{Image: img}, true)
			var uv [1024][2]float32
			for i := range uv {
				uv[i] = [2]float32{float32(i%37)/30 - 0.1, float32(i%53)/45 - 0.1}
				if c.wide {
					uv[i] = [2]float32{float32(i%37)*0.173 - 2, float32(i%53)*0.091 - 1}
				}
			}
			var acc float32
			for b.Loop() {
				for _, p := range uv {
					acc += r.sample(p[0], p[1]).x
				}
			}
			sinkF = acc
		})
	}
}

// sinkF keeps benchmark results alive.
var sinkF float32

// TestSupersamplingColourOnly renders with 2, 3 and 4 samples per axis:
// ids, depth, normals and silhouettes are those of one sample per pixel,
// and the colour of pixels inside a uniform surface is unchanged.
func TestSupersamplingColourOnly(t *testing.T) {
	s := texturedQuad(t, &scene.Texture{Image: checker2x2(), Nearest: true}, mgl32.Mat3{})
	// Add a tilted lit box in front so that edges cross the quad.
	s.Objects = append(s.Objects, scene.Object{Name: "box", Mesh: scene.Box(0.6, 0.6, 0.6),
		Material:  &scene.Material{BaseColor: scene.RGB(0.2, 0.5, 0.9), Roughness: 0.4},
		Transform: mgl64.Translate3D(0.3, -0.2, 0.8).Mul4(mgl64.HomogRotate3D(0.7, mgl64.Vec3{1, 1, 0}.Normalize()))})
	s.Lights = []scene.Light{{Kind: scene.Directional, Color: scene.RGB(1, 1, 1), Intensity: 2, Direction: mgl64.Vec3{-1, -1, -1}}}
	base := renderScene(t, s)
	for _, n := range []int{2, 3, 4} {
		r := New(Options{SSAA: n})
		f := mustRender(t, r, s)
		r.Close()
		for i := range base.IDs {
			if f.IDs[i] != base.IDs[i] || f.Depth[i] != base.Depth[i] || f.Normals[i] != base.Normals[i] {
				t.Fatalf("samples %d: pixel %d labels differ", n, i)
			}
		}
		for i := range base.Silhouettes {
			a, b := base.Silhouettes[i], f.Silhouettes[i]
			if a.Bounds != b.Bounds || a.Pixels != b.Pixels || string(a.Mask) != string(b.Mask) {
				t.Fatalf("samples %d: silhouette %d differs", n, i)
			}
		}
		// Texel (0,0) area, far from the box and from texel boundaries.
		if got, want := pixelAt(f, 3, 3), pixelAt(base, 3, 3); got != want {
			t.Errorf("samples %d: uniform pixel %v, want %v", n, got, want)
		}
		diff := 0
		for i := range f.Color.Pix {
			if f.Color.Pix[i] != base.Color.Pix[i] {
				diff++
			}
		}
		if diff == 0 {
			t.Errorf("samples %d: colour identical to one sample per pixel; edges should be smoothed", n)
		}
	}
}

// TestSRGBEncodeBuckets proves encodeSRGB equal to counting the float64
// thresholds encodeThr below v, for every float32 v in (0, 1): both are
// step functions of v's bits, encodeSRGB stepping only where a bucket of
// encodeStart begins or at a threshold of encodeThrBits, so comparing them
// at each of those points compares them everywhere.
func TestSRGBEncodeBuckets(t *testing.T) {
	ref := func(v float32) uint8 {
		k := 0
		for k < 255 && float64(v) >= encodeThr[k] {
			k++
		}
		return uint8(k)
	}
	check := func(b uint32) {
		v := math.Float32frombits(b)
		if !(v > 0 && v < 1) {
			return
		}
		if got, want := encodeSRGB(v), ref(v); got != want {
			t.Fatalf("encodeSRGB(%g) (bits %#x) = %d, want %d", v, b, got, want)
		}
	}
	for i := range uint32(encodeBuckets) {
		check(i << encodeShift)
		check(i<<encodeShift - 1) // the end of the bucket before
	}
	for k, b := range encodeThrBits[:255] {
		check(b - 1)
		check(b)
		if v := math.Float32frombits(b); float64(v) < encodeThr[k] || float64(math.Float32frombits(b-1)) >= encodeThr[k] {
			t.Errorf("threshold %d: %g is not the smallest float32 >= %g", k, v, encodeThr[k])
		}
	}
}

// TestFloorInt checks floorInt against math.Floor on integers, halves,
// values a unit in the last place either side of them, ±0 and the
// largest magnitudes texCoord lets through: the same int, and the same
// float bit for bit except +0 for -0.
func TestFloorInt(t *testing.T) {
	var xs []float64
	for _, v := range []float64{0, 0.5, 1, 1.5, 2, 3, 255, 256.5, 1 << 20, 1<<40 - 1, 1 << 40, 1<<52 - 1} {
		for _, s := range []float64{1, -1} {
			x := s * v
			xs = append(xs, x, math.Nextafter(x, math.Inf(1)), math.Nextafter(x, math.Inf(-1)))
		}
	}
	xs = append(xs, math.Copysign(0, -1), 5e-324, -5e-324)
	for _, x := range xs {
		i, f := floorInt(x)
		want := math.Floor(x)
		if want == 0 {
			want = 0 // +0 for -0
		}
		if i != int(want) || math.Float64bits(f) != math.Float64bits(want) {
			t.Errorf("floorInt(%v) = %d, %v; want %d, %v", x, i, f, int(want), want)
		}
	}
}
