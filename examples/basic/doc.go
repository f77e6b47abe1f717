// Package basic is the generator to copy from: random primitives — boxes,
// cylinders, spheres (and squashed or stretched ellipsoids) and cones —
// standing on a table, under a random light rig, seen by a random camera.
// It is registered as "basic" and is meant to be read as much as run.
//
// # What a sample contains
//
// Scene.Objects holds first the labelled objects (instance ids 1..n), whose
// Category is their shape name, then the context: the table top, its four
// legs and the floor. Context objects have an empty Category: they occlude
// and cast shadows like anything else but label writers do not annotate
// them.
//
// World units are metres, +y is up, the floor is the plane y = 0 and the
// table top is centred above the origin. Objects stand upright on the table
// top with a random turn about the vertical; their footprints (the circles
// around them seen from above) do not overlap, so no two objects
// interpenetrate.
//
// The camera looks at a point near the middle of the table from a random
// direction 25°–75° above the horizon, at a random distance and field of
// view (params camera_distance and fov_deg). Lighting is an ambient term,
// one shadow-casting directional key light and, half the time, a point
// light, with colour temperatures from scene.Kelvin. With the environment
// param the scene is also lit by an environment map (package
// scene/envmap): "studio", or an HDRI (.hdr, .png, .jpg) read from the
// job's assets, turned at random about the vertical per sample and, with
// environment_background, drawn behind the scene as an HDRI backdrop
// (labels unchanged).
//
// # Patterns worth copying
//
//   - Params is a plain struct with json and doc tags, DefaultParams gives
//     its defaults and Params.Validate rejects bad values; the registry does
//     the decoding and reports mistakes.
//   - Everything samples can share is built once in New: the primitive
//     meshes are unit-sized and every object scales one of them with its
//     transform. Only materials and transforms are made per sample.
//   - Every random number comes from the Context's Rand, through the
//     helpers of package generator; optional features draw theirs last,
//     so that samples without them keep their draws.
//   - Files come from the job's assets only, through UseAssets
//     (generator.AssetUser), which the runner calls once with them.
package basic
