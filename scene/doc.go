// Package scene holds what is in the world: meshes, materials, textures,
// objects, a pinhole camera, lights and post-effects, and the multi-part
// Models that assets become. It is pure data and the checks on it
// (Validate, Limits); nothing here renders or reads files, and it imports
// nothing of synthkit's.
//
// Data enters a Scene from procedural builders (Box, Lathe, Cylinder,
// Ellipsoid, Sphere, Plane, Quad), from Models (loaded from glTF files by
// package scene/gltf, or built in code as package product does), or from a
// generator that assembles objects per sample. It leaves through a
// renderer (package render), which turns it into a Frame, and through
// package labels, which reads the scene and the frame to produce exact
// annotations.
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
// # Models
//
// A Model is an asset as a renderer sees it: Parts (mesh, material,
// transform in the model's frame) and their bounds. Model.Instantiate and
// Model.AppendInstance place a model into a scene, one Object per part,
// without copying vertex data. Package scene/gltf loads Models from glTF
// 2.0 files (with limits and URI confinement), caches them and writes them
// as GLB; package scene/merge merges a model's parts into one mesh with
// one texture atlas, so that one object (one instance label) covers it.
//
// The shading model and shadows are defined in package render/shading.
package scene
