package soft

import "github.com/synthkit/synthkit/render/shading"

// fillLanesGo is fillLanes a lane at a time: group g's lane j takes
// s[4g+j]'s position, lit normal, view, exponent, lights' sums, colour,
// ambient, emission, metallic factor, roughness, occlusion and lobe
// normalisation.
func fillLanesGo(qs []shading.Lanes4, s []surf) {
	for g := range qs {
		q := &qs[g]
		for j := range 4 {
			s := &s[4*g+j]
			q.P[0][j], q.P[1][j], q.P[2][j] = s.p.x, s.p.y, s.p.z
			q.N[0][j], q.N[1][j], q.N[2][j] = s.ln.x, s.ln.y, s.ln.z
			q.V[0][j], q.V[1][j], q.V[2][j] = s.view.x, s.view.y, s.view.z
			q.Exp[j] = s.exp
			q.Ed[0][j], q.Ed[1][j], q.Ed[2][j] = s.ed.x, s.ed.y, s.ed.z
			q.Es[0][j], q.Es[1][j], q.Es[2][j] = s.es.x, s.es.y, s.es.z
			q.Alb[0][j], q.Alb[1][j], q.Alb[2][j] = s.alb.x, s.alb.y, s.alb.z
			q.Amb[0][j], q.Amb[1][j], q.Amb[2][j] = s.amb.x, s.amb.y, s.amb.z
			q.Emis[0][j], q.Emis[1][j], q.Emis[2][j] = s.emis.x, s.emis.y, s.emis.z
			q.Metallic[j], q.Rough[j], q.Occ[j], q.Norm[j] = s.metallic, s.rough, s.occ, s.norm
		}
	}
}

// writeLanesGo is writeLanes a lane at a time: the definition the
// assembly follows.
func writeLanesGo(pix []uint8, xs []int32, q []shading.Lanes4, m int) {
	for i, x := range xs[:m] {
		c := &q[i/4].Col
		j := i % 4
		px := pix[4*x : 4*x+4 : 4*x+4]
		px[0], px[1], px[2], px[3] = encodeSRGB(c[0][j]), encodeSRGB(c[1][j]), encodeSRGB(c[2][j]), 255
	}
}
