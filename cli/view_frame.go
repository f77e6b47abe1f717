package cli

import (
	"context"

	"github.com/go-gl/mathgl/mgl64"

	"github.com/synthkit/synthkit/job"
	"github.com/synthkit/synthkit/labels"
	"github.com/synthkit/synthkit/render"
	"github.com/synthkit/synthkit/scene"
)

// viewFrame makes the frame `synth view` shows of sample index (sc is its
// scene from pl.Scene): the job pipeline's render, post and label stages,
// with the camera moved to pose when pose is not nil. With pose nil it is
// the frame generate writes. It is free of any window, so that tests can
// compare it with the other commands' pixels (view_gl.go shows it).
func viewFrame(ctx context.Context, pl *job.Pipeline, r render.Renderer, index int64, sc *scene.Scene, pose *mgl64.Mat4) (*render.Frame, []labels.Instance, error) {
	s := *sc
	if pose != nil {
		s.Camera.Pose = *pose
	}
	return pl.Frame(ctx, r, index, &s)
}
