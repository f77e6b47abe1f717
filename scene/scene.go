package scene

import (
	"fmt"
	"image"

	"github.com/go-gl/mathgl/mgl32"
	"github.com/go-gl/mathgl/mgl64"
)

// Scene is everything a renderer needs for one image: a camera, the objects
// in the world, the lights, and the background colour.
type Scene struct {
	Camera     Camera
	Objects    []Object
	Lights     []Light
	Background Color // linear RGB of pixels no object covers
	// Environment, when set, lights the scene from every direction as
	// well as Lights (image-based lighting; see Environment). It does not
	// change Background.
	Environment *Environment
	// Post is the camera's image processing applied to the rendered
	// colour only (noise, blur, colour jitter, JPEG); the zero value
	// means none. See Post and render.ApplyPost.
	Post Post
	// Annotations are labelled groups, regions and polylines beyond the
	// objects themselves (see Annotation); label writers turn them into
	// image labels. Renderers ignore them.
	Annotations []Annotation
}

// Object is one placed instance of a mesh. Its instance id in a rendered
// frame is its index in Scene.Objects plus one.
type Object struct {
	Name     string
	Mesh     *Mesh
	Material *Material // nil means DefaultMaterial
	// Transform maps the mesh's local coordinates to world coordinates.
	Transform mgl64.Mat4
	// Category is the class label written to annotations (a SKU id, "can", ...).
	Category string
	// Meta is user metadata carried into annotations unchanged: the
	// object's attributes. Keys must be identifiers (ValidAttrKey);
	// Validate rejects others.
	Meta map[string]string
}

// Mesh is an indexed triangle mesh in its own local frame. Triangles are
// counter-clockwise when seen from their front side in a right-handed
// world (glTF's winding).
type Mesh struct {
	Name      string
	Positions []mgl32.Vec3
	Normals   []mgl32.Vec3 // per vertex; empty means flat (face) normals
	UVs       []mgl32.Vec2 // per vertex; empty when the mesh has no texture coordinates
	Colors    []mgl32.Vec4 // per-vertex linear RGBA (glTF COLOR_0), multiplies the base colour; may be empty
	// Tangents holds one tangent per vertex for normal mapping, as glTF's
	// TANGENT: xyz is the local direction in which the texture coordinate
	// u grows, w (+1 or −1) the handedness, the bitangent being
	// w·(normal × xyz). It may be empty, and is used only with vertex
	// normals and a normal texture; without it renderers derive a frame
	// per triangle from the UVs (package render/shading, "Textures").
	Tangents []mgl32.Vec4
	Indices  []uint32 // three per triangle
}

// NumTriangles returns len(Indices)/3.
func (m *Mesh) NumTriangles() int { return len(m.Indices) / 3 }

// Bounds returns the axis-aligned bounding box of the mesh's referenced
// vertices in its local frame. An empty mesh gives two zero vectors. A
// coordinate that is NaN for some vertex is NaN in both corners; -0 is
// below +0.
//
// The minimum and maximum are taken in float32 and converted once: the
// conversion to float64 is exact and keeps the order, so this is what
// converting every vertex first gives (TestBoundsExact), in about 0.8 of
// the time (BenchmarkBounds).
func (m *Mesh) Bounds() (lo, hi mgl64.Vec3) {
	pos := m.Positions
	var l, h mgl32.Vec3
	first := true
	for _, i := range m.Indices {
		if int(i) >= len(pos) {
			continue
		}
		p := pos[i]
		if first {
			l, h, first = p, p, false
			continue
		}
		l[0], h[0] = min(l[0], p[0]), max(h[0], p[0])
		l[1], h[1] = min(l[1], p[1]), max(h[1], p[1])
		l[2], h[2] = min(l[2], p[2]), max(h[2], p[2])
	}
	return mgl64.Vec3{float64(l[0]), float64(l[1]), float64(l[2])}, mgl64.Vec3{float64(h[0]), float64(h[1]), float64(h[2])}
}

// Wrap is a texture coordinate wrap mode (glTF sampler semantics).
type Wrap uint8

// Texture wrap modes.
const (
	Repeat Wrap = iota
	ClampToEdge
	MirroredRepeat
)

// Texture is an sRGB-encoded 8-bit image with its sampler settings.
// Renderers sample it bilinearly in linear light.
type Texture struct {
	Name         string
	Image        *image.NRGBA
	WrapS, WrapT Wrap
	// Nearest selects nearest-texel sampling instead of bilinear.
	Nearest bool
}

// Material describes how a surface reflects light (see the package
// documentation for the shading model).
type Material struct {
	Name             string
	BaseColor        Color    // linear; multiplies the texture
	BaseColorTexture *Texture // optional
	// UVTransform maps mesh UVs to texture UVs (KHR_texture_transform);
	// the zero value means identity.
	UVTransform mgl32.Mat3
	Metallic    float32 // 0 dielectric .. 1 metal
	Roughness   float32 // 0 mirror-like .. 1 fully rough
	Emissive    Color   // linear radiance added to the shaded colour
	// DoubleSided disables back-face culling for this material, and
	// shades back faces with the flipped normal.
	DoubleSided bool
	// Unlit outputs the base colour (times texture and vertex colour) as is.
	Unlit bool
	// AlphaMode says how the coverage alpha (BaseColor.A × texture alpha
	// × vertex colour alpha) is used: ignored (AlphaOpaque, the zero
	// value), a cutoff test (AlphaMask) or blending (AlphaBlend); see
	// AlphaMode for the label rules.
	AlphaMode AlphaMode
	// AlphaCutoff is the AlphaMask threshold: a sample whose alpha is
	// below it is not drawn. Zero means glTF's default 0.5 (see Cutoff),
	// so a cutoff of exactly 0 cannot be expressed; use a tiny positive
	// value instead. It must lie in [0, 1].
	AlphaCutoff float32

	// The other textures of glTF's metallic-roughness model. They are
	// optional, read the same texture coordinates as BaseColorTexture
	// (the mesh's UVs through UVTransform) with their own wrap modes and
	// filter, and change colour only: no label depends on them (package
	// render/shading, "Textures").

	// MetallicRoughnessTexture holds linear values: its blue channel
	// multiplies Metallic and its green channel Roughness.
	MetallicRoughnessTexture *Texture
	// NormalTexture is a tangent-space normal map (linear; X right and Y
	// up in the image, Z out of the surface), its X and Y scaled by
	// NormalScale (zero means 1). It bends the shading normal only; the
	// normals a renderer writes as labels are the mesh's.
	NormalTexture *Texture
	NormalScale   float32
	// OcclusionTexture holds linear ambient occlusion in its red channel,
	// applied to ambient light as 1 + OcclusionStrength·(R − 1)
	// (OcclusionStrength zero means 1).
	OcclusionTexture  *Texture
	OcclusionStrength float32
	// EmissiveTexture is sRGB-encoded; its RGB multiplies Emissive.
	EmissiveTexture *Texture
}

// NormalStrength returns the effective scale of the normal map's X and Y:
// NormalScale, or glTF's default 1 when it is zero.
func (m *Material) NormalStrength() float32 {
	if m.NormalScale == 0 {
		return 1
	}
	return m.NormalScale
}

// Occlusion returns the effective occlusion strength: OcclusionStrength,
// or glTF's default 1 when it is zero.
func (m *Material) Occlusion() float32 {
	if m.OcclusionStrength == 0 {
		return 1
	}
	return m.OcclusionStrength
}

// Textures returns the material's textures in a fixed order (base colour,
// metallic-roughness, normal, occlusion, emissive), nil where a slot is
// empty.
func (m *Material) Textures() [5]*Texture {
	return [5]*Texture{m.BaseColorTexture, m.MetallicRoughnessTexture, m.NormalTexture, m.OcclusionTexture, m.EmissiveTexture}
}

// Cutoff returns the effective AlphaMask threshold: AlphaCutoff, or glTF's
// default 0.5 when it is zero.
func (m *Material) Cutoff() float32 {
	if m.AlphaCutoff == 0 {
		return 0.5
	}
	return m.AlphaCutoff
}

// AlphaMode is how a material's alpha is used (glTF's alphaMode).
//
// Label rules: a masked-out sample (AlphaMask, alpha below the cutoff)
// is not part of the surface at all: it writes no colour, no instance id
// and no depth, and is not in the object's silhouette, so a label's
// coverage is exactly the set of pixels whose centre samples an alpha at
// or above the cutoff. A blended surface (AlphaBlend) only affects colour,
// which is composited over what lies behind it; for labels it is opaque:
// its object owns the pixels of its silhouette and depth is that of the
// first surface.
type AlphaMode uint8

// Alpha modes.
const (
	// AlphaOpaque ignores alpha: the surface is fully opaque.
	AlphaOpaque AlphaMode = iota
	// AlphaMask draws the samples whose alpha is at least Material.Cutoff
	// as opaque and discards the others.
	AlphaMask
	// AlphaBlend composites the surface's colour over what lies behind it
	// with the over operator in linear light, weighted by its alpha.
	AlphaBlend
)

// String returns the glTF name of the mode (OPAQUE, MASK, BLEND).
func (a AlphaMode) String() string {
	switch a {
	case AlphaOpaque:
		return "OPAQUE"
	case AlphaMask:
		return "MASK"
	case AlphaBlend:
		return "BLEND"
	}
	return fmt.Sprintf("AlphaMode(%d)", uint8(a))
}

// defaultMaterial is used for objects whose Material is nil.
var defaultMaterial = Material{Name: "default", BaseColor: Color{0.8, 0.8, 0.8, 1}, Roughness: 1}

// DefaultMaterial returns a copy of the material used for objects whose
// Material is nil: a light grey, fully rough, single-sided dielectric.
func DefaultMaterial() *Material { m := defaultMaterial; return &m }

// MaterialOrDefault returns o.Material, or the shared default material when
// it is nil. The result must not be modified.
func (o *Object) MaterialOrDefault() *Material {
	if o.Material == nil {
		return &defaultMaterial
	}
	return o.Material
}

// LightKind says which fields of a Light are used.
type LightKind uint8

// Light kinds.
const (
	// Ambient light reaches every surface equally from all directions.
	Ambient LightKind = iota
	// Directional light arrives in parallel along Direction (a sun).
	Directional
	// Point light emits from Position in all directions and falls off with
	// the inverse square of distance.
	Point
)

// Light is one light source. Its radiometric strength is Color·Intensity:
// for Ambient and Directional the irradiance on a surface facing it, for
// Point the intensity in W/sr-like units (irradiance at 1 m).
type Light struct {
	Kind      LightKind
	Color     Color   // linear, usually with max component 1
	Intensity float64 // multiplies Color
	// Direction is the direction the light travels, in world coordinates
	// (Directional only). It need not be normalised.
	Direction mgl64.Vec3
	// Position in world coordinates (Point only).
	Position mgl64.Vec3
	// CastShadows asks renderers that support it to shadow this light.
	CastShadows bool
}
