"""Attributes and included annotations through the exports, read back by
other tools: pycocotools on `synth export coco --include ...`, Python's csv
on a YOLO export's attributes.csv, both against the shards as the
synthkit reader (pyarrow) returns them.

    python check_attributes.py DATASET_DIR COCO_DIR YOLO_DIR INCLUDED,...
"""

from __future__ import annotations

import contextlib
import csv
import io
import os
import sys

from pycocotools.coco import COCO

import synthkit


def attrs(entry) -> dict:
    return {kv["key"]: kv["value"] for kv in (entry.get("attributes") or [])}


def main() -> int:
    ds_dir, coco_dir, yolo_dir, included = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4].split(",")
    ds = synthkit.open_dataset(ds_dir)
    rows = {ds.row(i)["index"]: ds.row(i) for i in range(len(ds))}
    with contextlib.redirect_stdout(io.StringIO()):
        gt = COCO(os.path.join(coco_dir, "annotations.json"))
    cats = {c["id"]: c for c in gt.loadCats(gt.getCatIds())}
    extra = [c["name"] for c in sorted(cats.values(), key=lambda c: c["id"]) if c["supercategory"] == "annotation"]
    if extra != included:
        print(f"attributes: COCO annotation categories {extra}, want {included}")
        return 1
    objects = extras = 0
    for img in gt.loadImgs(gt.getImgIds()):
        row = rows[img["synthkit_index"]]
        by_id = {o["id"]: o for o in row["objects"]}
        want_extra = [a for a in (row.get("annotations") or []) if a["category"] in included and a["area"] > 0]
        got_extra = []
        for a in gt.loadAnns(gt.getAnnIds(imgIds=img["id"])):
            if cats[a["category_id"]]["supercategory"] == "annotation":
                got_extra.append(a)
                continue
            o = by_id[a["synthkit_instance_id"]]
            if a.get("attributes", {}) != attrs(o):
                print(f"attributes: COCO annotation {a['id']}: {a.get('attributes')} != the row's {attrs(o)}")
                return 1
            objects += 1
        if len(got_extra) != len(want_extra):
            print(f"attributes: image {img['id']}: {len(got_extra)} included annotations, the row has {len(want_extra)}")
            return 1
        for a, w in zip(got_extra, want_extra):
            if cats[a["category_id"]]["name"] != w["category"] or a.get("attributes", {}) != attrs(w) or int(gt.annToMask(a).sum()) != a["area"] or a["area"] != w["area"]:
                print(f"attributes: COCO included annotation {a['id']} differs from the row's {w['category']}")
                return 1
            extras += 1
    print(f"pycocotools: attributes of {objects} objects and {extras} included annotations ({','.join(included)}) equal the shards'")

    records = 0
    with open(os.path.join(yolo_dir, "attributes.csv"), newline="") as f:
        rd = csv.DictReader(f)
        fixed = ["split", "image", "label_row", "class_id", "class_name", "instance_id"]
        if rd.fieldnames[:6] != fixed:
            print(f"attributes.csv: header {rd.fieldnames[:6]}, want {fixed}")
            return 1
        keys = rd.fieldnames[6:]
        labels: dict = {}
        for rec in rd:
            path = os.path.join(yolo_dir, "labels", rec["split"], os.path.splitext(rec["image"])[0] + ".txt")
            if path not in labels:
                labels[path] = [ln.split()[0] for ln in open(path) if ln.strip()]
            if labels[path][int(rec["label_row"])] != rec["class_id"]:
                print(f"attributes.csv: {rec['image']} row {rec['label_row']}: class {rec['class_id']}, label file {labels[path][int(rec['label_row'])]}")
                return 1
            oid = int(rec["instance_id"])
            if oid:
                row = rows[int(os.path.splitext(rec["image"])[0])]
                o = next(o for o in row["objects"] if o["id"] == oid)
                got = {k: rec[k] for k in keys if rec[k] != ""}
                want = {k: v for k, v in attrs(o).items() if v != ""}
                if got != want:
                    print(f"attributes.csv: {rec['image']} instance {oid}: {got} != {want}")
                    return 1
            records += 1
    total = sum(len(v) for v in labels.values())
    all_rows = sum(len([ln for ln in open(os.path.join(dp, n)) if ln.strip()])
                   for dp, _, ns in os.walk(os.path.join(yolo_dir, "labels")) for n in ns)
    if records != all_rows or total != all_rows:
        print(f"attributes.csv: {records} records, the label files have {all_rows} rows")
        return 1
    print(f"csv: attributes.csv has one record per label row ({records}), classes agree, attributes equal the shards'")
    return 0


if __name__ == "__main__":
    sys.exit(main())
