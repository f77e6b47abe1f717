"""pycocotools on `synth export coco` output: COCO(annotations.json) loads,
annToMask equals the instance map for every object, and COCOeval with the
ground truth fed back as detections (score 1) gives AP = 1.0 for bbox and
segm.

    python check_coco.py COCO_DIR DATASET_DIR
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import sys

import numpy as np
from importlib.metadata import version
from pycocotools.coco import COCO
from pycocotools.cocoeval import COCOeval

import synthkit


def main() -> int:
    coco_dir, ds_dir = sys.argv[1], sys.argv[2]
    ann = os.path.join(coco_dir, "annotations.json")
    with contextlib.redirect_stdout(io.StringIO()):
        gt = COCO(ann)
    ds = synthkit.open_dataset(ds_dir)
    by_index = {ds.row(i)["index"]: i for i in range(len(ds))}
    checked = 0
    for img in gt.loadImgs(gt.getImgIds()):
        # file_name is the sample index's base name (NNNNNNNNN.png)
        idx = int(os.path.splitext(os.path.basename(img["file_name"]))[0])
        s = ds[by_index[idx]]
        inst = s["instances"]
        if inst.shape != (img["height"], img["width"]):
            print(f"coco: image {img['id']}: size {img['width']}x{img['height']}, instances {inst.shape}")
            return 1
        anns = gt.loadAnns(gt.getAnnIds(imgIds=img["id"], iscrowd=None))
        visible = [o for o in s["objects"] if o["area"] > 0]
        if len(anns) != len(visible):
            print(f"coco: image {img['id']}: {len(anns)} annotations, {len(visible)} visible objects")
            return 1
        ids = sorted(o["id"] for o in visible)  # context objects (shelf, table) are in inst but not annotated
        for a in anns:
            m = gt.annToMask(a)
            oid = int(a["synthkit_instance_id"])
            if not np.array_equal(m, (inst == oid).astype(np.uint8)):
                print(f"coco: annotation {a['id']}: annToMask differs from instance {oid}'s pixels")
                return 1
            if int(m.sum()) != a["area"]:
                print(f"coco: annotation {a['id']}: area {a['area']}, mask {int(m.sum())}")
                return 1
            if oid not in ids:
                print(f"coco: annotation {a['id']}: instance {oid} is not a visible object or is annotated twice")
                return 1
            ids.remove(oid)
            checked += 1
        if ids:
            print(f"coco: image {img['id']}: instances {ids} have no annotation")
            return 1
    print(f"pycocotools {version('pycocotools')}: annToMask equals the instance map for all {checked} annotations of {len(gt.getImgIds())} images")
    dets = [
        {"image_id": a["image_id"], "category_id": a["category_id"], "bbox": a["bbox"], "segmentation": a["segmentation"], "score": 1.0}
        for a in gt.loadAnns(gt.getAnnIds())
    ]
    with contextlib.redirect_stdout(io.StringIO()):
        dt = gt.loadRes(json.loads(json.dumps(dets)))
    for iou in ("bbox", "segm"):
        ev = COCOeval(gt, dt, iou)
        # (maxDets=100 applies per image and category: shelves have more
        # than 100 objects per image but not of one SKU.)
        with contextlib.redirect_stdout(io.StringIO()):
            ev.evaluate()
            ev.accumulate()
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            ev.summarize()
        first = out.getvalue().splitlines()[0]
        ap = ev.stats[0]
        print(f"COCOeval {iou}: {first.strip()}")
        if ap != 1.0:
            print(f"COCOeval {iou}: AP {ap}, want 1.0")
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
