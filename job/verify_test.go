package job

import (
	"bytes"
	"context"
	"image"
	"image/png"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/synthkit/synthkit/labels"

	"github.com/synthkit/synthkit/dataset"
	"github.com/synthkit/synthkit/internal/numerics"
	"github.com/synthkit/synthkit/store"
)

// verifiedDataset generates smallSpec into a new directory and returns it.
func verifiedDataset(t *testing.T, finalize bool) (string, *Spec) {
	t.Helper()
	spec := parse(t, smallSpec)
	dir := t.TempDir()
	run(t, spec, dir, RunOptions{Workers: 2})
	if finalize {
		if _, err := Finalize(dir, FinalizeOptions{}); err != nil {
			t.Fatal(err)
		}
	}
	return dir, spec
}

func verifyDir(t *testing.T, dir string, samples int) VerifyReport {
	t.Helper()
	rep, err := Verify(context.Background(), store.DirStore(nil, dir), VerifyOptions{Samples: samples, Seed: 3, NewRenderer: softFactory, Workers: 2})
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

// rewriteShard rewrites shard k of dir with mutate applied to its rows and
// a sidecar that matches the new file: what a dishonest node can do.
func rewriteShard(t *testing.T, dir string, k, n int, mutate func(rows []*dataset.Sample)) {
	t.Helper()
	rewriteShardSidecar(t, dir, k, n, mutate, nil)
}

// rewriteShardSidecar is rewriteShard with editSidecar (when not nil)
// applied to the sidecar before the commit.
func rewriteShardSidecar(t *testing.T, dir string, k, n int, mutate func(rows []*dataset.Sample), editSidecar func(*dataset.Sidecar)) {
	t.Helper()
	sc, err := store.ReadSidecar(filepath.Join(dir, dataset.SidecarFileName(k, n)))
	if err != nil {
		t.Fatal(err)
	}
	if editSidecar != nil {
		editSidecar(&sc)
	}
	r, _ := dataset.OpenFiles(filepath.Join(dir, sc.File))
	rows := readAll(t, r)
	r.Close()
	mutate(rows)
	schema, err := schemaOfSidecar(sc)
	if err != nil {
		t.Fatal(err)
	}
	_, err = store.CommitShard(context.Background(), store.DirStore(store.OSFS(), dir), sc, func(w io.Writer) (int64, error) {
		wr, err := dataset.NewWriter(w, schema, dataset.WriterOptions{})
		if err != nil {
			return 0, err
		}
		for _, s := range rows {
			if err := wr.Write(s); err != nil {
				return 0, err
			}
		}
		return wr.Rows(), wr.Close()
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestVerifyHonestDataset(t *testing.T) {
	dir, _ := verifiedDataset(t, true)
	for _, tt := range []struct {
		samples int
		rows    int64
	}{{0, 0}, {1, 3}, {2, 6}, {4, 12}, {100, 12}} {
		rep := verifyDir(t, dir, tt.samples)
		if !rep.OK() || rep.Rows != tt.rows || rep.Shards != 3 || rep.Compare != CompareExact || len(rep.Notes) != 0 {
			t.Errorf("samples %d: %s, notes %q", tt.samples, rep.Summary(), rep.Notes)
		}
	}
	// Without a manifest the spec comes from the sidecars.
	os.Remove(filepath.Join(dir, dataset.ManifestFileName))
	if rep := verifyDir(t, dir, 1); !rep.OK() || len(rep.Notes) != 1 {
		t.Errorf("without manifest: %s, notes %q", rep.Summary(), rep.Notes)
	}
}

// TestVerifyFindsTampering: each kind of damage or forgery is reported
// with its shard, and row and column where it has them.
// TestVerifyNumerics: every sidecar and the manifest record this node's
// floating-point profile, and a shard that claims another one verifies
// (its rows were in fact made here) with a note naming both profiles.
func TestVerifyNumerics(t *testing.T) {
	dir, _ := verifiedDataset(t, true)
	here := numerics.Profile()
	m, err := store.ReadManifestOf(context.Background(), store.DirStore(nil, dir))
	if err != nil {
		t.Fatal(err)
	}
	for _, ms := range m.Shards {
		sc, err := store.ReadSidecar(filepath.Join(dir, dataset.SidecarFileName(ms.Shard, m.NumShards)))
		if err != nil {
			t.Fatal(err)
		}
		if sc.Numerics != here || ms.Numerics != here {
			t.Errorf("shard %d: sidecar numerics %q, manifest %q, want %q", ms.Shard, sc.Numerics, ms.Numerics, here)
		}
	}
	if err := os.Remove(filepath.Join(dir, dataset.ManifestFileName)); err != nil {
		t.Fatal(err)
	}
	rewriteShardSidecar(t, dir, 1, m.NumShards, func([]*dataset.Sample) {}, func(sc *dataset.Sidecar) { sc.Numerics = "arm64/fused" })
	rep := verifyDir(t, dir, 2)
	if !rep.OK() {
		t.Fatalf("a shard made here that claims another profile: %s", rep.Summary())
	}
	found := false
	for _, n := range rep.Notes {
		found = found || strings.Contains(n, "shard 1 says it was made with floating-point profile arm64/fused, this node is "+here)
	}
	if !found {
		t.Errorf("no note on the profile: %q", rep.Notes)
	}
}

func TestVerifyFindsTampering(t *testing.T) {
	tests := []struct {
		name     string
		finalize bool // before the damage
		damage   func(t *testing.T, dir string)
		shard    int
		row      int64 // -1: the shard as a whole
		column   string
		detail   string
	}{
		{name: "flipped byte", finalize: true, damage: func(t *testing.T, dir string) {
			p := filepath.Join(dir, dataset.ShardFileName(1, 3))
			b, _ := os.ReadFile(p)
			b[len(b)/2] ^= 0x01
			os.WriteFile(p, b, 0o644)
		}, shard: 1, row: -1, detail: "sha256"},
		{name: "truncated", finalize: true, damage: func(t *testing.T, dir string) {
			p := filepath.Join(dir, dataset.ShardFileName(0, 3))
			b, _ := os.ReadFile(p)
			os.WriteFile(p, b[:len(b)-1], 0o644)
		}, shard: 0, row: -1, detail: "truncated"},
		{name: "missing shard", finalize: true, damage: func(t *testing.T, dir string) {
			os.Remove(filepath.Join(dir, dataset.SidecarFileName(2, 3)))
		}, shard: 2, row: -1, detail: "missing"},
		{name: "tampered bbox, then finalized", damage: func(t *testing.T, dir string) {
			rewriteShard(t, dir, 2, 3, func(rows []*dataset.Sample) {
				o := &rows[1].Objects[0]
				o.BBox[2]++
			})
		}, shard: 2, row: 9, column: dataset.ColObjects, detail: "bbox"},
		{name: "tampered bbox after finalize", finalize: true, damage: func(t *testing.T, dir string) {
			rewriteShard(t, dir, 2, 3, func(rows []*dataset.Sample) { rows[1].Objects[0].BBox[0] -= 3 })
		}, shard: 2, row: -1, detail: "differs from manifest.json"},
		{name: "tampered category", damage: func(t *testing.T, dir string) {
			rewriteShard(t, dir, 0, 3, func(rows []*dataset.Sample) { rows[3].Objects[0].CategoryID++ })
		}, shard: 0, row: 3, column: dataset.ColObjects, detail: "category_id"},
		{name: "tampered instance mask", damage: func(t *testing.T, dir string) {
			rewriteShard(t, dir, 1, 3, func(rows []*dataset.Sample) {
				ids, w, h, err := labels.DecodeInstancePNG(bytes.NewReader(rows[2].Instances))
				if err != nil {
					t.Fatal(err)
				}
				ids[w*h/2+w/2] ^= 1
				var b bytes.Buffer
				labels.NewEncoder().EncodeInstancePNG(&b, ids, w, h)
				rows[2].Instances = b.Bytes()
			})
		}, shard: 1, row: 6, column: dataset.ColInstances, detail: "pixel (32, 24)"},
		{name: "tampered image", damage: func(t *testing.T, dir string) {
			rewriteShard(t, dir, 1, 3, func(rows []*dataset.Sample) {
				img, _ := png.Decode(bytes.NewReader(rows[0].Image))
				rgba := image.NewRGBA(img.Bounds())
				for y := range 48 {
					for x := range 64 {
						rgba.Set(x, y, img.At(x, y))
					}
				}
				rgba.Pix[4*(5*64+7)] ^= 0x80
				var b bytes.Buffer
				png.Encode(&b, rgba)
				rows[0].Image = b.Bytes()
			})
		}, shard: 1, row: 4, column: dataset.ColImage, detail: "pixel (7, 5)"},
		{name: "rows swapped", damage: func(t *testing.T, dir string) {
			rewriteShard(t, dir, 0, 3, func(rows []*dataset.Sample) { rows[1], rows[2] = rows[2], rows[1] })
		}, shard: 0, row: 1, column: dataset.ColIndex, detail: "stored 2, expected 1"},
		{name: "a row copied over another", damage: func(t *testing.T, dir string) {
			rewriteShard(t, dir, 0, 3, func(rows []*dataset.Sample) { c := *rows[0]; c.Index = 2; rows[2] = &c })
		}, shard: 0, row: 2, column: dataset.ColSeed, detail: "expected"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir, _ := verifiedDataset(t, tt.finalize)
			tt.damage(t, dir)
			if !tt.finalize && tt.row >= 0 {
				if _, err := Finalize(dir, FinalizeOptions{}); err != nil {
					t.Fatal(err)
				}
			}
			rep := verifyDir(t, dir, 100)
			if rep.OK() || len(rep.Mismatches) != 1 {
				t.Fatalf("%s; mismatches %v", rep.Summary(), rep.Mismatches)
			}
			m := rep.Mismatches[0]
			if m.Shard != tt.shard || m.Row != tt.row || m.Column != tt.column || !strings.Contains(m.Detail, tt.detail) {
				t.Errorf("mismatch %+v, want shard %d row %d column %q detail %q", m, tt.shard, tt.row, tt.column, tt.detail)
			}
			if !strings.Contains(m.String(), dataset.ShardFileName(tt.shard, 3)) || !strings.Contains(rep.Summary(), "FAILED") {
				t.Errorf("report does not name the shard: %s", rep.Summary())
			}
			if rep.Shards != 2 {
				t.Errorf("%d shards verified, want the 2 others", rep.Shards)
			}
		})
	}
}

func TestVerifyErrors(t *testing.T) {
	ctx := context.Background()
	if _, err := Verify(ctx, store.DirStore(nil, t.TempDir()), VerifyOptions{Samples: 1, NewRenderer: softFactory}); err == nil || !strings.Contains(err.Error(), "no shard sidecars") {
		t.Errorf("empty directory: %v", err)
	}
	dir, _ := verifiedDataset(t, false)
	if _, err := Verify(ctx, store.DirStore(nil, dir), VerifyOptions{Samples: 1}); err == nil || !strings.Contains(err.Error(), "NewRenderer is nil") {
		t.Errorf("no renderer: %v", err)
	}
	if _, err := Verify(ctx, store.DirStore(nil, dir), VerifyOptions{Samples: -1}); err == nil {
		t.Error("negative samples accepted")
	}
	if _, err := Verify(ctx, store.DirStore(nil, dir), VerifyOptions{Compare: "fuzzy"}); err == nil || !strings.Contains(err.Error(), "fuzzy") {
		t.Errorf("unknown mode: %v", err)
	}
	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := Verify(cancelled, store.DirStore(nil, dir), VerifyOptions{Samples: 1, NewRenderer: softFactory}); err == nil {
		t.Error("cancelled context: no error")
	}
}

func TestPickRows(t *testing.T) {
	for _, tt := range []struct {
		n int64
		k int
	}{{10, 3}, {10, 10}, {10, 50}, {1, 1}, {1000, 7}, {5, 0}, {1_000_000_000, 4}} {
		a := pickRows(9, 2, tt.n, tt.k)
		if want := min(int64(tt.k), tt.n); int64(len(a)) != want {
			t.Fatalf("n %d k %d: %d rows", tt.n, tt.k, len(a))
		}
		if !slices.IsSorted(a) || len(slices.Compact(slices.Clone(a))) != len(a) || (len(a) > 0 && (a[0] < 0 || a[len(a)-1] >= tt.n)) {
			t.Errorf("n %d k %d: %v", tt.n, tt.k, a)
		}
		if b := pickRows(9, 2, tt.n, tt.k); !slices.Equal(a, b) {
			t.Errorf("n %d k %d: not deterministic", tt.n, tt.k)
		}
	}
	if slices.Equal(pickRows(1, 0, 1000, 5), pickRows(2, 0, 1000, 5)) || slices.Equal(pickRows(1, 0, 1000, 5), pickRows(1, 1, 1000, 5)) {
		t.Error("seed and shard do not change the rows picked")
	}
}
