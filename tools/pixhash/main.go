// Command pixhash prints, for every row of a synthkit dataset, the sha256
// of its decoded pixels as the Go reader sees them, so that another
// reader (the Python package, in .ci/python.sh) can check that it decodes
// the same pixels:
//
//	pixhash DIR          one line per row: "index image=H depth=H instances=H"
//	pixhash bigids FILE  write a 16-bit RGB instance map with ids > 65535
//	                     (labels.EncodeInstancePNG) to FILE and print "ids=H"
//
// The hashed layouts, row-major: image as 8-bit R, G, B per pixel; depth as
// little-endian float32 metres (labels.DecodeDepthPNG); instance ids as
// little-endian uint32 (labels.DecodeInstancePNG).
package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"image"
	_ "image/jpeg" // JPEG images
	_ "image/png"
	"math"
	"os"

	"github.com/synthkit/synthkit/labels"
	"github.com/synthkit/synthkit/store"
)

func main() {
	if err := run(os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "pixhash:", err)
		os.Exit(1)
	}
}

func run(args []string) error {
	switch {
	case len(args) == 2 && args[0] == "bigids":
		return bigIDs(args[1])
	case len(args) == 1:
		return rows(args[0])
	}
	return fmt.Errorf("usage: pixhash DIR | pixhash bigids FILE")
}

// BigIDs is the instance map that bigids writes: 4×3, ids beyond 16 bits.
var BigIDs = []uint32{0, 1, 65535, 65536, 65537, 70000, 1 << 20, 1<<20 + 3, 1<<24 - 1, 1<<31 + 5, 42, 0}

func bigIDs(path string) error {
	var b bytes.Buffer
	if err := labels.NewEncoder().EncodeInstancePNG(&b, BigIDs, 4, 3); err != nil {
		return err
	}
	if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
		return err
	}
	fmt.Printf("ids=%s\n", hashU32(BigIDs))
	return nil
}

func rows(dir string) error {
	r, err := store.Open(dir)
	if err != nil {
		return err
	}
	defer r.Close()
	for s, err := range r.All() {
		if err != nil {
			return err
		}
		img, _, err := image.Decode(bytes.NewReader(s.Image))
		if err != nil {
			return fmt.Errorf("row %d: image: %w", s.Index, err)
		}
		b := img.Bounds()
		rgb := make([]byte, 0, 3*b.Dx()*b.Dy())
		for y := b.Min.Y; y < b.Max.Y; y++ {
			for x := b.Min.X; x < b.Max.X; x++ {
				cr, cg, cb, _ := img.At(x, y).RGBA()
				rgb = append(rgb, byte(cr>>8), byte(cg>>8), byte(cb>>8))
			}
		}
		depth, _, _, err := labels.DecodeDepthPNG(bytes.NewReader(s.Depth))
		if err != nil {
			return fmt.Errorf("row %d: %w", s.Index, err)
		}
		d := make([]byte, 4*len(depth))
		for i, v := range depth {
			binary.LittleEndian.PutUint32(d[4*i:], math.Float32bits(v))
		}
		ids, _, _, err := labels.DecodeInstancePNG(bytes.NewReader(s.Instances))
		if err != nil {
			return fmt.Errorf("row %d: %w", s.Index, err)
		}
		fmt.Printf("%d image=%s depth=%s instances=%s\n", s.Index, hash(rgb), hash(d), hashU32(ids))
	}
	return nil
}

func hashU32(v []uint32) string {
	b := make([]byte, 4*len(v))
	for i, x := range v {
		binary.LittleEndian.PutUint32(b[4*i:], x)
	}
	return hash(b)
}

func hash(b []byte) string {
	h := sha256.Sum256(b)
	return hex.EncodeToString(h[:])
}
