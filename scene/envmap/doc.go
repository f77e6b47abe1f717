// Package envmap makes scene.Environment values: equirectangular radiance
// maps for image-based lighting, decoded from files or made procedurally.
//
// # Files
//
// Decode and Load read Radiance RGBE (.hdr), PNG and JPEG maps, telling
// the format by its first bytes, never by a file name. RGBE holds linear
// radiance, taken as stored (the EXPOSURE header undone as Radiance
// specifies); PNG and JPEG are sRGB-encoded and are decoded to linear
// light by the exact sRGB transfer function, 16-bit PNG at full
// precision. Files come from strangers, so the size a header claims is
// checked before anything is allocated for it (MaxSourceHeight), the bytes
// read are bounded (MaxInputBytes), a map must be 2:1, and a map taller
// than the caller's maxHeight is box-filtered down to it. Every result
// passes scene.Environment.Validate.
//
// # Procedural environments
//
// Uniform, Studio and Store are pure functions of their arguments: the
// same arguments give the same float32 values bit for bit on every
// machine. Uniform is one colour everywhere; Studio is a neutral photo
// studio of softboxes over a grey floor, like the "neutral" environments
// of glTF viewers; Store is a supermarket aisle under rows of strip
// lights. Their radiance is in the units of an Ambient light: Irradiance
// reports what a white matte surface facing a given way reflects, 1 being
// "fully lit", and each procedural map documents the values it gives.
//
// # Conventions
//
// Maps follow scene.Environment: row 0 looks up (+Y), the centre column
// looks along −Z and a quarter of the width to its right along +X. The
// world is metres, Y up; a procedural map is seen from one point, and
// names the axis its features run along.
package envmap
