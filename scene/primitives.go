package scene

import (
	"fmt"
	"math"

	"github.com/go-gl/mathgl/mgl32"
	"github.com/go-gl/mathgl/mgl64"
)

// Procedural meshes. All are centred on the origin of their local frame
// (Lathe: its axis is the y axis), with +y up, outward normals, UVs in
// [0, 1] and counter-clockwise front faces.

// Box returns an axis-aligned box of the given full extents (x, y, z), with
// 24 vertices so that every face has its own normal and a full [0,1]² UV
// square.
func Box(sx, sy, sz float64) *Mesh {
	hx, hy, hz := float32(sx/2), float32(sy/2), float32(sz/2)
	m := &Mesh{Name: fmt.Sprintf("box-%gx%gx%g", sx, sy, sz)}
	// Each face: normal, and u, v axes such that u × v = n.
	faces := []struct{ n, u, v mgl32.Vec3 }{
		{mgl32.Vec3{1, 0, 0}, mgl32.Vec3{0, 0, -1}, mgl32.Vec3{0, 1, 0}},
		{mgl32.Vec3{-1, 0, 0}, mgl32.Vec3{0, 0, 1}, mgl32.Vec3{0, 1, 0}},
		{mgl32.Vec3{0, 1, 0}, mgl32.Vec3{1, 0, 0}, mgl32.Vec3{0, 0, -1}},
		{mgl32.Vec3{0, -1, 0}, mgl32.Vec3{1, 0, 0}, mgl32.Vec3{0, 0, 1}},
		{mgl32.Vec3{0, 0, 1}, mgl32.Vec3{1, 0, 0}, mgl32.Vec3{0, 1, 0}},
		{mgl32.Vec3{0, 0, -1}, mgl32.Vec3{-1, 0, 0}, mgl32.Vec3{0, 1, 0}},
	}
	half := mgl32.Vec3{hx, hy, hz}
	scale := func(a mgl32.Vec3) mgl32.Vec3 { return mgl32.Vec3{a[0] * half[0], a[1] * half[1], a[2] * half[2]} }
	for _, f := range faces {
		base := uint32(len(m.Positions))
		c := scale(f.n)
		u, v := scale(f.u), scale(f.v)
		for _, q := range [4][2]float32{{-1, -1}, {1, -1}, {1, 1}, {-1, 1}} {
			m.Positions = append(m.Positions, c.Add(u.Mul(q[0])).Add(v.Mul(q[1])))
			m.Normals = append(m.Normals, f.n)
			m.UVs = append(m.UVs, mgl32.Vec2{(q[0] + 1) / 2, (1 - q[1]) / 2})
		}
		m.Indices = append(m.Indices, base, base+1, base+2, base, base+2, base+3)
	}
	return m
}

// Quad returns a w×h rectangle in the local xy plane facing +z.
func Quad(w, h float64) *Mesh {
	hw, hh := float32(w/2), float32(h/2)
	return &Mesh{
		Name:      fmt.Sprintf("quad-%gx%g", w, h),
		Positions: []mgl32.Vec3{{-hw, -hh, 0}, {hw, -hh, 0}, {hw, hh, 0}, {-hw, hh, 0}},
		Normals:   []mgl32.Vec3{{0, 0, 1}, {0, 0, 1}, {0, 0, 1}, {0, 0, 1}},
		UVs:       []mgl32.Vec2{{0, 1}, {1, 1}, {1, 0}, {0, 0}},
		Indices:   []uint32{0, 1, 2, 0, 2, 3},
	}
}

// Plane returns a w (x) × d (z) rectangle in the local xz plane facing +y:
// a floor, a table top or a shelf board seen from above.
func Plane(w, d float64) *Mesh {
	m := Quad(w, d)
	m.Name = fmt.Sprintf("plane-%gx%g", w, d)
	for i, p := range m.Positions {
		m.Positions[i] = mgl32.Vec3{p[0], 0, -p[1]}
		m.Normals[i] = mgl32.Vec3{0, 1, 0}
	}
	return m
}

// Lathe revolves a 2D profile around the y axis. Each profile point is
// (radius, y), listed from bottom to top; segments is the number of
// subdivisions around the axis (at least 3). Normals are smooth around the
// axis and follow the profile's slope, split at profile corners sharper than
// 45°. When capBottom or capTop is set, a flat disc closes that end (useful
// when the profile does not reach the axis). U runs once around (seam at
// angle 0, duplicated), V runs along the profile's arc length from top (0)
// to bottom (1), so a wrap-around label maps naturally.
func Lathe(profile []mgl64.Vec2, segments int, capBottom, capTop bool) (*Mesh, error) {
	if segments < 3 || segments > 1<<16 {
		return nil, fmt.Errorf("lathe: %d segments, want 3..65536", segments)
	}
	if len(profile) < 2 || len(profile) > 1<<16 {
		return nil, fmt.Errorf("lathe: profile of %d points, want 2..65536", len(profile))
	}
	for i, p := range profile {
		if p[0] < 0 || !finite(p[0]) || !finite(p[1]) {
			return nil, fmt.Errorf("lathe: profile point %d %v: radius must be finite and >= 0", i, p)
		}
	}
	m := &Mesh{Name: "lathe"}
	// Split the profile into runs at sharp corners so each run has smooth normals.
	var total float64
	arc := make([]float64, len(profile))
	for i := 1; i < len(profile); i++ {
		total += profile[i].Sub(profile[i-1]).Len()
		arc[i] = total
	}
	if total == 0 {
		return nil, fmt.Errorf("lathe: profile has zero length")
	}
	segNormal := func(i int) mgl64.Vec2 { // outward normal of segment i→i+1 in (r, y)
		d := profile[i+1].Sub(profile[i])
		n := mgl64.Vec2{d[1], -d[0]}
		if n.Len() == 0 {
			return mgl64.Vec2{}
		}
		return n.Normalize()
	}
	// Emit rings of vertices for each segment pair, duplicating at corners.
	emitRing := func(p mgl64.Vec2, n mgl64.Vec2, v float64) uint32 {
		base := uint32(len(m.Positions))
		for s := 0; s <= segments; s++ {
			a := 2 * math.Pi * float64(s) / float64(segments)
			sa, ca := math.Sincos(a)
			m.Positions = append(m.Positions, mgl32.Vec3{float32(p[0] * sa), float32(p[1]), float32(p[0] * ca)})
			m.Normals = append(m.Normals, mgl32.Vec3{float32(n[0] * sa), float32(n[1]), float32(n[0] * ca)})
			m.UVs = append(m.UVs, mgl32.Vec2{float32(s) / float32(segments), float32(1 - v/total)})
		}
		return base
	}
	for i := 0; i+1 < len(profile); i++ {
		n0, n1 := segNormal(i), segNormal(i)
		// Smooth with neighbours when the corner is gentle.
		if i > 0 {
			if p := segNormal(i - 1); p.Dot(n0) > math.Cos(math.Pi/4) {
				n0 = p.Add(n0).Normalize()
			}
		}
		if i+2 < len(profile) {
			if q := segNormal(i + 1); q.Dot(n1) > math.Cos(math.Pi/4) {
				n1 = q.Add(n1).Normalize()
			}
		}
		if profile[i+1].Sub(profile[i]).Len() == 0 {
			continue
		}
		b0 := emitRing(profile[i], n0, arc[i])
		b1 := emitRing(profile[i+1], n1, arc[i+1])
		for s := uint32(0); s < uint32(segments); s++ {
			// Profile goes up; angle increases counter-clockwise seen from +y.
			m.Indices = append(m.Indices, b0+s, b0+s+1, b1+s+1, b0+s, b1+s+1, b1+s)
		}
	}
	disc := func(p mgl64.Vec2, up bool) {
		if p[0] == 0 {
			return
		}
		ny := float32(-1)
		if up {
			ny = 1
		}
		centre := uint32(len(m.Positions))
		m.Positions = append(m.Positions, mgl32.Vec3{0, float32(p[1]), 0})
		m.Normals = append(m.Normals, mgl32.Vec3{0, ny, 0})
		m.UVs = append(m.UVs, mgl32.Vec2{0.5, 0.5})
		for s := 0; s <= segments; s++ {
			a := 2 * math.Pi * float64(s) / float64(segments)
			sa, ca := math.Sincos(a)
			m.Positions = append(m.Positions, mgl32.Vec3{float32(p[0] * sa), float32(p[1]), float32(p[0] * ca)})
			m.Normals = append(m.Normals, mgl32.Vec3{0, ny, 0})
			m.UVs = append(m.UVs, mgl32.Vec2{float32(0.5 + 0.5*sa), float32(0.5 - 0.5*ca)})
		}
		for s := uint32(0); s < uint32(segments); s++ {
			if up {
				m.Indices = append(m.Indices, centre, centre+1+s, centre+2+s)
			} else {
				m.Indices = append(m.Indices, centre, centre+2+s, centre+1+s)
			}
		}
	}
	if capBottom {
		disc(profile[0], false)
	}
	if capTop {
		disc(profile[len(profile)-1], true)
	}
	return m, nil
}

// Cylinder returns a closed cylinder of the given radius and height, centred
// on the origin with its axis along y.
func Cylinder(radius, height float64, segments int) (*Mesh, error) {
	h := height / 2
	m, err := Lathe([]mgl64.Vec2{{radius, -h}, {radius, h}}, segments, true, true)
	if err != nil {
		return nil, fmt.Errorf("cylinder: %w", err)
	}
	m.Name = fmt.Sprintf("cylinder-r%g-h%g", radius, height)
	return m, nil
}

// Ellipsoid returns an ellipsoid with semi-axes rx, ry, rz (a sphere when
// they are equal), with the given number of segments around y (>= 3) and
// rings from pole to pole (>= 2). Normals are the true ellipsoid normals.
func Ellipsoid(rx, ry, rz float64, segments, rings int) (*Mesh, error) {
	if segments < 3 || rings < 2 || segments > 1<<12 || rings > 1<<12 {
		return nil, fmt.Errorf("ellipsoid: %d segments × %d rings, want 3..4096 × 2..4096", segments, rings)
	}
	if !(rx > 0 && ry > 0 && rz > 0) || !finite(rx*ry*rz) {
		return nil, fmt.Errorf("ellipsoid: semi-axes (%g, %g, %g) must be positive and finite", rx, ry, rz)
	}
	m := &Mesh{Name: fmt.Sprintf("ellipsoid-%gx%gx%g", rx, ry, rz)}
	for r := 0; r <= rings; r++ {
		phi := math.Pi * float64(r) / float64(rings) // 0 at the top pole
		sp, cp := math.Sincos(phi)
		for s := 0; s <= segments; s++ {
			th := 2 * math.Pi * float64(s) / float64(segments)
			st, ct := math.Sincos(th)
			x, y, z := sp*st, cp, sp*ct // unit sphere
			m.Positions = append(m.Positions, mgl32.Vec3{float32(rx * x), float32(ry * y), float32(rz * z)})
			n := mgl64.Vec3{x / rx, y / ry, z / rz}.Normalize()
			m.Normals = append(m.Normals, mgl32.Vec3{float32(n[0]), float32(n[1]), float32(n[2])})
			m.UVs = append(m.UVs, mgl32.Vec2{float32(s) / float32(segments), float32(r) / float32(rings)})
		}
	}
	stride := uint32(segments + 1)
	for r := uint32(0); r < uint32(rings); r++ {
		for s := uint32(0); s < uint32(segments); s++ {
			a, b := r*stride+s, (r+1)*stride+s
			if r != 0 {
				m.Indices = append(m.Indices, a, b, a+1)
			}
			if r != uint32(rings)-1 {
				m.Indices = append(m.Indices, a+1, b, b+1)
			}
		}
	}
	return m, nil
}

// Sphere returns a sphere of the given radius; see Ellipsoid.
func Sphere(radius float64, segments, rings int) (*Mesh, error) {
	return Ellipsoid(radius, radius, radius, segments, rings)
}
