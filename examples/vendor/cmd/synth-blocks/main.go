// Command synth-blocks is synth with the blocks generator linked in: every
// synth command (generate, verify, inspect, export, ...), as a vendor's
// own main package. `synth build --with` writes the same program.
package main

import (
	"github.com/synthkit/synthkit/cli"

	_ "example.com/synthkit-blocks"                   // registers "blocks"
	_ "github.com/synthkit/synthkit/examples/basic"   // and synthkit's built-in generators
	_ "github.com/synthkit/synthkit/examples/shelves" // (optional)
)

func main() { cli.Main() }
