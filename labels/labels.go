package labels

import (
	"github.com/go-gl/mathgl/mgl64"
)

// Box is an axis-aligned box in continuous image coordinates, COCO style:
// top-left corner (X, Y), width W and height H, in pixels. A box of pixels
// x0..x1 (inclusive) has X = x0 and W = x1-x0+1, as pycocotools' rleToBbox.
type Box struct {
	X, Y, W, H float64
}

// COCO returns the box as [x, y, w, h].
func (b Box) COCO() [4]float64 { return [4]float64{b.X, b.Y, b.W, b.H} }

// Keypoint visibility flags, with COCO's meaning.
const (
	NotLabeled = 0 // behind the camera, outside the clip range or outside the image
	Occluded   = 1 // inside the image but hidden by a nearer surface (possibly the object's own)
	Visible    = 2 // inside the image and seen
)

// Keypoint is a projected 3D point with COCO visibility.
type Keypoint struct {
	X, Y float64 // continuous image coordinates; (0, 0) when behind the camera
	V    int     // NotLabeled, Occluded or Visible
}

// Instance holds every label of one object in one frame. See the package
// documentation for the conventions behind each field.
type Instance struct {
	ID       uint32 // instance id in the frame (object index + 1)
	Object   int    // index in scene.Objects
	Name     string
	Category string
	Meta     map[string]string // the object's Meta, shared (not copied); a copy with AttrSeeThrough for blended objects

	Box             Box     // tight box of the visible mask; zero when not visible
	AmodalBox       Box     // tight box of the silhouette (occluders ignored), clipped to the image
	Truncated       bool    // a mesh vertex lies outside the view frustum (image border, near or far plane)
	Area            int     // visible pixels
	AmodalArea      int     // silhouette pixels
	VisibleFraction float64 // Area / AmodalArea; 0 when AmodalArea is 0
	RLE             RLE     // visible mask

	Pose      mgl64.Mat4    // object→camera transform: Camera.Pose × Object.Transform
	Cuboid    [8]mgl64.Vec3 // corners of the mesh's local bounding box, camera frame, in CuboidCorners order
	Keypoints [9]Keypoint   // centre of the box, then the 8 Cuboid corners, projected
}

// RLE is a binary mask in COCO's run-length encoding: column-major runs
// alternating 0s and 1s, starting with a (possibly empty) run of 0s. H and
// W are the mask's height and width (COCO's "size": [h, w]); Counts add up
// to H*W. String gives COCO's compressed "counts" string.
type RLE struct {
	H, W   int
	Counts []uint32
}
