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

// motionRows writes rows y0..y1 of dst: the average of src sampled
// bilinearly (clamped to the image) at the taps around each pixel. A
// tap's vertical position, row indices and weight factor are the same
// along a row and are computed once per row; pixels whose taps all fall
// inside the image skip the clamping. Both give the same values as
// clamping every texel.
func motionRows(dst, src []float32, w, h, y0, y1 int, taps []MotionTap) {
	type rowTap struct {
		dx     float32
		r0, r1 int     // offsets of rows iy and iy+1 (clamped) in src
		ay, by float32 // ay and 1−ay
		w      float32
	}
	rt := make([]rowTap, len(taps))
	// The columns x with every tap's ix and ix+1 inside [0, w).
	lo, hi := 0, w
	for _, t := range taps {
		// ix = ⌊x + dx⌋ >= 0 and ix+1 <= w−1, with margin for rounding.
		lo = max(lo, int(math.Ceil(float64(-t.DX)))+1)
		hi = min(hi, w-2-int(math.Ceil(float64(t.DX)))-1)
	}
	at := func(x, row int) []float32 {
		x = min(w-1, max(0, x))
		return src[row+3*x : row+3*x+3]
	}
	for y := y0; y < y1; y++ {
		for i, t := range taps {
			fy := float32(y) + t.DY
			iy := int(math.Floor(float64(fy)))
			ay := fy - float32(iy)
			rt[i] = rowTap{
				dx: t.DX, w: t.W, ay: ay, by: 1 - ay,
				r0: 3 * w * min(h-1, max(0, iy)), r1: 3 * w * min(h-1, max(0, iy+1)),
			}
		}
		for x := range w {
			var acc [3]float32
			inside := x >= lo && x < hi
			for i := range rt {
				t := &rt[i]
				fx := float32(x) + t.dx
				ix := int(math.Floor(float64(fx)))
				ax := fx - float32(ix)
				var p00, p10, p01, p11 []float32
				if inside {
					p00, p10 = src[t.r0+3*ix:t.r0+3*ix+3], src[t.r0+3*ix+3:t.r0+3*ix+6]
					p01, p11 = src[t.r1+3*ix:t.r1+3*ix+3], src[t.r1+3*ix+3:t.r1+3*ix+6]
				} else {
					p00, p10, p01, p11 = at(ix, t.r0), at(ix+1, t.r0), at(ix, t.r1), at(ix+1, t.r1)
				}
				w00, w10, w01, w11 := (1-ax)*t.by*t.w, ax*t.by*t.w, (1-ax)*t.ay*t.w, ax*t.ay*t.w
				for c := range 3 {
					acc[c] += w00*p00[c] + w10*p10[c] + w01*p01[c] + w11*p11[c]
				}
			}
			o := dst[3*(w*y+x):]
			o[0], o[1], o[2] = acc[0], acc[1], acc[2]
		}
	}
}
