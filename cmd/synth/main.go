// Command synth generates perfectly labelled synthetic training data: it
// runs a registered generator over a job spec, renders every sample, and
// writes Arrow shards with images, depth, instance masks and annotations.
//
// It is package cli's Main with synthkit's built-in generators linked in;
// `synth help` lists the commands. A vendor's binary is these few lines
// with its own generator's import (see `synth build`).
package main

import (
	"github.com/synthkit/synthkit/cli"

	// Generators shipped with synthkit register themselves.
	_ "github.com/synthkit/synthkit/examples/basic"
	_ "github.com/synthkit/synthkit/examples/shelves"
)

func main() { cli.Main() }
