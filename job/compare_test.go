package job

import (
	"bytes"
	"image"
	"image/png"
	"slices"
	"strings"
	"testing"

	"github.com/synthkit/synthkit/labels"

	"github.com/synthkit/synthkit/dataset"
	"github.com/synthkit/synthkit/store"
)

// cloneSample deep-copies a sample.
func cloneSample(s *dataset.Sample) *dataset.Sample {
	c := *s
	c.Image, c.Depth, c.Instances = slices.Clone(s.Image), slices.Clone(s.Depth), slices.Clone(s.Instances)
	c.Objects = slices.Clone(s.Objects)
	return &c
}

// editIDs decodes the instance map of s, applies f and re-encodes it.
func editIDs(t *testing.T, s *dataset.Sample, f func(ids []uint32, w int)) {
	ids, w, h, err := labels.DecodeInstancePNG(bytes.NewReader(s.Instances))
	if err != nil {
		t.Fatal(err)
	}
	f(ids, w)
	var b bytes.Buffer
	if err := labels.NewEncoder().EncodeInstancePNG(&b, ids, w, h); err != nil {
		t.Fatal(err)
	}
	s.Instances = b.Bytes()
}

// editDepth decodes the depth map of s, applies f and re-encodes it.
func editDepth(t *testing.T, s *dataset.Sample, f func(d []float32)) {
	d, w, h, err := labels.DecodeDepthPNG(bytes.NewReader(s.Depth))
	if err != nil {
		t.Fatal(err)
	}
	f(d)
	var b bytes.Buffer
	if err := labels.NewEncoder().EncodeDepthPNG(&b, d, w, h); err != nil {
		t.Fatal(err)
	}
	s.Depth = b.Bytes()
}

// editImage decodes the colour image of s, applies f and re-encodes it.
func editImage(t *testing.T, s *dataset.Sample, f func(img *image.RGBA)) {
	src, err := png.Decode(bytes.NewReader(s.Image))
	if err != nil {
		t.Fatal(err)
	}
	img := image.NewRGBA(src.Bounds())
	r := src.Bounds()
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			img.Set(x, y, src.At(x, y))
		}
	}
	f(img)
	var b bytes.Buffer
	png.Encode(&b, img)
	s.Image = b.Bytes()
}

// TestCompareModes perturbs a real row as another GPU (or a forger) might
// and checks what each mode accepts.
func TestCompareModes(t *testing.T) {
	spec := parse(t, "generator: basic\nseed: 3\nsamples: 3\nwidth: 160\nheight: 120\nparams: {min_objects: 1, max_objects: 3}\n")
	dir := t.TempDir()
	run(t, spec, dir, RunOptions{Workers: 2})
	r, err := store.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	rows := readAll(t, r)
	r.Close()
	// The row whose largest object is largest.
	var base *dataset.Sample
	big := -1
	for _, s := range rows {
		for j, o := range s.Objects {
			if base == nil || o.Area > base.Objects[big].Area {
				base, big = s, j
			}
		}
	}
	obj := base.Objects[big]
	if obj.Area < 200 {
		t.Fatalf("largest object has %d pixels, want a larger one for these tests", obj.Area)
	}
	// A pixel of the big object, and one of the background.
	inObj := -1
	ids, _, _, _ := labels.DecodeInstancePNG(bytes.NewReader(base.Instances))
	for i, id := range ids {
		if id == obj.ID && inObj < 0 {
			inObj = i
		}
	}
	tests := []struct {
		name     string
		mutate   func(s *dataset.Sample)
		exact    string // column exact mode reports; "" none
		tolerant string // column tolerant mode reports
		detail   string // in the tolerant detail (or the exact one when tolerant is "")
	}{
		{name: "identical", mutate: func(*dataset.Sample) {}},
		{name: "depth one step off", mutate: func(s *dataset.Sample) {
			editDepth(t, s, func(d []float32) { d[inObj] += 0.001 })
		}, exact: dataset.ColDepth, detail: "pixel"},
		{name: "depth 2 cm off", mutate: func(s *dataset.Sample) {
			editDepth(t, s, func(d []float32) { d[inObj] += 0.02 })
		}, exact: dataset.ColDepth, tolerant: dataset.ColDepth, detail: "beyond the tolerance"},
		{name: "one id pixel of a big object", mutate: func(s *dataset.Sample) {
			editIDs(t, s, func(ids []uint32, _ int) { ids[inObj] = 0 })
		}, exact: dataset.ColInstances},
		{name: "half a big object gone", mutate: func(s *dataset.Sample) {
			editIDs(t, s, func(ids []uint32, _ int) {
				n := 0
				for i := range ids {
					if ids[i] == obj.ID && n%2 == 0 {
						ids[i] = 0
					}
					if ids[i] == obj.ID || n%2 == 1 {
						n++
					}
				}
			})
		}, exact: dataset.ColInstances, tolerant: dataset.ColInstances, detail: "IoU"},
		{name: "ids differ in many pixels", mutate: func(s *dataset.Sample) {
			editIDs(t, s, func(ids []uint32, _ int) {
				for i := 0; i < len(ids); i += 97 {
					ids[i] = 77
				}
			})
		}, exact: dataset.ColInstances, tolerant: dataset.ColInstances, detail: "IoU"},
		{name: "image off by a level in a few pixels", mutate: func(s *dataset.Sample) {
			editImage(t, s, func(img *image.RGBA) {
				for i := 0; i < 40; i += 4 {
					img.Pix[i] ^= 1
				}
			})
		}, exact: dataset.ColImage, detail: "pixel"},
		{name: "image replaced", mutate: func(s *dataset.Sample) {
			editImage(t, s, func(img *image.RGBA) {
				for i := range img.Pix {
					if i%4 != 3 {
						img.Pix[i] = 255 - img.Pix[i]
					}
				}
			})
		}, exact: dataset.ColImage, tolerant: dataset.ColImage, detail: "mean absolute difference"},
		{name: "image not an image", mutate: func(s *dataset.Sample) { s.Image = []byte("forged") },
			exact: dataset.ColImage, tolerant: dataset.ColImage, detail: "does not decode"},
		{name: "bbox one pixel off", mutate: func(s *dataset.Sample) { s.Objects[big].BBox[0]++ }, exact: dataset.ColObjects, detail: "bbox"},
		{name: "bbox two pixels off", mutate: func(s *dataset.Sample) { s.Objects[big].BBox[1] -= 2 }, exact: dataset.ColObjects, tolerant: dataset.ColObjects, detail: "bbox"},
		{name: "amodal bbox two pixels off", mutate: func(s *dataset.Sample) { s.Objects[big].BBoxAmodal[2] += 2 }, exact: dataset.ColObjects, tolerant: dataset.ColObjects, detail: "bbox_amodal"},
		{name: "area one pixel off", mutate: func(s *dataset.Sample) { s.Objects[big].Area++ }, exact: dataset.ColObjects, detail: "area"},
		{name: "pose nudged", mutate: func(s *dataset.Sample) { s.Objects[big].Pose[3] += 1e-6 }, exact: dataset.ColObjects, tolerant: dataset.ColObjects, detail: "pose"},
		{name: "keypoint occluded vs visible", mutate: func(s *dataset.Sample) {
			for k := 2; k < 27; k += 3 {
				switch s.Objects[big].Keypoints[k] {
				case labels.Occluded:
					s.Objects[big].Keypoints[k] = labels.Visible
					return
				case labels.Visible:
					s.Objects[big].Keypoints[k] = labels.Occluded
					return
				}
			}
		}, exact: dataset.ColObjects, detail: "keypoints"},
		{name: "keypoint labelled vs not", mutate: func(s *dataset.Sample) {
			if kp := &s.Objects[big].Keypoints[2]; *kp == labels.NotLabeled {
				*kp = labels.Visible
			} else {
				*kp = labels.NotLabeled
			}
		}, exact: dataset.ColObjects, tolerant: dataset.ColObjects, detail: "keypoints"},
		{name: "category swapped", mutate: func(s *dataset.Sample) { s.Objects[big].Category = "forged" }, exact: dataset.ColObjects, tolerant: dataset.ColObjects, detail: "category"},
		{name: "big object dropped", mutate: func(s *dataset.Sample) { s.Objects = slices.Delete(s.Objects, big, big+1) }, exact: dataset.ColObjects, tolerant: dataset.ColObjects, detail: "not stored"},
		{name: "camera moved", mutate: func(s *dataset.Sample) { s.Camera.Pose[11] += 0.01 }, exact: dataset.ColCamera, tolerant: dataset.ColCamera, detail: "pose"},
		{name: "seed", mutate: func(s *dataset.Sample) { s.Seed++ }, exact: dataset.ColSeed, tolerant: dataset.ColSeed},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			stored := cloneSample(base)
			stored.Objects = slices.Clone(base.Objects)
			tt.mutate(stored)
			for _, m := range []struct {
				mode CompareMode
				want string
			}{{CompareExact, tt.exact}, {CompareTolerant, tt.tolerant}} {
				d := compareSample(m.mode, spec, stored, base)
				switch {
				case m.want == "" && d != nil:
					t.Errorf("%s: column %s differs: %s", m.mode, d.column, d.detail)
				case m.want != "" && d == nil:
					t.Errorf("%s: no difference found, want column %s", m.mode, m.want)
				case m.want != "" && d.column != m.want:
					t.Errorf("%s: column %s (%s), want %s", m.mode, d.column, d.detail, m.want)
				}
				last := tt.tolerant == "" && m.mode == CompareExact || tt.tolerant != "" && m.mode == CompareTolerant
				if d != nil && last && !strings.Contains(d.detail, tt.detail) {
					t.Errorf("%s: detail %q does not say %q", m.mode, d.detail, tt.detail)
				}
			}
		})
	}
}

// TestInstancesTolerance checks the two limits of tolerant instance maps:
// per-object IoU and the share of pixels whose id differs.
func TestInstancesTolerance(t *testing.T) {
	spec := &Spec{Generator: "basic", Samples: 1, Width: 200, Height: 100}
	if err := spec.Normalize(); err != nil {
		t.Fatal(err)
	}
	halves := func() []uint32 {
		ids := make([]uint32, 200*100)
		for i := range ids {
			if i%200 >= 100 {
				ids[i] = 2
			} else {
				ids[i] = 1
			}
		}
		return ids
	}
	enc := func(ids []uint32) []byte {
		var b bytes.Buffer
		if err := labels.NewEncoder().EncodeInstancePNG(&b, ids, 200, 100); err != nil {
			t.Fatal(err)
		}
		return b.Bytes()
	}
	a := enc(halves())
	for _, tt := range []struct {
		name   string
		mutate func(ids []uint32)
		want   string
	}{
		{"same", func([]uint32) {}, ""},
		{"10 pixels (0.05%) change object", func(ids []uint32) {
			for k := range 10 {
				ids[k*200+50] = 2
			}
		}, ""},
		{"11 pixels change object", func(ids []uint32) {
			for k := range 11 {
				ids[k*200+50] = 2
			}
		}, "11 pixels have different ids"},
		{"a 60-pixel object appears", func(ids []uint32) {
			for k := range 60 {
				ids[k] = 3
			}
		}, "instance 3: IoU 0.0000"},
		{"a 5-pixel object appears", func(ids []uint32) {
			for k := range 5 {
				ids[k] = 3
			}
		}, ""},
	} {
		ids := halves()
		tt.mutate(ids)
		got := instancesDiff(a, enc(ids), spec, true)
		if tt.want == "" && got != "" || tt.want != "" && !strings.Contains(got, tt.want) {
			t.Errorf("%s: %q, want %q", tt.name, got, tt.want)
		}
	}
}
