// Package export turns a synthkit dataset (a directory of Arrow shards,
// see package job) into the files other tools read: COCO instance
// segmentation, Ultralytics YOLO detection or segmentation, and contact
// sheets for people to look at. The HTML report is in export/report.
//
// Data enters through OpenDataset (a complete dataset directory and its
// category list) and Dataset.Each, which streams samples in index order;
// COCOWriter and YOLOWriter take one *dataset.Sample at a time, write its
// image and labels at once and keep only small counters, so memory does
// not grow with the dataset. ExportCOCO and ExportYOLO wire the two
// together; `synth export coco|yolo` calls them.
//
// # Files and ids
//
// Every export names sample i's files after its index zero-padded to nine
// digits ("000000042.png"). The colour image is copied byte for byte (PNG,
// or JPEG as ".jpg" when the job wrote JPEG). An output directory must be
// empty unless Overwrite is set, so exports never mix.
//
// # Splits
//
// Splits ("train=0.9,val=0.1"; weights are relative) are assigned by a
// hash of the sample index alone (SplitUnit: SplitMix64's first output for
// the index, scaled to [0, 1)): the splits own consecutive intervals of
// [0, 1) in the order given. The assignment is the same on every run and
// machine, for any shard layout, and a sample keeps its split when the
// dataset grows. Shares are binomially close to the weights, not exact.
//
// # COCO
//
// Without splits the output directory is one COCO dataset; with splits
// each split is one, in a subdirectory named after it:
//
//	DIR/annotations.json            DIR/{split}/annotations.json
//	DIR/images/000000000.png        DIR/{split}/images/000000000.png
//
// file_name is relative to the images/ directory beside annotations.json
// (torchvision's CocoDetection(root=images, annFile=...), detectron2's
// register_coco_instances(name, {}, json, images)). In annotations.json:
//
//   - images: id = sample index + 1, width, height, file_name, and
//     synthkit_index (the sample index).
//   - categories: the dataset's whole category list, in order, with
//     id = category_id + 1 (COCO ids start at 1; COCOeval treats an
//     annotation id of 0 as "no match", so every id we write is >= 1).
//     The ids are stable: they depend on the generator's list, not on
//     which categories occur. supercategory is "object".
//   - annotations: id numbered 1, 2, ... in sample order, unique across
//     all splits; category_id; segmentation as compressed RLE
//     {"size": [h, w], "counts": "..."} (the shard's own string, which
//     pycocotools.mask.decode reads as is); area = the mask's pixel count
//     and bbox = [x, y, w, h], the tight box of the mask on pixel edges,
//     both computed from the decoded RLE and written as JSON floats;
//     iscrowd 0; attributes, the row's attributes as a JSON object of
//     strings (for shelves: sku, brand, kind, category, pose, misplaced,
//     facing, row, board, bay, null_set), left out when there are none;
//     and, ignored by pycocotools, synthkit_instance_id (the object's id
//     in the instances PNG) and synthkit_visible_fraction.
//
// Include (`synth export coco --include shelf,tags,empty`) adds annotation
// categories of the annotations column after the dataset's categories,
// with supercategory "annotation" and ids len(categories)+1, ...: each
// annotation of those categories with a visible pixel becomes one COCO
// annotation of the same form (its RLE, area and box, its attributes, no
// synthkit_instance_id), and a shelf row's projected front edge is kept
// as synthkit_line, one flattened x0, y0, x1, y1, ... piece per part in
// view. Aliases: shelf (shelf_row), tags (price_tag), empty
// (empty_facing), facings (facing), slots (planogram_slot).
//
// Why RLE with iscrowd 0: each annotation is one exactly known instance,
// so it must count in evaluation. COCOeval treats iscrowd=1 regions as
// ignore regions (detections matching them are neither true nor false
// positives, and their IoU is taken over the detection's area), which
// would silently drop our objects from the metrics; and COCO's convention
// of "RLE means crowd" is only a convention: pycocotools' annToRLE accepts
// an RLE dict for any annotation, and COCOeval matches it like a polygon.
// RLE is exact (a polygon would round the mask) and compact. Tools that
// rasterize only polygons need converting: detectron2 wants
// INPUT.MASK_FORMAT=bitmask for RLE segmentations.
//
// Fully occluded objects (no visible pixel) are always left out, since an
// empty mask has no box; objects whose visible fraction is below
// MinVisible are left out too (as background, not as ignore regions).
//
// # YOLO
//
// The Ultralytics layout, split names among train, val and test:
//
//	DIR/data.yaml
//	DIR/images/{split}/000000000.png
//	DIR/labels/{split}/000000000.txt
//
// data.yaml holds path (the output directory made absolute: Ultralytics
// resolves a relative path against its datasets_dir setting, not against
// the file; delete the line after moving the folder and it uses the
// file's folder), train, val (the train images when there is no val
// split), test when exported, nc and names as a mapping class → name with
// class = category_id. Every image has a label file, empty when no object
// is kept, and all rows of a file are of one kind:
//
//   - detect: "cls cx cy w h", the tight box of the visible mask,
//     normalized by the image width and height, 6 decimals.
//   - segment: "cls x1 y1 x2 y2 ...", a polygon of at least 3 vertices,
//     normalized, 6 decimals, one row per object. The visible mask is
//     split into 8-connected parts; their outer outlines are joined into
//     one polygon by zero-width bridges between nearest vertices, walked
//     there and back, as Ultralytics' merge_multi_segment joins the parts
//     of a COCO polygon (Ultralytics reads one polygon per row as one
//     instance, so an occluded product cut in two stays one object).
//     Filled by the even-odd or the non-zero rule the bridges enclose
//     nothing. Holes are filled; a part lying in a hole of another is
//     covered by it and left out.
//
// Included annotation categories (YOLOOptions.Include) are classes
// len(categories), ... after the dataset's, in data.yaml's names and in
// the rows.
//
// attributes.csv, beside data.yaml, has one record per label row, in the
// order of the label files: split, image (file name in images/{split}/),
// label_row (0-based line in the label file), class_id, class_name,
// instance_id (the id in the instances PNG; 0 for an included
// annotation), then one column per attribute key found in the export,
// sorted, empty where the row has no such attribute. It is written by
// Close, before data.yaml; an attribute key equal to one of the six
// leading column names is an error. pandas.read_csv(..., dtype=str) reads
// it as written.
//
// Polygons (Outlines) follow pixel edges, so their vertices lie on pixel
// corners: the polygon of a rectangle of pixels x0..x1, y0..y1 is exactly
// (x0, y0), (x1+1, y0), (x1+1, y1+1), (x0, y1+1), and the polygon's extent
// is the pixel box. They are simplified with Douglas–Peucker at
// DefaultTolerance (1 pixel), which removes the staircase of slanted and
// round edges (a disc of radius 20 goes from 94 to 16 vertices) while
// every kept vertex is one of the outline's; when that would leave the
// filled polygon with an IoU under MinPolygonIoU (0.95) against the exact
// outline, as for thin or tiny parts, the tolerance is halved down to
// 1/8 pixel and then the exact outline is kept (SimplifyMask).
//
// # Contact sheets
//
// ContactSheet draws samples on a grid: the colour image with tinted,
// outlined masks, boxes and category labels, beside a depth colormap. It
// is a library function so that generators' preview commands reuse it.
package export
