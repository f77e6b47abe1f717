package soft

import (
	"strings"
	"testing"

	"github.com/synthkit/synthkit/render"
)

// TestRegistered: render.New("soft", ...) maps the render-level options
// onto this backend's, and rejects what Options.check rejects.
func TestRegistered(t *testing.T) {
	r, err := render.New("soft", render.Options{SSAA: 3, MSAA: 16, Workers: 2, ShadowMapSize: 512})
	if err != nil {
		t.Fatal(err)
	}
	want := Options{SSAA: 3, Workers: 2, ShadowMapSize: 512}
	if got := render.Unwrap(r).(*Renderer).opts; got != want {
		t.Errorf("options %+v, want %+v", got, want)
	}
	if _, err := render.New("soft", render.Options{SSAA: MaxSSAA + 1}); err == nil || !strings.Contains(err.Error(), "Options.SSAA") {
		t.Errorf("SSAA %d: error %v", MaxSSAA+1, err)
	}
}
