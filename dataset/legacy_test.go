package dataset

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/ipc"
	"github.com/apache/arrow-go/v18/arrow/memory"
)

// TestReadPinholeCameraShard: a shard written before the camera column
// had model and distortion still reads, as a pinhole camera.
func TestReadPinholeCameraShard(t *testing.T) {
	schema := arrow.NewSchema([]arrow.Field{
		nullable(ColIndex, arrow.PrimitiveTypes.Int64),
		nullable(ColSeed, arrow.PrimitiveTypes.Uint64),
		nullable(ColCamera, structOf(pinholeCameraFields)),
	}, nil)
	b := array.NewRecordBuilder(memory.DefaultAllocator, schema)
	defer b.Release()
	want := Camera{Fx: 500, Fy: 501, Cx: 320, Cy: 240, Width: 640, Height: 480, Pose: [16]float64{0: 1, 5: 1, 10: 1, 15: 1}}
	b.Field(0).(*array.Int64Builder).Append(7)
	b.Field(1).(*array.Uint64Builder).Append(42)
	putStruct(b.Field(2).(*array.StructBuilder), pinholeCameraFields, &want)
	rec := b.NewRecordBatch()
	defer rec.Release()
	path := filepath.Join(t.TempDir(), "old.arrow")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	w, err := ipc.NewFileWriter(f, ipc.WithSchema(schema))
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Write(rec); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	f.Close()
	r, err := OpenFiles(path)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	s, err := r.Next()
	if err != nil {
		t.Fatal(err)
	}
	want.Model = "pinhole"
	if s.Camera.Fx != want.Fx || s.Camera.Width != want.Width || s.Camera.Pose != want.Pose || s.Camera.Model != "pinhole" || s.Camera.Distortion != nil {
		t.Fatalf("camera %+v, want %+v", s.Camera, want)
	}
	if d, err := s.Camera.Lens(); err != nil || !d.Identity() {
		t.Fatalf("Lens() = %+v, %v", d, err)
	}
	if err := checkSchema(schema); err != nil {
		t.Fatalf("checkSchema: %v", err)
	}
}
