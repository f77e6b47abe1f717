package dataset

import (
	"os"

	"github.com/synthkit/synthkit/internal/regfile"
)

// OpenLocal opens a local file as a Source. It never blocks on a FIFO or
// a device named like a shard: anything but a regular file is refused
// with an error naming it (see internal/regfile).
func OpenLocal(path string) (Source, error) {
	f, st, err := regfile.Open(path)
	if err != nil {
		return nil, err
	}
	return &localObject{File: f, size: st.Size()}, nil
}

type localObject struct {
	*os.File
	size int64
}

func (o *localObject) Size() int64 { return o.size }
