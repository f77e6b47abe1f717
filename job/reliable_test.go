package job

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/synthkit/synthkit/dataset"
	"github.com/synthkit/synthkit/store"
)

// TestStatusShiftedSidecarUsedToBeComplete: a sidecar whose sample range
// was moved (to samples 100–104 of a 12-sample job, its counts kept
// consistent and its shard file untouched) used to be "complete"; Status
// now checks the range against the plan of the sidecar's spec.
func TestStatusShiftedSidecarUsedToBeComplete(t *testing.T) {
	spec := parse(t, smallSpec)
	dir := t.TempDir()
	run(t, spec, dir, RunOptions{Workers: 1})
	side := filepath.Join(dir, dataset.SidecarFileName(1, 3))
	b, err := os.ReadFile(side)
	if err != nil {
		t.Fatal(err)
	}
	shifted := strings.Replace(strings.Replace(string(b), `"first": 4,`, `"first": 100,`, 1), `"end": 8,`, `"end": 104,`, 1)
	if shifted == string(b) || !strings.Contains(shifted, `"end": 104,`) {
		t.Fatalf("sidecar not shifted:\n%s", b)
	}
	if err := os.WriteFile(side, []byte(shifted), 0o644); err != nil {
		t.Fatal(err)
	}
	rep, err := store.Status(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Corrupt) != 1 || rep.Corrupt[0].Shard != 1 || !strings.Contains(rep.Corrupt[0].Problem, "the plan gives shard 1 samples [4, 8)") {
		t.Fatalf("status of a shifted sidecar: %s", rep.Summary())
	}
	if _, err := store.Open(dir); err == nil {
		t.Error("Open accepted a shifted sidecar")
	}
}

// TestReaderVerifiesBeforeDecoding: a same-size corruption of a shard
// used to be decoded (and exported) as if nothing were wrong; the Reader
// of store.Open now fails on it before returning any row of that shard,
// naming it, and with SkipCorrupt reads the other shards and lists it.
func TestReaderVerifiesBeforeDecoding(t *testing.T) {
	spec := parse(t, smallSpec)
	dir := t.TempDir()
	run(t, spec, dir, RunOptions{Workers: 1})
	shard := filepath.Join(dir, dataset.ShardFileName(1, 3))
	b, err := os.ReadFile(shard)
	if err != nil {
		t.Fatal(err)
	}
	b[len(b)/3] ^= 1
	if err := os.WriteFile(shard, b, 0o644); err != nil {
		t.Fatal(err)
	}
	r, err := store.Open(dir)
	if err != nil {
		t.Fatal(err) // sizes match: Open itself accepts it
	}
	var got []int64
	for s, err := range r.All() {
		if err != nil {
			if !strings.Contains(err.Error(), shard) || !strings.Contains(err.Error(), "sha256") {
				t.Errorf("error %v does not name the shard and its hash", err)
			}
			break
		}
		got = append(got, s.Index)
	}
	r.Close()
	if len(got) != 4 || got[3] != 3 {
		t.Errorf("rows before the error: %v, want shard 0's [0 1 2 3] and none of shard 1", got)
	}
	r, err = store.OpenWith(context.Background(), dir, store.ReadOptions{SkipCorrupt: true})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	got = got[:0]
	for s, err := range r.All() {
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, s.Index)
	}
	if len(got) != 8 || got[4] != 8 {
		t.Errorf("rows with SkipCorrupt: %v, want shards 0 and 2", got)
	}
	if sk := r.Skipped(); len(sk) != 1 || sk[0].File != shard {
		t.Errorf("skipped: %v", sk)
	}
}
