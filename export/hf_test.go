package export

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/apache/arrow-go/v18/arrow/ipc"
)

func TestExportHF(t *testing.T) {
	dir := generate(t, smallSpec)
	out := filepath.Join(t.TempDir(), "hf")
	res, err := ExportHF(context.Background(), dir, out, false)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Files) == 0 {
		t.Fatal("no files written")
	}
	rows := 0
	for _, p := range res.Files {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		if strings.HasPrefix(string(b), "ARROW1") {
			t.Fatalf("%s: IPC file magic; want the stream format", p)
		}
		r, err := ipc.NewReader(strings.NewReader(string(b)))
		if err != nil {
			t.Fatalf("%s: not an IPC stream: %v", p, err)
		}
		md := r.Schema().Metadata()
		if i := md.FindKey("huggingface"); i < 0 || !strings.Contains(md.Values()[i], `"_type":"Image"`) {
			t.Errorf("%s: huggingface features lost", p)
		}
		for r.Next() {
			rows += int(r.RecordBatch().NumRows())
		}
		if err := r.Err(); err != nil {
			t.Fatal(err)
		}
		r.Release()
	}
	if want := len(readSamples(t, dir)); rows != want {
		t.Errorf("%d rows in the streams, want %d", rows, want)
	}
	// A second export into the same directory is refused without overwrite.
	if _, err := ExportHF(context.Background(), dir, out, false); err == nil {
		t.Error("non-empty output: want error")
	}
	if _, err := ExportHF(context.Background(), filepath.Join(t.TempDir(), "missing"), out, true); err == nil {
		t.Error("missing dataset: want error")
	}
}
