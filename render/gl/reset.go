//go:build gl

package gl

import (
	"errors"
	"fmt"

	"github.com/go-gl/gl/v4.1-core/gl"
)

// Context loss. A GPU reset (a hang, a driver update, a device taken away)
// loses every context on the device. A context created with reset
// notification (LOSE_CONTEXT_ON_RESET, requested by both providers where
// offered) reports it through glGetGraphicsResetStatus (OpenGL 4.5,
// GL_KHR_robustness or GL_ARB_robustness) and keeps answering calls without
// crashing; the renderer checks the status after every unit of work and
// turns a reset into an error wrapping ErrContextLost, after which it
// refuses further work.

// resetQuery picks the reset-status function the context offers and
// returns its name and a caller, or "" and nil when there is none. go-gl
// loads every entry point it can find, so a function is only called when
// the version or an extension promises it.
func resetQuery(c capabilities) (string, func() uint32) {
	switch {
	case c.major > 4 || c.major == 4 && c.minor >= 5:
		return "glGetGraphicsResetStatus", gl.GetGraphicsResetStatus
	case c.exts["GL_KHR_robustness"]:
		return "glGetGraphicsResetStatusKHR", gl.GetGraphicsResetStatusKHR
	case c.exts["GL_ARB_robustness"]:
		return "glGetGraphicsResetStatusARB", gl.GetGraphicsResetStatusARB
	}
	return "", nil
}

// resetStrategy reports whether the current context has reset notification
// (GL_RESET_NOTIFICATION_STRATEGY is GL_LOSE_CONTEXT_ON_RESET).
func resetStrategy(c capabilities) bool {
	at45 := c.major > 4 || c.major == 4 && c.minor >= 5
	if !at45 && !c.exts["GL_KHR_robustness"] && !c.exts["GL_ARB_robustness"] {
		return false
	}
	var v int32
	gl.GetIntegerv(gl.RESET_NOTIFICATION_STRATEGY, &v)
	_ = gl.GetError() // an old driver may not know the query; not an error here
	return uint32(v) == gl.LOSE_CONTEXT_ON_RESET
}

func resetStatusName(st uint32) string {
	switch st {
	case gl.GUILTY_CONTEXT_RESET:
		return "GL_GUILTY_CONTEXT_RESET (this context caused a GPU reset)"
	case gl.INNOCENT_CONTEXT_RESET:
		return "GL_INNOCENT_CONTEXT_RESET (another context caused a GPU reset)"
	case gl.UNKNOWN_CONTEXT_RESET:
		return "GL_UNKNOWN_CONTEXT_RESET"
	}
	return fmt.Sprintf("reset status 0x%04x", st)
}

// usable returns the error that refuses work on a lost context, or nil.
// It runs on the GL thread.
func (r *Renderer) usable() error {
	if r.lost != nil {
		return fmt.Errorf("%w (renderer unusable since: %v)", ErrContextLost, r.lost)
	}
	return nil
}

// checkReset runs on the GL thread after every unit of work, with that
// work's error (nil on success). When the context reports a reset, or err
// already says it was lost, the renderer is marked lost, every ticket in
// flight is dropped, and the returned error wraps ErrContextLost (and err,
// when there was one). Otherwise err is returned unchanged.
func (r *Renderer) checkReset(err error) error {
	if r.lost != nil {
		return r.usable()
	}
	var lost error
	if r.resetStatus != nil {
		if st := r.resetStatus(); st != gl.NO_ERROR {
			lost = fmt.Errorf("%w: %s reports %s", ErrContextLost, r.info.ResetQuery, resetStatusName(st))
			if err != nil {
				lost = fmt.Errorf("%w (the work failed with: %w)", lost, err)
			}
		}
	}
	if lost == nil && errors.Is(err, ErrContextLost) {
		lost = err
	}
	if lost == nil {
		return err
	}
	r.lost = lost
	r.dropSlots()
	return lost
}
