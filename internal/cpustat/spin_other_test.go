//go:build !linux

package cpustat

import (
	"sync"
	"testing"
	"time"
)

// spinNamed is not needed where TestSampler skips.
func spinNamed(t *testing.T, name string, work time.Duration, spun chan<- error, release <-chan struct{}, wg *sync.WaitGroup) {
	defer wg.Done()
	spun <- nil
}
