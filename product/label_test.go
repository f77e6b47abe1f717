package product

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"testing"
)

// textureHash hashes every texture of a SKU, in part order.
func textureHash(s *SKU) string {
	h := sha256.New()
	for _, p := range s.Parts {
		if t := p.Material.BaseColorTexture; t != nil {
			fmt.Fprintf(h, "%s %v\n", p.Name, t.Image.Rect)
			h.Write(t.Image.Pix)
		}
	}
	return hex.EncodeToString(h.Sum(nil))
}

func TestTexturesDeterministic(t *testing.T) {
	for _, k := range Kinds() {
		t.Run(string(k), func(t *testing.T) {
			spec := Spec{Kind: k, Seed: 77}
			opts := Options{Resolution: 128}
			a, err := New(spec, opts)
			if err != nil {
				t.Fatal(err)
			}
			b, err := New(spec, opts)
			if err != nil {
				t.Fatal(err)
			}
			ha, hb := textureHash(a), textureHash(b)
			if ha != hb {
				t.Fatalf("same seed, different pixels: %s vs %s", ha, hb)
			}
			spec.Seed = 78
			c, err := New(spec, opts)
			if err != nil {
				t.Fatal(err)
			}
			if textureHash(c) == ha {
				t.Fatalf("seeds 77 and 78 paint identical textures")
			}
		})
	}
}

func TestTexturesOpaque(t *testing.T) {
	s, err := New(Spec{Kind: Box, Variant: "cereal", Seed: 3}, Options{Resolution: 64})
	if err != nil {
		t.Fatal(err)
	}
	img := s.Parts[0].Material.BaseColorTexture.Image
	for i := 3; i < len(img.Pix); i += 4 {
		if img.Pix[i] != 255 {
			t.Fatalf("texel %d has alpha %d", i/4, img.Pix[i])
		}
	}
}

// TestWrapLabelLayout checks the wrap-around convention: the front panel
// (brand name, flavour ribbon) is in the middle of the texture and the
// barcode's black-and-white bars are left of it.
func TestWrapLabelLayout(t *testing.T) {
	s, err := New(Spec{Kind: Can, Variant: "drink", Seed: 5}, Options{Resolution: 1024})
	if err != nil {
		t.Fatal(err)
	}
	img := s.Parts[0].Material.BaseColorTexture.Image
	w, h := img.Rect.Dx(), img.Rect.Dy()
	// Count black-white transitions along rows in the left third: the
	// barcode has 30 bars, so some row has at least 50 transitions.
	best := 0
	for y := h / 4; y < h; y++ {
		n, prev := 0, false
		for x := 0; x < w/3; x++ {
			c := img.NRGBAAt(x, y)
			dark := int(c.R)+int(c.G)+int(c.B) < 150
			light := int(c.R)+int(c.G)+int(c.B) > 600
			if (dark && !prev) || (light && prev) {
				n++
				prev = dark
			}
		}
		best = max(best, n)
	}
	if best < 50 {
		t.Errorf("no barcode in the left third of the label (at most %d transitions in a row)", best)
	}
}
