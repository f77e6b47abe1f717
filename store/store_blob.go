package store

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strings"

	"gocloud.dev/blob"
	"gocloud.dev/gcerrors"
)

// BlobStore returns the Store of bucket b, whose location (a URL, for
// messages) is location. The caller keeps ownership of b: the store's
// Close does not close it. Use gocloud.dev/blob.PrefixedBucket for a
// dataset under a prefix.
//
// An object is committed by closing the bucket's writer: every
// gocloud.dev/blob driver publishes an object only on a successful Close.
// An aborted object is never closed but its writer's context is cancelled
// first, which makes the driver discard it (an S3 multipart upload is
// aborted, a GCS resumable upload cancelled, a file:// temporary file
// removed).
func BlobStore(b *blob.Bucket, location string) Store {
	return &blobStore{b: b, loc: displayURL(location)}
}

type blobStore struct {
	b   *blob.Bucket
	loc string
	own bool // Close closes b
}

func (s *blobStore) String() string          { return s.loc }
func (s *blobStore) Path(name string) string { return s.loc + "/" + name }

func (s *blobStore) Close() error {
	if s.own {
		return s.b.Close()
	}
	return nil
}

func (s *blobStore) List(ctx context.Context) ([]string, error) {
	var names []string
	it := s.b.List(&blob.ListOptions{Delimiter: "/"})
	for {
		o, err := it.Next(ctx)
		if err == io.EOF {
			return names, nil
		}
		if err != nil {
			return nil, fmt.Errorf("list %s: %w", s.loc, err)
		}
		if !o.IsDir {
			names = append(names, o.Key)
		}
	}
}

// notExist turns a blob NotFound error into one wrapping fs.ErrNotExist.
func (s *blobStore) notExist(name string, err error) error {
	if gcerrors.Code(err) == gcerrors.NotFound {
		return fmt.Errorf("%s: %w", s.Path(name), fs.ErrNotExist)
	}
	return fmt.Errorf("%s: %w", s.Path(name), err)
}

func (s *blobStore) Open(ctx context.Context, name string) (ObjectReader, error) {
	r, err := s.b.NewReader(ctx, name, nil)
	if err != nil {
		return nil, s.notExist(name, err)
	}
	return &blobObject{r: r, size: r.Size(), path: s.Path(name), memLimit: spoolInMemory}, nil
}

func (s *blobStore) Create(ctx context.Context, name string) (ObjectWriter, error) {
	wctx, cancel := context.WithCancel(ctx)
	ct := "application/octet-stream"
	switch {
	case strings.HasSuffix(name, ".arrow"):
		ct = "application/vnd.apache.arrow.file"
	case strings.HasSuffix(name, ".json"):
		ct = "application/json"
	}
	w, err := s.b.NewWriter(wctx, name, &blob.WriterOptions{ContentType: ct})
	if err != nil {
		cancel()
		return nil, fmt.Errorf("%s: %w", s.Path(name), err)
	}
	return &blobWriter{w: w, cancel: cancel}, nil
}

func (s *blobStore) Remove(ctx context.Context, name string) error {
	if err := s.b.Delete(ctx, name); err != nil && gcerrors.Code(err) != gcerrors.NotFound {
		return fmt.Errorf("remove %s: %w", s.Path(name), err)
	}
	return nil
}

// blobWriter is an object being uploaded.
type blobWriter struct {
	w      *blob.Writer
	cancel context.CancelFunc
	done   bool
}

func (w *blobWriter) Write(p []byte) (int, error) { return w.w.Write(p) }

func (w *blobWriter) Commit() error {
	if w.done {
		return errors.New("commit: object already committed or aborted")
	}
	w.done = true
	err := w.w.Close()
	w.cancel()
	return err
}

func (w *blobWriter) Abort() {
	if w.done {
		return
	}
	w.done = true
	w.cancel() // before Close: the driver discards the object
	_ = w.w.Close()
}

// spoolInMemory is the largest object blobObject.ReadAt keeps in memory;
// larger ones are spooled to a temporary file.
const spoolInMemory = 32 << 20

// blobObject reads one version of a blob: Read streams the body of the
// single GET that Open made; the first ReadAt spools that same body (to
// memory, or to a temporary file when large) and serves every ReadAt from
// the spool, so that an Arrow file is parsed from exactly the bytes one
// request returned, whatever writers do to the blob meanwhile.
type blobObject struct {
	r     *blob.Reader
	size  int64
	path  string
	pos   int64 // bytes read by Read
	spool io.ReaderAt
	file  *os.File // the spool, when on disk
	// memLimit is the largest body spooled to memory (spoolInMemory).
	memLimit int64
}

func (o *blobObject) Size() int64 { return o.size }

func (o *blobObject) Read(p []byte) (int, error) {
	if o.spool != nil {
		if o.pos >= o.size {
			return 0, io.EOF
		}
		n, err := o.spool.ReadAt(p[:min(int64(len(p)), o.size-o.pos)], o.pos)
		o.pos += int64(n)
		return n, err
	}
	n, err := o.r.Read(p)
	o.pos += int64(n)
	return n, err
}

func (o *blobObject) ReadAt(p []byte, off int64) (int, error) {
	if o.spool == nil {
		if err := o.spoolBody(); err != nil {
			return 0, err
		}
	}
	return o.spool.ReadAt(p, off)
}

// spoolBody copies the body to the spool. Bytes already consumed by Read
// cannot be read again from the stream, so ReadAt after Read is refused.
func (o *blobObject) spoolBody() error {
	if o.pos != 0 {
		return fmt.Errorf("%s: ReadAt after Read", o.path)
	}
	if o.size <= o.memLimit {
		b := make([]byte, o.size)
		if _, err := io.ReadFull(o.r, b); err != nil {
			return fmt.Errorf("%s: %w", o.path, err)
		}
		o.spool = bytes.NewReader(b)
		return nil
	}
	f, err := os.CreateTemp("", "synthkit-spool-*")
	if err != nil {
		return fmt.Errorf("%s: spool: %w", o.path, err)
	}
	_ = os.Remove(f.Name()) // unlinked: the file goes when it is closed
	if n, err := io.Copy(f, o.r); err != nil || n != o.size {
		f.Close()
		if err == nil {
			err = fmt.Errorf("%d bytes read, %d expected", n, o.size)
		}
		return fmt.Errorf("%s: spool: %w", o.path, err)
	}
	o.file, o.spool = f, f
	return nil
}

func (o *blobObject) Close() error {
	err := o.r.Close()
	if o.file != nil {
		o.file.Close()
	}
	return err
}
