package cli

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/synthkit/synthkit/internal/hostile"
)

// TestSecondSignalStopsAtOnce: the first SIGTERM asks a run to stop after
// the samples in hand; a second one ends the process at once (it used to
// be caught and ignored, so a worker busy decoding a huge asset kept the
// process alive for minutes). The run is this test binary in child mode,
// calling Main on a long job.
func TestSecondSignalStopsAtOnce(t *testing.T) {
	if out := os.Getenv("SYNTHKIT_SIGNAL_CHILD"); out != "" {
		os.Args = append([]string{"synth", "generate", "-n", "1000000", "--size", "64x48", "--workers", "1", "-o", out},
			strings.Fields(os.Getenv("SYNTHKIT_SIGNAL_ARGS"))...)
		Main()
		return
	}
	// The second case loads a catalogue of models whose textures take
	// seconds to decode, which no context interrupts: a graceful stop
	// cannot win the race against the second signal.
	assets := t.TempDir()
	if err := hostile.Catalogue(assets, 3, 8192); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name    string
		signals int
		args    string
	}{
		{"one signal: graceful", 1, "basic"},
		{"two signals: at once", 2, "shelves -p catalogue=catalogue.json --assets " + assets},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "out")
			cmd := exec.Command(os.Args[0], "-test.run=^TestSecondSignalStopsAtOnce$")
			cmd.Env = append(os.Environ(), "SYNTHKIT_SIGNAL_CHILD="+out, "SYNTHKIT_SIGNAL_ARGS="+tc.args)
			var stderr strings.Builder
			cmd.Stderr = &stderr
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			// Wait until the run is under way (its first shard's temporary file).
			for deadline := time.Now().Add(60 * time.Second); ; time.Sleep(20 * time.Millisecond) {
				if ents, _ := os.ReadDir(out); len(ents) > 0 {
					break
				}
				if time.Now().After(deadline) {
					cmd.Process.Kill()
					t.Fatalf("the run did not start:\n%s", stderr.String())
				}
			}
			time.Sleep(300 * time.Millisecond) // into the first sample (a decode, in the second case)
			for range tc.signals {
				cmd.Process.Signal(syscall.SIGTERM)
				time.Sleep(50 * time.Millisecond)
			}
			done := make(chan error, 1)
			go func() { done <- cmd.Wait() }()
			select {
			case <-done:
			case <-time.After(60 * time.Second): // a hang, not a timing: a graceful stop takes a sample
				cmd.Process.Kill()
				t.Fatalf("still running a minute after %d SIGTERM(s):\n%s", tc.signals, stderr.String())
			}
			ws := cmd.ProcessState.Sys().(syscall.WaitStatus)
			if !strings.Contains(stderr.String(), "signal again to stop at once") {
				t.Errorf("no word of the stop on stderr:\n%s", stderr.String())
			}
			switch tc.signals {
			case 1:
				if ws.Signaled() || ws.ExitStatus() != 1 || !strings.Contains(stderr.String(), "interrupted; completed shards are kept") {
					t.Errorf("one SIGTERM: %v, want exit status 1 after a graceful stop:\n%s", cmd.ProcessState, stderr.String())
				}
			case 2:
				if !ws.Signaled() || ws.Signal() != syscall.SIGTERM {
					t.Errorf("two SIGTERMs: %v, want the process ended by the second:\n%s", cmd.ProcessState, stderr.String())
				}
			}
		})
	}
}
