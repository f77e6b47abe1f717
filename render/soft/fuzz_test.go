package soft

import (
	"encoding/binary"
	"math"
	"testing"

	"github.com/go-gl/mathgl/mgl32"
	"github.com/go-gl/mathgl/mgl64"

	"github.com/synthkit/synthkit/scene"
)

// FuzzRender builds scenes from arbitrary bytes — camera, triangles,
// object transforms, attributes, materials, lights, with extreme and
// non-finite values where Validate allows them — and checks that every
// scene Validate accepts renders without panicking, into a frame whose
// buffers are consistent.
func FuzzRender(f *testing.F) {
	f.Add([]byte("a small seed"), uint8(1))
	f.Add(make([]byte, 200), uint8(2))
	seed := make([]byte, 0, 400)
	for i := range 100 {
		seed = binary.LittleEndian.AppendUint32(seed, math.Float32bits(float32(i%7)-3+float32(i)*0.01))
	}
	f.Add(seed, uint8(3))
	f.Fuzz(func(t *testing.T, data []byte, samples uint8) {
		rd := reader{data: data}
		cam := scene.Camera{
			Fx: 1 + math.Abs(rd.f64()), Fy: 1 + math.Abs(rd.f64()),
			Cx: rd.f64(), Cy: rd.f64(),
			Width: 1 + int(rd.byte()%40), Height: 1 + int(rd.byte()%30),
			Near: 0.01 + math.Abs(rd.f64()), Pose: mgl64.Ident4(),
		}
		cam.Far = cam.Near * (1.5 + math.Abs(rd.f64()))
		for i := range 12 {
			cam.Pose[i] += rd.f64() * 0.1
		}
		s := &scene.Scene{Camera: cam}
		for range 1 + rd.byte()%4 {
			m := &scene.Mesh{}
			nv := 3 + int(rd.byte()%6)
			for range nv {
				m.Positions = append(m.Positions, mgl32.Vec3{rd.f32(), rd.f32(), rd.f32()})
			}
			if rd.byte()%2 == 0 {
				for range nv {
					m.Normals = append(m.Normals, mgl32.Vec3{rd.f32(), rd.f32(), rd.f32()})
					m.UVs = append(m.UVs, mgl32.Vec2{rd.f32(), rd.f32()})
					m.Colors = append(m.Colors, mgl32.Vec4{rd.f32(), rd.f32(), rd.f32(), 1})
				}
			}
			for range 3 * (1 + int(rd.byte()%4)) {
				m.Indices = append(m.Indices, uint32(rd.byte())%uint32(nv))
			}
			tr := mgl64.Translate3D(0, 0, 2)
			for i := range 16 {
				if rd.byte()%3 == 0 {
					tr[i] += rd.f64()
				}
			}
			mat := &scene.Material{BaseColor: scene.RGB(rd.f32(), 1, 1), Roughness: rd.f32(), Metallic: rd.f32(),
				DoubleSided: rd.byte()%2 == 0, Unlit: rd.byte()%5 == 0}
			if rd.byte()%2 == 0 {
				mat.BaseColorTexture = &scene.Texture{Image: checker2x2(), WrapS: scene.Wrap(rd.byte() % 4), Nearest: rd.byte()%2 == 0}
				mat.UVTransform = mgl32.Mat3{rd.f32(), 0, 0, 0, 1, 0, rd.f32(), 0, 1}
			}
			s.Objects = append(s.Objects, scene.Object{Name: "fuzz", Mesh: m, Material: mat, Transform: tr})
		}
		s.Lights = []scene.Light{
			{Kind: scene.Ambient, Color: scene.RGB(1, 1, 1), Intensity: 0.2},
			{Kind: scene.Point, Color: scene.RGB(1, 1, 1), Intensity: 1, Position: mgl64.Vec3{rd.f64(), rd.f64(), rd.f64()}},
		}
		if s.Validate() != nil {
			return
		}
		r := New(Options{SSAA: int(samples % 4)})
		defer r.Close()
		fr := mustRender(t, r, s)
		for i, d := range fr.Depth {
			id := fr.IDs[i]
			if (id == 0) != (d == 0) || int(id) > len(s.Objects) {
				t.Fatalf("pixel %d: id %d depth %g", i, id, d)
			}
			if id != 0 {
				if !(float64(d) >= cam.Near*(1-1e-5) && float64(d) <= cam.Far*(1+1e-5)) {
					t.Fatalf("pixel %d: depth %g outside [%g, %g]", i, d, cam.Near, cam.Far)
				}
				if l := fr.Normals[i].Len(); math.Abs(float64(l)-1) > 1e-4 {
					t.Fatalf("pixel %d: normal %v", i, fr.Normals[i])
				}
				if !fr.Silhouettes[id-1].At(i%cam.Width, i/cam.Width) {
					t.Fatalf("pixel %d: id %d outside its silhouette", i, id)
				}
			}
		}
		checkSilhouetteInvariants(t, fr)
	})
}

// reader hands out values from fuzz bytes, zero when they run out.
type reader struct {
	data []byte
}

func (r *reader) byte() byte {
	if len(r.data) == 0 {
		return 0
	}
	b := r.data[0]
	r.data = r.data[1:]
	return b
}

func (r *reader) f32() float32 {
	var b [4]byte
	for i := range b {
		b[i] = r.byte()
	}
	v := math.Float32frombits(binary.LittleEndian.Uint32(b[:]))
	if math.IsNaN(float64(v)) || math.IsInf(float64(v), 0) {
		return 0 // positions must be finite; attributes get NaN elsewhere
	}
	return v
}

func (r *reader) f64() float64 { return float64(r.f32()) }
