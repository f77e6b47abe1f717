//go:build !unix

package cpustat

import "time"

// processCPU returns 0: this platform's process times are not read.
func processCPU() time.Duration { return 0 }
