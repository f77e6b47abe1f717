package export

import (
	"bufio"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"os"
	"slices"
	"strconv"

	"github.com/synthkit/synthkit/dataset"
)

// YOLOAttributesFile is the name of a YOLO export's attribute table, beside
// data.yaml: one CSV row per label row (see the package documentation).
const YOLOAttributesFile = "attributes.csv"

// attrColumns are the fixed leading columns of attributes.csv; the
// attribute keys follow, sorted.
var attrColumns = []string{"split", "image", "label_row", "class_id", "class_name", "instance_id"}

// attrRow is one label row's entry of attributes.csv.
type attrRow struct {
	Split    string         `json:"s"`
	Image    string         `json:"i"` // file name in images/{split}/
	Row      int            `json:"r"` // 0-based line of the label file
	Class    int            `json:"c"`
	Category string         `json:"n"`
	Instance uint32         `json:"o"` // 0 for an included annotation
	Attrs    []dataset.Attr `json:"a,omitempty"`
}

// attrTable spools attribute rows to a hidden temporary file as JSON lines
// (the set of keys, hence the CSV header, is known only at the end) and
// writes them as CSV: memory holds the key set, not the rows.
type attrTable struct {
	f    *os.File
	w    *bufio.Writer
	enc  *json.Encoder
	keys map[string]bool
}

func newAttrTable(dir string) (*attrTable, error) {
	f, err := os.CreateTemp(dir, ".attributes.*.tmp")
	if err != nil {
		return nil, err
	}
	w := bufio.NewWriterSize(f, 1<<16)
	return &attrTable{f: f, w: w, enc: json.NewEncoder(w), keys: map[string]bool{}}, nil
}

func (t *attrTable) add(r attrRow) error {
	for _, a := range r.Attrs {
		if slices.Contains(attrColumns, a.Key) {
			return fmt.Errorf("attribute key %q of %s row %d clashes with the column of that name in %s", a.Key, r.Image, r.Row, YOLOAttributesFile)
		}
		t.keys[a.Key] = true
	}
	return t.enc.Encode(r)
}

// writeCSV writes the table: the header, then one record per spooled row,
// an attribute the row lacks as an empty field.
func (t *attrTable) writeCSV(out io.Writer) error {
	if err := t.w.Flush(); err != nil {
		return err
	}
	if _, err := t.f.Seek(0, io.SeekStart); err != nil {
		return err
	}
	keys := slices.Sorted(maps.Keys(t.keys))
	cw := csv.NewWriter(out)
	if err := cw.Write(append(slices.Clone(attrColumns), keys...)); err != nil {
		return err
	}
	col := make(map[string]int, len(keys))
	for i, k := range keys {
		col[k] = len(attrColumns) + i
	}
	rec := make([]string, len(attrColumns)+len(keys))
	dec := json.NewDecoder(bufio.NewReaderSize(t.f, 1<<16))
	for {
		var r attrRow
		if err := dec.Decode(&r); errors.Is(err, io.EOF) {
			break
		} else if err != nil {
			return fmt.Errorf("attribute spool: %w", err)
		}
		clear(rec)
		rec[0], rec[1], rec[2], rec[3], rec[4], rec[5] = r.Split, r.Image, strconv.Itoa(r.Row), strconv.Itoa(r.Class), r.Category, strconv.FormatUint(uint64(r.Instance), 10)
		for _, a := range r.Attrs {
			rec[col[a.Key]] = a.Value
		}
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// remove closes and deletes the spool; it is safe to call twice.
func (t *attrTable) remove() {
	if t == nil || t.f == nil {
		return
	}
	t.f.Close()
	os.Remove(t.f.Name())
	t.f = nil
}
