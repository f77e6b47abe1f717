package blob

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strings"

	"net/url"

	"gocloud.dev/blob"
	_ "gocloud.dev/blob/fileblob" // file:// URLs
	_ "gocloud.dev/blob/memblob"  // mem:// URLs
	"gocloud.dev/gcerrors"

	"github.com/synthkit/synthkit/store"
)

func init() {
	for _, scheme := range []string{"file", "mem"} {
		store.RegisterScheme(scheme, OpenStore)
	}
}

// Register makes store.OpenStore open URLs of the given schemes through
// gocloud.dev/blob's default URL mux (whose driver for each scheme the
// program must link: package store/cloud registers s3, gs and azblob).
func Register(schemes ...string) {
	for _, scheme := range schemes {
		store.RegisterScheme(scheme, OpenStore)
	}
}

// OpenStore opens the store of a gocloud.dev/blob URL. The caller closes
// the store.
//
// URLs are those of gocloud.dev/blob's URL openers, with two conveniences:
//
//   - the URL's path is the prefix of the dataset in the bucket:
//     "s3://bucket/datasets/v1?region=eu-west-1" holds its files under
//     "datasets/v1/" (gocloud's own "?prefix=" query parameter also works,
//     but not together with a path);
//   - file:///abs/dir defaults to create_dir=1 (the directory is created),
//     no_tmp_dir=1 (temporary files are written beside their final name,
//     so that the rename that publishes them stays on one file system) and
//     metadata=skip (no ".attrs" files beside the shards).
//
// The URL schemes available are those whose drivers are linked in: this
// package links file:// (gocloud.dev/blob/fileblob) and mem://
// (memblob); package store/cloud adds s3://, gs:// and azblob://.
func OpenStore(ctx context.Context, location string) (store.Store, error) {
	bu, err := bucketURL(location)
	if err != nil {
		return nil, fmt.Errorf("store %q: %w", location, err)
	}
	b, err := blob.OpenBucket(ctx, bu)
	if err != nil {
		return nil, fmt.Errorf("store %q: %w", location, err)
	}
	return &blobStore{b: b, loc: displayURL(location), own: true}, nil
}

// bucketURL rewrites a dataset URL into the URL gocloud.dev/blob opens:
// the path becomes the prefix, and file:// gets its defaults.
func bucketURL(location string) (string, error) {
	u, err := url.Parse(location)
	if err != nil {
		return "", err
	}
	q := u.Query()
	if u.Scheme == "file" {
		for k, v := range map[string]string{"create_dir": "1", "no_tmp_dir": "1", "metadata": "skip"} {
			if !q.Has(k) {
				q.Set(k, v)
			}
		}
	} else if p := strings.Trim(u.Path, "/"); p != "" {
		if q.Has("prefix") {
			return "", fmt.Errorf("give the prefix as the URL's path or as ?prefix=, not both")
		}
		q.Set("prefix", p+"/")
		u.Path, u.RawPath = "", ""
	}
	u.RawQuery = q.Encode()
	return u.String(), nil
}

// displayURL returns location without its query, for messages.
func displayURL(location string) string {
	if i := strings.IndexByte(location, '?'); i >= 0 {
		location = location[:i]
	}
	return strings.TrimRight(location, "/")
}

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
func BlobStore(b *blob.Bucket, location string) store.Store {
	return &blobStore{b: b, loc: displayURL(location)}
}

type blobStore struct {
	b   *blob.Bucket
	loc string
	own bool // Close closes b
}

// AssetFS implements store.AssetStore: the bucket (under the store's
// prefix) as gocloud.dev/blob's io/fs view, reading with ctx, with its
// objects presented as regular files (see bucketFS).
func (s *blobStore) AssetFS(ctx context.Context) (fs.FS, error) {
	s.b.SetIOFSCallback(func() (context.Context, *blob.ReaderOptions) { return ctx, nil })
	return bucketFS{s.b}, nil
}

// bucketFS is a bucket's io/fs view with its objects presented as
// regular, read-only files and its key prefixes as directories.
// gocloud.dev/blob marks objects fs.ModeIrregular, which readers of local
// assets rightly refuse (a FIFO or device could block them) and the
// assets digest skips; an object is plain bytes, and reading it is
// bounded by the context.
type bucketFS struct{ b fs.FS }

func (f bucketFS) Open(name string) (fs.File, error) {
	file, err := f.b.Open(name)
	if err != nil {
		return nil, err
	}
	if d, ok := file.(fs.ReadDirFile); ok {
		return regularDir{regularFile{d}, d}, nil
	}
	return regularFile{file}, nil
}

// Stat implements fs.StatFS.
func (f bucketFS) Stat(name string) (fs.FileInfo, error) {
	info, err := fs.Stat(f.b, name)
	if err != nil {
		return nil, err
	}
	return regularInfo{info}, nil
}

// ReadDir implements fs.ReadDirFS.
func (f bucketFS) ReadDir(name string) ([]fs.DirEntry, error) {
	ents, err := fs.ReadDir(f.b, name)
	for i, e := range ents {
		ents[i] = regularEntry{e}
	}
	return ents, err
}

type regularFile struct{ fs.File }

func (f regularFile) Stat() (fs.FileInfo, error) {
	info, err := f.File.Stat()
	if err != nil {
		return nil, err
	}
	return regularInfo{info}, nil
}

// regularDir is an opened directory.
type regularDir struct {
	regularFile
	d fs.ReadDirFile
}

func (d regularDir) ReadDir(n int) ([]fs.DirEntry, error) {
	ents, err := d.d.ReadDir(n)
	for i, e := range ents {
		ents[i] = regularEntry{e}
	}
	return ents, err
}

type regularInfo struct{ fs.FileInfo }

func (i regularInfo) Mode() fs.FileMode {
	if i.FileInfo.IsDir() {
		return fs.ModeDir | 0o555
	}
	return 0o444
}

type regularEntry struct{ fs.DirEntry }

func (e regularEntry) Type() fs.FileMode {
	if e.DirEntry.IsDir() {
		return fs.ModeDir
	}
	return 0
}

func (e regularEntry) Info() (fs.FileInfo, error) {
	info, err := e.DirEntry.Info()
	if err != nil {
		return nil, err
	}
	return regularInfo{info}, nil
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

func (s *blobStore) Open(ctx context.Context, name string) (store.ObjectReader, error) {
	r, err := s.b.NewReader(ctx, name, nil)
	if err != nil {
		return nil, s.notExist(name, err)
	}
	return &blobObject{r: r, size: r.Size(), path: s.Path(name), memLimit: spoolInMemory}, nil
}

func (s *blobStore) Create(ctx context.Context, name string) (store.ObjectWriter, error) {
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
