package shading

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"flag"
	"maps"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/synthkit/synthkit/internal/numerics"
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
	// The bits depend on the floating-point profile (math.Exp's path, a
	// build that fuses multiply-adds), so the file holds one line
	// "PROFILE SHA256" per profile it was made on.
	here := numerics.Profile()
	path := filepath.Join("testdata", "prepare_env.sha256")
	old, err := os.ReadFile(path)
	if err != nil && !(*update && os.IsNotExist(err)) {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	lines := map[string]string{}
	for _, l := range strings.Split(strings.TrimSpace(string(old)), "\n") {
		if prof, sum, ok := strings.Cut(l, " "); ok {
			lines[prof] = sum
		}
	}
	if *update {
		lines[here] = got
		var out []string
		for _, prof := range slices.Sorted(maps.Keys(lines)) {
			out = append(out, prof+" "+lines[prof])
		}
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(strings.Join(out, "\n")+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, ok := lines[here]
	if !ok {
		t.Skipf("%s has no hash for this floating-point profile %s (go test -update adds it)", path, here)
	}
	if got != want {
		t.Errorf("prepared environment's SHA-256 on %s is %s, want %s (%s)", here, got, want, path)
	}
}
