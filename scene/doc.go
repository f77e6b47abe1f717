// Package scene holds what is in the world: meshes, materials, textures,
// objects, a pinhole camera and lights. It is pure data; nothing here renders.
//
// Data enters a Scene from procedural builders (Box, Lathe, Cylinder,
// Ellipsoid, Plane), from glTF assets, or from a generator that assembles
// objects per sample. It leaves through a renderer (package render), which
// turns it into a Frame, and through package labels, which reads the scene
// and the frame to produce exact annotations.
//
// # Conventions
//
// World units are metres. Vertex data is float32 (as in glTF); transforms and
// the camera are float64, so that label geometry is exact to well below a
// pixel.
//
// Camera frame: OpenCV convention, x right, y down, z forward. Camera.Pose
// maps world coordinates to camera coordinates. Depth is the camera-frame z
// of a point (distance to the image plane, not to the camera centre).
//
// Image space: origin at the top-left corner, x right, y down. Pixel (x, y)
// covers [x, x+1)×[y, y+1) and its sample point is the centre (x+0.5, y+0.5).
// A point at camera coordinates (X, Y, Z) projects to u = Fx·X/Z + Cx,
// v = Fy·Y/Z + Cy in these continuous image coordinates; with Cx = Width/2
// the optical axis passes through the boundary between the two middle
// columns.
//
// Objects whose Category is empty are context (tables, floors, shelf
// fixtures): they are rendered and occlude, but they are not annotated.
//
// Instance ids: object i of Scene.Objects (0-based) has instance id i+1;
// id 0 is the background.
//
// Meshes, materials and textures are shared by pointer between objects and
// between scenes and must not be modified once a scene that uses them has
// been handed to a renderer.
//
// # Assets
//
// LoadGLTF reads glTF 2.0 (.gltf with external or data-URI resources, and
// .glb) through an fs.FS into a Model of parts, bounding every size before
// allocating and confining every URI to the asset's directory; AssetCache
// loads each model once and shares its meshes; Model.Instantiate places a
// model into a scene without copying vertex data; WriteGLB writes
// procedural models.
//
// The shading model and shadows are defined in package render/shading.
package scene
