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
// Instance ids: object i of Scene.Objects (0-based) has instance id i+1;
// id 0 is the background.
//
// Meshes, materials and textures are shared by pointer between objects and
// between scenes and must not be modified once a scene that uses them has
// been handed to a renderer.
//
// # Shading model
//
// Materials follow glTF's metallic-roughness parameters, evaluated with a
// simple model that every renderer implements identically: Lambert diffuse
// with albedo BaseColor·(1−Metallic), plus a Blinn-Phong specular lobe of
// exponent 2/α²−2 (α = Roughness², clamped to [0.03, 1]) and strength
// F0 = mix(0.04, BaseColor, Metallic), normalised by (n+8)/8π and
// multiplied by π so that a white light of intensity 1 on a white Lambert
// surface facing it gives a radiance of 1. Ambient light adds
// Ambient·albedo. Emissive adds directly. Shading happens in linear RGB;
// textures are sRGB-encoded and are converted to linear before bilinear
// filtering; the final colour is encoded back to sRGB.
package scene
