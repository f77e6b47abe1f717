package basic

import (
	"context"
	"flag"
	"image/png"
	"os"
	"testing"

	"github.com/synthkit/synthkit/generator"
	"github.com/synthkit/synthkit/render/soft"
)

var pngOut = flag.String("png", "", "write the colour image of the rendered sample to this PNG file")

// TestRenderShowsObjects renders one sample with the reference renderer
// and checks that some labelled object is visible. Look at the image with
// go test ./examples/basic -run Render -png /tmp/basic.png.
func TestRenderShowsObjects(t *testing.T) {
	g := newBasic(t, "")
	s, err := g.Sample(generator.NewContext(2024, 0, 160, 120, nil))
	if err != nil {
		t.Fatal(err)
	}
	r := soft.New(soft.Options{Workers: 1})
	defer r.Close()
	f, err := r.Render(context.Background(), s)
	if err != nil {
		t.Fatal(err)
	}
	objs, _ := labelled(s)
	visible := make(map[uint32]int)
	context := 0
	for _, id := range f.IDs {
		switch {
		case id >= 1 && int(id) <= len(objs):
			visible[id]++
		case id > uint32(len(objs)):
			context++
		}
	}
	t.Logf("%d of %d labelled objects visible; %d context pixels of %d", len(visible), len(objs), context, len(f.IDs))
	if len(visible) == 0 {
		t.Errorf("no labelled object is visible in sample 0")
	}
	if context == 0 {
		t.Errorf("neither table nor floor is visible")
	}
	if *pngOut != "" {
		w, err := os.Create(*pngOut)
		if err != nil {
			t.Fatal(err)
		}
		defer w.Close()
		if err := png.Encode(w, f.Color); err != nil {
			t.Fatal(err)
		}
	}
}
