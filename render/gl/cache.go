//go:build gl

package gl

import (
	"fmt"
	"image"
	"sort"
	"unsafe"

	"github.com/go-gl/gl/v4.1-core/gl"
	"github.com/go-gl/mathgl/mgl32"
	"github.com/go-gl/mathgl/mgl64"

	"github.com/synthkit/synthkit/scene"
)

// Vertex layout: position 3, normal 3, uv 2, colour 4, tangent 4 floats
// (Mesh.Tangents, zero without them), interleaved.
const (
	vertexFloats = 16
	vertexStride = vertexFloats * 4
)

// Instance layout, in 32-bit words: model-view matrix 16 floats
// (column-major; the vertex shader derives the normal matrix from it),
// instance id 1 uint32, then the
// material: base colour 4, first row of the UV transform 3 and metallic 1,
// second row 3 and the specular exponent 1 (shading.Material.Exp),
// emissive 3 and the roughness factor (shading.Material.Roughness), or −1
// for an unlit material. Carrying the
// material per instance lets one draw cover every object that shares a mesh
// and a texture, whatever their colours.
const (
	instanceWords  = 33
	instanceStride = instanceWords * 4
)

// gpuMesh is a mesh uploaded once and drawn by any number of objects.
type gpuMesh struct {
	vao, vbo, ebo uint32
	count         int32      // indices to draw
	tangents      bool       // the vertices carry Mesh.Tangents
	lo, hi        mgl64.Vec3 // local bounds, for silhouette boxes
	bytes         int64
	lastUsed      uint64
}

// gpuTexture is a material texture uploaded once in one colour space.
type gpuTexture struct {
	id       uint32
	bytes    int64
	lastUsed uint64
}

// cache keeps uploaded meshes and textures keyed by their scene pointers.
// Scenes must not modify a mesh or texture once handed to a renderer (see
// package scene), so the pointer identifies the content; holding the
// pointer also keeps the address from being reused while cached.
type cache struct {
	meshes    map[*scene.Mesh]*gpuMesh
	textures  map[texKey]*gpuTexture
	bytes     int64
	budget    int64
	instances uint32 // the shared per-instance attribute buffer
	maxTex    int
}

func newCache(budget int64, instances uint32, maxTex int) *cache {
	return &cache{
		meshes:   map[*scene.Mesh]*gpuMesh{},
		textures: map[texKey]*gpuTexture{},
		budget:   budget, instances: instances, maxTex: maxTex,
	}
}

// mesh returns the uploaded form of m, uploading it on first use.
func (c *cache) mesh(m *scene.Mesh, frame uint64) (*gpuMesh, error) {
	if g, ok := c.meshes[m]; ok {
		g.lastUsed = frame
		return g, nil
	}
	verts, idx := meshVertices(m)
	g := &gpuMesh{count: int32(len(idx)), lastUsed: frame, tangents: hasTangents(m)}
	g.lo, g.hi = m.Bounds()
	g.bytes = int64(len(verts)*4 + len(idx)*4)
	gl.GenVertexArrays(1, &g.vao)
	gl.BindVertexArray(g.vao)
	gl.GenBuffers(1, &g.vbo)
	gl.BindBuffer(gl.ARRAY_BUFFER, g.vbo)
	if len(verts) > 0 {
		gl.BufferData(gl.ARRAY_BUFFER, len(verts)*4, gl.Ptr(verts), gl.STATIC_DRAW)
	}
	for _, a := range []struct {
		loc    uint32
		n, off int32
	}{{locPosition, 3, 0}, {locNormal, 3, 3}, {locUV, 2, 6}, {locColor, 4, 8}, {locTangent, 4, 12}} {
		gl.EnableVertexAttribArray(a.loc)
		gl.VertexAttribPointerWithOffset(a.loc, a.n, gl.FLOAT, false, vertexStride, uintptr(a.off*4))
	}
	gl.GenBuffers(1, &g.ebo)
	gl.BindBuffer(gl.ELEMENT_ARRAY_BUFFER, g.ebo)
	if len(idx) > 0 {
		gl.BufferData(gl.ELEMENT_ARRAY_BUFFER, len(idx)*4, gl.Ptr(idx), gl.STATIC_DRAW)
	}
	// Per-instance attributes come from the shared instance buffer; draws
	// select their slice of it with a base instance.
	gl.BindBuffer(gl.ARRAY_BUFFER, c.instances)
	for col := range uint32(4) {
		gl.EnableVertexAttribArray(locModelView + col)
		gl.VertexAttribPointerWithOffset(locModelView+col, 4, gl.FLOAT, false, instanceStride, uintptr(col*16))
		gl.VertexAttribDivisor(locModelView+col, 1)
	}
	gl.EnableVertexAttribArray(locID)
	gl.VertexAttribIPointerWithOffset(locID, 1, gl.UNSIGNED_INT, instanceStride, 64)
	gl.VertexAttribDivisor(locID, 1)
	for k := range uint32(4) {
		gl.EnableVertexAttribArray(locMaterial + k)
		gl.VertexAttribPointerWithOffset(locMaterial+k, 4, gl.FLOAT, false, instanceStride, uintptr(68+k*16))
		gl.VertexAttribDivisor(locMaterial+k, 1)
	}
	gl.BindVertexArray(0)
	gl.BindBuffer(gl.ARRAY_BUFFER, 0)
	if err := glError(fmt.Sprintf("uploading mesh %q (%d vertices, %d triangles)", m.Name, len(verts)/vertexFloats, len(idx)/3)); err != nil {
		c.deleteMesh(g)
		return nil, err
	}
	c.meshes[m] = g
	c.bytes += g.bytes
	return g, nil
}

// meshVertices interleaves a mesh's attributes, filling defaults for
// missing ones (uv 0, colour white). A mesh without normals is expanded to
// three vertices per triangle carrying the face normal, so flat shading
// needs no derivative tricks in the shader.
func meshVertices(m *scene.Mesh) ([]float32, []uint32) {
	tangents := hasTangents(m)
	put := func(dst []float32, i uint32, n mgl32.Vec3) []float32 {
		p := m.Positions[i]
		var uv mgl32.Vec2
		if len(m.UVs) != 0 {
			uv = m.UVs[i]
		}
		col := mgl32.Vec4{1, 1, 1, 1}
		if len(m.Colors) != 0 {
			col = m.Colors[i]
		}
		var t mgl32.Vec4
		if tangents {
			t = m.Tangents[i]
		}
		return append(dst, p[0], p[1], p[2], n[0], n[1], n[2], uv[0], uv[1], col[0], col[1], col[2], col[3],
			t[0], t[1], t[2], t[3])
	}
	if len(m.Normals) != 0 {
		verts := make([]float32, 0, len(m.Positions)*vertexFloats)
		for i := range m.Positions {
			verts = put(verts, uint32(i), m.Normals[i])
		}
		return verts, m.Indices
	}
	verts := make([]float32, 0, len(m.Indices)*vertexFloats)
	idx := make([]uint32, len(m.Indices))
	for t := 0; t+2 < len(m.Indices); t += 3 {
		a, b, c := m.Indices[t], m.Indices[t+1], m.Indices[t+2]
		pa, pb, pc := m.Positions[a], m.Positions[b], m.Positions[c]
		n := pb.Sub(pa).Cross(pc.Sub(pa))
		if l := n.Len(); l > 0 {
			n = n.Mul(1 / l)
		}
		for k, i := range []uint32{a, b, c} {
			verts = put(verts, i, n)
			idx[t+k] = uint32(t + k)
		}
	}
	return verts, idx
}

// hasTangents reports whether m's vertex tangents are used: with vertex
// normals only, as in render/soft.
func hasTangents(m *scene.Mesh) bool {
	return len(m.Tangents) != 0 && len(m.Normals) != 0
}

// texKey identifies an uploaded texture: the same image may be uploaded
// as colour (sRGB) and as data (linear).
type texKey struct {
	t    *scene.Texture
	srgb bool
}

// texture returns the uploaded form of t, uploading it on first use: in
// GL_SRGB8_ALPHA8 when srgb is set, so that texels are decoded to linear
// before filtering (base colour, emissive), else in GL_RGBA8 (data
// textures: metallic-roughness, normal, occlusion).
func (c *cache) texture(t *scene.Texture, srgb bool, frame uint64) (*gpuTexture, error) {
	key := texKey{t, srgb}
	if g, ok := c.textures[key]; ok {
		g.lastUsed = frame
		return g, nil
	}
	img := t.Image
	if img == nil || img.Rect.Empty() {
		return nil, fmt.Errorf("gl: texture %q is empty", t.Name)
	}
	w, h := img.Rect.Dx(), img.Rect.Dy()
	if w > c.maxTex || h > c.maxTex {
		return nil, fmt.Errorf("gl: texture %q is %dx%d, the context allows at most %d per side", t.Name, w, h, c.maxTex)
	}
	if img.Stride%4 != 0 || img.Stride < 4*w {
		img = toNRGBA(img)
	}
	g := &gpuTexture{bytes: int64(w * h * 4), lastUsed: frame}
	gl.GenTextures(1, &g.id)
	gl.BindTexture(gl.TEXTURE_2D, g.id)
	gl.PixelStorei(gl.UNPACK_ALIGNMENT, 1)
	gl.PixelStorei(gl.UNPACK_ROW_LENGTH, int32(img.Stride/4))
	// Image row 0 (the top) becomes texel row t = 0, which is where glTF
	// puts uv (·, 0): no flip.
	format := int32(gl.RGBA8)
	if srgb {
		format = gl.SRGB8_ALPHA8
	}
	gl.TexImage2D(gl.TEXTURE_2D, 0, format, int32(w), int32(h), 0, gl.RGBA, gl.UNSIGNED_BYTE,
		unsafe.Pointer(&img.Pix[img.PixOffset(img.Rect.Min.X, img.Rect.Min.Y)]))
	gl.PixelStorei(gl.UNPACK_ROW_LENGTH, 0)
	filter := int32(gl.LINEAR)
	if t.Nearest {
		filter = gl.NEAREST
	}
	gl.TexParameteri(gl.TEXTURE_2D, gl.TEXTURE_MIN_FILTER, filter)
	gl.TexParameteri(gl.TEXTURE_2D, gl.TEXTURE_MAG_FILTER, filter)
	gl.TexParameteri(gl.TEXTURE_2D, gl.TEXTURE_MAX_LEVEL, 0)
	gl.TexParameteri(gl.TEXTURE_2D, gl.TEXTURE_WRAP_S, wrapMode(t.WrapS))
	gl.TexParameteri(gl.TEXTURE_2D, gl.TEXTURE_WRAP_T, wrapMode(t.WrapT))
	gl.BindTexture(gl.TEXTURE_2D, 0)
	if err := glError(fmt.Sprintf("uploading texture %q (%dx%d)", t.Name, w, h)); err != nil {
		gl.DeleteTextures(1, &g.id)
		return nil, err
	}
	c.textures[key] = g
	c.bytes += g.bytes
	return g, nil
}

func wrapMode(w scene.Wrap) int32 {
	switch w {
	case scene.ClampToEdge:
		return gl.CLAMP_TO_EDGE
	case scene.MirroredRepeat:
		return gl.MIRRORED_REPEAT
	}
	return gl.REPEAT
}

// toNRGBA copies an image with an unusual stride into a packed one.
func toNRGBA(src *image.NRGBA) *image.NRGBA {
	r := src.Rect
	dst := image.NewNRGBA(image.Rect(0, 0, r.Dx(), r.Dy()))
	for y := r.Min.Y; y < r.Max.Y; y++ {
		i := src.PixOffset(r.Min.X, y)
		copy(dst.Pix[(y-r.Min.Y)*dst.Stride:], src.Pix[i:i+4*r.Dx()])
	}
	return dst
}

// evict releases the least recently used meshes and textures not used by
// the current frame until the cache fits its budget.
func (c *cache) evict(frame uint64) {
	if c.bytes <= c.budget {
		return
	}
	type entry struct {
		last  uint64
		drop  func()
		bytes int64
	}
	var old []entry
	for m, g := range c.meshes {
		if g.lastUsed < frame {
			old = append(old, entry{g.lastUsed, func() { c.deleteMesh(g); delete(c.meshes, m) }, g.bytes})
		}
	}
	for t, g := range c.textures {
		if g.lastUsed < frame {
			old = append(old, entry{g.lastUsed, func() { gl.DeleteTextures(1, &g.id); delete(c.textures, t) }, g.bytes})
		}
	}
	sort.Slice(old, func(i, j int) bool { return old[i].last < old[j].last })
	for _, e := range old {
		if c.bytes <= c.budget {
			break
		}
		e.drop()
		c.bytes -= e.bytes
	}
}

func (c *cache) deleteMesh(g *gpuMesh) {
	gl.DeleteVertexArrays(1, &g.vao)
	gl.DeleteBuffers(1, &g.vbo)
	gl.DeleteBuffers(1, &g.ebo)
}

// release frees everything.
func (c *cache) release() {
	for m, g := range c.meshes {
		c.deleteMesh(g)
		delete(c.meshes, m)
	}
	for t, g := range c.textures {
		gl.DeleteTextures(1, &g.id)
		delete(c.textures, t)
	}
	c.bytes = 0
}
