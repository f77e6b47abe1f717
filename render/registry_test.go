package render_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/synthkit/synthkit/render"
	"github.com/synthkit/synthkit/scene"
)

// fake is a renderer that remembers the options it was made with.
type fake struct{ o render.Options }

func (f *fake) Render(context.Context, *scene.Scene) (*render.Frame, error) { return nil, nil }
func (f *fake) Close() error                                                { return nil }

func init() {
	render.Register("test-fake", func(o render.Options) (render.Renderer, error) {
		if o.SSAA < 0 {
			return nil, errors.New("negative SSAA")
		}
		return &fake{o}, nil
	})
}

func TestRegistry(t *testing.T) {
	for _, tt := range []struct {
		name    string
		opts    render.Options
		want    string // error substring; "" for success
		unknown bool   // the error wraps ErrUnknownRenderer
	}{
		{"test-fake", render.Options{SSAA: 3, MSAA: 4}, "", false},
		{"test-fake", render.Options{SSAA: -1}, `renderer "test-fake": negative SSAA`, false},
		{"vulkan", render.Options{}, `unknown renderer "vulkan" (known: `, true},
		{"gl", render.Options{}, `renderer "gl" is not in this binary: build with -tags gl`, true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			r, err := render.New(tt.name, tt.opts)
			if tt.want == "" {
				if err != nil {
					t.Fatal(err)
				}
				if got := render.Unwrap(r).(*fake).o; got != tt.opts {
					t.Errorf("factory got %+v, want %+v", got, tt.opts)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("error %v, want one containing %q", err, tt.want)
			}
			if errors.Is(err, render.ErrUnknownRenderer) != tt.unknown {
				t.Errorf("errors.Is(%v, ErrUnknownRenderer) = %v, want %v", err, !tt.unknown, tt.unknown)
			}
			if r != nil {
				t.Errorf("renderer %v returned with the error", r)
			}
		})
	}
	if names := render.Names(); !strings.Contains(strings.Join(names, ","), "test-fake") {
		t.Errorf("Names() = %v, want test-fake among them", names)
	}
}

func TestRegisterMisuse(t *testing.T) {
	mk := func(render.Options) (render.Renderer, error) { return &fake{}, nil }
	for _, tt := range []struct {
		name string
		f    render.Factory
	}{
		{"", mk},
		{"nil-factory", nil},
		{"test-fake", mk}, // twice
	} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("Register(%q) did not panic", tt.name)
				}
			}()
			render.Register(tt.name, tt.f)
		}()
	}
}
