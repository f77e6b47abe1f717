package main

import (
	"context"
	"fmt"
	"os"
	"runtime/pprof"
	"time"

	_ "github.com/synthkit/synthkit/examples/shelves"
	"github.com/synthkit/synthkit/job"
	"github.com/synthkit/synthkit/render"
	"github.com/synthkit/synthkit/render/soft"
)

func main() {
	s, err := job.ParseSpec([]byte("generator: shelves\nseed: 1\nsamples: 40\nwidth: 640\nheight: 480\n"))
	if err != nil {
		panic(err)
	}
	s.Output, _ = os.MkdirTemp("", "prof")
	defer os.RemoveAll(s.Output)
	f, _ := os.Create("/tmp/cpu.prof")
	pprof.StartCPUProfile(f)
	t := time.Now()
	res, err := job.Run(context.Background(), s, job.RunOptions{Workers: 1,
		NewRenderer: func(sp *job.Spec) (render.Renderer, error) { return soft.New(soft.Options{SSAA: sp.Render.SSAA, Workers: 1}), nil }})
	pprof.StopCPUProfile()
	fmt.Println(time.Since(t), err, res.Timing)
}
