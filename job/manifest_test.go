package job

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/synthkit/synthkit/dataset"
	"github.com/synthkit/synthkit/store"
)

// fakeDataset commits n shards of 4 fake samples into a new directory, as
// Run would, and returns it.
func fakeDataset(t *testing.T, n int) (string, *dataset.Schema) {
	t.Helper()
	info := testInfo(t, fmt.Sprintf("generator: basic\nsamples: %d\nsamples_per_shard: 4\n", 4*n))
	schema, err := dataset.NewSchema(info)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	for k := range n {
		tmpl := dataset.Sidecar{Shard: k, NumShards: n, First: int64(4 * k), End: int64(4*k + 4), Identity: info.Identity}
		_, err := store.CommitShard(context.Background(), store.DirStore(store.OSFS(), dir), tmpl, func(w io.Writer) (int64, error) {
			wr, err := dataset.NewWriter(w, schema, dataset.WriterOptions{})
			if err != nil {
				return 0, err
			}
			for i := tmpl.First; i < tmpl.End; i++ {
				if err := wr.Write(fakeSample(i, 300)); err != nil {
					return 0, err
				}
			}
			return wr.Rows(), wr.Close()
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	return dir, schema
}

func TestStatusAndFinalize(t *testing.T) {
	dir, schema := fakeDataset(t, 3)
	st, err := store.Status(dir)
	if err != nil {
		t.Fatal(err)
	}
	if !st.OK() || st.NumShards != 3 || st.Summary() != "3 of 3 shards complete" || st.Rows != 12 || st.Bytes <= 0 {
		t.Errorf("status: %s", st.Summary())
	}
	m, err := Finalize(dir, FinalizeOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if !m.Complete || m.Rows != 12 || len(m.Shards) != 3 || m.NumShards != 3 || !bytes.Equal(m.Features, schema.Features) ||
		len(m.Columns) != 7 || m.Columns[5].Name != "objects" || len(m.Missing) != 0 {
		t.Errorf("manifest %+v", m)
	}
	var bytesTotal int64
	for _, s := range m.Shards {
		bytesTotal += s.Bytes
	}
	if m.Bytes != bytesTotal {
		t.Errorf("manifest bytes %d, shards add up to %d", m.Bytes, bytesTotal)
	}
	read, err := store.ReadManifest(dir)
	if err != nil {
		t.Fatal(err)
	}
	a, _ := json.Marshal(m)
	b, _ := json.Marshal(read)
	if !bytes.Equal(a, b) {
		t.Errorf("manifest read back differs:\n%s\n%s", a, b)
	}
	first, _ := os.ReadFile(filepath.Join(dir, dataset.ManifestFileName))
	if _, err := Finalize(dir, FinalizeOptions{}); err != nil {
		t.Fatal(err)
	}
	if again, _ := os.ReadFile(filepath.Join(dir, dataset.ManifestFileName)); !bytes.Equal(first, again) {
		t.Error("Finalize is not deterministic")
	}
	r, err := store.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	if rows := readAll(t, r); len(rows) != 12 || rows[11].Index != 11 {
		t.Errorf("read %d rows", len(rows))
	}
}

func TestStatusProblems(t *testing.T) {
	tests := []struct {
		name     string
		mutate   func(dir string)
		missing  []int
		corrupt  []int
		temp     int
		problem  string
		finalize string // error of Finalize; "" when AllowMissing succeeds
		hashOnly bool   // only the SHA-256 shows it (Open does not hash)
	}{
		{"sidecar removed", func(dir string) { os.Remove(filepath.Join(dir, dataset.SidecarFileName(1, 3))) },
			[]int{1}, nil, 0, "", "", false},
		{"shard and sidecar removed", func(dir string) {
			os.Remove(filepath.Join(dir, dataset.SidecarFileName(2, 3)))
			os.Remove(filepath.Join(dir, dataset.ShardFileName(2, 3)))
		}, []int{2}, nil, 0, "", "", false},
		{"shard file removed", func(dir string) { os.Remove(filepath.Join(dir, dataset.ShardFileName(0, 3))) },
			nil, []int{0}, 0, "missing", "corrupt: 0", false},
		{"shard truncated", func(dir string) {
			p := filepath.Join(dir, dataset.ShardFileName(1, 3))
			b, _ := os.ReadFile(p)
			os.WriteFile(p, b[:len(b)-1], 0o644)
		}, nil, []int{1}, 0, "truncated", "corrupt: 1", false},
		{"shard modified", func(dir string) {
			p := filepath.Join(dir, dataset.ShardFileName(1, 3))
			b, _ := os.ReadFile(p)
			b[100] ^= 0xff
			os.WriteFile(p, b, 0o644)
		}, nil, []int{1}, 0, "sha256", "corrupt: 1", true},
		{"sidecar garbage", func(dir string) { os.WriteFile(filepath.Join(dir, dataset.SidecarFileName(2, 3)), []byte("{"), 0o644) },
			nil, []int{2}, 0, "unexpected end", "corrupt: 2", false},
		{"temporary files", func(dir string) {
			os.WriteFile(filepath.Join(dir, ".data-00001-of-00003.arrow.123.tmp"), []byte("x"), 0o644)
		}, nil, nil, 1, "", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir, _ := fakeDataset(t, 3)
			tt.mutate(dir)
			st, err := store.Status(dir)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(st.Missing, tt.missing) || !slices.Equal(corruptShards(st), tt.corrupt) || len(st.Temp) != tt.temp {
				t.Errorf("status: %s", st.Summary())
			}
			if len(tt.corrupt) > 0 {
				c := st.Corrupt[0].String()
				if !strings.Contains(c, tt.problem) || !strings.HasPrefix(c, dataset.ShardFileName(tt.corrupt[0], 3)+": ") {
					t.Errorf("corrupt shard %q does not mention %q", c, tt.problem)
				}
			}
			_, err = Finalize(dir, FinalizeOptions{})
			if complete := len(tt.missing)+len(tt.corrupt) == 0; complete != (err == nil) {
				t.Errorf("Finalize = %v", err)
			}
			if err != nil && !errors.Is(err, store.ErrIncomplete) {
				t.Errorf("Finalize error %v does not wrap ErrIncomplete", err)
			}
			if _, err := store.Open(dir); (err == nil) != (len(tt.missing)+len(tt.corrupt) == 0 || tt.hashOnly) {
				t.Errorf("Open = %v", err)
			}
			m, err := Finalize(dir, FinalizeOptions{AllowMissing: true})
			if tt.finalize != "" {
				if err == nil || !strings.Contains(err.Error(), tt.finalize) {
					t.Errorf("Finalize(AllowMissing) = %v, want %q", err, tt.finalize)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if m.Complete != (len(tt.missing) == 0) || !slices.Equal(m.Missing, append([]int{}, tt.missing...)) ||
				m.Rows != int64(4*(3-len(tt.missing))) {
				t.Errorf("manifest complete %v missing %v rows %d", m.Complete, m.Missing, m.Rows)
			}
		})
	}
}

func TestStatusErrors(t *testing.T) {
	if _, err := store.Status(t.TempDir()); err == nil || !strings.Contains(err.Error(), "no shard sidecars") {
		t.Errorf("empty directory: %v", err)
	}
	if _, err := store.Status(filepath.Join(t.TempDir(), "nope")); err == nil {
		t.Error("missing directory")
	}
	dir, _ := fakeDataset(t, 2)
	other, _ := fakeDataset(t, 3)
	b, _ := os.ReadFile(filepath.Join(other, dataset.SidecarFileName(0, 3)))
	os.WriteFile(filepath.Join(dir, dataset.SidecarFileName(0, 3)), b, 0o644)
	if _, err := store.Status(dir); err == nil || !strings.Contains(err.Error(), "different jobs") {
		t.Errorf("mixed directory: %v", err)
	}
}

func corruptShards(st store.StatusReport) []int {
	var out []int
	for _, c := range st.Corrupt {
		out = append(out, c.Shard)
	}
	return out
}
