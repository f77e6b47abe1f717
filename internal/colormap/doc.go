// Package colormap holds synthkit's false colours, one definition for
// every picture made of label buffers: `synth preview`'s contact sheets
// (package export) and `synth view`'s window (cmd/synth) draw instances,
// depth and normals with these functions, so the two agree pixel for
// pixel.
//
//   - Instance: the colour of instance id i, hues spread by the golden
//     ratio so that neighbouring ids differ; black for the background.
//   - Viridis: matplotlib's viridis colormap (five stops, linear in sRGB
//     bytes), dark purple at 0, yellow at 1.
//   - Depth: a depth map coloured by inverse depth (disparity), the
//     nearest 1% of the foreground yellow and the farthest 1% dark
//     purple, so colour is spent where the objects are rather than on a
//     far wall.
//   - Normal: a camera-frame unit normal as the usual (n+1)/2 RGB.
//
// Data enters as plain slices (the layout of render.Frame and of a
// dataset row: row-major, index y*w+x) and leaves as colours or
// *image.RGBA. Nothing here is a label: these are pictures for people.
package colormap
