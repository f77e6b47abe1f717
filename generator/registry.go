package generator

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"reflect"
	"slices"
	"strings"
	"sync"
)

// Info describes a registered generator.
type Info struct {
	Name        string   // registry key, e.g. "basic"
	Version     string   // semantic version of the generator's output, e.g. "1.0.0"
	Description string   // one line for `synth list`
	Categories  []string // the categories it labels; see CategoriesOf
}

// Validator is implemented by params types that can check themselves.
// New calls Validate after decoding and before the constructor.
type Validator interface {
	Validate() error
}

// Entry is one registered generator: its Info, a description of its params
// and the means to build it.
type Entry struct {
	Info   Info
	Params []Param // in struct field order
	// Package is the import path of the package whose code called
	// Register (found with runtime.Caller), e.g. "github.com/acme/blocks";
	// Module maps it to its Go module.
	Package string
	build   func(params json.RawMessage) (Generator, error)
}

// Param describes one field of a generator's params, for `synth list` and
// documentation.
type Param struct {
	Name    string          // JSON key
	Type    string          // JSON type: integer, number, string, boolean, array, object
	GoType  string          // Go type, e.g. "int" or "generator.Range"
	Default json.RawMessage // JSON encoding of the default value
	Doc     string          // the field's `doc:"..."` tag
}

// New decodes params (see Register) and constructs the generator.
func (e Entry) New(params json.RawMessage) (Generator, error) {
	if e.build == nil {
		return nil, fmt.Errorf("generator %q: entry was not registered", e.Info.Name)
	}
	return e.build(params)
}

// ErrUnknown is wrapped by the error New returns for a name that was never
// registered.
var ErrUnknown = errors.New("unknown generator")

// ParamError reports params that could not be decoded or did not validate.
type ParamError struct {
	Generator string // generator name
	Param     string // path of the offending param, e.g. "max_objects" or "fov.min"; empty when no single param is at fault
	Err       error
}

// Error formats the error as `generator "basic": param "max_objects": want
// integer, got string`.
func (e *ParamError) Error() string {
	if e.Param == "" {
		return fmt.Sprintf("generator %q: %v", e.Generator, e.Err)
	}
	return fmt.Sprintf("generator %q: param %q: %v", e.Generator, e.Param, e.Err)
}

// Unwrap returns the underlying error.
func (e *ParamError) Unwrap() error { return e.Err }

// Register makes a generator available to New under info.Name. It is meant
// to be called from the init function of the package that implements the
// generator:
//
//	func init() {
//		generator.Register(generator.Info{Name: "basic", Version: "1.0.0"}, DefaultParams, NewGenerator)
//	}
//
// C is the generator's params type, a struct whose exported fields are
// decoded from JSON by their `json` tag names (or field names) and described
// by their `doc` tags. Decoding starts from a fresh defaults() value; a key
// that is missing or null keeps its default, and nested objects are merged
// into the default value field by field. Keys must match exactly; an
// unknown key, a duplicate key or a value of the wrong type is an error
// naming the param. If *C implements Validator its Validate method runs
// next, and finally ctor builds the generator.
//
// Like database/sql.Register, Register panics when the name is empty or
// already registered, when defaults or ctor is nil, or when C is not a
// struct that encoding/json can decode: these are programming errors found
// the first time the program starts.
func Register[C any](info Info, defaults func() C, ctor func(C) (Generator, error)) {
	e, err := newEntry(info, defaults, ctor)
	e.Package = callerPackage(0)
	if err == nil {
		err = registry.add(e)
	}
	if err != nil {
		panic("generator: Register: " + err.Error())
	}
}

// New builds the generator registered under name from its JSON params
// (nil, empty or null for the defaults) and returns it with its Info.
func New(name string, params json.RawMessage) (Generator, Info, error) {
	return registry.new(name, params)
}

// AssetUser is implemented by generators that read the job's assets (a
// catalogue of product models, say) once, before their first sample, for
// example to know their categories.
type AssetUser interface {
	UseAssets(assets fs.FS) error
}

// NewWithAssets is New followed, when assets is not nil and the generator
// is an AssetUser, by UseAssets(assets). Runs, previews and verification
// all build generators this way, so a catalogue is read once per process.
func NewWithAssets(name string, params json.RawMessage, assets fs.FS) (Generator, Info, error) {
	g, info, err := New(name, params)
	if err != nil || assets == nil {
		return g, info, err
	}
	if u, ok := g.(AssetUser); ok {
		if err := u.UseAssets(assets); err != nil {
			return nil, info, fmt.Errorf("generator %q: assets: %w", name, err)
		}
	}
	return g, info, nil
}

func (r *registryT) new(name string, params json.RawMessage) (Generator, Info, error) {
	e, ok := r.lookup(name)
	if !ok {
		return nil, Info{}, unknownError(name, r.names())
	}
	g, err := e.New(params)
	if err != nil {
		return nil, e.Info, err
	}
	return g, e.Info, nil
}

// Lookup returns the entry registered under name.
func Lookup(name string) (Entry, bool) {
	return registry.lookup(name)
}

// List returns every registered entry, sorted by name.
func List() []Entry {
	return registry.list()
}

func unknownError(name string, known []string) error {
	if len(known) == 0 {
		return fmt.Errorf("%w %q (none registered)", ErrUnknown, name)
	}
	return fmt.Errorf("%w %q (known: %s)", ErrUnknown, name, strings.Join(known, ", "))
}

// registry is the only package-level mutable state in synthkit.
var registry = &registryT{entries: make(map[string]Entry)}

type registryT struct {
	mu      sync.RWMutex
	entries map[string]Entry
}

func (r *registryT) add(e Entry) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if _, dup := r.entries[e.Info.Name]; dup {
		return fmt.Errorf("generator %q registered twice", e.Info.Name)
	}
	r.entries[e.Info.Name] = e
	return nil
}

func (r *registryT) lookup(name string) (Entry, bool) {
	r.mu.RLock()
	e, ok := r.entries[name]
	r.mu.RUnlock()
	return e.clone(), ok
}

func (r *registryT) names() []string {
	r.mu.RLock()
	defer r.mu.RUnlock()
	names := make([]string, 0, len(r.entries))
	for n := range r.entries {
		names = append(names, n)
	}
	slices.Sort(names)
	return names
}

func (r *registryT) list() []Entry {
	names := r.names()
	out := make([]Entry, 0, len(names))
	for _, n := range names {
		if e, ok := r.lookup(n); ok {
			out = append(out, e)
		}
	}
	return out
}

// clone copies the slices of e so callers cannot modify the registry.
func (e Entry) clone() Entry {
	e.Info.Categories = slices.Clone(e.Info.Categories)
	ps := make([]Param, len(e.Params))
	for i, p := range e.Params {
		p.Default = slices.Clone(p.Default)
		ps[i] = p
	}
	if e.Params != nil {
		e.Params = ps
	}
	return e
}

// newEntry checks a registration and builds its entry without adding it.
func newEntry[C any](info Info, defaults func() C, ctor func(C) (Generator, error)) (Entry, error) {
	switch {
	case info.Name == "":
		return Entry{}, errors.New("empty generator name")
	case strings.ContainsAny(info.Name, " \t\r\n"):
		return Entry{}, fmt.Errorf("generator name %q contains white space", info.Name)
	case defaults == nil:
		return Entry{}, fmt.Errorf("generator %q: nil defaults function", info.Name)
	case ctor == nil:
		return Entry{}, fmt.Errorf("generator %q: nil constructor", info.Name)
	}
	t := reflect.TypeFor[C]()
	if t.Kind() != reflect.Struct {
		return Entry{}, fmt.Errorf("generator %q: params type %v is not a struct", info.Name, t)
	}
	fields, err := paramFields(t)
	if err != nil {
		return Entry{}, fmt.Errorf("generator %q: params type %v: %w", info.Name, t, err)
	}
	def := reflect.ValueOf(defaults())
	params := make([]Param, len(fields))
	for i, f := range fields {
		v, err := json.Marshal(def.FieldByIndex(f.index).Interface())
		if err != nil {
			return Entry{}, fmt.Errorf("generator %q: default of param %q: %w", info.Name, f.name, err)
		}
		params[i] = Param{Name: f.name, Type: jsonType(f.typ), GoType: f.typ.String(), Default: v, Doc: f.doc}
	}
	info.Categories = slices.Clone(info.Categories)
	name := info.Name
	build := func(raw json.RawMessage) (Generator, error) {
		c := defaults()
		if err := decodeParams(raw, reflect.ValueOf(&c).Elem(), fields); err != nil {
			err.Generator = name
			return nil, err
		}
		if v, ok := any(&c).(Validator); ok {
			if err := v.Validate(); err != nil {
				return nil, &ParamError{Generator: name, Err: fmt.Errorf("invalid params: %w", err)}
			}
		}
		g, err := ctor(c)
		if err != nil {
			return nil, fmt.Errorf("generator %q: %w", name, err)
		}
		if g == nil {
			return nil, fmt.Errorf("generator %q: constructor returned nil", name)
		}
		return g, nil
	}
	return Entry{Info: info, Params: params, build: build}, nil
}
