package job

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"strings"
)

// MaxAssetFiles bounds the regular files AssetsDigest hashes.
const MaxAssetFiles = 1 << 20

// AssetsDigest returns the content digest of an asset directory:
// "sha256:" and the hex SHA-256 of one line per regular file, in the
// lexical order of their slash-separated paths relative to the root,
//
//	PATH NUL SIZE NUL HEX-SHA256-OF-THE-FILE NL
//
// Symbolic links to regular files count as those files (os.Root keeps
// them inside the directory); links to directories are not followed.
// Nothing is parsed: it reads the bytes of every file once and never loads
// a model, so its cost is the directory's size at SHA-256 speed (about
// 0.5–2 GB/s per core) plus one open per file: a catalogue of 10,000
// GLBs of 1 MB is about 10 GB read, several seconds from a warm page
// cache, longer from a cold disk. More than MaxAssetFiles files is an
// error. A nil fsys has the digest "".
func AssetsDigest(fsys fs.FS) (string, error) {
	if fsys == nil {
		return "", nil
	}
	all := sha256.New()
	files := 0
	err := fs.WalkDir(fsys, ".", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		mode := d.Type()
		if mode&fs.ModeSymlink != 0 {
			st, err := fs.Stat(fsys, path)
			if err != nil {
				return err
			}
			mode = st.Mode().Type()
		}
		if !mode.IsRegular() {
			return nil
		}
		if files++; files > MaxAssetFiles {
			return fmt.Errorf("more than %d files", MaxAssetFiles)
		}
		if strings.ContainsAny(path, "\x00\n") {
			return fmt.Errorf("%q: NUL or newline in a file name", path)
		}
		f, err := fsys.Open(path)
		if err != nil {
			return err
		}
		defer f.Close()
		h := sha256.New()
		n, err := io.Copy(h, f)
		if err != nil {
			return fmt.Errorf("%s: %w", path, err)
		}
		fmt.Fprintf(all, "%s\x00%d\x00%x\n", path, n, h.Sum(nil))
		return nil
	})
	if err != nil {
		return "", fmt.Errorf("assets digest: %w", err)
	}
	return "sha256:" + hex.EncodeToString(all.Sum(nil)), nil
}

// ErrAssetsChanged is wrapped by the errors of Run and Verify about assets
// whose digest differs from the one the spec records.
var ErrAssetsChanged = errors.New("the assets differ from the dataset's")

// checkAssets fills spec.AssetsDigest from assets, or, when the spec
// records one, checks it.
func checkAssets(spec *Spec, assets fs.FS) error {
	d, err := AssetsDigest(assets)
	if err != nil {
		return err
	}
	switch {
	case spec.AssetsDigest == "":
		spec.AssetsDigest = d
	case d == "":
		return fmt.Errorf("%w: the spec records assets_digest %s, but no assets were given (--assets DIR)", ErrAssetsChanged, spec.AssetsDigest)
	case d != spec.AssetsDigest:
		return fmt.Errorf("%w: the spec records assets_digest %s, the assets given have %s", ErrAssetsChanged, spec.AssetsDigest, d)
	}
	return nil
}

func validDigest(d string) bool {
	h, ok := strings.CutPrefix(d, "sha256:")
	if !ok || len(h) != 64 {
		return false
	}
	_, err := hex.DecodeString(h)
	return err == nil && strings.ToLower(h) == h
}
