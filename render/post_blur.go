package render

import "math"

// gaussianKernel returns the weights of a sampled Gaussian of standard
// deviation sigma pixels at offsets −r..r, r = ⌈3σ⌉, normalised to sum 1.
func gaussianKernel(sigma float64) []float32 {
	r := int(math.Ceil(3 * sigma))
	k := make([]float64, 2*r+1)
	var sum float64
	for i := range k {
		d := float64(i - r)
		k[i] = math.Exp(-d * d / (2 * sigma * sigma))
		sum += k[i]
	}
	out := make([]float32, len(k))
	for i := range k {
		out[i] = float32(k[i] / sum)
	}
	return out
}

// blurRows convolves rows y0..y1 of src (w pixels of 3 channels a row)
// horizontally with kernel k into dst, clamping at the image edges. The
// pixels whose window lies inside the row take the taps one after
// another over the whole run of them (mulAdd: out[j] += k[i]·in[j+3(i−r)],
// each output's sum in tap order, as one pixel at a time); the r pixels
// at either end clamp their windows.
func blurRows(dst, src []float32, w, y0, y1 int, k []float32) {
	r := len(k) / 2
	for y := y0; y < y1; y++ {
		in, out := src[3*w*y:3*w*(y+1)], dst[3*w*y:3*w*(y+1)]
		lo, hi := r, w-r // the pixels x with x >= r and x+r < w
		if hi > lo {
			o := out[3*lo : 3*hi]
			clear(o)
			for i, kv := range k {
				mulAdd(o, in[3*i:], kv) // in[3(x−r+i)+c] for o[3(x−r)+c]
			}
		}
		for x := range w {
			if x >= lo && x < hi {
				continue // the interior, done above
			}
			var s0, s1, s2 float32
			for i, kv := range k {
				xx := min(w-1, max(0, x+i-r))
				s0 += kv * in[3*xx]
				s1 += kv * in[3*xx+1]
				s2 += kv * in[3*xx+2]
			}
			out[3*x], out[3*x+1], out[3*x+2] = s0, s1, s2
		}
	}
}

// blurCols convolves rows y0..y1 of the output vertically: each output
// row is the kernel-weighted sum of src's rows around it, clamped at the
// top and bottom edges, the rows added in kernel order (mulAdd).
func blurCols(dst, src []float32, w, h, y0, y1 int, k []float32) {
	r := len(k) / 2
	n := 3 * w
	for y := y0; y < y1; y++ {
		out := dst[n*y : n*(y+1)]
		clear(out)
		for i, kv := range k {
			yy := min(h-1, max(0, y+i-r))
			mulAdd(out, src[n*yy:n*(yy+1)], kv)
		}
	}
}

// motionTaps spreads n = ⌈length⌉+1 equally weighted samples evenly along
// a segment of the given length and angle centred on the pixel.
func motionTaps(length, angle float64) []MotionTap {
	n := int(math.Ceil(length)) + 1
	c, s := math.Cos(angle), math.Sin(angle)
	taps := make([]MotionTap, n)
	for i := range taps {
		t := -length/2 + length*float64(i)/float64(n-1)
		taps[i] = MotionTap{float32(t * c), float32(t * s), float32(1 / float64(n))}
	}
	return taps
}

// motionCols is what every row of a motion blur shares: for each tap
// and column x, the columns of the texel pair the tap reads, clamped to
// the image (a, b), and its horizontal weights 1−ax and ax, with fx =
// float32(x) + DX, ix = ⌊fx⌋ and ax = fx − float32(ix), as PostPlan
// defines them.
type motionCols struct {
	a, b   [][]int32
	ax, bx [][]float32 // ax and 1−ax
}

// newMotionCols computes the motionCols of a w-pixel-wide image.
func newMotionCols(w int, taps []MotionTap) *motionCols {
	mc := &motionCols{}
	for _, t := range taps {
		a, b := make([]int32, w), make([]int32, w)
		ax, bx := make([]float32, w), make([]float32, w)
		for x := range w {
			fx := float32(x) + t.DX
			ix := int(math.Floor(float64(fx)))
			ax[x] = fx - float32(ix)
			bx[x] = 1 - ax[x]
			a[x], b[x] = int32(min(w-1, max(0, ix))), int32(min(w-1, max(0, ix+1)))
		}
		mc.a, mc.b = append(mc.a, a), append(mc.b, b)
		mc.ax, mc.bx = append(mc.ax, ax), append(mc.bx, bx)
	}
	return mc
}

// motionRows writes rows y0..y1 of dst: the average of src sampled
// bilinearly (clamped to the image) at the taps around each pixel, as
// PostPlan defines it. A tap's vertical position, row indices and weight
// factor are the same along a row, its columns and horizontal weights
// the same in every row (mc); each row sums the taps in order into dst,
// a tap at a time over the row, which gives each pixel the same sum, in
// the same order, as taking its taps one after the other.
func motionRows(dst, src []float32, w, h, y0, y1 int, taps []MotionTap, mc *motionCols) {
	for y := y0; y < y1; y++ {
		acc := dst[3*w*y : 3*w*(y+1)]
		clear(acc)
		for i, t := range taps {
			fy := float32(y) + t.DY
			iy := int(math.Floor(float64(fy)))
			ay := fy - float32(iy)
			by := 1 - ay
			r0 := 3 * w * min(h-1, max(0, iy))
			r1 := 3 * w * min(h-1, max(0, iy+1))
			s0, s1 := src[r0:r0+3*w], src[r1:r1+3*w]
			ca, cb := mc.a[i][:w], mc.b[i][:w]
			ax, bx := mc.ax[i][:w], mc.bx[i][:w]
			tw := t.W
			for x := range w {
				ia, ib := 3*int(ca[x]), 3*int(cb[x])
				p00, p10 := s0[ia:ia+3:ia+3], s0[ib:ib+3:ib+3]
				p01, p11 := s1[ia:ia+3:ia+3], s1[ib:ib+3:ib+3]
				w00, w10, w01, w11 := bx[x]*by*tw, ax[x]*by*tw, bx[x]*ay*tw, ax[x]*ay*tw
				o := acc[3*x : 3*x+3 : 3*x+3]
				o[0] += w00*p00[0] + w10*p10[0] + w01*p01[0] + w11*p11[0]
				o[1] += w00*p00[1] + w10*p10[1] + w01*p01[1] + w11*p11[1]
				o[2] += w00*p00[2] + w10*p10[2] + w01*p01[2] + w11*p11[2]
			}
		}
	}
}
