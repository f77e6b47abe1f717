//go:build gl

package gl

import (
	"testing"

	_ "github.com/synthkit/synthkit/examples/shelves" // registers "shelves"
	"github.com/synthkit/synthkit/generator"
	"github.com/synthkit/synthkit/labels"
)

// TestShelvesLabels renders default shelves samples (coplanar price tags
// on shelf-edge strips, hundreds of small products) and extracts labels:
// ids and silhouettes come from different GL passes, and labels require
// every visible pixel to lie in its object's silhouette. Sample 3 of job
// seed 0 once failed that with a z-fighting price tag.
func TestShelvesLabels(t *testing.T) {
	r := sharedRenderer(t)
	g, _, err := generator.New("shelves", nil)
	if err != nil {
		t.Fatal(err)
	}
	for i := int64(0); i < 5; i++ {
		s, err := g.Sample(generator.NewContext(0, i, 640, 480, nil))
		if err != nil {
			t.Fatal(err)
		}
		f := mustRender(t, r, s)
		if _, err := labels.Extract(s, f); err != nil {
			t.Errorf("sample %d: %v", i, err)
		}
	}
}
