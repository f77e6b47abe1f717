package dataset

import (
	"fmt"

	"github.com/go-gl/mathgl/mgl64"

	"github.com/synthkit/synthkit/labels"
	"github.com/synthkit/synthkit/retail"
	"github.com/synthkit/synthkit/scene"
)

// Sample is one row of a shard: what the writer takes and the reader
// returns. Byte fields of columns a job does not write are nil, as are
// Objects, and Camera is zero.
type Sample struct {
	Index     int64
	Seed      uint64
	Image     []byte // PNG or JPEG (ImageFormat), sRGB
	Depth     []byte // 16-bit grey PNG, camera-frame z in millimetres, 0 = background
	Instances []byte // instance-id PNG, 0 = background
	Objects   []Object
	Camera    Camera
	// Annotations is the annotations column.
	Annotations []Annotation
	Normals     []byte // 16-bit RGB PNG, camera-frame normal (labels.EncodeNormalPNG), 0 = background
	Semantic    []byte // 16-bit grey PNG, category_id + 1, 0 = background or context
	// Planogram is the planogram column; KPIs the kpis column (nil: no
	// planned facing in view).
	Planogram []retail.BoardPlan
	KPIs      *retail.KPI
}

// Object is the annotation of one object (the objects column). Context
// objects (an empty scene category: tables, floors) are not annotated.
type Object struct {
	ID              uint32      // instance id in the instances image (scene object index + 1)
	Category        string      // scene.Object.Category
	CategoryID      int32       // index of Category in the job's category list
	BBox            [4]float64  // COCO [x, y, w, h] of the visible mask, pixels; zero when not visible
	BBoxAmodal      [4]float64  // COCO [x, y, w, h] of the unoccluded silhouette, clipped to the image
	Area            int64       // visible pixels
	VisibleFraction float64     // visible / silhouette pixels; 0 when the silhouette is empty
	Truncated       bool        // extends beyond the image border or behind the near plane
	RLE             string      // COCO compressed RLE counts of the visible mask; size = image height × width
	Pose            [16]float64 // object→camera, 4×4 row-major, OpenCV camera frame
	Keypoints       [27]float64 // 9 × (x, y, v): box centre, then the 8 bounding box corners
	// Attributes is the scene object's Meta, sorted by key (the shelves
	// generator's keys are listed in its package documentation).
	Attributes []Attr
}

// Camera is the camera column: intrinsics, the world→camera pose (OpenCV
// frame: x right, y down, z forward) and the lens model. Image
// coordinates put pixel centres at i+0.5 (see scene.Camera): OpenCV's
// principal point is (Cx−0.5, Cy−0.5).
type Camera struct {
	Fx, Fy, Cx, Cy float64
	Width, Height  int32
	Pose           [16]float64 // world→camera, 4×4 row-major
	// Model is the lens model's name (scene.LensModel.String):
	// "pinhole", "brown_conrady" or "kannala_brandt".
	Model string
	// Distortion holds the model's coefficients in OpenCV's order: k1,
	// k2, p1, p2, k3 (cv2.projectPoints distCoeffs) for brown_conrady,
	// k1, k2, k3, k4 (cv2.fisheye D) for kannala_brandt, none for pinhole.
	Distortion []float64
}

// Lens returns the scene distortion the column describes.
func (c *Camera) Lens() (scene.Distortion, error) {
	m, err := scene.ParseLensModel(c.Model)
	if err != nil {
		return scene.Distortion{}, fmt.Errorf("camera: %w", err)
	}
	d, err := scene.NewDistortion(m, c.Distortion)
	if err != nil {
		return scene.Distortion{}, fmt.Errorf("camera: %w", err)
	}
	return d, nil
}

// RowMajor returns m (mathgl's column-major storage) in row-major order:
// out[r*4+c] is the element in row r, column c.
func RowMajor(m mgl64.Mat4) [16]float64 {
	var out [16]float64
	for r := 0; r < 4; r++ {
		for c := 0; c < 4; c++ {
			out[r*4+c] = m.At(r, c)
		}
	}
	return out
}

// CameraOf converts a scene camera to the camera column.
func CameraOf(c scene.Camera) Camera {
	return Camera{
		Fx: c.Fx, Fy: c.Fy, Cx: c.Cx, Cy: c.Cy,
		Width: int32(c.Width), Height: int32(c.Height),
		Pose:       RowMajor(c.Pose),
		Model:      c.Distortion.Model.String(),
		Distortion: c.Distortion.Coefficients(),
	}
}

// ObjectsOf converts the instances labels.Extract returned to the objects
// column: instances with an empty Category (context such as a table or a
// floor) are dropped, and each category is looked up in categories, the
// job's category list; a category missing from it is an error naming the
// object.
func ObjectsOf(insts []labels.Instance, categories []string) ([]Object, error) {
	return NewCategoryIndex(categories).Objects(insts)
}

// CategoryIndex maps a job's categories to their ids. Build it once per
// job (a catalogue of 170,000 SKUs has as many categories: building the
// map per sample would cost more than the sample's scene).
type CategoryIndex struct {
	ids map[string]int32
	n   int
}

// NewCategoryIndex indexes categories (the first of repeated names wins).
func NewCategoryIndex(categories []string) *CategoryIndex {
	ids := make(map[string]int32, len(categories))
	for i, c := range categories {
		if _, dup := ids[c]; !dup {
			ids[c] = int32(i)
		}
	}
	return &CategoryIndex{ids: ids, n: len(categories)}
}

// ID returns the id of category (its index in the job's list) and
// whether it is listed.
func (x *CategoryIndex) ID(category string) (int32, bool) {
	id, ok := x.ids[category]
	return id, ok
}

// Objects is ObjectsOf with the index built once.
func (x *CategoryIndex) Objects(insts []labels.Instance) ([]Object, error) {
	ids := x.ids
	out := make([]Object, 0, len(insts))
	for i := range insts {
		in := &insts[i]
		if in.Category == "" {
			continue
		}
		id, ok := ids[in.Category]
		if !ok {
			return nil, fmt.Errorf("object %d (%q): category %q is not in the generator's category list (%d names)", in.Object, in.Name, in.Category, x.n)
		}
		o := Object{
			ID: in.ID, Category: in.Category, CategoryID: id,
			BBox: in.Box.COCO(), BBoxAmodal: in.AmodalBox.COCO(),
			Area: int64(in.Area), VisibleFraction: in.VisibleFraction, Truncated: in.Truncated,
			RLE:  in.RLE.String(),
			Pose: RowMajor(in.Pose),
		}
		attrs, err := AttrsOf(in.Meta)
		if err != nil {
			return nil, fmt.Errorf("object %d (%q): %w", in.Object, in.Name, err)
		}
		o.Attributes = attrs
		for k, kp := range in.Keypoints {
			o.Keypoints[3*k], o.Keypoints[3*k+1], o.Keypoints[3*k+2] = kp.X, kp.Y, float64(kp.V)
		}
		out = append(out, o)
	}
	return out, nil
}
