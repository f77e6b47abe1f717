//go:build gl

package cli

// synth view: a live preview window for a generator's author.
//
// Each sample is rendered offscreen by the same GL backend `generate
// --renderer gl` uses (render/gl, through render.New("gl"), so its frames
// are the ones the dataset would hold), and the Frame's colour image,
// instance ids, depth, normals or an overlay of the boxes labels.Extract finds is
// uploaded as a texture and drawn on a full-window triangle in a visible
// GLFW window. The window has a context of its own on the main thread;
// render/gl keeps its context on its own thread. Both share go-gl's
// process-wide function table, which serves every context through glvnd
// (see render/gl's doc, "Global state"), and GL is only ever called by one
// of the two threads at a time: Render blocks the main thread until the
// frame is back.

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"image/png"
	"io"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"

	gl "github.com/go-gl/gl/v4.1-core/gl"
	"github.com/go-gl/glfw/v3.3/glfw"
	"github.com/go-gl/mathgl/mgl64"
	"github.com/spf13/cobra"
	"golang.org/x/image/font"
	"golang.org/x/image/font/basicfont"
	"golang.org/x/image/math/fixed"

	"github.com/synthkit/synthkit/generator"
	"github.com/synthkit/synthkit/internal/colormap"
	"github.com/synthkit/synthkit/job"
	"github.com/synthkit/synthkit/labels"
	"github.com/synthkit/synthkit/render"
	"github.com/synthkit/synthkit/scene"
)

func init() {
	// GLFW wants its window and event calls on the process's main thread;
	// locking the main goroutine in init keeps main (and cobra's RunE,
	// which it calls) there.
	runtime.LockOSThread()
	extraCommands = append(extraCommands, newViewCmd)
}

// errNoDisplay is returned when no window system is reachable.
var errNoDisplay = errors.New("synth view needs a display: set DISPLAY or run under xvfb-run")

// viewNames are the five views, selected with the keys 1 to 5.
var viewNames = [5]string{"RGB", "instance ids", "depth", "RGB + boxes", "normals"}

// Orbit steps and limits.
const (
	orbitStep     = 5 * math.Pi / 180   // one arrow-key press
	orbitPerPixel = 0.5 * math.Pi / 180 // mouse drag
	maxElevation  = 85 * math.Pi / 180  // the eye stays this far from the poles
)

// viewFlags are the flags of `synth view`.
type viewFlags struct {
	jf         jobFlags // the sample flags (seed, size, params, renderer, ssaa, assets)
	index      int64
	view       int
	frames     int
	screenshot string
	keys       string
	keepOpen   bool
}

// newViewCmd is `synth view GENERATOR|SPEC`.
func newViewCmd() *cobra.Command {
	vf := &viewFlags{}
	cmd := &cobra.Command{
		Use:   "view (GENERATOR | SPEC.yaml) [flags]",
		Short: "Show a generator's samples live in a window (OpenGL)",
		Long: `View opens a window (it needs a display: DISPLAY, or run under xvfb-run)
and shows sample --index of the job, rendered by the OpenGL backend
(SYNTHKIT_GL_CONTEXT picks its context provider, as for generate).

Keys:
  → or n / ← or p     next / previous sample
  1 2 3 4 5           view: RGB, instance ids (false colour), depth
                      (inverse depth, viridis: near is yellow), RGB + boxes,
                      normals ((n+1)/2 as RGB; package internal/colormap)
  mouse drag          orbit the camera around the scene's look-at target
  ↑ ↓ (or w s)        orbit up / down;  a d: orbit left / right
  r                   reset the camera to the generator's pose
  i                   print the sample's index, seed, params and objects
  Esc or q            quit

The look-at target is the point of the camera's optical axis nearest to
the centre of the annotated objects; orbiting turns about the world axis
closest to the camera's up direction.

--frames N draws N frames without waiting for input, pressing one key of
--keys (the letters above) before each frame after the first, then saves the window's
framebuffer to --screenshot and exits (or, with --keep-open, stays open
for input). This is how CI checks the window (.ci/view.sh).`,
		Example: `  synth view basic
  synth view basic --seed 7 --index 3 -p max_objects=12
  synth view examples/specs/basic.yaml --size 960x720
  xvfb-run -a synth view basic --frames 3 --keys n4 --screenshot view.png`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error { return runView(cmd, args[0], vf) },
	}
	fl := cmd.Flags()
	// generate's sample flags and defaults, but for the renderer: gl.
	vf.jf.register(cmd, sampleFlags, job.Spec{Renderer: "gl", Samples: 1})
	fl.Int64Var(&vf.index, "index", 0, "sample index to show first")
	fl.IntVar(&vf.view, "view", 1, "view to start with: 1 RGB, 2 instance ids, 3 depth, 4 RGB + boxes, 5 normals")
	fl.IntVar(&vf.frames, "frames", 0, "draw this many frames without waiting for input, then exit (0: interactive)")
	fl.StringVar(&vf.screenshot, "screenshot", "", "with --frames: save the window's framebuffer after the last frame to this PNG")
	fl.StringVar(&vf.keys, "keys", "", "with --frames: keys to press, one before each frame after the first (n p 1-4 w s a d r i q)")
	fl.BoolVar(&vf.keepOpen, "keep-open", false, "with --frames: stay open for input after the last frame")
	return cmd
}

// runView builds the job, checks the display, opens the renderer and runs
// the window.
func runView(cmd *cobra.Command, arg string, vf *viewFlags) error {
	spec, err := vf.jf.spec(cmd, arg)
	if err != nil {
		return fmt.Errorf("view: %w", err)
	}
	assets, closeAssets, err := openAssets(cmd.Context(), vf.jf.assets)
	if err != nil {
		return fmt.Errorf("view: %w", err)
	}
	defer closeAssets()
	pl, err := job.NewPipeline(spec, assets)
	if err != nil {
		return fmt.Errorf("view: %w", err)
	}
	switch {
	case vf.index < 0:
		return fmt.Errorf("view: --index %d: want a sample index ≥ 0", vf.index)
	case vf.view < 1 || vf.view > len(viewNames):
		return fmt.Errorf("view: --view %d: want 1 (RGB), 2 (instance ids), 3 (depth), 4 (RGB + boxes) or 5 (normals)", vf.view)
	case vf.frames < 0:
		return fmt.Errorf("view: --frames %d: want 0 (interactive) or a positive number of frames", vf.frames)
	}
	for _, k := range vf.keys {
		if !strings.ContainsRune(scriptKeys, k) {
			return fmt.Errorf("view: --keys %q: unknown key %q (want some of %q)", vf.keys, k, scriptKeys)
		}
	}
	if vf.frames == 0 && (vf.screenshot != "" || vf.keys != "" || vf.keepOpen) {
		vf.frames = len([]rune(vf.keys)) + 1
	}
	if n := len([]rune(vf.keys)); vf.frames > 0 && n >= vf.frames {
		return fmt.Errorf("view: --keys has %d keys but --frames is %d: one key is pressed before each frame after the first", n, vf.frames)
	}
	if os.Getenv("DISPLAY") == "" && os.Getenv("WAYLAND_DISPLAY") == "" {
		return errNoDisplay
	}
	factory, err := rendererFactoryWith(spec, 1, true) // the normals view reads them
	if err != nil {
		return fmt.Errorf("view: %w", err)
	}
	r, err := factory(spec)
	if err != nil {
		return fmt.Errorf("view: %w", err)
	}
	v := &viewer{
		ctx: cmd.Context(), out: cmd.OutOrStdout(), errOut: cmd.ErrOrStderr(),
		spec: pl.Spec(), pl: pl, ginfo: pl.Generator(), r: r,
		index: vf.index, view: vf.view - 1,
		needScene: true,
	}
	err = v.run(vf)
	// The window goes first: when render/gl uses GLFW too, closing its
	// last renderer terminates GLFW, which would destroy our window.
	v.closeWindow()
	if cerr := r.Close(); cerr != nil && err == nil {
		err = fmt.Errorf("view: closing the renderer: %w", cerr)
	}
	v.terminate()
	return err
}

// viewer is the state of one `synth view` window. Everything runs on the
// main thread.
type viewer struct {
	ctx         context.Context
	out, errOut io.Writer
	spec        *job.Spec
	pl          *job.Pipeline
	ginfo       generator.Info
	r           render.Renderer

	index      int64
	view       int // 0..4, into viewNames
	yaw, pitch float64
	quit       bool

	// The current sample: the generator's scene (camera untouched), its
	// orbit frame, the last frame rendered and its labels.
	sc    *scene.Scene
	seed  uint64
	orb   orbit
	frame *render.Frame
	insts []labels.Instance

	needScene, needRender, needImage, needDraw bool

	// Window and GL objects (the window's context).
	glfwUp         bool
	win            *glfw.Window
	prog, vao, tex uint32
	imgW, imgH     int
	dragging       bool
	lastX, lastY   float64

	// postMu guards glfwUp against the signal goroutine's PostEmptyEvent.
	postMu sync.Mutex
}

// run opens the window and runs the frames and/or the event loop. GLFW
// panics (the binding panics on errors it does not expect) are returned
// as errors.
func (v *viewer) run(vf *viewFlags) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("view: GLFW/OpenGL: %v", p)
		}
	}()
	if err := v.openWindow(); err != nil {
		return err
	}
	stop := make(chan struct{})
	defer close(stop)
	go func() {
		select {
		case <-v.ctx.Done():
			v.wake()
		case <-stop:
		}
	}()

	keys := []rune(vf.keys)
	for f := 1; f <= vf.frames && !v.done(); f++ {
		glfw.PollEvents()
		if f >= 2 && f-2 < len(keys) { // frame 1 shows the first sample
			v.act(keys[f-2])
			if v.done() {
				break
			}
		}
		if err := v.update(); err != nil {
			return err
		}
		v.draw()
		var shot *image.RGBA
		if f == vf.frames && vf.screenshot != "" {
			if shot, err = v.readFramebuffer(); err != nil {
				return err
			}
		}
		v.win.SwapBuffers()
		gl.Finish()
		if shot != nil {
			if err := writePNG(vf.screenshot, shot); err != nil {
				return fmt.Errorf("view: screenshot: %w", err)
			}
			fmt.Fprintf(v.out, "screenshot: %s (%dx%d, %s, sample %d)\n", vf.screenshot, shot.Rect.Dx(), shot.Rect.Dy(), viewNames[v.view], v.index)
		}
	}
	if vf.frames > 0 && !vf.keepOpen {
		return nil
	}

	if vf.frames == 0 {
		fmt.Fprintln(v.out, "synth view: →/n ←/p sample, 1-4 view, drag or ↑↓ (w s a d) orbit, r reset, i info, Esc/q quit")
		v.needDraw = true
	}
	for !v.done() {
		if err := v.update(); err != nil {
			// Keep the window: the author may step to another sample.
			fmt.Fprintln(v.errOut, "synth view:", err)
		}
		if v.needDraw {
			v.draw()
			v.win.SwapBuffers()
			v.needDraw = false
		}
		glfw.WaitEvents()
	}
	return nil
}

// done reports whether the window should close.
func (v *viewer) done() bool {
	return v.quit || v.ctx.Err() != nil || (v.win != nil && v.win.ShouldClose())
}

// wake interrupts WaitEvents from another goroutine.
func (v *viewer) wake() {
	v.postMu.Lock()
	defer v.postMu.Unlock()
	defer func() { _ = recover() }()
	if v.glfwUp {
		glfw.PostEmptyEvent()
	}
}

// openWindow creates the visible window, sized to the image (scaled to
// fit the monitor, or up by a whole factor for small images), and the GL
// objects that draw a texture over it.
func (v *viewer) openWindow() error {
	if err := glfw.Init(); err != nil {
		return fmt.Errorf("view: GLFW init (is the display %q reachable?): %w", os.Getenv("DISPLAY"), err)
	}
	v.postMu.Lock()
	v.glfwUp = true
	v.postMu.Unlock()
	w, h := v.spec.Width, v.spec.Height
	if s := 480 / max(w, h); s > 1 {
		w, h = w*s, h*s
	}
	if m := glfw.GetPrimaryMonitor(); m != nil {
		if _, _, mw, mh := m.GetWorkarea(); mw > 0 && mh > 0 {
			if f := math.Min(0.9*float64(mw)/float64(w), 0.9*float64(mh)/float64(h)); f < 1 {
				w, h = max(1, int(float64(w)*f)), max(1, int(float64(h)*f))
			}
		}
	}
	glfw.DefaultWindowHints()
	glfw.WindowHint(glfw.ClientAPI, glfw.OpenGLAPI)
	glfw.WindowHint(glfw.ContextVersionMajor, 4)
	glfw.WindowHint(glfw.ContextVersionMinor, 1)
	glfw.WindowHint(glfw.OpenGLProfile, glfw.OpenGLCoreProfile)
	glfw.WindowHint(glfw.OpenGLForwardCompatible, glfw.True)
	win, err := glfw.CreateWindow(w, h, "synth view", nil, nil)
	if err != nil {
		return fmt.Errorf("view: create window: %w", err)
	}
	if win == nil {
		return errors.New("view: create window failed (see GLFW's message above)")
	}
	v.win = win
	win.MakeContextCurrent()
	// Load the table from this context (render/gl loaded it from its own;
	// through glvnd both give the same dispatching entry points).
	if err := gl.InitWithProcAddrFunc(glfw.GetProcAddress); err != nil {
		return fmt.Errorf("view: loading OpenGL functions: %w", err)
	}
	glfw.SwapInterval(1)
	if err := v.setupGL(); err != nil {
		return err
	}
	win.SetKeyCallback(v.onKey)
	win.SetMouseButtonCallback(v.onMouseButton)
	win.SetCursorPosCallback(v.onCursor)
	win.SetRefreshCallback(func(*glfw.Window) { v.needDraw = true })
	win.SetFramebufferSizeCallback(func(*glfw.Window, int, int) { v.needDraw = true })
	return nil
}

// closeWindow destroys the window; terminate ends GLFW. Both may be
// called when the window never opened.
func (v *viewer) closeWindow() {
	defer func() { _ = recover() }()
	if v.win == nil {
		return
	}
	v.win.MakeContextCurrent()
	gl.DeleteTextures(1, &v.tex)
	gl.DeleteVertexArrays(1, &v.vao)
	gl.DeleteProgram(v.prog)
	glfw.DetachCurrentContext()
	v.win.Destroy()
	v.win = nil
}

func (v *viewer) terminate() {
	v.postMu.Lock()
	defer v.postMu.Unlock()
	defer func() { _ = recover() }()
	if v.glfwUp {
		v.glfwUp = false
		glfw.Terminate()
	}
}

const viewVertexShader = `#version 410 core
out vec2 uv;
void main() {
	// One triangle covering the viewport: (-1,-1), (3,-1), (-1,3).
	vec2 p = vec2(float((gl_VertexID & 1) * 4 - 1), float((gl_VertexID >> 1) * 4 - 1));
	uv = vec2(p.x * 0.5 + 0.5, 0.5 - p.y * 0.5); // image row 0 at the top
	gl_Position = vec4(p, 0.0, 1.0);
}
` + "\x00"

const viewFragmentShader = `#version 410 core
uniform sampler2D img;
in vec2 uv;
out vec4 color;
void main() { color = vec4(texture(img, uv).rgb, 1.0); }
` + "\x00"

// setupGL compiles the program and makes the vertex array and texture.
func (v *viewer) setupGL() error {
	vs, err := compileShader(gl.VERTEX_SHADER, viewVertexShader)
	if err != nil {
		return err
	}
	defer gl.DeleteShader(vs)
	fs, err := compileShader(gl.FRAGMENT_SHADER, viewFragmentShader)
	if err != nil {
		return err
	}
	defer gl.DeleteShader(fs)
	v.prog = gl.CreateProgram()
	gl.AttachShader(v.prog, vs)
	gl.AttachShader(v.prog, fs)
	gl.LinkProgram(v.prog)
	var ok int32
	gl.GetProgramiv(v.prog, gl.LINK_STATUS, &ok)
	if ok == gl.FALSE {
		return fmt.Errorf("view: linking the display shader: %s", programLog(v.prog))
	}
	gl.GenVertexArrays(1, &v.vao)
	gl.GenTextures(1, &v.tex)
	gl.BindTexture(gl.TEXTURE_2D, v.tex)
	gl.TexParameteri(gl.TEXTURE_2D, gl.TEXTURE_WRAP_S, gl.CLAMP_TO_EDGE)
	gl.TexParameteri(gl.TEXTURE_2D, gl.TEXTURE_WRAP_T, gl.CLAMP_TO_EDGE)
	gl.UseProgram(v.prog)
	gl.Uniform1i(gl.GetUniformLocation(v.prog, gl.Str("img\x00")), 0)
	return glCheck("view: setting up the window's GL objects")
}

func compileShader(kind uint32, src string) (uint32, error) {
	s := gl.CreateShader(kind)
	cs, free := gl.Strs(src)
	gl.ShaderSource(s, 1, cs, nil)
	free()
	gl.CompileShader(s)
	var ok int32
	gl.GetShaderiv(s, gl.COMPILE_STATUS, &ok)
	if ok == gl.FALSE {
		var n int32
		gl.GetShaderiv(s, gl.INFO_LOG_LENGTH, &n)
		log := make([]byte, max(n, 1))
		gl.GetShaderInfoLog(s, n, nil, &log[0])
		gl.DeleteShader(s)
		return 0, fmt.Errorf("view: compiling the display shader: %s", strings.TrimRight(string(log), "\x00\n"))
	}
	return s, nil
}

func programLog(p uint32) string {
	var n int32
	gl.GetProgramiv(p, gl.INFO_LOG_LENGTH, &n)
	log := make([]byte, max(n, 1))
	gl.GetProgramInfoLog(p, n, nil, &log[0])
	return strings.TrimRight(string(log), "\x00\n")
}

// glCheck returns the pending GL errors, if any, as an error.
func glCheck(where string) error {
	var codes []string
	for i := 0; i < 8; i++ {
		e := gl.GetError()
		if e == gl.NO_ERROR {
			break
		}
		codes = append(codes, fmt.Sprintf("0x%04x", e))
	}
	if codes != nil {
		return fmt.Errorf("%s: GL error %s", where, strings.Join(codes, ", "))
	}
	return nil
}

// scriptKeys are the keys --keys accepts; act takes the same letters.
const scriptKeys = "np12345wsadriq"

// keyActions maps window keys to the letters act takes.
var keyActions = map[glfw.Key]rune{
	glfw.KeyRight: 'n', glfw.KeyN: 'n', glfw.KeyLeft: 'p', glfw.KeyP: 'p',
	glfw.Key1: '1', glfw.Key2: '2', glfw.Key3: '3', glfw.Key4: '4', glfw.Key5: '5',
	glfw.KeyKP1: '1', glfw.KeyKP2: '2', glfw.KeyKP3: '3', glfw.KeyKP4: '4', glfw.KeyKP5: '5',
	glfw.KeyUp: 'w', glfw.KeyW: 'w', glfw.KeyDown: 's', glfw.KeyS: 's',
	glfw.KeyA: 'a', glfw.KeyD: 'd', glfw.KeyR: 'r', glfw.KeyI: 'i',
	glfw.KeyEscape: 'q', glfw.KeyQ: 'q',
}

// onKey performs a key's action on press; held stepping and orbit keys
// repeat.
func (v *viewer) onKey(_ *glfw.Window, key glfw.Key, _ int, action glfw.Action, _ glfw.ModifierKey) {
	if action == glfw.Release {
		return
	}
	a, ok := keyActions[key]
	if ok && (action == glfw.Press || strings.ContainsRune("npwsad", a)) {
		v.act(a)
	}
}

func (v *viewer) onMouseButton(w *glfw.Window, b glfw.MouseButton, action glfw.Action, _ glfw.ModifierKey) {
	if b != glfw.MouseButtonLeft {
		return
	}
	v.dragging = action == glfw.Press
	if v.dragging {
		v.lastX, v.lastY = w.GetCursorPos()
	}
}

// onCursor orbits while the left button is held: dragging right turns
// the scene to the right (the eye moves left around the target), dragging
// down raises the eye.
func (v *viewer) onCursor(_ *glfw.Window, x, y float64) {
	if !v.dragging {
		return
	}
	dx, dy := x-v.lastX, y-v.lastY
	v.lastX, v.lastY = x, y
	v.orbitBy(-dx*orbitPerPixel, dy*orbitPerPixel)
}

// act performs one key's action (see scriptKeys).
func (v *viewer) act(k rune) {
	switch k {
	case 'n':
		v.index++
		v.needScene = true
	case 'p':
		if v.index > 0 {
			v.index--
			v.needScene = true
		}
	case '1', '2', '3', '4', '5':
		v.view = int(k - '1')
		v.needImage = true
	case 'w':
		v.orbitBy(0, orbitStep)
	case 's':
		v.orbitBy(0, -orbitStep)
	case 'a':
		v.orbitBy(-orbitStep, 0)
	case 'd':
		v.orbitBy(orbitStep, 0)
	case 'r':
		v.yaw, v.pitch = 0, 0
		v.needRender = true
	case 'i':
		v.printInfo()
	case 'q':
		v.quit = true
	}
}

// orbitBy turns the eye by dyaw about the up axis (positive: to the
// camera's right) and raises it by dpitch, keeping it off the poles.
func (v *viewer) orbitBy(dyaw, dpitch float64) {
	v.yaw = math.Remainder(v.yaw+dyaw, 2*math.Pi)
	lo, hi := min(-maxElevation-v.orb.elev, 0), max(maxElevation-v.orb.elev, 0)
	v.pitch = min(max(v.pitch+dpitch, lo), hi)
	v.needRender = true
}

// update regenerates, re-renders and re-uploads what changed.
func (v *viewer) update() error {
	if v.needScene {
		v.needScene, v.needRender = false, true
		v.releaseFrame()
		v.sc, v.insts = nil, nil
		v.seed = generator.SampleSeed(v.spec.Seed, v.index)
		v.setTitle()
		sc, seed, err := v.pl.Scene(v.index)
		if err != nil {
			v.needRender = false
			return err
		}
		// Each sample starts from the generator's camera.
		v.sc, v.seed, v.orb, v.yaw, v.pitch = sc, seed, orbitOf(sc), 0, 0
	}
	if v.needRender && v.sc != nil {
		v.needRender, v.needImage = false, true
		pose := v.orb.pose(v.yaw, v.pitch)
		v.releaseFrame()
		f, insts, err := viewFrame(v.ctx, v.pl, v.r, v.index, v.sc, &pose)
		if err != nil {
			return err
		}
		v.frame, v.insts = f, insts
		// The window's context is current on this thread again; Render ran
		// on render/gl's thread.
	}
	if v.needImage && v.frame != nil {
		v.needImage, v.needDraw = false, true
		v.upload(v.compose())
		v.setTitle()
		if err := glCheck("view: uploading the image"); err != nil {
			return err
		}
	}
	return nil
}

// releaseFrame hands the frame shown back to the renderer.
func (v *viewer) releaseFrame() {
	if v.frame != nil {
		render.ReleaseFrame(v.r, v.frame)
		v.frame = nil
	}
}

func (v *viewer) setTitle() {
	if v.win != nil {
		v.win.SetTitle(fmt.Sprintf("synth view: %s #%d (seed %#x): %s", v.spec.Generator, v.index, v.seed, viewNames[v.view]))
	}
}

// compose returns the image of the current view.
func (v *viewer) compose() *image.RGBA {
	f := v.frame
	switch v.view {
	case 1:
		return colormap.Instances(f.IDs, f.Width, f.Height)
	case 2:
		img, _, _ := colormap.Depth(f.Depth, f.Width, f.Height, color.RGBA{A: 255})
		return img
	case 3:
		return boxOverlay(f, v.insts)
	case 4:
		return colormap.Normals(f.Normals, f.Width, f.Height)
	}
	return f.Color
}

// upload puts img into the window's texture.
func (v *viewer) upload(img *image.RGBA) {
	w, h := img.Rect.Dx(), img.Rect.Dy()
	if img.Stride != 4*w || img.Rect.Min != (image.Point{}) {
		c := image.NewRGBA(image.Rect(0, 0, w, h))
		draw.Draw(c, c.Rect, img, img.Rect.Min, draw.Src)
		img = c
	}
	filter := int32(gl.LINEAR)
	if v.view == 1 { // ids: keep the colours exact
		filter = gl.NEAREST
	}
	gl.BindTexture(gl.TEXTURE_2D, v.tex)
	gl.TexParameteri(gl.TEXTURE_2D, gl.TEXTURE_MIN_FILTER, filter)
	gl.TexParameteri(gl.TEXTURE_2D, gl.TEXTURE_MAG_FILTER, filter)
	gl.PixelStorei(gl.UNPACK_ALIGNMENT, 1)
	gl.TexImage2D(gl.TEXTURE_2D, 0, gl.RGBA8, int32(w), int32(h), 0, gl.RGBA, gl.UNSIGNED_BYTE, gl.Ptr(img.Pix))
	v.imgW, v.imgH = w, h
}

// draw clears the window and draws the texture, letterboxed to keep the
// image's aspect ratio.
func (v *viewer) draw() {
	fw, fh := v.win.GetFramebufferSize()
	gl.Viewport(0, 0, int32(fw), int32(fh))
	gl.ClearColor(0.08, 0.08, 0.08, 1)
	gl.Clear(gl.COLOR_BUFFER_BIT)
	if v.imgW == 0 || fw == 0 || fh == 0 {
		return
	}
	s := math.Min(float64(fw)/float64(v.imgW), float64(fh)/float64(v.imgH))
	w, h := int32(float64(v.imgW)*s+0.5), int32(float64(v.imgH)*s+0.5)
	gl.Viewport((int32(fw)-w)/2, (int32(fh)-h)/2, w, h)
	gl.UseProgram(v.prog)
	gl.ActiveTexture(gl.TEXTURE0)
	gl.BindTexture(gl.TEXTURE_2D, v.tex)
	gl.BindVertexArray(v.vao)
	gl.DrawArrays(gl.TRIANGLES, 0, 3)
}

// readFramebuffer reads the back buffer (what the next swap shows), top
// row first.
func (v *viewer) readFramebuffer() (*image.RGBA, error) {
	fw, fh := v.win.GetFramebufferSize()
	if fw <= 0 || fh <= 0 {
		return nil, fmt.Errorf("view: screenshot: the window's framebuffer is %dx%d", fw, fh)
	}
	buf := make([]byte, 4*fw*fh)
	gl.ReadBuffer(gl.BACK)
	gl.PixelStorei(gl.PACK_ALIGNMENT, 1)
	gl.ReadPixels(0, 0, int32(fw), int32(fh), gl.RGBA, gl.UNSIGNED_BYTE, gl.Ptr(buf))
	if err := glCheck("view: screenshot: glReadPixels"); err != nil {
		return nil, err
	}
	img := image.NewRGBA(image.Rect(0, 0, fw, fh))
	for y := 0; y < fh; y++ { // GL rows come bottom first
		copy(img.Pix[y*img.Stride:(y+1)*img.Stride], buf[(fh-1-y)*4*fw:(fh-y)*4*fw])
	}
	for i := 3; i < len(img.Pix); i += 4 {
		img.Pix[i] = 255
	}
	return img, nil
}

// writePNG writes img to path through a temporary file and a rename, so
// that a reader never sees a partial file.
func writePNG(path string, img image.Image) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".synth-view-*.png")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if err := png.Encode(tmp, img); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := os.Chmod(tmp.Name(), 0o644); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}

// printInfo prints the current sample's index, seed, params (defaults
// merged with the job's) and object counts.
func (v *viewer) printInfo() {
	w := v.out
	fmt.Fprintf(w, "sample %d: seed %#x (job seed %d), generator %s %s, %dx%d\n",
		v.index, v.seed, v.spec.Seed, v.ginfo.Name, v.ginfo.Version, v.spec.Width, v.spec.Height)
	fmt.Fprintf(w, "  params: %s\n", effectiveParams(v.spec))
	if v.sc == nil {
		fmt.Fprintln(w, "  no scene (the generator failed on this sample)")
		return
	}
	annotated, visible := 0, 0
	for _, in := range v.insts {
		if in.Category == "" {
			continue
		}
		annotated++
		if in.Area > 0 {
			visible++
		}
	}
	fmt.Fprintf(w, "  objects: %d in the scene, %d annotated, %d of them visible; %d lights\n",
		len(v.sc.Objects), annotated, visible, len(v.sc.Lights))
	t := v.orb.target
	fmt.Fprintf(w, "  camera: orbit yaw %.1f° pitch %.1f° about target (%.3f, %.3f, %.3f)\n",
		mgl64.RadToDeg(v.yaw), mgl64.RadToDeg(v.pitch), t[0], t[1], t[2])
}

// effectiveParams returns the generator's defaults overridden by the
// job's params, as JSON.
func effectiveParams(spec *job.Spec) string {
	m := map[string]json.RawMessage{}
	if e, ok := generator.Lookup(spec.Generator); ok {
		for _, p := range e.Params {
			m[p.Name] = p.Default
		}
	}
	var job map[string]json.RawMessage
	if len(spec.Params) > 0 && json.Unmarshal(spec.Params, &job) == nil {
		for k, val := range job {
			m[k] = val
		}
	}
	b, err := json.Marshal(m)
	if err != nil {
		return string(spec.Params)
	}
	return string(b)
}

// orbit is what the camera turns about: a pivot on the optical axis, the
// world axis taken as up, and the generator's camera.
type orbit struct {
	target, up, right mgl64.Vec3
	elev              float64    // elevation of the eye above the target, radians
	camToWorld        mgl64.Mat4 // inverse of the generator's pose
	pose0             mgl64.Mat4 // the generator's pose
}

// orbitOf finds the orbit of a scene's camera. The pivot is the point of
// the optical axis nearest to the mean centre of the annotated objects'
// bounding boxes (all objects when none is annotated, 1 m ahead when the
// centre is not in front of the camera); up is the signed world axis
// closest to the image's up direction.
func orbitOf(sc *scene.Scene) orbit {
	o := orbit{pose0: sc.Camera.Pose, camToWorld: sc.Camera.Pose.Inv()}
	c := o.camToWorld
	o.right = mgl64.Vec3{c[0], c[1], c[2]}.Normalize()
	imageUp := mgl64.Vec3{-c[4], -c[5], -c[6]}
	fwd := mgl64.Vec3{c[8], c[9], c[10]}.Normalize()
	eye := mgl64.Vec3{c[12], c[13], c[14]}

	centre := func(annotatedOnly bool) (mgl64.Vec3, bool) {
		var sum mgl64.Vec3
		n := 0
		for _, ob := range sc.Objects {
			if ob.Mesh == nil || (annotatedOnly && ob.Category == "") {
				continue
			}
			lo, hi := ob.Mesh.Bounds()
			sum = sum.Add(mgl64.TransformCoordinate(lo.Add(hi).Mul(0.5), ob.Transform))
			n++
		}
		if n == 0 {
			return sum, false
		}
		return sum.Mul(1 / float64(n)), true
	}
	dist := 1.0
	p, ok := centre(true)
	if !ok {
		p, ok = centre(false)
	}
	if d := p.Sub(eye).Dot(fwd); ok && d > sc.Camera.Near && !math.IsNaN(d) && !math.IsInf(d, 0) {
		dist = d
	}
	o.target = eye.Add(fwd.Mul(dist))

	best := -2.0
	for i := 0; i < 3; i++ {
		var a mgl64.Vec3
		a[i] = 1
		if d := math.Abs(imageUp.Dot(a)); d > best {
			best, o.up = d, a.Mul(math.Copysign(1, imageUp.Dot(a)))
		}
	}
	o.elev = math.Asin(min(max(eye.Sub(o.target).Normalize().Dot(o.up), -1), 1))
	return o
}

// pose returns the world→camera pose after turning the camera about the
// target by yaw around up (positive: the eye moves to the camera's right)
// and raising it by pitch about the camera's right axis. With both zero
// it is the generator's pose, unchanged.
func (o orbit) pose(yaw, pitch float64) mgl64.Mat4 {
	if yaw == 0 && pitch == 0 {
		return o.pose0
	}
	// Rotating about the camera's x axis (right) by a positive angle moves
	// the eye towards the camera's +y, which is down in the image; hence
	// −pitch. Rotating about up by a positive angle moves the eye towards
	// up × (eye − target) = the camera's right.
	m := mgl64.Translate3D(o.target[0], o.target[1], o.target[2]).
		Mul4(mgl64.HomogRotate3D(yaw, o.up)).
		Mul4(mgl64.HomogRotate3D(-pitch, o.right)).
		Mul4(mgl64.Translate3D(-o.target[0], -o.target[1], -o.target[2]))
	return m.Mul4(o.camToWorld).Inv()
}

// maxCaptions is the most boxes boxOverlay writes categories on; denser
// scenes (a shelf) get boxes only.
const maxCaptions = 40

// boxOverlay draws the visible box of every annotated, visible instance
// over the colour image, with its category unless there are more than
// maxCaptions.
func boxOverlay(f *render.Frame, insts []labels.Instance) *image.RGBA {
	img := image.NewRGBA(f.Color.Rect)
	draw.Draw(img, img.Rect, f.Color, f.Color.Rect.Min, draw.Src)
	face := basicfont.Face7x13
	n := 0
	for _, in := range insts {
		if in.Category != "" && in.Area > 0 {
			n++
		}
	}
	for _, in := range insts {
		if in.Category == "" || in.Area == 0 {
			continue
		}
		c := colormap.Instance(in.ID)
		r := image.Rect(int(in.Box.X), int(in.Box.Y), int(in.Box.X+in.Box.W), int(in.Box.Y+in.Box.H))
		for _, e := range []image.Rectangle{
			{r.Min, image.Pt(r.Max.X, r.Min.Y+2)}, {image.Pt(r.Min.X, r.Max.Y-2), r.Max},
			{r.Min, image.Pt(r.Min.X+2, r.Max.Y)}, {image.Pt(r.Max.X-2, r.Min.Y), r.Max},
		} {
			draw.Draw(img, e.Intersect(img.Rect), image.NewUniform(c), image.Point{}, draw.Src)
		}
		if n > maxCaptions {
			continue
		}
		tw := font.MeasureString(face, in.Category).Ceil()
		ty := r.Min.Y - 13
		if ty < 0 {
			ty = r.Min.Y
		}
		bg := image.Rect(r.Min.X, ty, r.Min.X+tw+4, ty+13).Intersect(img.Rect)
		draw.Draw(img, bg, image.NewUniform(c), image.Point{}, draw.Src)
		d := font.Drawer{Dst: img, Src: image.Black, Face: face,
			Dot: fixed.P(r.Min.X+2, ty+face.Ascent)}
		d.DrawString(in.Category)
	}
	return img
}
