package job

import (
	"context"
	"io"
	"strings"
	"sync"
	"testing"

	"github.com/synthkit/synthkit/dataset"
	"github.com/synthkit/synthkit/store"
)

// raceStores are the stores the race tests run on: a directory and an
// in-memory bucket.
var raceStores = []struct {
	name string
	open func(t *testing.T) store.Store
}{
	{"dir", func(t *testing.T) store.Store { return store.DirStore(nil, t.TempDir()) }},
	{"mem", func(t *testing.T) store.Store { st, _ := memStore(t); return st }},
}

// TestConcurrentWorkersSameShard runs two workers on the same shard at
// once (both forced, so both write it) a few times, and requires one
// complete shard with the bytes of a single worker's run.
func TestConcurrentWorkersSameShard(t *testing.T) {
	spec := parse(t, smallSpec)
	ref := t.TempDir()
	run(t, spec, ref, RunOptions{Workers: 1, Shards: []int{1}})
	want := fileHashes(t, ref)
	for _, sk := range raceStores {
		t.Run(sk.name, func(t *testing.T) {
			for round := range 3 {
				st := sk.open(t)
				var wg sync.WaitGroup
				errs := make([]error, 2)
				for w := range 2 {
					wg.Add(1)
					go func() {
						defer wg.Done()
						s := *spec
						_, errs[w] = Run(context.Background(), &s, RunOptions{NewRenderer: softFactory, Workers: 1, Store: st, Shards: []int{1}, Force: true})
					}()
				}
				wg.Wait()
				for w, err := range errs {
					if err != nil {
						t.Errorf("round %d: worker %d: %v", round, w, err)
					}
				}
				rep, err := store.StatusOf(context.Background(), st)
				if err != nil || len(rep.Complete) != 1 || rep.Complete[0] != 1 || len(rep.Corrupt) != 0 {
					t.Fatalf("round %d: status %s, %v", round, rep.Summary(), err)
				}
				got := storeHashes(t, st)
				for name, sum := range want {
					if got[name] != sum {
						t.Errorf("round %d: %s differs from a single worker's", round, name)
					}
				}
			}
		})
	}
}

// fillWith is a commitShard fill that writes n fake samples with images of
// imageBytes bytes.
func fillWith(schema *dataset.Schema, first int64, n, imageBytes int) func(io.Writer) (int64, error) {
	return func(w io.Writer) (int64, error) {
		wr, err := dataset.NewWriter(w, schema, dataset.WriterOptions{})
		if err != nil {
			return 0, err
		}
		for i := range n {
			if err := wr.Write(fakeSample(first+int64(i), imageBytes)); err != nil {
				wr.Abort()
				return 0, err
			}
		}
		if err := wr.Close(); err != nil {
			return 0, err
		}
		return wr.Rows(), nil
	}
}

// TestCommitRaceDifferentBytes forces the worst interleaving of two
// writers of one shard whose bytes differ (as a renderer that is not
// bit-exact across machines would make them): A commits its file, B
// commits its file over it and its sidecar, then A writes its sidecar,
// which describes a file that is no longer there. A's read-back finds B's
// file and re-describes it, so the sidecar left matches the file left.
// When B's file is of another spec, A fails instead and the shard is
// corrupt, never complete.
func TestCommitRaceDifferentBytes(t *testing.T) {
	info := testInfo(t, "generator: basic\nsamples: 8\nsamples_per_shard: 4\n")
	schema, err := dataset.NewSchema(info)
	if err != nil {
		t.Fatal(err)
	}
	other := testInfo(t, "generator: basic\nseed: 9\nsamples: 8\nsamples_per_shard: 4\n")
	otherSchema, err := dataset.NewSchema(other)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := func(info dataset.Info) dataset.Sidecar {
		return dataset.Sidecar{Shard: 1, NumShards: 2, First: 4, End: 8, Identity: info.Identity}
	}
	for _, sk := range raceStores {
		for _, sameSpec := range []bool{true, false} {
			name := sk.name + "/same spec"
			if !sameSpec {
				name = sk.name + "/other spec"
			}
			t.Run(name, func(t *testing.T) {
				ctx := context.Background()
				st := sk.open(t)
				atSidecar, goOn := make(chan struct{}), make(chan struct{})
				var once sync.Once
				a := &faultStore{Store: st, spaceLeft: -1, beforeCommit: func(name string) {
					if name == dataset.SidecarFileName(1, 2) {
						once.Do(func() {
							close(atSidecar)
							<-goOn
						})
					}
				}}
				type result struct {
					sc  dataset.Sidecar
					err error
				}
				done := make(chan result)
				go func() {
					sc, err := store.CommitShard(ctx, a, tmpl(info), fillWith(schema, 4, 4, 3000))
					done <- result{sc, err}
				}()
				<-atSidecar
				bInfo, bSchema := info, schema
				if !sameSpec {
					bInfo, bSchema = other, otherSchema
				}
				bSC, err := store.CommitShard(ctx, st, tmpl(bInfo), fillWith(bSchema, 4, 4, 3001))
				if err != nil {
					t.Fatal(err)
				}
				close(goOn)
				ra := <-done
				file := readObjectBytes(t, st, dataset.ShardFileName(1, 2))
				if sha256Hex(file) != bSC.SHA256 {
					t.Fatal("the file left is not B's, the last one committed")
				}
				rep, serr := store.StatusOf(ctx, st)
				if serr != nil {
					t.Fatal(serr)
				}
				if !sameSpec {
					if ra.err == nil || !strings.Contains(ra.err.Error(), "another spec") {
						t.Errorf("A: %v, want an error about another spec", ra.err)
					}
					if len(rep.Complete) != 0 {
						t.Errorf("status calls a shard of mixed writers complete: %s", rep.Summary())
					}
					return
				}
				if ra.err != nil {
					t.Fatal(ra.err)
				}
				if ra.sc.SHA256 != bSC.SHA256 || ra.sc.Bytes != int64(len(file)) {
					t.Errorf("A's sidecar describes %s, the file is %s", ra.sc.SHA256, bSC.SHA256)
				}
				if len(rep.Complete) != 1 || len(rep.Corrupt) != 0 {
					t.Errorf("status %s", rep.Summary())
				}
			})
		}
	}
}
