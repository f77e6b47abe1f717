package generator

import (
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/synthkit/synthkit/scene"
)

type common struct {
	Label string `json:"label" doc:"free text"`
}

type testParams struct {
	MaxObjects int      `json:"max_objects" doc:"most objects"`
	Scale      float64  `json:"scale" doc:"size factor"`
	Shapes     []string `json:"shapes" doc:"shapes to draw"`
	FOV        Range    `json:"fov" doc:"vertical field of view, degrees"`
	Enabled    bool     `json:"enabled"`
	Fail       string   `json:"fail" doc:"constructor error to return"`
	hidden     int
	common
}

func defaultTestParams() testParams {
	return testParams{MaxObjects: 20, Scale: 1, Shapes: []string{"box", "cone"}, FOV: Range{45, 65}, Enabled: true, common: common{"x"}}
}

var errTooMany = errors.New("too many objects")

func (p *testParams) Validate() error { // pointer receiver on purpose
	switch {
	case p.MaxObjects < 0:
		return fmt.Errorf("max_objects %d is negative", p.MaxObjects)
	case p.MaxObjects > 200:
		return fmt.Errorf("max_objects %d: %w", p.MaxObjects, errTooMany)
	}
	return p.FOV.Validate()
}

type testGen struct{ p testParams }

func (g *testGen) Sample(*Context) (*scene.Scene, error) { return &scene.Scene{}, nil }

func newTestGen(p testParams) (Generator, error) {
	if p.Fail != "" {
		return nil, errors.New(p.Fail)
	}
	return &testGen{p}, nil
}

func testEntry(t *testing.T) Entry {
	t.Helper()
	e, err := newEntry(Info{Name: "t", Version: "1.0.0", Categories: []string{"box"}}, defaultTestParams, newTestGen)
	if err != nil {
		t.Fatal(err)
	}
	return e
}

func TestEntryNewParams(t *testing.T) {
	def := defaultTestParams()
	with := func(f func(*testParams)) testParams { p := defaultTestParams(); f(&p); return p }
	tests := []struct {
		name    string
		params  string
		want    testParams
		wantErr string // exact error text; empty for success
		param   string // ParamError.Param when wantErr is a param error
	}{
		{name: "nil", params: "", want: def},
		{name: "blank", params: " \n\t", want: def},
		{name: "null", params: "null", want: def},
		{name: "empty object", params: "{}", want: def},
		{name: "one field", params: `{"max_objects": 7}`, want: with(func(p *testParams) { p.MaxObjects = 7 })},
		{name: "null field keeps default", params: `{"max_objects": null, "shapes": null}`, want: def},
		{name: "nested merge", params: `{"fov": {"min": 50}}`, want: with(func(p *testParams) { p.FOV.Min = 50 })},
		{name: "slice replaced", params: `{"shapes": ["sphere"]}`, want: with(func(p *testParams) { p.Shapes = []string{"sphere"} })},
		{name: "embedded field", params: `{"label": "y", "enabled": false}`, want: with(func(p *testParams) { p.Label = "y"; p.Enabled = false })},
		{
			name: "unknown field", params: `{"max_object": 3}`, param: "max_object",
			wantErr: `generator "t": param "max_object": unknown param; known: enabled, fail, fov, label, max_objects, scale, shapes`,
		},
		{
			name: "keys are case sensitive", params: `{"Max_Objects": 3}`, param: "Max_Objects",
			wantErr: `generator "t": param "Max_Objects": unknown param; known: enabled, fail, fov, label, max_objects, scale, shapes`,
		},
		{name: "unexported field", params: `{"hidden": 1}`, param: "hidden", wantErr: `generator "t": param "hidden": unknown param; known: enabled, fail, fov, label, max_objects, scale, shapes`},
		{name: "string for integer", params: `{"max_objects": "3"}`, param: "max_objects", wantErr: `generator "t": param "max_objects": want integer, got string`},
		{name: "fraction for integer", params: `{"max_objects": 1.5}`, param: "max_objects", wantErr: `generator "t": param "max_objects": want integer, got number 1.5`},
		{name: "bool for number", params: `{"scale": true}`, param: "scale", wantErr: `generator "t": param "scale": want number, got boolean`},
		{name: "string for array", params: `{"shapes": "box"}`, param: "shapes", wantErr: `generator "t": param "shapes": want array, got string`},
		{name: "number in array", params: `{"shapes": ["box", 1]}`, param: "shapes", wantErr: `generator "t": param "shapes": want string, got number`},
		{name: "nested type", params: `{"fov": {"min": "wide"}}`, param: "fov.min", wantErr: `generator "t": param "fov.min": want number, got string`},
		{name: "nested unknown", params: `{"fov": {"mn": 1}}`, param: "fov", wantErr: `generator "t": param "fov": unknown field "mn"`},
		{name: "array for object", params: `{"fov": [1, 2]}`, param: "fov", wantErr: `generator "t": param "fov": want object, got array`},
		{name: "params array", params: `[1, 2]`, wantErr: `generator "t": params: want object, got array`},
		{name: "params number", params: `5`, wantErr: `generator "t": params: want object, got number`},
		{name: "truncated", params: `{"max_objects": 1`, wantErr: `generator "t": params: unexpected end of JSON`},
		{name: "trailing data", params: `{"max_objects": 1} {}`, wantErr: `generator "t": params: unexpected data after the object`},
		{name: "duplicate key", params: `{"scale": 1, "scale": 2}`, param: "scale", wantErr: `generator "t": param "scale": given twice`},
		{name: "validate error", params: `{"max_objects": -1}`, wantErr: `generator "t": invalid params: max_objects -1 is negative`},
		{name: "nested validate error", params: `{"fov": {"min": 70}}`, wantErr: `generator "t": invalid params: range [70, 65]: min exceeds max`},
		{name: "constructor error", params: `{"fail": "no meshes"}`, wantErr: `generator "t": no meshes`},
	}
	e := testEntry(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var raw json.RawMessage
			if tt.params != "" {
				raw = json.RawMessage(tt.params)
			}
			g, err := e.New(raw)
			if tt.wantErr != "" {
				if err == nil {
					t.Fatalf("New(%s) succeeded with %+v, want error %q", tt.params, g.(*testGen).p, tt.wantErr)
				}
				if err.Error() != tt.wantErr {
					t.Fatalf("New(%s) error\n got %q\nwant %q", tt.params, err, tt.wantErr)
				}
				var pe *ParamError
				if errors.As(err, &pe) && pe.Param != tt.param {
					t.Errorf("ParamError.Param = %q, want %q", pe.Param, tt.param)
				}
				return
			}
			if err != nil {
				t.Fatalf("New(%s): %v", tt.params, err)
			}
			if got := g.(*testGen).p; !reflect.DeepEqual(got, tt.want) {
				t.Errorf("New(%s) params = %+v, want %+v", tt.params, got, tt.want)
			}
		})
	}
}

func TestErrorsWrap(t *testing.T) {
	e := testEntry(t)
	_, err := e.New(json.RawMessage(`{"max_objects": 500}`))
	var pe *ParamError
	if !errors.As(err, &pe) || pe.Generator != "t" || !errors.Is(err, errTooMany) {
		t.Errorf("validation error %v does not unwrap to a ParamError wrapping the Validate error", err)
	}
}

func TestRegistryUnknown(t *testing.T) {
	tests := []struct {
		names []string
		want  string
	}{
		{nil, `unknown generator "zzz" (none registered)`},
		{[]string{"shelves", "basic", "aisle"}, `unknown generator "zzz" (known: aisle, basic, shelves)`},
	}
	for _, tt := range tests {
		r := &registryT{entries: make(map[string]Entry)}
		for _, n := range tt.names {
			e, err := newEntry(Info{Name: n}, defaultTestParams, newTestGen)
			if err != nil {
				t.Fatal(err)
			}
			if err := r.add(e); err != nil {
				t.Fatal(err)
			}
		}
		_, _, err := r.new("zzz", nil)
		if err == nil || err.Error() != tt.want || !errors.Is(err, ErrUnknown) {
			t.Errorf("registry %v: New(zzz) error = %v, want %q wrapping ErrUnknown", tt.names, err, tt.want)
		}
		if got := r.list(); len(got) != len(tt.names) || !slices.IsSortedFunc(got, func(a, b Entry) int { return strings.Compare(a.Info.Name, b.Info.Name) }) {
			t.Errorf("list() = %v, want %d entries sorted by name", got, len(tt.names))
		}
	}
}

func TestRegistryAddDuplicate(t *testing.T) {
	r := &registryT{entries: make(map[string]Entry)}
	e := testEntry(t)
	if err := r.add(e); err != nil {
		t.Fatal(err)
	}
	if err := r.add(e); err == nil {
		t.Error("second add of the same name succeeded")
	}
}

func TestRegisterPanics(t *testing.T) {
	type notStruct []int
	type ambiguous struct {
		common     // promotes "label"
		X      int `json:"label"`
	}
	type withString struct {
		N int `json:"n,string"`
	}
	type embeddedPtr struct {
		*common
	}
	if _, ok := Lookup("test-dup"); !ok { // -count=2 runs this twice
		Register(Info{Name: "test-dup"}, defaultTestParams, newTestGen)
	}
	tests := []struct {
		name string
		reg  func()
	}{
		{"duplicate", func() { Register(Info{Name: "test-dup"}, defaultTestParams, newTestGen) }},
		{"empty name", func() { Register(Info{}, defaultTestParams, newTestGen) }},
		{"space in name", func() { Register(Info{Name: "a b"}, defaultTestParams, newTestGen) }},
		{"nil defaults", func() { Register[testParams](Info{Name: "test-nil-defaults"}, nil, newTestGen) }},
		{"nil ctor", func() { Register(Info{Name: "test-nil-ctor"}, defaultTestParams, nil) }},
		{"not a struct", func() {
			Register(Info{Name: "test-slice"}, func() notStruct { return nil }, func(notStruct) (Generator, error) { return nil, nil })
		}},
		{"ambiguous names", func() {
			Register(Info{Name: "test-ambiguous"}, func() ambiguous { return ambiguous{} }, func(ambiguous) (Generator, error) { return nil, nil })
		}},
		{"string option", func() {
			Register(Info{Name: "test-string"}, func() withString { return withString{} }, func(withString) (Generator, error) { return nil, nil })
		}},
		{"embedded pointer", func() {
			Register(Info{Name: "test-embedded-ptr"}, func() embeddedPtr { return embeddedPtr{} }, func(embeddedPtr) (Generator, error) { return nil, nil })
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			defer func() {
				if recover() == nil {
					t.Errorf("Register did not panic")
				}
			}()
			tt.reg()
		})
	}
	if _, info, err := New("test-dup", nil); err != nil || info.Name != "test-dup" {
		t.Errorf(`New("test-dup") = %v, %v after the duplicate registration`, info, err)
	}
}

func TestEntryParams(t *testing.T) {
	e := testEntry(t)
	want := []Param{
		{Name: "max_objects", Type: "integer", GoType: "int", Default: json.RawMessage(`20`), Doc: "most objects"},
		{Name: "scale", Type: "number", GoType: "float64", Default: json.RawMessage(`1`), Doc: "size factor"},
		{Name: "shapes", Type: "array", GoType: "[]string", Default: json.RawMessage(`["box","cone"]`), Doc: "shapes to draw"},
		{Name: "fov", Type: "object", GoType: "generator.Range", Default: json.RawMessage(`{"min":45,"max":65}`), Doc: "vertical field of view, degrees"},
		{Name: "enabled", Type: "boolean", GoType: "bool", Default: json.RawMessage(`true`)},
		{Name: "fail", Type: "string", GoType: "string", Default: json.RawMessage(`""`), Doc: "constructor error to return"},
		{Name: "label", Type: "string", GoType: "string", Default: json.RawMessage(`"x"`), Doc: "free text"},
	}
	if !reflect.DeepEqual(e.Params, want) {
		t.Errorf("Params:\n got %+v\nwant %+v", e.Params, want)
	}
}

func TestLookupReturnsCopy(t *testing.T) {
	r := &registryT{entries: make(map[string]Entry)}
	if err := r.add(testEntry(t)); err != nil {
		t.Fatal(err)
	}
	e, _ := r.lookup("t")
	e.Info.Categories[0] = "mutated"
	e.Params[0].Default[0] = '9'
	e2, _ := r.lookup("t")
	if e2.Info.Categories[0] != "box" || string(e2.Params[0].Default) != "20" {
		t.Errorf("modifying a looked-up entry changed the registry: %+v", e2)
	}
	if _, err := (Entry{}).New(nil); err == nil {
		t.Error("zero Entry built a generator")
	}
}

type categorizedGen struct{ *testGen }

func (categorizedGen) Categories() []string { return []string{"cone"} }

func TestCategoriesOf(t *testing.T) {
	info := Info{Name: "t", Categories: []string{"box", "cone"}}
	tests := []struct {
		g    Generator
		want []string
	}{
		{&testGen{}, []string{"box", "cone"}},
		{categorizedGen{}, []string{"cone"}},
	}
	for _, tt := range tests {
		got := CategoriesOf(tt.g, info)
		if !slices.Equal(got, tt.want) {
			t.Errorf("CategoriesOf(%T) = %v, want %v", tt.g, got, tt.want)
		}
		got[0] = "mutated"
		if info.Categories[0] != "box" {
			t.Fatal("CategoriesOf returned the Info's own slice")
		}
	}
}
