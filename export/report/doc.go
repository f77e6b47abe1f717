// Package report writes a self-contained HTML report of a synthkit
// dataset: summary numbers, distribution plots and a contact sheet of
// sample overlays.
//
// Write reads the dataset once (Collect gathers Stats and keeps the first
// few samples), draws the figures with gonum.org/v1/plot (Figures) and
// writes into the report folder:
//
//	index.html             summary table, figures, sample sheet, spec (html/template, inline CSS, no scripts)
//	categories.png         visible objects per category
//	objects_per_image.png  visible objects per image
//	box_size.png           sqrt(w·h) of the visible boxes, pixels
//	aspect.png             box width / height, log scale
//	visible_fraction.png   visible / silhouette pixels of every annotated object
//	depth_range.png        nearest and farthest foreground depth of each image
//	samples.png            export.ContactSheet of the first samples
//	stats.json             the numbers behind the plots
//
// Every link in index.html is a bare file name in the same folder, and no
// absolute path is written anywhere, so the folder can be moved, zipped or
// served as is.
//
// The report lives in its own package so that importing package export
// (COCO, YOLO, contact sheets) does not pull in gonum/plot and its fonts.
package report
