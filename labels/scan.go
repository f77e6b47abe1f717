package labels

import (
	"fmt"
)

// span is a maximal run of one non-zero instance id in column-major pixel
// order: positions start..end-1, where position p is pixel (p/H, p%H).
// Frames hold fewer than 2^31 pixels (checkFrame), so positions fit int32.
type span struct {
	id         uint32
	start, end int32
}

// idStats accumulates the visible mask of one instance during the scan.
type idStats struct {
	area   int // pixels
	spans  int // maximal column-major runs
	end    int // end of the last run
	x0, y0 int // tight box, inclusive; valid when spans > 0
	x1, y1 int
}

// idScan is the result of one column-major pass over a frame's id buffer:
// every foreground run of every instance, in order, and per-id statistics.
type idScan struct {
	w, h  int
	n     int // largest valid id
	spans []span
	stats []idStats // index = instance id; stats[0] is unused
}

// rowBlock is how many ids scanIDs compares at once between two rows:
// comparing arrays of 64 bytes is a few word compares, and in a label map
// most blocks equal the block above them.
const rowBlock = 16

// scanIDs finds every maximal run of equal non-zero ids of a row-major
// w×h id buffer in column-major order, the order of COCO RLE; a run of an
// instance may continue from the bottom of one column into the top of the
// next, exactly as a run of its RLE does. Ids above n are an error.
//
// Walking a row-major buffer down its columns strides through memory, so
// the ids are read once, row by row, instead: a pixel that differs from
// the one above it starts a new run. Those vertical edges, few next to the
// pixels, are bucketed by column (a counting sort that keeps them in row
// order within a column) and then walked in column-major order to emit
// the runs.
func scanIDs(ids []uint32, w, h, n int) (*idScan, error) {
	sc := &idScan{w: w, h: h, n: n, stats: make([]idStats, n+1), spans: make([]span, 0, 4*w)}
	if w <= 0 || h <= 0 || len(ids) != w*h {
		return sc, nil
	}
	// Vertical edges (x, y), y >= 1, in row-major order, and their number
	// per column (in perCol[x+1]).
	edges := make([]edge, 0, 8*w)
	perCol := make([]int32, w+1)
	for y := 1; y < h; y++ {
		prev := ids[(y-1)*w : y*w]
		cur := ids[y*w : (y+1)*w]
		cur = cur[:len(prev)]
		x := 0
		for ; x+rowBlock <= len(cur); x += rowBlock {
			if *(*[rowBlock]uint32)(cur[x:]) == *(*[rowBlock]uint32)(prev[x:]) {
				continue
			}
			for i := x; i < x+rowBlock; i++ {
				if cur[i] != prev[i] {
					edges = append(edges, edge{int32(i), int32(y)})
					perCol[i+1]++
				}
			}
		}
		for ; x < len(cur); x++ {
			if cur[x] != prev[x] {
				edges = append(edges, edge{int32(x), int32(y)})
				perCol[x+1]++
			}
		}
	}
	for x := 1; x <= w; x++ {
		perCol[x] += perCol[x-1] // perCol[x] is now the start of column x's edges
	}
	ys := make([]int32, len(edges))
	next := perCol[:w]
	for _, e := range edges {
		ys[next[e.x]] = e.y
		next[e.x]++
	} // next[x] is now the end of column x's edges, the start of column x+1's

	// Walk the runs; (sx, sy) is the first pixel of the current run.
	cur, sx, sy := ids[0], 0, 0
	from := int32(0)
	for x := 0; x < w; x++ {
		if v := ids[x]; v != cur { // top of column x against the bottom of x-1
			if err := sc.add(cur, sx, sy, x-1, h-1); err != nil {
				return nil, err
			}
			cur, sx, sy = v, x, 0
		}
		for _, y := range ys[from:next[x]] {
			if err := sc.add(cur, sx, sy, x, int(y)-1); err != nil {
				return nil, err
			}
			cur, sx, sy = ids[int(y)*w+x], x, int(y)
		}
		from = next[x]
	}
	if err := sc.add(cur, sx, sy, w-1, h-1); err != nil {
		return nil, err
	}
	return sc, nil
}

// edge is a pixel (x, y) whose id differs from that of (x, y-1).
type edge struct{ x, y int32 }

// add records the run of instance id from pixel (x0, y0) to pixel (x1, y1)
// inclusive, in column-major order; background runs are ignored.
func (sc *idScan) add(id uint32, x0, y0, x1, y1 int) error {
	if id == 0 {
		return nil
	}
	if uint64(id) > uint64(sc.n) {
		return fmt.Errorf("%w: pixel (%d, %d) has instance id %d but the scene has %d objects", ErrMismatch, x0, y0, id, sc.n)
	}
	a, b := x0*sc.h+y0, x1*sc.h+y1+1
	if x1 > x0 { // wraps from the bottom of one column to the top of the next
		y0, y1 = 0, sc.h-1
	}
	st := &sc.stats[id]
	if st.spans == 0 {
		st.x0, st.y0, st.x1, st.y1 = x0, y0, x1, y1
	} else {
		st.x0, st.y0 = min(st.x0, x0), min(st.y0, y0)
		st.x1, st.y1 = max(st.x1, x1), max(st.y1, y1)
	}
	st.area += b - a
	st.spans++
	st.end = b
	sc.spans = append(sc.spans, span{id: id, start: int32(a), end: int32(b)})
	return nil
}

// box returns the tight visible box of instance id, zero when it has no
// visible pixel.
func (sc *idScan) box(id uint32) Box {
	st := &sc.stats[id]
	if st.spans == 0 {
		return Box{}
	}
	return Box{X: float64(st.x0), Y: float64(st.y0), W: float64(st.x1 - st.x0 + 1), H: float64(st.y1 - st.y0 + 1)}
}

// counts builds the RLE counts of every id for which want(id) is true from
// the recorded runs, in a single backing array, and returns them indexed by
// id (nil for the others, whose runs are skipped). Like rleEncode, the
// counts end with the last run: a mask whose last pixel is set has no
// trailing 0-run.
func (sc *idScan) counts(want func(id int) bool) [][]uint32 {
	out := make([][]uint32, len(sc.stats))
	n := sc.w * sc.h
	size := func(id int) int {
		if st := &sc.stats[id]; st.spans > 0 && st.end == n {
			return 2 * st.spans
		}
		return 2*sc.stats[id].spans + 1
	}
	total := 0
	for id := 1; id < len(sc.stats); id++ {
		if want(id) {
			total += size(id)
		}
	}
	backing := make([]uint32, total)
	// next[id] is where the next count of id goes; last[id] the end of its
	// previous run.
	next := make([]int, len(sc.stats))
	last := make([]int32, len(sc.stats))
	off := 0
	for id := 1; id < len(sc.stats); id++ {
		if want(id) {
			k := size(id)
			out[id] = backing[off : off+k : off+k]
			next[id] = off
			off += k
		}
	}
	for _, s := range sc.spans {
		if out[s.id] == nil {
			continue
		}
		o := next[s.id]
		backing[o] = uint32(s.start - last[s.id])
		backing[o+1] = uint32(s.end - s.start)
		next[s.id] = o + 2
		last[s.id] = s.end
	}
	for id, c := range out {
		if c != nil && int(last[id]) != n {
			c[len(c)-1] = uint32(n - int(last[id]))
		}
	}
	return out
}
