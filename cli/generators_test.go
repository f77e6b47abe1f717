package cli

// The tests run the commands with synthkit's built-in generators, as the
// stock binary does.
import (
	_ "github.com/synthkit/synthkit/examples/basic"
	_ "github.com/synthkit/synthkit/examples/shelves"
)
