package shading

import "math"

// Vec3 is a float32 3-vector: a linear RGB colour, or a point or direction
// in the camera frame. Its operations are written out per component so
// that render/soft's hand-inlined arithmetic can match them bit for bit.
type Vec3 struct{ X, Y, Z float32 }

// Add returns a+b.
func (a Vec3) Add(b Vec3) Vec3 { return Vec3{a.X + b.X, a.Y + b.Y, a.Z + b.Z} }

// Mul returns the component-wise product a·b.
func (a Vec3) Mul(b Vec3) Vec3 { return Vec3{a.X * b.X, a.Y * b.Y, a.Z * b.Z} }

// Scale returns a·k.
func (a Vec3) Scale(k float32) Vec3 { return Vec3{a.X * k, a.Y * k, a.Z * k} }

// Dot returns a·b, summed x, y, z in that order.
func (a Vec3) Dot(b Vec3) float32 { return a.X*b.X + a.Y*b.Y + a.Z*b.Z }

// Normalize returns a/|a| (|a| rounded to float32 first), or false when a
// is zero, tiny (|a|² <= 1e-30), huge (|a|² >= 1e30) or not finite.
func (a Vec3) Normalize() (Vec3, bool) {
	l2 := a.Dot(a)
	if !(l2 > 1e-30 && l2 < 1e30) {
		return a, false
	}
	return a.Scale(1 / float32(math.Sqrt(float64(l2)))), true
}

// ViewDir returns the unit direction from camera-frame point p towards the
// camera centre, norm(−p), or −p itself when that cannot be normalised
// (see Normalize; only points absurdly near or far get there).
func ViewDir(p Vec3) Vec3 {
	v, _ := p.Scale(-1).Normalize()
	return v
}

// Sub returns a−b.
func (a Vec3) Sub(b Vec3) Vec3 { return Vec3{a.X - b.X, a.Y - b.Y, a.Z - b.Z} }

// Cross returns a×b.
func (a Vec3) Cross(b Vec3) Vec3 {
	return Vec3{a.Y*b.Z - a.Z*b.Y, a.Z*b.X - a.X*b.Z, a.X*b.Y - a.Y*b.X}
}
