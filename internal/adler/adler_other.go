//go:build !amd64 || purego

package adler

const haveBlocks = false

func sumBlocks(p []byte) (a, w uint64) { return sumBlocksGo(p) }
