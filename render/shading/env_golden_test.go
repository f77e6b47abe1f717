package shading

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"flag"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// TestPrepareEnvGolden pins the bits of a prepared environment (its
// spherical harmonics and every prefiltered cube level) to a SHA-256 in
// testdata/, so that a change of the prefilter's arithmetic or order of
// summation, which would change every rendered sample, shows up here.
// Rewrite it with -update only for a change meant to alter the maps.
func TestPrepareEnvGolden(t *testing.T) {
	e := envFrom(64, func(d [3]float64) [3]float64 {
		l := 0.5 + 0.5*d[1]
		strip := math.Max(0, math.Cos(9*d[0]))
		return [3]float64{l + 3*math.Pow(strip, 40), l * l, 1 - l + 4*math.Max(0, d[0])}
	})
	m := PrepareEnv(e)
	h := sha256.New()
	var b [4]byte
	put := func(v float32) {
		binary.LittleEndian.PutUint32(b[:], math.Float32bits(v))
		h.Write(b[:])
	}
	for _, c := range m.SH {
		put(c.X)
		put(c.Y)
		put(c.Z)
	}
	for _, l := range m.Levels {
		for _, f := range l.Faces {
			for _, v := range f {
				put(v)
			}
		}
	}
	got := hex.EncodeToString(h.Sum(nil))
	path := filepath.Join("testdata", "prepare_env.sha256")
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if got != strings.TrimSpace(string(want)) {
		t.Errorf("prepared environment's SHA-256 %s, want %s (%s)", got, strings.TrimSpace(string(want)), path)
	}
}
