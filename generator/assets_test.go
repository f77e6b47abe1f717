package generator

import (
	"errors"
	"io/fs"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/synthkit/synthkit/scene"
)

// assetGen records the assets it was given and fails on a marker file.
type assetGen struct{ got fs.FS }

func (g *assetGen) Sample(*Context) (*scene.Scene, error) { return &scene.Scene{}, nil }

func (g *assetGen) UseAssets(fsys fs.FS) error {
	if _, err := fs.Stat(fsys, "broken"); err == nil {
		return errors.New("catalogue \"broken\" is malformed")
	}
	g.got = fsys
	return nil
}

func TestNewWithAssets(t *testing.T) {
	type params struct{}
	Register(Info{Name: "test-assets", Version: "1"}, func() params { return params{} },
		func(params) (Generator, error) { return &assetGen{}, nil })

	good := fstest.MapFS{"catalogue.json": {Data: []byte("{}")}}
	g, _, err := NewWithAssets("test-assets", nil, good)
	if err != nil {
		t.Fatal(err)
	}
	if g.(*assetGen).got == nil {
		t.Error("UseAssets was not called")
	}
	g, _, err = NewWithAssets("test-assets", nil, nil)
	if err != nil || g.(*assetGen).got != nil {
		t.Errorf("nil assets: UseAssets must not be called (err %v)", err)
	}
	_, _, err = NewWithAssets("test-assets", nil, fstest.MapFS{"broken": {}})
	if err == nil || !strings.Contains(err.Error(), `generator "test-assets": assets: catalogue "broken"`) {
		t.Errorf("error %v, want one naming the generator and the asset problem", err)
	}
	if _, _, err := NewWithAssets("no-such-generator", nil, good); !errors.Is(err, ErrUnknown) {
		t.Errorf("unknown generator: %v", err)
	}
}
