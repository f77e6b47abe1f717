package soft

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"runtime"
	"testing"

	"github.com/synthkit/synthkit/internal/testscenes"
	"github.com/synthkit/synthkit/render"
	"github.com/synthkit/synthkit/scene"
)

// frameBytes serialises every buffer of f, so that frames compare byte
// for byte.
func frameBytes(f *render.Frame) []byte {
	var b bytes.Buffer
	b.Write(f.Color.Pix)
	binary.Write(&b, binary.LittleEndian, f.IDs)
	binary.Write(&b, binary.LittleEndian, f.Depth)
	binary.Write(&b, binary.LittleEndian, f.Normals)
	for _, s := range f.Silhouettes {
		fmt.Fprint(&b, s.Bounds, s.Pixels)
		b.Write(s.Mask)
	}
	return b.Bytes()
}

// TestDeterminism renders the same scenes with 1, 2 and 7 workers and
// with GOMAXPROCS 1 and N, with and without supersampling: every buffer
// must be identical.
func TestDeterminism(t *testing.T) {
	scenes := map[string]*scene.Scene{
		"shelf": testscenes.Shelf(160, 120),
		"small": testscenes.Small2k(150, 97),
	}
	for name, s := range scenes {
		for _, samples := range []int{1, 2} {
			var ref []byte
			check := func(what string, o Options) {
				r := New(o)
				defer r.Close()
				for rep := range 2 { // the second render reuses scratch
					got := frameBytes(mustRender(t, r, s))
					if ref == nil {
						ref = got
					} else if !bytes.Equal(got, ref) {
						t.Errorf("%s samples %d: %s (render %d) differs", name, samples, what, rep)
					}
				}
			}
			for _, w := range []int{1, 2, 7} {
				check(fmt.Sprintf("workers %d", w), Options{SSAA: samples, Workers: w})
			}
			old := runtime.GOMAXPROCS(1)
			check("GOMAXPROCS 1", Options{SSAA: samples})
			runtime.GOMAXPROCS(max(old, 4))
			check("GOMAXPROCS 4+", Options{SSAA: samples})
			runtime.GOMAXPROCS(old)
		}
	}
}

// TestConcurrentRenders uses one Renderer from several goroutines (it is
// documented as safe for that): every frame equals the serial one.
func TestConcurrentRenders(t *testing.T) {
	s := testscenes.Small2k(96, 64)
	r := New(Options{Workers: 2})
	defer r.Close()
	want := frameBytes(mustRender(t, r, s))
	errs := make(chan string, 8)
	for range 8 {
		go func() {
			f, err := r.Render(t.Context(), s)
			switch {
			case err != nil:
				errs <- err.Error()
			case !bytes.Equal(frameBytes(f), want):
				errs <- "frame differs"
			default:
				errs <- ""
			}
		}()
	}
	for range 8 {
		if e := <-errs; e != "" {
			t.Error(e)
		}
	}
}
