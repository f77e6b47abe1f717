//go:build gl

// Package gl is the OpenGL backend of render (build tag gl).
package gl
