package render

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"

	"github.com/synthkit/synthkit/render/shading"
)

// Options are what a caller asks of a backend it picks by name (see New).
// Each backend maps them onto its own options in its registration file
// and ignores what does not apply to it; the zero value asks for every
// backend's defaults. Options never change labels: instance ids, depth,
// normals and silhouettes come from one sample at each pixel centre in
// every backend.
type Options struct {
	// SSAA is the supersampling factor per axis of the colour image, for
	// backends that shade sub-samples on a grid (render/soft): SSAA×SSAA
	// samples a pixel; 0 and 1 mean one sample at the pixel centre.
	SSAA int
	// MSAA is the number of multisampling samples of the colour image, for
	// backends with hardware multisampling (render/gl); 0 and 1 mean off.
	MSAA int
	// Workers is the number of goroutines one render may use, for
	// backends that render on the CPU; 0 means runtime.GOMAXPROCS(0).
	Workers int
	// ShadowMapSize is the side, in texels, of each shadow-casting
	// directional light's shadow map; 0 means the backend's default. Use
	// the same value everywhere for matching images.
	ShadowMapSize int
	// GLContext picks the OpenGL context provider of render/gl: "" or
	// "auto", "egl" or "glfw".
	GLContext string
	// GLPost says where render/gl runs the post-effects: "" or "auto",
	// "gpu" or "cpu" (its Options.Post).
	GLPost string
	// EGLDevice selects an EGL device of render/gl by its 1-based
	// position; 0 picks one automatically.
	EGLDevice int
	// CacheBytes bounds the GPU memory render/gl keeps for meshes and
	// textures between renders; 0 means its default.
	CacheBytes int64
	// SkipNormals says the caller never reads Frame.Normals (a job without
	// the normals column): render/gl then leaves them zero and skips their
	// readback, half of a frame's bytes; render/soft fills them anyway,
	// which costs it little.
	SkipNormals bool
	// LensOversample is how many times the image's focal lengths the
	// pinhole image drawn for a camera with lens distortion has (see
	// WithLens): 1..MaxLensOversample, 0 for DefaultLensOversample. It
	// changes nothing for pinhole cameras.
	LensOversample int
	// Environments, when set, is the cache of prepared environment maps
	// (package render/shading, "Environment light") that the renderers
	// made with these options share, so that a job's workers prepare each
	// map once; nil gives each renderer its own.
	Environments *shading.EnvCache
}

// Factory makes a renderer of one backend from Options.
type Factory func(Options) (Renderer, error)

// ErrUnknownRenderer is wrapped by the error New returns for a name no
// backend in the program registered.
var ErrUnknownRenderer = errors.New("unknown renderer")

// optional names backends that exist but are left out of some builds,
// with how to get them, for New's error.
var optional = map[string]string{
	"gl": "build with -tags gl (needs the OpenGL/EGL development libraries)",
}

var registry struct {
	mu        sync.RWMutex
	factories map[string]Factory
}

// Register makes a backend available to New under name. Backends call it
// from an init function: render/soft registers "soft", render/gl (build
// tag gl) registers "gl"; a program gets a backend by importing its
// package. Registering an empty name, a nil factory or a name twice is a
// programming error and panics, as database/sql's Register does.
func Register(name string, f Factory) {
	if name == "" || f == nil {
		panic(fmt.Sprintf("render: Register(%q): empty name or nil factory", name))
	}
	registry.mu.Lock()
	defer registry.mu.Unlock()
	if _, dup := registry.factories[name]; dup {
		panic(fmt.Sprintf("render: Register(%q): registered twice", name))
	}
	if registry.factories == nil {
		registry.factories = make(map[string]Factory)
	}
	registry.factories[name] = f
}

// New makes a renderer of the backend registered under name (see Lookup
// for the error of a name that is not).
func New(name string, o Options) (Renderer, error) {
	f, err := Lookup(name)
	if err != nil {
		return nil, err
	}
	r, err := f(o)
	if err != nil {
		return nil, fmt.Errorf("renderer %q: %w", name, err)
	}
	return r, nil
}

// Lookup returns the factory registered under name, whose renderers
// apply lens distortion through WithLens. For a name not
// registered it returns an error wrapping ErrUnknownRenderer that lists
// the registered names or, for a known backend left out of this build,
// says how to build it in.
func Lookup(name string) (Factory, error) {
	registry.mu.RLock()
	f, ok := registry.factories[name]
	registry.mu.RUnlock()
	if ok {
		// Every backend renders pinhole cameras; lenses are applied on
		// top of any of them, the same way.
		return func(o Options) (Renderer, error) {
			r, err := f(o)
			if err != nil {
				return nil, err
			}
			l, err := WithLens(r, o.LensOversample)
			if err != nil {
				r.Close()
				return nil, err
			}
			return l, nil
		}, nil
	}
	if how, known := optional[name]; known {
		return nil, fmt.Errorf("%w: renderer %q is not in this binary: %s", ErrUnknownRenderer, name, how)
	}
	return nil, fmt.Errorf("%w %q (known: %s)", ErrUnknownRenderer, name, strings.Join(Names(), ", "))
}

// Names returns the registered backends' names, sorted.
func Names() []string {
	registry.mu.RLock()
	defer registry.mu.RUnlock()
	names := make([]string, 0, len(registry.factories))
	for n := range registry.factories {
		names = append(names, n)
	}
	slices.Sort(names)
	return names
}
