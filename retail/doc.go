// Package retail holds the shelf vocabulary and figures retail labs
// measure: the annotation categories and attribute keys a shelf generator
// writes into scene.Scene.Annotations (vocab.go), and, from the image
// labels package labels extracts, the per-sample planogram (intended and
// realised slots of every visible board) and the shelf KPIs: on-shelf
// availability, share of shelf per brand and planogram compliance
// (kpi.go).
//
// Data enters as []labels.AnnotationLabel and []labels.Instance of one
// frame; nothing here renders or keeps state. Every figure is restricted
// to what the camera sees: a slot counts when at least one pixel of it is
// visible (its AnnotationLabel.Area > 0).
package retail
