package cpustat

import (
	"sync"
	"testing"
	"time"
)

func TestFoldDigits(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"llvmpipe-0", "llvmpipe-*"},
		{"llvmpipe-15", "llvmpipe-*"},
		{"gl2dr3", "gl*dr*"},
		{"synth", "synth"},
		{"", ""},
	} {
		if got := foldDigits(tc.in); got != tc.want {
			t.Errorf("foldDigits(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// TestSampler spins one thread that names itself and one goroutine that
// does not, each until its own thread has used a set amount of CPU, and
// checks that the named one's time is counted as named, all of it, and
// the total covers both.
func TestSampler(t *testing.T) {
	if _, ok := selfName(); !ok {
		t.Skip("no per-thread times on this platform")
	}
	const work = 150 * time.Millisecond
	s := Start()
	release := make(chan struct{})
	spun := make(chan error, 3)
	var wg sync.WaitGroup
	wg.Add(3)
	go spinNamed(t, "cpuspin-7", work, spun, release, &wg)
	go spinNamed(t, "", work, spun, release, &wg)
	go spinNamed(t, SelfPrefix+"spin", work, spun, release, &wg) // what NameThread("spin") names it
	var once sync.Once
	free := func() { // lets the spinners end, and waits for them
		once.Do(func() { close(release) })
		wg.Wait()
	}
	defer free()
	for range 3 {
		if err := <-spun; err != nil {
			t.Fatal(err)
		}
	}
	u := s.Stop()
	free()
	if !u.Threads {
		t.Fatal("Threads = false on a platform with per-thread times")
	}
	if u.Named < work || u.Named > u.Total {
		t.Errorf("Named = %v, want at least %v (the named thread's spin) and at most Total %v", u.Named, work, u.Total)
	}
	if u.Total < 3*work {
		t.Errorf("Total = %v, want at least %v (three spins)", u.Total, 3*work)
	}
	if u.Named > u.Total-2*work {
		t.Errorf("Named = %v counts more than the named spin: Total %v less the two own spins is %v", u.Named, u.Total, u.Total-2*work)
	}
	if got := u.Self["spin"]; got < work || got > u.Own() {
		t.Errorf("Self[spin] = %v, want at least %v (its spin) and at most Own %v", got, work, u.Own())
	}
	if len(u.Self) != 1 {
		t.Errorf("Self = %v, want only the spin role", u.Self)
	}
	if len(u.Names) != 1 || u.Names[0] != "cpuspin-*" {
		t.Errorf("Names = %q, want [cpuspin-*]", u.Names)
	}
	if again := s.Stop(); again.Total != u.Total || again.Named != u.Named {
		t.Errorf("second Stop = %+v, want the first's %+v", again, u)
	}
}
