package generator

import (
	"bytes"
	"encoding"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"reflect"
	"slices"
	"strings"
)

// paramField is one decodable field of a params struct.
type paramField struct {
	name  string // JSON key
	index []int  // reflect field index path
	typ   reflect.Type
	doc   string
}

// paramFields lists the JSON-visible fields of struct type t the way
// encoding/json sees them: exported fields by tag name or field name,
// untagged embedded structs flattened. Ambiguous names, embedded pointers
// and the ",string" option are rejected so that decoding one field at a
// time agrees with encoding/json.
func paramFields(t reflect.Type) ([]paramField, error) {
	var out []paramField
	if err := collectFields(t, nil, &out); err != nil {
		return nil, err
	}
	seen := make(map[string]bool, len(out))
	for _, f := range out {
		if seen[f.name] {
			return nil, fmt.Errorf("two fields have the JSON name %q", f.name)
		}
		seen[f.name] = true
	}
	return out, nil
}

func collectFields(t reflect.Type, index []int, out *[]paramField) error {
	for i := range t.NumField() {
		sf := t.Field(i)
		tag := sf.Tag.Get("json")
		if tag == "-" {
			continue
		}
		name, opts, _ := strings.Cut(tag, ",")
		if slices.Contains(strings.Split(opts, ","), "string") {
			return fmt.Errorf("field %s: the json \",string\" option is not supported", sf.Name)
		}
		idx := append(slices.Clip(index), i)
		if sf.Anonymous && name == "" {
			switch sf.Type.Kind() {
			case reflect.Struct:
				if err := collectFields(sf.Type, idx, out); err != nil {
					return err
				}
				continue
			case reflect.Pointer:
				return fmt.Errorf("embedded pointer field %s is not supported", sf.Name)
			}
		}
		if !sf.IsExported() {
			continue
		}
		if name == "" {
			name = sf.Name
		}
		*out = append(*out, paramField{name: name, index: idx, typ: sf.Type, doc: sf.Tag.Get("doc")})
	}
	return nil
}

var (
	jsonUnmarshalerType = reflect.TypeFor[json.Unmarshaler]()
	textUnmarshalerType = reflect.TypeFor[encoding.TextUnmarshaler]()
)

// jsonType names the JSON type that decodes into t.
func jsonType(t reflect.Type) string {
	pt := reflect.PointerTo(t)
	if !pt.Implements(jsonUnmarshalerType) && pt.Implements(textUnmarshalerType) {
		return "string"
	}
	switch t.Kind() {
	case reflect.Bool:
		return "boolean"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return "integer"
	case reflect.Float32, reflect.Float64:
		return "number"
	case reflect.String:
		return "string"
	case reflect.Slice:
		if t.Elem().Kind() == reflect.Uint8 {
			return "string" // base64, as encoding/json does
		}
		return "array"
	case reflect.Array:
		return "array"
	case reflect.Struct, reflect.Map:
		return "object"
	case reflect.Pointer:
		return jsonType(t.Elem())
	}
	return "any"
}

// decodeParams decodes the JSON object raw into dst, a struct value holding
// the defaults, one key at a time. The returned *ParamError lacks the
// generator name.
func decodeParams(raw json.RawMessage, dst reflect.Value, fields []paramField) *ParamError {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || string(raw) == "null" {
		return nil
	}
	byName := make(map[string]*paramField, len(fields))
	for i := range fields {
		byName[fields[i].name] = &fields[i]
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	tok, err := dec.Token()
	if err != nil {
		return &ParamError{Err: fmt.Errorf("params: %w", syntaxError(err))}
	}
	if tok != json.Delim('{') {
		return &ParamError{Err: fmt.Errorf("params: want object, got %s", tokenKind(tok))}
	}
	seen := make(map[string]bool)
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return &ParamError{Err: fmt.Errorf("params: %w", syntaxError(err))}
		}
		key := tok.(string) // the decoder guarantees a string key inside an object
		if seen[key] {
			return &ParamError{Param: key, Err: errors.New("given twice")}
		}
		seen[key] = true
		var value json.RawMessage
		if err := dec.Decode(&value); err != nil {
			return &ParamError{Param: key, Err: syntaxError(err)}
		}
		f, ok := byName[key]
		if !ok {
			return &ParamError{Param: key, Err: fmt.Errorf("unknown param; known: %s", knownNames(fields))}
		}
		if string(value) == "null" {
			continue // keep the default
		}
		if err := decodeField(value, dst.FieldByIndex(f.index)); err != nil {
			err.Param = joinPath(key, err.Param)
			return err
		}
	}
	if _, err := dec.Token(); err != nil { // the closing brace
		return &ParamError{Err: fmt.Errorf("params: %w", syntaxError(err))}
	}
	if _, err := dec.Token(); err != io.EOF {
		return &ParamError{Err: errors.New("params: unexpected data after the object")}
	}
	return nil
}

// decodeField decodes one value into v, reporting the path below v at
// which it failed in Param.
func decodeField(value json.RawMessage, v reflect.Value) *ParamError {
	dec := json.NewDecoder(bytes.NewReader(value))
	dec.DisallowUnknownFields()
	err := dec.Decode(v.Addr().Interface())
	if err == nil {
		return nil
	}
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		got := te.Value
		if got == "bool" {
			got = "boolean"
		}
		want := "another type"
		if te.Type != nil {
			want = jsonType(te.Type)
		}
		return &ParamError{Param: te.Field, Err: fmt.Errorf("want %s, got %s", want, got)}
	}
	if msg, ok := strings.CutPrefix(err.Error(), "json: unknown field "); ok {
		return &ParamError{Err: fmt.Errorf("unknown field %s", msg)}
	}
	return &ParamError{Err: syntaxError(err)}
}

// syntaxError strips encoding/json's "json: " prefix, keeping the error
// wrapped.
func syntaxError(err error) error {
	if err == io.EOF || err == io.ErrUnexpectedEOF {
		return errors.New("unexpected end of JSON")
	}
	var se *json.SyntaxError
	if errors.As(err, &se) {
		return fmt.Errorf("invalid JSON at offset %d: %w", se.Offset, err)
	}
	return err
}

func tokenKind(tok json.Token) string {
	switch tok.(type) {
	case json.Delim:
		if tok == json.Delim('[') {
			return "array"
		}
		return "object"
	case bool:
		return "boolean"
	case float64, json.Number:
		return "number"
	case string:
		return "string"
	}
	return "null"
}

func joinPath(a, b string) string {
	if b == "" {
		return a
	}
	return a + "." + b
}

func knownNames(fields []paramField) string {
	names := make([]string, len(fields))
	for i, f := range fields {
		names[i] = f.name
	}
	slices.Sort(names)
	if len(names) == 0 {
		return "(none)"
	}
	return strings.Join(names, ", ")
}
