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
// horizontally with kernel k into dst, clamping at the image edges.
func blurRows(dst, src []float32, w, y0, y1 int, k []float32) {
	r := len(k) / 2
	for y := y0; y < y1; y++ {
		in, out := src[3*w*y:3*w*(y+1)], dst[3*w*y:3*w*(y+1)]
		for x := range w {
			var s0, s1, s2 float32
			if x >= r && x+r < w {
				win := in[3*(x-r) : 3*(x+r+1)]
				for i, kv := range k {
					s0 += kv * win[3*i]
					s1 += kv * win[3*i+1]
					s2 += kv * win[3*i+2]
				}
			} else {
				for i, kv := range k {
					xx := min(w-1, max(0, x+i-r))
					s0 += kv * in[3*xx]
					s1 += kv * in[3*xx+1]
					s2 += kv * in[3*xx+2]
				}
			}
			out[3*x], out[3*x+1], out[3*x+2] = s0, s1, s2
		}
	}
}

// blurCols convolves rows y0..y1 of the output vertically: each output
// row is the kernel-weighted sum of src's rows around it, clamped at the
// top and bottom edges.
func blurCols(dst, src []float32, w, h, y0, y1 int, k []float32) {
	r := len(k) / 2
	n := 3 * w
	for y := y0; y < y1; y++ {
		out := dst[n*y : n*(y+1)]
		clear(out)
		for i, kv := range k {
			yy := min(h-1, max(0, y+i-r))
			in := src[n*yy : n*(yy+1)]
			for j, v := range in {
				out[j] += kv * v
			}
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
// bilinearly (clamped to the image) at the taps around each pixel.
func motionRows(dst, src []float32, w, h, y0, y1 int, taps []MotionTap) {
	at := func(x, y int) []float32 {
		x, y = min(w-1, max(0, x)), min(h-1, max(0, y))
		return src[3*(w*y+x) : 3*(w*y+x)+3]
	}
	for y := y0; y < y1; y++ {
		for x := range w {
			var acc [3]float32
			for _, t := range taps {
				fx, fy := float32(x)+t.DX, float32(y)+t.DY
				ix, iy := int(math.Floor(float64(fx))), int(math.Floor(float64(fy)))
				ax, ay := fx-float32(ix), fy-float32(iy)
				p00, p10, p01, p11 := at(ix, iy), at(ix+1, iy), at(ix, iy+1), at(ix+1, iy+1)
				w00, w10, w01, w11 := (1-ax)*(1-ay)*t.W, ax*(1-ay)*t.W, (1-ax)*ay*t.W, ax*ay*t.W
				for c := range 3 {
					acc[c] += w00*p00[c] + w10*p10[c] + w01*p01[c] + w11*p11[c]
				}
			}
			o := dst[3*(w*y+x):]
			o[0], o[1], o[2] = acc[0], acc[1], acc[2]
		}
	}
}
