// Package labels turns a rendered frame into exact annotations: per-object
// boxes, masks, visibility, 6-DoF poses and 3D-box keypoints, a semantic
// class map, and compact encodings of the per-pixel maps.
//
// Data enters as a *scene.Scene and the render.Frame a renderer made of it
// (instance ids, depth, per-object silhouettes). Extract returns one
// Instance per object that covers a pixel; CategoryMap returns the class
// map; an Encoder writes depth, instance, class and normal maps
// (normals.go: 16-bit RGB, round((n·½ + ½)·65535) per camera-frame
// component, 0 for background), and the colour image, to an io.Writer;
// the Decode functions read them back for a dataset reader. Nothing here
// renders, reads files or keeps state between calls.
//
// # Conventions
//
// Those of package scene: image origin at the top-left corner, x right, y
// down, pixel (x, y) covering [x, x+1)×[y, y+1) with its sample at the
// centre; camera frame x right, y down, z forward (OpenCV); depth is
// camera z in metres; instance id = object index + 1, 0 the background.
// Labels come only from the frame's single-sample buffers, never from the
// anti-aliased colour image.
//
// # Instance labels
//
// Extract reads the id buffer once, row by row, noting where the id changes
// down each column, and walks those changes in column-major order to build
// the RLEs, boxes and areas of all instances together. It derives:
//
//   - Box: the tight box of the visible pixels in COCO form [x, y, w, h]
//     with w = x1−x0+1 (pycocotools' rleToBbox); zero when none is visible.
//   - AmodalBox, AmodalArea: the same for the silhouette, the pixels the
//     object covers when drawn alone; Area is the visible pixel count and
//     VisibleFraction = Area/AmodalArea. Objects hidden entirely have Area
//     0 and are still listed; objects with an empty silhouette are not.
//   - RLE: the visible mask in COCO run-length encoding (below).
//   - Meta: the object's attributes, with AttrSeeThrough ("see_through" =
//     "true") added for objects whose material is scene.AlphaBlend.
//
// Alpha (see scene.AlphaMode): masks come from the renderers' id buffer,
// in which a masked-out sample (alpha MASK, below the cutoff at the pixel
// centre) belongs to whatever lies behind it, and a blended surface
// (alpha BLEND) belongs to its object like an opaque one, with the depth
// of that first surface.
//   - Pose: object→camera, Camera.Pose × Object.Transform.
//   - Cuboid: the 8 corners of the mesh's local bounding box (Mesh.Bounds)
//     in the camera frame, in the order of CuboidCorners: corner i takes x,
//     y, z from the box's maximum where bits 2, 1, 0 of i are set (as
//     Google's Objectron).
//   - Keypoints: the projection of the box centre, then of the 8 corners,
//     with COCO visibility (below).
//   - Truncated: true when some vertex of the mesh (one referenced by a
//     triangle) lies outside the closed view frustum: beyond an image
//     border (u < 0, u > W, v < 0 or v > H), nearer than the near plane or
//     farther than the far plane. It is decided from geometry, exactly,
//     not from pixels: an object that pokes a tenth of a pixel out of the
//     image is truncated though no pixel shows it. The frustum is convex,
//     so when the 8 box corners lie inside it no vertex needs testing.
//
// # Keypoint visibility
//
// A keypoint is NotLabeled when its point is behind the camera (X and Y
// are then 0), outside the clip range [Near, Far], or projects outside the
// image (u or v < 0, u >= W or v >= H); X and Y keep the projection
// whenever the point is in front of the camera. Otherwise it is Visible
// when at least one of the up to four pixel centres around (u, v) (pixels
// floor(u−½)…+1 × floor(v−½)…+1, within the image) shows the background or
// a surface not nearer than the point by more than KeypointDepthTolerance
// (relative); else Occluded.
//
// Looking at four centres instead of the one pixel the point falls in is
// what makes corners on silhouette edges come out right: a box corner on
// the outline has a centre outside the object next to it, and a visible
// vertex of a convex object inside its outline has, among the four centres
// around it, one whose surface is not nearer than the vertex (inverse depth
// over the image is concave on the front of a convex object), so neither
// needs a depth tolerance wider than the float error of the depth buffer. The price
// is a margin of one pixel: a point hidden less than a pixel behind an
// occluding edge counts as visible.
//
// # COCO RLE
//
// An RLE is COCO's, as pycocotools' maskApi.c: Counts are runs over the
// mask in column-major order (down each column, then the next column),
// alternating 0s and 1s and starting with a possibly empty run of 0s;
// the last run is not followed by an empty one. String gives the compressed
// "counts" string of rleToString byte for byte (each count minus the one
// two before it from the fourth on, in 5-bit groups with a continuation
// bit, offset by '0'); ParseRLE reads it back, rejecting malformed input
// with an error. EncodeMask encodes a row-major mask; Decode, Area, BBox and
// IoU work on the runs.
//
// # Map encodings
//
// All images are non-interlaced PNGs with 16-bit samples, readable by any
// PNG decoder; maps are row-major, width×height. They are written by a
// small PNG writer of this package (Up filter, zlib at BestSpeed) because
// image/png encodes 16-bit images through one interface
// call and one allocation per pixel, four times slower; they are read with
// image/png.
//
//   - Depth PNG: 16-bit grayscale, millimetres rounded to nearest (halves
//     up), 0 for the background. Depths of 65.535 m and beyond saturate to
//     65535; positive depths below 0.5 mm encode as 1 so that no surface
//     reads as background. DecodeDepthPNG returns metres.
//   - Raw depth: little-endian IEEE float32 metres, 4 bytes per pixel, no
//     header, lossless (EncodeDepthFloat32, DecodeDepthFloat32).
//   - Instance PNG: 16-bit grayscale holding the id when every id of the
//     map is at most 65535; otherwise 16-bit RGB holding 32-bit ids in two
//     channels, id = R<<16 | G, with B = 0. DecodeInstancePNG reads both
//     forms into []uint32.
//   - Class PNG: 16-bit grayscale class ids of CategoryMap, 0 background
//     (EncodeGray16PNG, DecodeGray16PNG).
//
// The same writer encodes a frame's colour image as an 8-bit RGB PNG
// (EncodeRGBPNG), about four times faster than image/png.
//
// Decoders check the PNG header before decoding and refuse images larger
// than scene.DefaultLimits allows, so a hostile file cannot make them
// allocate without bound.
package labels
