package job

import (
	"bytes"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	_ "github.com/synthkit/synthkit/examples/shelves" // registers "shelves"
	"github.com/synthkit/synthkit/labels"
	"github.com/synthkit/synthkit/retail"
	"github.com/synthkit/synthkit/store"
)

// shelvesSpec is a small shelves job writing every opt-in column.
const shelvesSpec = "generator: shelves\nseed: 3\nsamples: 6\nsamples_per_shard: 3\nwidth: 160\nheight: 120\n" +
	"params: {procedural_skus: 12, texture_px: 32}\n" +
	"columns: [image, instances, objects, camera, annotations, normals, semantic, planogram, kpis]\n"

// TestOptInColumns generates shelves samples with the normals, semantic,
// planogram and kpis columns and checks them against the other columns
// of the same rows: semantic is category_id + 1 of the instance map's
// object (0 for background and context), normals are unit vectors exactly
// where an object is seen and zero elsewhere, the kpis follow from the
// planogram and the visible planogram_slot annotations, and both survive
// the Arrow round trip. The shards are byte-identical with 1 and 2
// workers in either shard order.
func TestOptInColumns(t *testing.T) {
	spec := parse(t, shelvesSpec)
	base := t.TempDir()
	one, two := filepath.Join(base, "one"), filepath.Join(base, "two")
	run(t, spec, one, RunOptions{Workers: 1})
	run(t, spec, two, RunOptions{Workers: 2, Shards: []int{1, 0}})
	for _, d := range []string{one, two} {
		if _, err := Finalize(d, FinalizeOptions{}); err != nil {
			t.Fatal(err)
		}
	}
	if a, b := fileHashes(t, one), fileHashes(t, two); !reflect.DeepEqual(a, b) {
		t.Errorf("shards differ between 1 worker and 2 workers in reverse order:\n%v\n%v", a, b)
	}
	r, err := store.Open(one)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	rows := readAll(t, r)
	if len(rows) != 6 {
		t.Fatalf("%d rows", len(rows))
	}
	boards, withKPI := 0, 0
	for _, s := range rows {
		ids, w, h, err := labels.DecodeInstancePNG(bytes.NewReader(s.Instances))
		if err != nil {
			t.Fatal(err)
		}
		sem, sw, sh, err := labels.DecodeGray16PNG(bytes.NewReader(s.Semantic))
		if err != nil || sw != w || sh != h {
			t.Fatalf("row %d: semantic %dx%d: %v", s.Index, sw, sh, err)
		}
		nrm, nw, nh, err := labels.DecodeNormalPNG(bytes.NewReader(s.Normals))
		if err != nil || nw != w || nh != h {
			t.Fatalf("row %d: normals %dx%d: %v", s.Index, nw, nh, err)
		}
		class := map[uint32]uint16{}
		for _, o := range s.Objects {
			class[o.ID] = uint16(o.CategoryID + 1)
		}
		for i, id := range ids {
			if sem[i] != class[id] { // class[0] and context objects: 0
				t.Fatalf("row %d pixel (%d, %d): semantic %d, instance %d has class %d", s.Index, i%w, i/w, sem[i], id, class[id])
			}
			n := nrm[i]
			if l := n.Len(); (id == 0) != (l == 0) || (id != 0 && (l < 1-1e-3 || l > 1+1e-3)) {
				t.Fatalf("row %d pixel (%d, %d): instance %d, normal %v of length %g", s.Index, i%w, i/w, id, n, l)
			}
		}

		slots, filled, compliant, visibleSlots := 0, 0, 0, 0
		for _, b := range s.Planogram {
			boards++
			sum := 0
			for _, run := range b.Intended {
				sum += run.Facings
			}
			if sum != len(b.Realised) {
				t.Errorf("row %d board %d.%d: intended runs hold %d facings, %d realised slots", s.Index, b.Bay, b.Board, sum, len(b.Realised))
			}
			for _, sl := range b.Realised {
				switch sl.State {
				case retail.StateFilled, retail.StateEmpty, retail.StateMisplaced, retail.StateFallen, retail.StateTurned:
				default:
					t.Errorf("row %d: slot state %q", s.Index, sl.State)
				}
				if sl.Visible == 0 {
					continue
				}
				slots++
				if sl.Actual != "" && sl.Products > 0 {
					filled++
				}
				if sl.Actual == sl.Planned && sl.State != retail.StateMisplaced {
					compliant++
				}
			}
		}
		for _, a := range s.Annotations {
			if a.Category == retail.Slot && a.Area > 0 {
				visibleSlots++
			}
		}
		if slots != visibleSlots {
			t.Errorf("row %d: planogram has %d visible slots, annotations %d", s.Index, slots, visibleSlots)
		}
		k := s.KPIs
		if (k == nil) != (slots == 0) {
			t.Fatalf("row %d: kpis %v with %d visible slots", s.Index, k, slots)
		}
		if k == nil {
			continue
		}
		withKPI++
		if k.Slots != slots || k.Filled != filled || k.Compliant != compliant ||
			k.Availability != float64(filled)/float64(slots) || k.Compliance != float64(compliant)/float64(slots) {
			t.Errorf("row %d: kpis %+v; planogram: %d slots, %d filled, %d compliant", s.Index, *k, slots, filled, compliant)
		}
		px, share := 0, 0.0
		for _, b := range k.Brands {
			px += b.Pixels
			share += b.PixelShare
		}
		if px > 0 && (share < 1-1e-9 || share > 1+1e-9) {
			t.Errorf("row %d: brands' pixel shares sum to %g", s.Index, share)
		}
	}
	if boards == 0 || withKPI == 0 {
		t.Errorf("%d boards, %d rows with kpis: the test saw no shelf", boards, withKPI)
	}
}

// TestSemanticCategoryLimit: the semantic column holds category_id + 1 in
// 16 bits, so a generator with 65535 categories or more is refused with
// a message saying why, while a coarser category level is accepted.
func TestSemanticCategoryLimit(t *testing.T) {
	big := "generator: shelves\nsamples: 1\nwidth: 64\nheight: 48\ncolumns: [semantic]\nparams: {procedural_skus: 70000, texture_px: 32%s}\n"
	_, err := NewPipeline(parse(t, strings.Replace(big, "%s", "", 1)), nil)
	if err == nil || !strings.Contains(err.Error(), "semantic") || !strings.Contains(err.Error(), "has 70000") {
		t.Errorf("70000 SKU categories: %v", err)
	}
	if _, err := NewPipeline(parse(t, strings.Replace(big, "%s", ", category_level: kind", 1)), nil); err != nil {
		t.Errorf("category_level kind: %v", err)
	}
}
