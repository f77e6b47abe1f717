package shading

// Lanes4 is four lit points side by side, lane k of every array holding
// point k, for Direct4 (the lights' sums) and Finish4 (the model's sum
// with an environment): each vector is stored as its x, y and z rows.
type Lanes4 struct {
	// P is the camera-frame position, N the unit shading normal and V the
	// unit view direction of each point.
	P, N, V [3][4]float32
	// Exp is each point's Blinn-Phong exponent (Material.Exp); 0 for a
	// material without a specular lobe.
	Exp [4]float32
	// Ed and Es are the sums Direct4 adds to: Σ E·(N·L), and
	// Σ E·(N·L)·(N·H)^Exp (E·(N·L) where Exp is 0), as ShadeEnv's diffuse
	// and specular sums.
	Ed, Es [3][4]float32
	// For Finish4: the colour c, the ambient light already times the
	// ambient occlusion, the emission, and R, the prefiltered radiance
	// along the view's reflection (EnvMap.Prefiltered of
	// EnvLight.ReflectDir at the roughness, before EnvLight.Scale).
	Alb, Amb, Emis, R [3][4]float32
	// Col is Finish4's result: the linear radiance of each point.
	Col [3][4]float32
	// The material at each point (Material's fields of the same names;
	// Occ is Occlusion).
	Metallic, Rough, Occ, Norm [4]float32
}

// Direct4 adds the direct light of lights at the four points of each
// Lanes4 of qs to its Ed and Es, with ShadeEnv's float32 operations in
// its order, light by light, for unshadowed lights: bit for bit what
// ShadeEnv's loop over the lights sums for each point alone (tested in
// direct_test.go; a NaN may carry another payload, as Go leaves open). A lane whose normal is zero gets nothing, so a caller
// with fewer points leaves the rest of the lanes zero. On amd64 (not
// purego, not GOAMD64=v3) it is SSE2 assembly, the four points in the
// lanes of each register and, light by light, the groups one after
// another, whose steps do not depend on one another (pow4_amd64.s);
// render/soft lights runs of pixels with it when no light casts shadows.
func Direct4(qs []Lanes4, lights []Light) {
	if len(qs) > 0 && len(lights) > 0 {
		direct4(&qs[0], len(qs), &lights[0], len(lights))
	}
}

// direct4Go is Direct4 one lane at a time, with ShadeEnv's loop.
func direct4Go(qs []Lanes4, lights []Light) {
	for i := range qs {
		q := &qs[i]
		for k := range 4 {
			p := Vec3{q.P[0][k], q.P[1][k], q.P[2][k]}
			n := Vec3{q.N[0][k], q.N[1][k], q.N[2][k]}
			v := Vec3{q.V[0][k], q.V[1][k], q.V[2][k]}
			ed := Vec3{q.Ed[0][k], q.Ed[1][k], q.Ed[2][k]}
			es := Vec3{q.Es[0][k], q.Es[1][k], q.Es[2][k]}
			ed, es = direct(p, n, v, q.Exp[k], lights, nil, ed, es)
			q.Ed[0][k], q.Ed[1][k], q.Ed[2][k] = ed.X, ed.Y, ed.Z
			q.Es[0][k], q.Es[1][k], q.Es[2][k] = es.X, es.Y, es.Z
		}
	}
}

// direct adds the direct light of lights (shadowed by shadows[i] where
// shadows is not nil and shadows[i] is not nil) at point p with unit
// normal n and unit view direction v, for Blinn-Phong exponent exp, to
// the diffuse and specular sums ed and es (see Shade).
func direct(p, n, v Vec3, exp float32, lights []Light, shadows []*ShadowLookup, ed, es Vec3) (Vec3, Vec3) {
	for i := range lights {
		l := &lights[i]
		dir, falloff, ok := l.Incidence(p)
		if !ok {
			continue
		}
		nl := n.Dot(dir)
		if !(nl > 0) {
			continue
		}
		w := nl * falloff
		if shadows != nil && shadows[i] != nil {
			if w *= PCF(shadows[i], p, n); w == 0 {
				continue
			}
		}
		ed = ed.Add(l.Rad.Scale(w))
		if exp == 0 {
			es = es.Add(l.Rad.Scale(w))
			continue
		}
		h, ok := dir.Add(v).Normalize()
		if nh := n.Dot(h); ok && nh > 0 {
			es = es.Add(l.Rad.Scale(w * Pow(nh, exp)))
		}
	}
	return ed, es
}

// Finish4 sets the Col of each Lanes4 of qs to the model's sum at its
// four points lit by environment e, given the lights' sums Ed and Es:
// ShadeEnv's float32 operations after its loop over the lights, in its
// order (the irradiance, EnvBRDF, the reflection R times e.Scale), bit
// for bit (tested in direct_test.go; a NaN may carry another payload). On amd64 (not purego, not
// GOAMD64=v3) it is SSE2 assembly, the four points in the lanes of each
// register (pow4_amd64.s).
func Finish4(qs []Lanes4, e *EnvLight) {
	if len(qs) > 0 {
		finish4(&qs[0], len(qs), e)
	}
}

// finish4Go is Finish4 one lane at a time, with ShadeEnv's sum.
func finish4Go(qs []Lanes4, e *EnvLight) {
	for i := range qs {
		q := &qs[i]
		for k := range 4 {
			row := func(a *[3][4]float32) Vec3 { return Vec3{a[0][k], a[1][k], a[2][k]} }
			c := envSum(e, row(&q.Alb), row(&q.N), row(&q.V), row(&q.Amb), row(&q.Emis), row(&q.Ed), row(&q.Es),
				row(&q.R), q.Metallic[k], q.Rough[k], q.Occ[k], q.Norm[k])
			q.Col[0][k], q.Col[1][k], q.Col[2][k] = c.X, c.Y, c.Z
		}
	}
}

// Reflect4 sets the R of each Lanes4 of qs to environment e's prefiltered
// radiance about the reflection of the view at its four points, before
// e.Scale: e.Map.Prefiltered(e.ReflectDir(N, V), Rough) lane by lane, bit
// for bit (tested in direct_test.go), ready for Finish4. On amd64 (not
// purego, not GOAMD64=v3) it is SSE2 assembly (reflect_amd64.s): the
// reflections, cube faces, face coordinates and levels of the four points
// side by side, then each point's two bilinear lookups with the three
// channels of a texel pair in one register.
func Reflect4(qs []Lanes4, e *EnvLight) {
	if len(qs) > 0 {
		reflect4(&qs[0], len(qs), e)
	}
}

// reflect4Go is Reflect4 one lane at a time, with Prefiltered.
func reflect4Go(qs []Lanes4, e *EnvLight) {
	for i := range qs {
		q := &qs[i]
		for k := range 4 {
			n, v := Vec3{q.N[0][k], q.N[1][k], q.N[2][k]}, Vec3{q.V[0][k], q.V[1][k], q.V[2][k]}
			c := e.Map.Prefiltered(e.ReflectDir(n, v), q.Rough[k])
			q.R[0][k], q.R[1][k], q.R[2][k] = c.X, c.Y, c.Z
		}
	}
}

// envSum is ShadeEnv's sum of the model with environment e at a point of
// colour c, unit normal n and unit view direction v: amb is the ambient
// light times the occlusion occ, diffuse and specular the lights' sums,
// r the prefiltered radiance along the reflection (EnvMap.Prefiltered,
// before e.Scale), and metallic, rough, occ and norm the material's.
func envSum(e *EnvLight, c, n, v, amb, emis, diffuse, specular, r Vec3, metallic, rough, occ, norm float32) Vec3 {
	cd := c.Scale(1 - metallic)                                                                     // c_d = c·(1−m)
	f0 := c.Scale(metallic).Add(Vec3{DielectricF0, DielectricF0, DielectricF0}.Scale(1 - metallic)) // F0
	ed := amb.Add(e.Irradiance(n).Scale(occ))
	a, b := EnvBRDF(rough, n.Dot(v))
	es := r.Scale(e.Scale).Mul(f0.Scale(a).Add(Vec3{b, b, b})).Scale(occ)
	return cd.Mul(ed.Add(diffuse)).Add(f0.Mul(amb.Add(specular.Scale(norm)))).Add(es).Add(emis)
}
