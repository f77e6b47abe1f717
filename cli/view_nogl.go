//go:build !gl

package cli

import (
	"errors"

	"github.com/spf13/cobra"
)

// errViewNeedsGL is what `synth view` says in a build without the gl tag.
var errViewNeedsGL = errors.New("synth view is not in this build of synth: rebuild with `go build -tags gl ./cmd/synth` " +
	"(needs cgo and the OpenGL, EGL and X11 development libraries; .ci/gl.sh lists the Debian packages)")

func init() { extraCommands = append(extraCommands, newViewCmd) }

// newViewCmd is the stand-in for `synth view` (view_gl.go) in builds
// without the gl tag: it accepts any arguments and says how to get it.
func newViewCmd() *cobra.Command {
	return &cobra.Command{
		Use:                "view (GENERATOR | SPEC.yaml) [flags]",
		Short:              "Show a generator's samples live in a window (needs a build with -tags gl)",
		DisableFlagParsing: true,
		RunE:               func(*cobra.Command, []string) error { return errViewNeedsGL },
	}
}
