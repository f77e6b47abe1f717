package store

import (
	"bufio"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"hash"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/synthkit/synthkit/dataset"
)

// ErrIncomplete is wrapped by the errors that say a shard is missing,
// truncated or does not match its sidecar.
var ErrIncomplete = errors.New("incomplete shard")

// tempPattern returns the CreateTemp pattern of a final name: a hidden
// ".name.*.tmp", which no "*.arrow" or "*.json" glob matches.
func tempPattern(final string) string { return "." + final + ".*.tmp" }

// IsTempName reports whether a directory entry is a temporary file of the
// commit protocol: DirStore's hidden ".data-*.tmp", or the
// "data-*.arrow.*.tmp" of gocloud's fileblob (file:// URLs).
func IsTempName(name string) bool {
	if !strings.HasSuffix(name, ".tmp") {
		return false
	}
	for _, p := range []string{".data-", ".manifest.json.", "data-", "manifest.json."} {
		if strings.HasPrefix(name, p) {
			return true
		}
	}
	return false
}

// hashCounter counts and hashes what passes through it.
type hashCounter struct {
	w io.Writer
	h hash.Hash
	n int64
}

func (c *hashCounter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.h.Write(p[:n])
	c.n += int64(n)
	return n, err
}

// PutFile writes body to name in st and commits it.
func PutFile(ctx context.Context, st Store, name string, body []byte) error {
	w, err := st.Create(ctx, name)
	if err != nil {
		return err
	}
	defer w.Abort()
	if _, err := w.Write(body); err != nil {
		return err
	}
	return w.Commit()
}

// maxRedescribe bounds how often a commit re-describes a shard file that
// concurrent writers keep replacing (see CommitShard).
const maxRedescribe = 8

// commitShard is CommitShard on the directory dir written through fsys.
func commitShard(fsys FS, dir string, sc dataset.Sidecar, fill func(io.Writer) (rows int64, err error)) (dataset.Sidecar, error) {
	return CommitShard(context.Background(), DirStore(fsys, dir), sc, fill)
}

// CommitShard writes shard sc.Shard of sc.NumShards into st so that a
// reader never sees half of it, nor a sidecar that does not describe the
// shard file beside it:
//
//  1. the Arrow file is written by fill through st.Create, hashed
//     (SHA-256) and counted on the way; nothing is visible yet;
//  2. an existing sidecar of the shard is removed (durably: a directory
//     is fsynced), so that an old sidecar never describes a new file;
//  3. the shard file is committed: renamed into place and the directory
//     fsynced, or the bucket writer closed; it replaces any file there;
//  4. the sidecar, with the size and SHA-256 of step 1, is written and
//     committed the same way: the sidecar comes LAST, and a shard without
//     its sidecar does not exist to readers;
//  5. the shard file is read back and hashed. Several workers may commit
//     the same shard at once (a rescheduled pod, a duplicate array task);
//     the last file committed stays, and the last sidecar written may be
//     another worker's. When the file read back is not the one of step 1,
//     a later writer replaced it: if its schema metadata names the same
//     spec, the sidecar is rewritten to describe the file that is there
//     now, and step 5 repeats. With deterministic output (the soft
//     renderer) the files are byte-identical and step 5 finds its own;
//     with a renderer whose bytes vary between machines it still leaves
//     a sidecar that matches the file.
//
// Any error before step 3 aborts the object; an error at step 4 removes
// the committed shard file too. The error names the shard. On success sc
// is returned with File, Rows, Bytes and SHA256 set.
func CommitShard(ctx context.Context, st Store, sc dataset.Sidecar, fill func(io.Writer) (rows int64, err error)) (dataset.Sidecar, error) {
	name := dataset.ShardFileName(sc.Shard, sc.NumShards)
	side := dataset.SidecarFileName(sc.Shard, sc.NumShards)
	fail := func(step string, err error) (dataset.Sidecar, error) {
		return dataset.Sidecar{}, fmt.Errorf("shard %s: %s: %w", st.Path(name), step, err)
	}
	w, err := st.Create(ctx, name)
	if err != nil {
		return fail("write", err)
	}
	defer w.Abort()
	hc := &hashCounter{w: w, h: sha256.New()}
	bw := bufio.NewWriterSize(hc, 1<<20)
	rows, err := fill(bw)
	if err == nil {
		err = bw.Flush()
	}
	if err != nil {
		return fail("write", err)
	}
	if rows != sc.End-sc.First {
		return fail("write", fmt.Errorf("%d rows written for samples [%d, %d)", rows, sc.First, sc.End))
	}
	if err := st.Remove(ctx, side); err != nil {
		return fail("remove old sidecar", err)
	}
	if err := w.Commit(); err != nil {
		return fail("commit", err)
	}
	sc.Format, sc.File, sc.Rows, sc.Bytes, sc.SHA256 = dataset.FormatVersion, name, rows, hc.n, hex.EncodeToString(hc.h.Sum(nil))
	if sc.Categories == nil {
		sc.Categories = []string{}
	}
	if err := putSidecar(ctx, st, sc); err != nil {
		_ = st.Remove(ctx, name)
		return fail("sidecar "+side, err)
	}
	for range maxRedescribe {
		size, sum, err := hashStored(ctx, st, name)
		if err != nil {
			return fail("read back", err)
		}
		if size == sc.Bytes && sum == sc.SHA256 {
			return sc, nil
		}
		if sc, err = redescribe(ctx, st, sc); err != nil {
			return fail("replaced by a concurrent writer", err)
		}
	}
	return fail("read back", fmt.Errorf("the file keeps being replaced by concurrent writers (%d times)", maxRedescribe))
}

// redescribe rewrites the sidecar of sc to describe the shard file now in
// st, which another writer committed over ours, if that file is one of the
// same spec. The file is hashed and its schema read from one version.
func redescribe(ctx context.Context, st Store, sc dataset.Sidecar) (dataset.Sidecar, error) {
	obj, err := st.Open(ctx, sc.File)
	if err != nil {
		return sc, err
	}
	defer obj.Close()
	h := sha256.New()
	n, err := io.Copy(h, io.NewSectionReader(obj, 0, obj.Size()))
	if err != nil {
		return sc, err
	}
	info, err := dataset.SchemaInfoOf(obj, st.Path(sc.File))
	if err != nil {
		return sc, err
	}
	if info.SpecHash != sc.SpecHash {
		return sc, fmt.Errorf("the file now there is of another spec (hash %.12s…, ours %.12s…)", info.SpecHash, sc.SpecHash)
	}
	sc.Bytes, sc.SHA256 = n, hex.EncodeToString(h.Sum(nil))
	return sc, putSidecar(ctx, st, sc)
}

// putSidecar writes and commits the sidecar of sc.
func putSidecar(ctx context.Context, st Store, sc dataset.Sidecar) error {
	body, err := json.MarshalIndent(sc, "", "  ")
	if err != nil {
		return err
	}
	return PutFile(ctx, st, dataset.SidecarFileName(sc.Shard, sc.NumShards), append(body, '\n'))
}

// hashStored reads the object name of st from its start and returns its
// size and hex SHA-256.
func hashStored(ctx context.Context, st Store, name string) (int64, string, error) {
	obj, err := st.Open(ctx, name)
	if err != nil {
		return 0, "", err
	}
	defer obj.Close()
	h := sha256.New()
	n, err := io.Copy(h, obj)
	if err != nil {
		return 0, "", fmt.Errorf("%s: %w", st.Path(name), err)
	}
	return n, hex.EncodeToString(h.Sum(nil)), nil
}

// maxSidecarBytes bounds the size of a sidecar or manifest read: they are
// outside input.
const maxSidecarBytes = 64 << 20

// readAllBounded reads the object name of st, refusing more than limit
// bytes.
func readAllBounded(ctx context.Context, st Store, name string, limit int64) ([]byte, error) {
	obj, err := st.Open(ctx, name)
	if err != nil {
		return nil, err
	}
	defer obj.Close()
	if obj.Size() > limit {
		return nil, fmt.Errorf("%s: %d bytes, more than the limit of %d", st.Path(name), obj.Size(), limit)
	}
	data, err := io.ReadAll(io.LimitReader(obj, limit+1))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", st.Path(name), err)
	}
	if int64(len(data)) > limit {
		return nil, fmt.Errorf("%s: more than the limit of %d bytes", st.Path(name), limit)
	}
	return data, nil
}

// ReadSidecar reads and checks the sidecar at path, a local file: it must
// parse, be of FormatVersion, and name the shard its file name says.
func ReadSidecar(path string) (dataset.Sidecar, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return dataset.Sidecar{}, err
	}
	return dataset.ParseSidecar(data, filepath.Base(path), path)
}

// ReadSidecarFrom reads and checks the sidecar name of st, as ReadSidecar.
func ReadSidecarFrom(ctx context.Context, st Store, name string) (dataset.Sidecar, error) {
	data, err := readAllBounded(ctx, st, name, maxSidecarBytes)
	if err != nil {
		return dataset.Sidecar{}, err
	}
	return dataset.ParseSidecar(data, name, st.Path(name))
}

// VerifyShard checks that the shard file of sc in dir (a directory or a
// URL, see OpenStore) has sc's size and SHA-256. Errors wrap ErrIncomplete
// when the file is missing, truncated or different.
func VerifyShard(dir string, sc dataset.Sidecar) error {
	ctx := context.Background()
	st, err := OpenStore(ctx, dir)
	if err != nil {
		return err
	}
	defer st.Close()
	return CheckShard(ctx, st, sc, false)
}

// CheckShard checks the shard file of sc in st: its size, and unless
// sizeOnly its SHA-256. Errors wrap ErrIncomplete when the file is
// missing, truncated or different.
func CheckShard(ctx context.Context, st Store, sc dataset.Sidecar, sizeOnly bool) error {
	path := st.Path(sc.File)
	obj, err := st.Open(ctx, sc.File)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("%w: %s: missing", ErrIncomplete, path)
		}
		return err
	}
	defer obj.Close()
	if obj.Size() != sc.Bytes {
		return fmt.Errorf("%w: %s: %d bytes, sidecar says %d (truncated or replaced)", ErrIncomplete, path, obj.Size(), sc.Bytes)
	}
	if sizeOnly {
		return nil
	}
	h := sha256.New()
	if _, err := io.Copy(h, obj); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	if got := hex.EncodeToString(h.Sum(nil)); got != sc.SHA256 {
		return fmt.Errorf("%w: %s: sha256 %s, sidecar says %s", ErrIncomplete, path, got, sc.SHA256)
	}
	return nil
}
