package job

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/synthkit/synthkit/dataset"
	"github.com/synthkit/synthkit/store"
)

// The tests in this file run workers as separate processes (this test
// binary re-executed as TestHelperProcess) so that they can be killed
// with SIGKILL, as a preempted pod or a node that loses power would be.

// Environment of a helper process.
const (
	envHelper      = "SYNTHKIT_SHARD_HELPER" // "step": pause at every event; "run": run straight through
	envHelperDir   = "SYNTHKIT_SHARD_HELPER_DIR"
	envHelperShard = "SYNTHKIT_SHARD_HELPER_SHARD" // one shard index, or "" for all
)

// TestHelperProcess is not a test: it is the worker process of the tests
// below. In "step" mode every file-system step of the commit protocol
// (and every sample written) prints "EV <what>" and waits for a line on
// stdin before going on, so that the parent can kill it between any two
// steps, and between the two halves of every write.
func TestHelperProcess(t *testing.T) {
	mode := os.Getenv(envHelper)
	if mode == "" {
		t.Skip("helper process for TestKillWorker and TestConcurrentWorkerProcesses")
	}
	spec := parse(t, smallSpec)
	spec.Output = os.Getenv(envHelperDir)
	opts := RunOptions{NewRenderer: softFactory, Workers: 2}
	if k := os.Getenv(envHelperShard); k != "" {
		n, err := strconv.Atoi(k)
		if err != nil {
			t.Fatal(err)
		}
		opts.Shards, opts.Force = []int{n}, true
	}
	if mode == "step" {
		s := &stepper{in: bufio.NewReader(os.Stdin)}
		opts.FS = &stepFS{FS: store.OSFS(), s: s}
		opts.Progress = func(done, total int64) { s.step(fmt.Sprintf("sample %d/%d", done, total)) }
	}
	if _, err := Run(context.Background(), spec, opts); err != nil {
		fmt.Fprintln(os.Stderr, "helper:", err)
		os.Exit(2)
	}
	os.Exit(0)
}

// stepper announces an event on stdout and waits for the parent's go.
type stepper struct {
	mu sync.Mutex
	in *bufio.Reader
}

func (s *stepper) step(what string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	fmt.Printf("EV %s\n", what)
	if _, err := s.in.ReadString('\n'); err != nil {
		os.Exit(3)
	}
}

// stepFS is an FS whose every operation is followed by a step.
type stepFS struct {
	store.FS
	s *stepper
}

func (f *stepFS) MkdirAll(dir string) error {
	err := f.FS.MkdirAll(dir)
	f.s.step("mkdir")
	return err
}

func (f *stepFS) CreateTemp(dir, pattern string) (store.File, error) {
	file, err := f.FS.CreateTemp(dir, pattern)
	f.s.step("create " + pattern)
	if err != nil {
		return nil, err
	}
	return &stepFile{File: file, s: f.s}, nil
}

func (f *stepFS) Rename(oldpath, newpath string) error {
	err := f.FS.Rename(oldpath, newpath)
	f.s.step("rename " + filepath.Base(newpath))
	return err
}

func (f *stepFS) Remove(name string) error {
	err := f.FS.Remove(name)
	f.s.step("remove " + filepath.Base(name))
	return err
}

func (f *stepFS) SyncDir(dir string) error {
	err := f.FS.SyncDir(dir)
	f.s.step("fsync dir")
	return err
}

type stepFile struct {
	store.File
	s *stepper
}

// Write writes p in two halves with a step after each: a kill can land
// with half of a buffer on disk.
func (f *stepFile) Write(p []byte) (int, error) {
	h := len(p) / 2
	n, err := f.File.Write(p[:h])
	f.s.step(fmt.Sprintf("write %d", h))
	if err != nil {
		return n, err
	}
	m, err := f.File.Write(p[h:])
	f.s.step(fmt.Sprintf("write %d", len(p)-h))
	return n + m, err
}

func (f *stepFile) Sync() error {
	err := f.File.Sync()
	f.s.step("fsync")
	return err
}

func (f *stepFile) Close() error {
	err := f.File.Close()
	f.s.step("close")
	return err
}

// helper starts a worker process on dir.
func helper(t *testing.T, mode, dir, shard string) (*exec.Cmd, io.WriteCloser, *bufio.Scanner) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestHelperProcess$", "-test.count=1")
	cmd.Env = append(os.Environ(), envHelper+"="+mode, envHelperDir+"="+dir, envHelperShard+"="+shard)
	cmd.Stderr = os.Stderr
	in, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	return cmd, in, bufio.NewScanner(out)
}

// runUntil runs a stepping helper on dir (a directory or a URL), letting
// it take steps events,
// then kills it with SIGKILL. It returns the events seen and whether the
// worker finished before the kill point.
func runUntil(t *testing.T, dir string, steps int) (events []string, finished bool) {
	t.Helper()
	cmd, in, out := helper(t, "step", dir, "")
	for out.Scan() {
		line := out.Text()
		if !strings.HasPrefix(line, "EV ") {
			continue
		}
		if len(events) == steps {
			if err := cmd.Process.Kill(); err != nil { // SIGKILL
				t.Fatal(err)
			}
			cmd.Wait()
			return events, false
		}
		events = append(events, line[3:])
		if _, err := io.WriteString(in, "\n"); err != nil {
			t.Fatal(err)
		}
	}
	in.Close()
	if err := cmd.Wait(); err != nil {
		t.Fatalf("worker failed: %v", err)
	}
	return events, true
}

// checkNoFalseComplete fails when Status calls a shard of dir complete
// whose files are not those of the reference run.
func checkNoFalseComplete(t *testing.T, dir string, ref map[string]string, when string) {
	t.Helper()
	if len(dirNames(t, dir)) == 0 {
		return
	}
	rep, err := store.Status(dir)
	if err != nil {
		if strings.Contains(err.Error(), "no shard sidecars") {
			return
		}
		t.Fatalf("%s: status: %v", when, err)
	}
	got := fileHashes(t, dir)
	for _, k := range rep.Complete {
		for _, name := range []string{dataset.ShardFileName(k, 3), dataset.SidecarFileName(k, 3)} {
			if got[name] != ref[name] {
				t.Errorf("%s: status calls shard %d complete but %s differs from an unkilled run's", when, k, name)
			}
		}
	}
}

// TestKillWorker kills a worker with SIGKILL at random steps of its run
// (seeded: the same points every time), up to twice per output location
// (the second time while it resumes), and checks after every kill that
// Status never calls complete a shard that is not the unkilled run's, and
// at the end that a rerun makes every file byte-identical to the unkilled
// run's. In a directory the worker is stopped between any two steps of
// the commit protocol (24 kills); through a file:// URL (gocloud's
// fileblob: the bucket path of the protocol) after any sample (8 kills).
func TestKillWorker(t *testing.T) {
	if testing.Short() {
		t.Skip("starts 50 processes")
	}
	spec := parse(t, smallSpec)
	ref := t.TempDir()
	run(t, spec, ref, RunOptions{Workers: 1})
	if _, err := Finalize(ref, FinalizeOptions{}); err != nil {
		t.Fatal(err)
	}
	want := fileHashes(t, ref)
	for _, tt := range []struct {
		name      string
		location  func(dir string) string
		minEvents int
		kills     int
	}{
		{"dir", func(dir string) string { return dir }, 40, 24},
		{"file URL", func(dir string) string { return "file://" + filepath.ToSlash(dir) }, 12, 8},
	} {
		t.Run(tt.name, func(t *testing.T) {
			// One full stepped run counts the steps and must give the same files.
			full := t.TempDir()
			events, finished := runUntil(t, tt.location(full), -1)
			if !finished || len(events) < tt.minEvents {
				t.Fatalf("stepped run: %d events, finished %v", len(events), finished)
			}
			checkNoFalseComplete(t, full, want, "stepped run")
			rng := rand.New(rand.NewPCG(7, 7))
			kills := 0
			for round := 0; kills < tt.kills && round < 40; round++ {
				dir := filepath.Join(t.TempDir(), "out")
				for attempt := range 2 {
					at := rng.IntN(len(events))
					seen, finished := runUntil(t, tt.location(dir), at)
					if !finished {
						kills++
					}
					last := "start"
					if len(seen) > 0 {
						last = seen[len(seen)-1]
					}
					checkNoFalseComplete(t, dir, want, fmt.Sprintf("round %d, kill %d after step %d (%s)", round, attempt, at, last))
				}
				s := *spec
				s.Output = tt.location(dir)
				if _, err := Run(context.Background(), &s, RunOptions{NewRenderer: softFactory, Workers: 2}); err != nil {
					t.Fatalf("round %d: rerun: %v", round, err)
				}
				if _, err := Finalize(s.Output, FinalizeOptions{}); err != nil {
					t.Fatalf("round %d: finalize: %v", round, err)
				}
				got := fileHashes(t, dir)
				for name, sum := range want {
					if got[name] != sum {
						t.Errorf("round %d: after the rerun %s differs from an unkilled run's", round, name)
					}
				}
				for name := range got {
					if _, ok := want[name]; !ok && !store.IsTempName(name) {
						t.Errorf("round %d: unexpected file %s", round, name)
					}
				}
			}
			if kills < tt.kills {
				t.Errorf("only %d kills", kills)
			}
			t.Logf("%d workers killed in %d-step runs", kills, len(events))
		})
	}
}

// TestConcurrentWorkerProcesses starts two worker processes on the same
// shard at once, three times, and requires one complete shard with the
// bytes of a single worker's run.
func TestConcurrentWorkerProcesses(t *testing.T) {
	if testing.Short() {
		t.Skip("starts processes")
	}
	spec := parse(t, smallSpec)
	ref := t.TempDir()
	run(t, spec, ref, RunOptions{Workers: 1, Shards: []int{2}})
	want := fileHashes(t, ref)
	for round := range 3 {
		dir := filepath.Join(t.TempDir(), "out")
		var cmds []*exec.Cmd
		for range 2 {
			cmd, in, _ := helper(t, "run", dir, "2")
			in.Close()
			cmds = append(cmds, cmd)
		}
		for i, cmd := range cmds {
			if err := cmd.Wait(); err != nil {
				t.Errorf("round %d: worker %d: %v", round, i, err)
			}
		}
		rep, err := store.Status(dir)
		if err != nil || len(rep.Complete) != 1 || rep.Complete[0] != 2 || len(rep.Corrupt) != 0 {
			t.Fatalf("round %d: status %s, %v", round, rep.Summary(), err)
		}
		got := fileHashes(t, dir)
		for name, sum := range want {
			if got[name] != sum {
				t.Errorf("round %d: %s differs from a single worker's", round, name)
			}
		}
	}
}
