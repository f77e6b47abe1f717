package shading

import (
	"encoding/binary"
	"hash/maphash"
	"math"
	"sync"

	"github.com/go-gl/mathgl/mgl64"

	"github.com/synthkit/synthkit/scene"
)

// Image-based lighting (see the package documentation, "Environment
// light"). PrepareEnv turns a scene.Environment into an EnvMap once (it is
// the costly part, so renderers cache it with an EnvCache); NewEnvLight
// places it for one frame's camera; EnvLight.Irradiance, EnvLight.Reflection
// and EnvBRDF are what shading evaluates per point.

// Sizes of the prefiltered specular cube levels.
const (
	// EnvLevels is the number of prefiltered levels: level k holds the
	// radiance blurred for Roughness k/(EnvLevels−1).
	EnvLevels = 5
	// EnvFaceSize is the side of level 0's cube faces, in texels; level k
	// has faces of EnvFaceSize>>k (128, 64, 32, 16, 8), a mip chain.
	EnvFaceSize = 128
	// envWorkHeight bounds the equirectangular map the cube is resampled
	// from: larger maps are box-filtered to this height first.
	envWorkHeight = 256
	// envLobeCut is the smallest lobe weight, relative to its peak, that
	// prefiltering sums; lighter texels are left out (and the weights
	// renormalised).
	envLobeCut = 1e-4
)

// EnvMap is an environment prepared for shading, in the map's own frame
// (before scene.Environment.Rotation) and without its Intensity, which
// NewEnvLight applies (so maps that differ only in rotation or intensity
// share one EnvMap).
type EnvMap struct {
	// SH holds the radiance projected on the real spherical harmonics of
	// bands 0–2, in the order Y00, Y1−1, Y10, Y11, Y2−2, Y2−1, Y20, Y21,
	// Y22 (the basis of Ramamoorthi and Hanrahan, 2001, in the map's x, y,
	// z).
	SH [9]Vec3
	// Levels are the prefiltered radiance cubes, level k for Roughness
	// k/(EnvLevels−1); see CubeLevel and EnvLobeExponent.
	Levels [EnvLevels]CubeLevel

	// The map drawn behind a scene (Sky), made on first use.
	skyOnce sync.Once
	sky     equirect
}

// MaxSkyHeight is the most rows of an environment that renderers draw as
// the background (scene.Environment.Background): a taller map is
// box-filtered to this height first (2048×1024 texels, 24 MiB of float32
// RGB, about 0.18° a texel).
const MaxSkyHeight = 1024

// Sky returns the map m was prepared from as drawn behind a scene: e's
// radiance box-filtered to at most MaxSkyHeight rows (a copy, made once;
// e must have the contents m was prepared from, as EnvCache.Get
// guarantees), row-major linear RGB, w = 2·h.
func (m *EnvMap) Sky(e *scene.Environment) (w, h int, pix []float32) {
	m.skyOnce.Do(func() {
		if e.Height <= MaxSkyHeight {
			m.sky = equirect{e.Width, e.Height, append([]float32(nil), e.Radiance...)}
			return
		}
		m.sky = boxEquirect(e.Radiance, e.Width, e.Height, MaxSkyHeight)
	})
	return m.sky.w, m.sky.h, m.sky.pix
}

// CubeLevel is one level of a cube map of linear RGB radiance, faces laid
// out as OpenGL lays out a cube texture: +X, −X, +Y, −Y, +Z, −Z, texel
// (s, t) at column s and row t of the OpenGL specification's table of
// major axes. Each face is stored with a one-texel border: Faces[f] holds
// (Size+2)² RGB triples, row-major, texel (s, t) at row t+1 and column
// s+1, and the ring around them the radiance just beyond the face's edges
// (in the directions through its plane extended), so that bilinear
// filtering within a bordered face is continuous across the cube's edges.
type CubeLevel struct {
	Size  int
	Faces [6][]float32
}

// Stride returns the length of a bordered face's row, Size+2 texels.
func (c *CubeLevel) Stride() int { return c.Size + 2 }

// EnvLobeExponent is the exponent s of the Phong lobe max(0, R·ω)^s that
// prefilters level k: s = p/4 + 1 for the Blinn-Phong exponent p of
// Roughness k/(EnvLevels−1) (SpecularExponent), the usual match of a
// Blinn-Phong lobe about H to a Phong lobe about the reflection R, kept a
// cosine lobe at Roughness 1 (where p = 0).
func EnvLobeExponent(k int) float64 {
	r := float32(k) / (EnvLevels - 1)
	return float64(SpecularExponent(r))/4 + 1
}

// PrepareEnv derives e's spherical-harmonic irradiance and prefiltered
// specular levels. e must be valid (scene.Environment.Validate).
func PrepareEnv(e *scene.Environment) *EnvMap {
	w, h, rad := e.Width, e.Height, e.Radiance
	m := &EnvMap{}

	// Spherical harmonics from every texel, each integrated over its area
	// with two Gauss-Legendre points in cos θ (dω = d(cos θ)·dφ), which is
	// exact for the band-2 terms over whole rows.
	var sh [9][3]float64
	dphi := 2 * math.Pi / float64(w)
	for j := range h {
		mu0, mu1 := math.Cos(math.Pi*float64(j+1)/float64(h)), math.Cos(math.Pi*float64(j)/float64(h))
		mid, half := (mu0+mu1)/2, (mu1-mu0)/2
		for _, mu := range [2]float64{mid - half/math.Sqrt(3), mid + half/math.Sqrt(3)} {
			st := math.Sqrt(max(0, 1-mu*mu))
			dw := half * dphi
			for i := range w {
				phi := 2 * math.Pi * ((float64(i)+0.5)/float64(w) - 0.5)
				y := shBasis([3]float64{st * math.Sin(phi), mu, -st * math.Cos(phi)})
				o := 3 * (j*w + i)
				for c := range 3 {
					l := float64(rad[o+c]) * dw
					for b := range 9 {
						sh[b][c] += l * y[b]
					}
				}
			}
		}
	}
	for b := range 9 {
		m.SH[b] = Vec3{float32(sh[b][0]), float32(sh[b][1]), float32(sh[b][2])}
	}

	// Level 0: the map resampled onto the cube (2×2 bilinear samples per
	// texel of a map at most envWorkHeight high); the other levels
	// prefilter box-reduced copies of it.
	src := boxEquirect(rad, w, h, envWorkHeight)
	m.Levels[0] = resampleCube(src, EnvFaceSize)
	// Level k (faces EnvFaceSize>>k) is the lobe-weighted sum of the
	// unfiltered cube box-reduced to envFilterSize[k], onto faces of that
	// size, upsampled bilinearly when the level is larger: every lobe is
	// several of those texels wide.
	base := interior(&m.Levels[0])
	for lv := 1; lv < EnvLevels; lv++ {
		fs := envFilterSize[lv]
		mip := base
		for mip.size > fs {
			mip = mip.halve()
		}
		lvl := prefilter(mip, fs, EnvLobeExponent(lv))
		if out := EnvFaceSize >> lv; out > fs {
			lvl = upsampleCube(&lvl, out)
		}
		m.Levels[lv] = lvl
	}
	return m
}

// envFilterSize is the face size each level's lobe sum works at.
var envFilterSize = [EnvLevels]int{0, 32, 16, 8, 8}

// shBasis returns the nine real spherical harmonics at unit direction d.
func shBasis(d [3]float64) [9]float64 {
	x, y, z := d[0], d[1], d[2]
	return [9]float64{
		0.282095,
		0.488603 * y, 0.488603 * z, 0.488603 * x,
		1.092548 * x * y, 1.092548 * y * z, 0.315392 * (3*z*z - 1), 1.092548 * x * z, 0.546274 * (x*x - y*y),
	}
}

// equirect is an equirectangular map of RGB radiance, intensity applied.
type equirect struct {
	w, h int
	pix  []float32
}

// boxEquirect returns rad box-filtered to at most maxH rows (each output
// texel averages the input texels whose centres fall in it).
func boxEquirect(rad []float32, w, h, maxH int) equirect {
	oh := min(h, maxH)
	ow := 2 * oh
	sum := make([]float64, 3*ow*oh)
	cnt := make([]int, ow*oh)
	for j := range h {
		oj := j * oh / h
		for i := range w {
			oi := i * ow / w
			o, s := 3*(j*w+i), 3*(oj*ow+oi)
			sum[s] += float64(rad[o])
			sum[s+1] += float64(rad[o+1])
			sum[s+2] += float64(rad[o+2])
			cnt[oj*ow+oi]++
		}
	}
	out := equirect{ow, oh, make([]float32, len(sum))}
	for t, n := range cnt {
		for c := range 3 {
			out.pix[3*t+c] = float32(sum[3*t+c] / float64(n))
		}
	}
	return out
}

// at samples the map bilinearly at direction d, wrapping in azimuth and
// clamping at the poles.
func (e *equirect) at(d [3]float64) [3]float64 {
	theta := math.Acos(max(-1, min(1, d[1])))
	phi := math.Atan2(d[0], -d[2])
	x := (phi/(2*math.Pi)+0.5)*float64(e.w) - 0.5
	y := theta/math.Pi*float64(e.h) - 0.5
	x0, y0 := math.Floor(x), math.Floor(y)
	fx, fy := x-x0, y-y0
	var out [3]float64
	for dy := range 2 {
		j := max(0, min(e.h-1, int(y0)+dy))
		wy := fy
		if dy == 0 {
			wy = 1 - fy
		}
		for dx := range 2 {
			i := ((int(x0)+dx)%e.w + e.w) % e.w
			wx := fx
			if dx == 0 {
				wx = 1 - fx
			}
			o := 3 * (j*e.w + i)
			for c := range 3 {
				out[c] += wx * wy * float64(e.pix[o+c])
			}
		}
	}
	return out
}

// cubeDir returns the unit direction through the point (s, t) in [0, 1]²
// of cube face f, the inverse of cubeLookup's face selection.
func cubeDir(f int, s, t float64) [3]float64 {
	sc, tc := 2*s-1, 2*t-1
	var d [3]float64
	switch f {
	case 0: // +X: sc = −z, tc = −y
		d = [3]float64{1, -tc, -sc}
	case 1: // −X: sc = +z, tc = −y
		d = [3]float64{-1, -tc, sc}
	case 2: // +Y: sc = +x, tc = +z
		d = [3]float64{sc, 1, tc}
	case 3: // −Y: sc = +x, tc = −z
		d = [3]float64{sc, -1, -tc}
	case 4: // +Z: sc = +x, tc = −y
		d = [3]float64{sc, -tc, 1}
	default: // −Z: sc = −x, tc = −y
		d = [3]float64{-sc, -tc, -1}
	}
	l := math.Sqrt(d[0]*d[0] + d[1]*d[1] + d[2]*d[2])
	return [3]float64{d[0] / l, d[1] / l, d[2] / l}
}

// fillCube returns a cube of faces size×size, bordered, whose texel at
// face f and (possibly border) texel coordinates (i, j) is at(f, s, t) for
// s = (i+0.5)/size, t = (j+0.5)/size. The six faces are filled
// concurrently (each texel is computed on its own, so the result does not
// depend on how they are scheduled): at must be safe for concurrent use.
// A map is prepared while the renderers that need it wait, so this uses
// CPUs that would otherwise idle.
func fillCube(size int, at func(f int, s, t float64) [3]float64) CubeLevel {
	c := CubeLevel{Size: size}
	st := size + 2
	var wg sync.WaitGroup
	for f := range 6 {
		px := make([]float32, 3*st*st)
		c.Faces[f] = px
		wg.Go(func() {
			for j := -1; j <= size; j++ {
				for i := -1; i <= size; i++ {
					v := at(f, (float64(i)+0.5)/float64(size), (float64(j)+0.5)/float64(size))
					o := 3 * ((j+1)*st + i + 1)
					px[o], px[o+1], px[o+2] = float32(v[0]), float32(v[1]), float32(v[2])
				}
			}
		})
	}
	wg.Wait()
	return c
}

// resampleCube samples src onto a cube of faces size×size, averaging 2×2
// bilinear samples per texel.
func resampleCube(src equirect, size int) CubeLevel {
	q := 0.25 / float64(size)
	return fillCube(size, func(f int, s, t float64) [3]float64 {
		var acc [3]float64
		for _, o := range [4][2]float64{{-q, -q}, {q, -q}, {-q, q}, {q, q}} {
			v := src.at(cubeDir(f, s+o[0], t+o[1]))
			acc[0], acc[1], acc[2] = acc[0]+v[0]/4, acc[1]+v[1]/4, acc[2]+v[2]/4
		}
		return acc
	})
}

// upsampleCube samples c (CubeLevel.Sample) onto a cube of faces
// size×size.
func upsampleCube(c *CubeLevel, size int) CubeLevel {
	return fillCube(size, func(f int, s, t float64) [3]float64 {
		d := cubeDir(f, s, t)
		v := c.Sample(Vec3{float32(d[0]), float32(d[1]), float32(d[2])})
		return [3]float64{float64(v.X), float64(v.Y), float64(v.Z)}
	})
}

// faceTexels is one face of an unbordered cube: size×size RGB triples.
type faceTexels struct {
	size  int
	faces [6][]float32
}

// interior returns c's faces without their borders.
func interior(c *CubeLevel) faceTexels {
	n, st := c.Size, c.Stride()
	out := faceTexels{size: n}
	for f := range 6 {
		px := make([]float32, 0, 3*n*n)
		for t := range n {
			o := 3 * ((t+1)*st + 1)
			px = append(px, c.Faces[f][o:o+3*n]...)
		}
		out.faces[f] = px
	}
	return out
}

// halve averages 2×2 texel blocks of c into faces of half the side.
func (c faceTexels) halve() faceTexels {
	n := c.size / 2
	out := faceTexels{size: n}
	for f := range 6 {
		in := c.faces[f]
		px := make([]float32, 3*n*n)
		for t := range n {
			for s := range n {
				for ch := range 3 {
					a := in[3*((2*t)*c.size+2*s)+ch] + in[3*((2*t)*c.size+2*s+1)+ch]
					b := in[3*((2*t+1)*c.size+2*s)+ch] + in[3*((2*t+1)*c.size+2*s+1)+ch]
					px[3*(t*n+s)+ch] = (a + b) / 4
				}
			}
		}
		out.faces[f] = px
	}
	return out
}

// prefilter convolves c with the normalised Phong lobe max(0, R·ω)^s onto
// a bordered cube of faces size×size, giving each texel the lobe-weighted
// mean radiance of c about its direction R.
func prefilter(c faceTexels, size int, s float64) CubeLevel {
	n := c.size
	// Directions and solid angles of the source texels, grouped in tiles
	// of tile×tile texels with a bounding cone each, so that tiles wholly
	// outside a lobe are skipped with one test.
	type texel struct {
		d   [3]float64
		dw  float64
		rgb [3]float64
	}
	type tileRec struct {
		c        [3]float64 // unit centre direction
		skip     float64    // a lobe axis R with R·c below skip misses the tile
		from, to int        // texels src[from:to]
	}
	tile := min(4, n)
	cut := max(0, math.Pow(envLobeCut, 1/s))
	cutAngle := math.Acos(cut)
	s32 := float32(s)
	src := make([]texel, 0, 6*n*n)
	var tiles []tileRec
	for f := range 6 {
		px := c.faces[f]
		for ty := 0; ty < n; ty += tile {
			for tx := 0; tx < n; tx += tile {
				tr := tileRec{from: len(src)}
				for t := ty; t < ty+tile; t++ {
					for u := tx; u < tx+tile; u++ {
						su, tv := (float64(u)+0.5)/float64(n), (float64(t)+0.5)/float64(n)
						a, b := 2*su-1, 2*tv-1
						dw := 4 / float64(n*n) / math.Pow(1+a*a+b*b, 1.5)
						o := 3 * (t*n + u)
						d := cubeDir(f, su, tv)
						src = append(src, texel{d, dw, [3]float64{float64(px[o]), float64(px[o+1]), float64(px[o+2])}})
						tr.c[0], tr.c[1], tr.c[2] = tr.c[0]+d[0], tr.c[1]+d[1], tr.c[2]+d[2]
					}
				}
				tr.to = len(src)
				l := math.Sqrt(tr.c[0]*tr.c[0] + tr.c[1]*tr.c[1] + tr.c[2]*tr.c[2])
				tr.c = [3]float64{tr.c[0] / l, tr.c[1] / l, tr.c[2] / l}
				radius := 0.0
				for _, x := range src[tr.from:tr.to] {
					dot := tr.c[0]*x.d[0] + tr.c[1]*x.d[1] + tr.c[2]*x.d[2]
					radius = max(radius, math.Acos(min(1, dot)))
				}
				tr.skip = -2 // never skip
				if a := cutAngle + radius + 1e-9; a < math.Pi {
					tr.skip = math.Cos(a)
				}
				tiles = append(tiles, tr)
			}
		}
	}
	return fillCube(size, func(f int, su, tv float64) [3]float64 {
		r := cubeDir(f, su, tv)
		var acc [3]float64
		var wsum float64
		// The lobe's powers four at a time (Pow4, bit for bit Pow's),
		// the texels still summed in order: the same sums as one Pow a
		// texel, in about half the time of the powers.
		var (
			pend [4]int32
			dots [4]float32
			np   int
		)
		add := func(n int) {
			var pw [4]float32
			pw[0], pw[1], pw[2], pw[3] = Pow4(dots[0], dots[1], dots[2], dots[3], s32)
			for k := range n {
				x := &src[pend[k]]
				wt := float64(pw[k]) * x.dw
				wsum += wt
				acc[0] += wt * x.rgb[0]
				acc[1] += wt * x.rgb[1]
				acc[2] += wt * x.rgb[2]
			}
		}
		for _, tr := range tiles {
			if r[0]*tr.c[0]+r[1]*tr.c[1]+r[2]*tr.c[2] < tr.skip {
				continue
			}
			for i := tr.from; i < tr.to; i++ {
				x := &src[i]
				dot := r[0]*x.d[0] + r[1]*x.d[1] + r[2]*x.d[2]
				if dot <= cut {
					continue
				}
				pend[np], dots[np] = int32(i), float32(dot)
				if np++; np == 4 {
					add(4)
					np = 0
				}
			}
		}
		if np > 0 {
			add(np)
		}
		return [3]float64{acc[0] / wsum, acc[1] / wsum, acc[2] / wsum}
	})
}

// CubeFace returns the face of a cube texture that direction d selects
// and the coordinates (s, t) in [0, 1]² within it, as the OpenGL
// specification's table of major axes defines them (ties go to x, then
// y). ok is false for a zero or non-finite d, and for one so short
// (largest component below about 1.5e−39) that 0.5/|major| overflows.
func CubeFace(d Vec3) (face int, s, t float32, ok bool) {
	ax, ay, az := abs32(d.X), abs32(d.Y), abs32(d.Z)
	var sc, tc, ma float32
	switch {
	case ax >= ay && ax >= az:
		ma = ax
		if d.X >= 0 {
			face, sc, tc = 0, -d.Z, -d.Y
		} else {
			face, sc, tc = 1, d.Z, -d.Y
		}
	case ay >= az:
		ma = ay
		if d.Y >= 0 {
			face, sc, tc = 2, d.X, d.Z
		} else {
			face, sc, tc = 3, d.X, -d.Z
		}
	default:
		ma = az
		if d.Z >= 0 {
			face, sc, tc = 4, d.X, -d.Y
		} else {
			face, sc, tc = 5, -d.X, -d.Y
		}
	}
	if !(ma > 0) || ma > math.MaxFloat32 {
		return 0, 0, 0, false
	}
	inv := 0.5 / ma
	s, t = sc*inv+0.5, tc*inv+0.5
	// A subnormal ma overflows inv (and 0·∞ is NaN), a NaN minor
	// component makes a NaN coordinate: no texel lies there.
	if !(inv <= math.MaxFloat32) || s != s || t != t {
		return 0, 0, 0, false
	}
	return face, s, t, true
}

func abs32(x float32) float32 { return math.Float32frombits(math.Float32bits(x) &^ (1 << 31)) }

// Sample returns the level's radiance at direction d: bilinear within the
// bordered face CubeFace selects (continuous across the cube's edges).
func (c *CubeLevel) Sample(d Vec3) Vec3 {
	f, s, t, ok := CubeFace(d)
	if !ok {
		return Vec3{}
	}
	return c.sampleFace(f, s, t)
}

// sampleFace is Sample at coordinates (s, t) in [0, 1]² of face f.
func (c *CubeLevel) sampleFace(f int, s, t float32) Vec3 {
	n, st := c.Size, c.Stride()
	// Bordered texel coordinates: s in [0, 1] maps to [0.5, n+0.5], so
	// truncation is the floor.
	x := s*float32(n) + 0.5
	y := t*float32(n) + 0.5
	x0, y0 := min(int(x), n), min(int(y), n)
	fx, fy := x-float32(x0), y-float32(y0)
	px := c.Faces[f]
	a := 3 * (y0*st + x0)
	// The two texels of each row, one bounds check a row.
	top := px[a : a+6 : a+6]
	bot := px[a+3*st : a+3*st+6 : a+3*st+6]
	tx := top[0] + (top[3]-top[0])*fx
	ty := top[1] + (top[4]-top[1])*fx
	tz := top[2] + (top[5]-top[2])*fx
	bx := bot[0] + (bot[3]-bot[0])*fx
	by := bot[1] + (bot[4]-bot[1])*fx
	bz := bot[2] + (bot[5]-bot[2])*fx
	return Vec3{tx + (bx-tx)*fy, ty + (by-ty)*fy, tz + (bz-tz)*fy}
}

// Prefiltered returns the radiance of m about map-frame direction d for
// Roughness r in [0, 1]: level r·(EnvLevels−1), interpolated linearly
// between the two levels around it (trilinear filtering).
func (m *EnvMap) Prefiltered(d Vec3, r float32) Vec3 {
	f, s, t, ok := CubeFace(d)
	if !ok {
		return Vec3{}
	}
	lv := Clamp01(r) * (EnvLevels - 1)
	k := int(lv)
	if k >= EnvLevels-1 {
		return m.Levels[EnvLevels-1].sampleFace(f, s, t)
	}
	a := m.Levels[k].sampleFace(f, s, t)
	w := lv - float32(k)
	if w == 0 {
		return a
	}
	b := m.Levels[k+1].sampleFace(f, s, t)
	return a.Add(b.Sub(a).Scale(w))
}

// EnvLight is an EnvMap placed for one camera: its irradiance as a
// quadratic form in camera-frame normals, and the rotation from the
// camera frame into the map's.
type EnvLight struct {
	Map *EnvMap
	// Scale is scene.Environment.Intensity, rounded to float32; it
	// multiplies the prefiltered radiance (Irr includes it).
	Scale float32
	// Irr holds, per colour channel, the irradiance divided by π as a
	// quadratic polynomial in the unit camera-frame normal n: the
	// coefficients of n.x², n.y², n.z², n.x·n.y, n.x·n.z, n.y·n.z, n.x,
	// n.y, n.z and 1, in that order (Irradiance).
	Irr [10]Vec3
	// ToMap rotates camera-frame directions into the map's frame
	// (row-major 3×3).
	ToMap [9]float32

	sky *equirect // set by ShowSky: the map drawn behind the scene
}

// ShowSky makes Background draw e (the environment e's Map was prepared
// from) behind the scene: see Background.
func (e *EnvLight) ShowSky(env *scene.Environment) {
	e.Map.Sky(env)
	e.sky = &e.Map.sky
}

// Background returns the radiance seen along the camera-frame ray d (any
// non-zero length) where no object covers a sample, and true, after
// ShowSky; false before. It is the sky (EnvMap.Sky) sampled bilinearly
// at d turned into the map's frame, wrapping in azimuth and clamping at
// the poles (texel (i, j) centred at u = (i+0.5)/w, v = (j+0.5)/h, with
// u = atan2(x, −z)/2π + 1/2 and v = acos(y/|d|)/π), times Scale. The
// arithmetic is float64, rounded to float32 at the end.
func (e *EnvLight) Background(d Vec3) (Vec3, bool) {
	if e.sky == nil {
		return Vec3{}, false
	}
	q := &e.ToMap
	x := float64(q[0])*float64(d.X) + float64(q[1])*float64(d.Y) + float64(q[2])*float64(d.Z)
	y := float64(q[3])*float64(d.X) + float64(q[4])*float64(d.Y) + float64(q[5])*float64(d.Z)
	z := float64(q[6])*float64(d.X) + float64(q[7])*float64(d.Y) + float64(q[8])*float64(d.Z)
	l := math.Sqrt(x*x + y*y + z*z)
	if !(l > 0) || l > math.MaxFloat64 {
		return Vec3{}, true
	}
	c := e.sky.at([3]float64{x / l, y / l, z / l})
	s := float64(e.Scale)
	return Vec3{float32(c[0] * s), float32(c[1] * s), float32(c[2] * s)}, true
}

// Ramamoorthi and Hanrahan's constants of the irradiance quadratic form.
const (
	shC1 = 0.429043
	shC2 = 0.511664
	shC3 = 0.743125
	shC4 = 0.886227
	shC5 = 0.247708
)

// NewEnvLight places m for a camera with the rigid world-to-camera pose,
// a map turned by rotation about +Y and scaled by intensity
// (scene.Environment's Rotation and Intensity).
func NewEnvLight(m *EnvMap, pose mgl64.Mat4, rotation, intensity float64) EnvLight {
	// map = R_y(−rotation) · world, world = poseᵀ · camera.
	q := mgl64.Rotate3DY(-rotation).Mul3(pose.Mat3().Transpose())
	e := EnvLight{Map: m, Scale: float32(intensity)}
	for r := range 3 {
		for c := range 3 {
			e.ToMap[3*r+c] = float32(q.At(r, c))
		}
	}
	for ch := range 3 {
		l := func(b int) float64 { return float64([3]float32{m.SH[b].X, m.SH[b].Y, m.SH[b].Z}[ch]) }
		// E = [n;1]ᵀ M [n;1] in the map frame (Ramamoorthi and Hanrahan,
		// eq. 12); with n_map = Q·n: A' = QᵀAQ, b' = Qᵀb.
		a := mgl64.Mat3{
			shC1 * l(8), shC1 * l(4), shC1 * l(7),
			shC1 * l(4), -shC1 * l(8), shC1 * l(5),
			shC1 * l(7), shC1 * l(5), shC3 * l(6),
		}
		b := mgl64.Vec3{shC2 * l(3), shC2 * l(1), shC2 * l(2)}
		cst := shC4*l(0) - shC5*l(6)
		ap := q.Transpose().Mul3(a).Mul3(q)
		bp := q.Transpose().Mul3x1(b)
		coef := [10]float64{
			ap.At(0, 0), ap.At(1, 1), ap.At(2, 2),
			2 * ap.At(0, 1), 2 * ap.At(0, 2), 2 * ap.At(1, 2),
			2 * bp[0], 2 * bp[1], 2 * bp[2], cst,
		}
		for i, v := range coef {
			f := float32(v * float64(e.Scale) / math.Pi)
			switch ch {
			case 0:
				e.Irr[i].X = f
			case 1:
				e.Irr[i].Y = f
			default:
				e.Irr[i].Z = f
			}
		}
	}
	return e
}

// Irradiance returns the environment's irradiance divided by π on a
// surface with unit camera-frame normal n, clamped at 0 per channel (the
// band-limited approximation can ring below zero opposite bright light).
// A uniform map of radiance c gives c.
func (e *EnvLight) Irradiance(n Vec3) Vec3 {
	q := &e.Irr
	x, y, z := n.X, n.Y, n.Z
	v := q[0].Scale(x * x).Add(q[1].Scale(y * y)).Add(q[2].Scale(z * z)).
		Add(q[3].Scale(x * y)).Add(q[4].Scale(x * z)).Add(q[5].Scale(y * z)).
		Add(q[6].Scale(x)).Add(q[7].Scale(y)).Add(q[8].Scale(z)).Add(q[9])
	return Vec3{max(v.X, 0), max(v.Y, 0), max(v.Z, 0)}
}

// Reflection returns the prefiltered radiance arriving along the
// reflection of the view: R = 2(N·V)N − V for the unit camera-frame
// normal n and view direction v, mapped into the map's frame
// (ReflectDir), at Roughness r (EnvMap.Prefiltered), times Scale.
func (e *EnvLight) Reflection(n, v Vec3, r float32) Vec3 {
	return e.Map.Prefiltered(e.ReflectDir(n, v), r).Scale(e.Scale)
}

// ReflectDir returns the reflection of the view, R = 2(N·V)N − V for the
// unit camera-frame normal n and view direction v, in the map's frame.
func (e *EnvLight) ReflectDir(n, v Vec3) Vec3 {
	nv := n.Dot(v)
	rf := n.Scale(2 * nv).Sub(v)
	q := &e.ToMap
	return Vec3{
		q[0]*rf.X + q[1]*rf.Y + q[2]*rf.Z,
		q[3]*rf.X + q[4]*rf.Y + q[5]*rf.Z,
		q[6]*rf.X + q[7]*rf.Y + q[8]*rf.Z,
	}
}

// EnvBRDF returns the scale a and bias b of the split-sum approximation's
// environment BRDF for Roughness r and n·v: the specular reflectance of
// the environment is F0·a + b. It is Karis's analytic fit of the
// precomputed table ("Physically Based Shading on Mobile", 2014), with
// the exponential computed by Exp2: EnvBRDFExp(r, Exp2(EnvBRDFArg(nv))).
func EnvBRDF(r, nv float32) (a, b float32) {
	return EnvBRDFExp(r, Exp2(EnvBRDFArg(nv)))
}

// EnvBRDFArg returns the exponent whose Exp2 EnvBRDF takes at n·v:
// −9.28·n·v, n·v clamped to [0, 1]. With EnvBRDFExp it splits EnvBRDF
// around its exponential, so that a caller can take those of many points
// at once (Exp2N), bit for bit what EnvBRDF returns.
func EnvBRDFArg(nv float32) float32 { return -9.28 * Clamp01(nv) }

// EnvBRDFExp is EnvBRDF for Roughness r given e = Exp2(EnvBRDFArg(n·v)).
func EnvBRDFExp(r, e float32) (a, b float32) {
	r = Clamp01(r)
	rx := 1 - r
	ry := 0.0425 - 0.0275*r
	rz := 1.04 - 0.572*r
	rw := 0.022*r - 0.04
	a004 := min(rx*rx, e)*rx + ry
	return -1.04*a004 + rz, 1.04*a004 + rw
}

// EnvCache keeps the EnvMaps of the environments met most recently, keyed
// by their contents (size and every radiance value), so that each map is
// prepared once however many scenes, and renderers, share it, and a map
// changed in place is prepared again. It is safe for concurrent use: the
// renderers a job's workers make can share one (render.Options
// .Environments), and a map asked for by several at once is prepared once
// while the others wait for it.
type EnvCache struct {
	seed    maphash.Seed
	size    int
	mu      sync.Mutex
	entries []*envEntry // most recently used last
}

// envEntry is one cached map, prepared once.
type envEntry struct {
	key  uint64
	w    int
	once sync.Once
	m    *EnvMap
}

// NewEnvCache returns a cache of up to size maps (at least 1).
func NewEnvCache(size int) *EnvCache {
	return &EnvCache{seed: maphash.MakeSeed(), size: max(size, 1)}
}

// Get returns the EnvMap of e, preparing it on a miss. e must be valid.
func (c *EnvCache) Get(e *scene.Environment) *EnvMap {
	var h maphash.Hash
	h.SetSeed(c.seed)
	var buf [4096]byte
	b := binary.LittleEndian.AppendUint64(buf[:0], uint64(e.Width))
	for i, r := range e.Radiance {
		b = binary.LittleEndian.AppendUint32(b, math.Float32bits(r))
		if len(b) >= len(buf)-4 || i == len(e.Radiance)-1 {
			h.Write(b)
			b = b[:0]
		}
	}
	key := h.Sum64()
	c.mu.Lock()
	var en *envEntry
	for i, x := range c.entries {
		if x.key == key && x.w == e.Width {
			en = x
			copy(c.entries[i:], c.entries[i+1:])
			c.entries[len(c.entries)-1] = en
			break
		}
	}
	if en == nil {
		en = &envEntry{key: key, w: e.Width}
		if len(c.entries) == c.size {
			c.entries = append(c.entries[:0], c.entries[1:]...)
		}
		c.entries = append(c.entries, en)
	}
	c.mu.Unlock()
	en.once.Do(func() { en.m = PrepareEnv(e) })
	return en.m
}
