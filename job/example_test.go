package job_test

import (
	"context"
	"fmt"
	"log"
	"os"

	"github.com/synthkit/synthkit/dataset"
	_ "github.com/synthkit/synthkit/examples/basic"
	"github.com/synthkit/synthkit/job"
	"github.com/synthkit/synthkit/render"
	"github.com/synthkit/synthkit/render/soft"
	"github.com/synthkit/synthkit/store"
)

func ExampleParseSpec() {
	spec, err := job.ParseSpec([]byte(`
generator: basic
samples: 1000
samples_per_shard: 300
params: {max_objects: 8}
`))
	if err != nil {
		log.Fatal(err)
	}
	plan := spec.Plan()
	for k := range plan.NumShards() {
		lo, hi, _ := plan.ShardRange(k)
		fmt.Printf("%s: samples [%d, %d)\n", dataset.ShardFileName(k, plan.NumShards()), lo, hi)
	}
	fmt.Println(spec.Width, spec.Height, spec.Columns)
	// Output:
	// data-00000-of-00004.arrow: samples [0, 300)
	// data-00001-of-00004.arrow: samples [300, 600)
	// data-00002-of-00004.arrow: samples [600, 900)
	// data-00003-of-00004.arrow: samples [900, 1000)
	// 640 480 [image depth instances objects camera]
}

func ExampleRun() {
	dir, err := os.MkdirTemp("", "synthkit-example-")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	spec := &job.Spec{Generator: "basic", Samples: 3, SamplesPerShard: 2, Width: 32, Height: 24, Output: dir}
	res, err := job.Run(context.Background(), spec, job.RunOptions{
		Workers: 2,
		NewRenderer: func(s *job.Spec) (render.Renderer, error) {
			return soft.New(soft.Options{SSAA: s.Render.SSAA, Workers: 1}), nil
		},
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("shards written:", res.Written)
	if _, err := job.Finalize(dir, job.FinalizeOptions{}); err != nil {
		log.Fatal(err)
	}
	r, err := store.Open(dir)
	if err != nil {
		log.Fatal(err)
	}
	defer r.Close()
	for s, err := range r.All() {
		if err != nil {
			log.Fatal(err)
		}
		fmt.Printf("sample %d: %dx%d camera, PNG %v\n", s.Index, s.Camera.Width, s.Camera.Height, string(s.Image[1:4]) == "PNG")
	}
	// Output:
	// shards written: 2
	// sample 0: 32x24 camera, PNG true
	// sample 1: 32x24 camera, PNG true
	// sample 2: 32x24 camera, PNG true
}
