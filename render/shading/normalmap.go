package shading

// TriangleTangent returns the tangent frame of a triangle for normal
// mapping (see the package documentation, "Textures"): t = ∂p/∂u, the
// direction in which the texture's u grows along the triangle, and the
// handedness w = ±1 that makes B = w·(N×T) point where the image's up
// (decreasing v) lies, for a triangle with edges e1 = p1−p0 and
// e2 = p2−p0, texture-coordinate differences (du1, dv1) and (du2, dv2)
// along them, and front-side normal front (the side its winding faces).
// ok is false when the UVs are degenerate (zero area) or t is not
// finite. The arithmetic is float64; renderers may compute the same
// frame from screen-space derivatives (they are exact for the affine
// relation between position and UV on a triangle).
func TriangleTangent(e1, e2, front [3]float64, du1, dv1, du2, dv2 float64) (t Vec3, w float32, ok bool) {
	det := du1*dv2 - du2*dv1
	if det == 0 || det != det {
		return Vec3{}, 0, false
	}
	r := 1 / det
	var tt, bv [3]float64 // ∂p/∂u and ∂p/∂v
	for k := range 3 {
		tt[k] = (dv2*e1[k] - dv1*e2[k]) * r
		bv[k] = (du1*e2[k] - du2*e1[k]) * r
	}
	for _, x := range tt {
		if x-x != 0 {
			return Vec3{}, 0, false
		}
	}
	// The image's up is −∂p/∂v (glTF's v grows downwards).
	c := [3]float64{front[1]*tt[2] - front[2]*tt[1], front[2]*tt[0] - front[0]*tt[2], front[0]*tt[1] - front[1]*tt[0]}
	w = 1
	if c[0]*bv[0]+c[1]*bv[1]+c[2]*bv[2] > 0 {
		w = -1
	}
	return Vec3{float32(tt[0]), float32(tt[1]), float32(tt[2])}, w, true
}

// VertexTangent returns the tangent frame at a point of a triangle whose
// vertices carry tangents (glTF's TANGENT, in the camera frame) t0, t1, t2
// with handedness w, at barycentric weights lb and lc of vertices 1 and 2:
// the interpolated tangent t0 + (t1−t0)·lb + (t2−t0)·lc (PerturbNormal
// orthogonalises and normalises it) and the sign of the interpolated
// handedness, +1 at 0 (the same on a triangle whose vertices agree).
func VertexTangent(t0, t1, t2 Vec3, w [3]float32, lb, lc float32) (Vec3, float32) {
	t := t0.Add(t1.Sub(t0).Scale(lb)).Add(t2.Sub(t0).Scale(lc))
	if w[0]+(w[1]-w[0])*lb+(w[2]-w[0])*lc < 0 {
		return t, -1
	}
	return t, 1
}

// PerturbNormal returns the shading normal that a tangent-space normal
// map bends unit normal n to, where the map's texel tex (linear, in
// [0, 1]) holds the normal's components scaled to (x+1)/2, t is the
// tangent (TriangleTangent, not necessarily unit or orthogonal to n), w
// its handedness and scale the material's NormalScale:
//
//	m  = ((2·tex.x−1)·scale, (2·tex.y−1)·scale, 2·tex.z−1)
//	T' = norm(t − n·(n·t))   B' = w·(n × T')
//	N' = norm(T'·m.x + B'·m.y + n·m.z)
//
// It returns n unchanged when T' or N' cannot be normalised.
func PerturbNormal(n, t Vec3, w float32, tex Vec3, scale float32) Vec3 {
	tp, ok := t.Sub(n.Scale(n.Dot(t))).Normalize()
	if !ok {
		return n
	}
	bp := n.Cross(tp).Scale(w)
	mx, my, mz := (2*tex.X-1)*scale, (2*tex.Y-1)*scale, 2*tex.Z-1
	out, ok := tp.Scale(mx).Add(bp.Scale(my)).Add(n.Scale(mz)).Normalize()
	if !ok {
		return n
	}
	return out
}
