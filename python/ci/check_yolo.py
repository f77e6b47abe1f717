"""Ultralytics on `synth export yolo` output: YOLO("yolov8n.yaml") (the
architecture from its yaml, no weights) trains one short epoch for the
given task and its validator runs; prints the validator's metrics.

Nothing may be downloaded: the settings live in a fresh directory, hub
sync and plots are off, and a run that printed "Downloading" fails.

    python check_yolo.py DATA_YAML detect|segment WORKDIR
"""

from __future__ import annotations

import contextlib
import glob
import io
import logging
import os
import re
import sys


def main() -> int:
    data, task, work = sys.argv[1], sys.argv[2], sys.argv[3]
    os.makedirs(work, exist_ok=True)
    os.environ.setdefault("YOLO_CONFIG_DIR", os.path.join(work, "config"))
    os.environ["YOLO_OFFLINE"] = "1"
    import ultralytics
    from ultralytics import YOLO, settings

    wanted = {"sync": False, "clearml": False, "comet": False, "dvc": False, "mlflow": False, "raytune": False,
              "tensorboard": False, "wandb": False, "vscode_msg": False, "openvino_msg": False,
              "datasets_dir": work, "runs_dir": os.path.join(work, "runs"), "weights_dir": os.path.join(work, "weights")}
    settings.update({k: v for k, v in wanted.items() if k in settings})
    cfg = "yolov8n.yaml" if task == "detect" else "yolov8n-seg.yaml"
    buf = io.StringIO()
    tee = _Tee(sys.stdout, buf)
    # Ultralytics logs through its own logger, whose handler holds the
    # original stdout: record its messages too.
    handler = logging.StreamHandler(buf)
    logging.getLogger("ultralytics").addHandler(handler)
    with contextlib.redirect_stdout(tee), contextlib.redirect_stderr(tee):
        model = YOLO(cfg, task=task)
        model.train(data=data, epochs=1, imgsz=160, batch=4, workers=0, device="cpu", plots=False, amp=False,
                    val=True, project=os.path.join(work, "runs"), name=task, exist_ok=True, verbose=False,
                    mosaic=0.0, pretrained=False, seed=0, deterministic=True)
        metrics = model.val(data=data, imgsz=160, batch=4, workers=0, device="cpu", plots=False,
                            project=os.path.join(work, "runs"), name=task + "-val", exist_ok=True)
    out = buf.getvalue()
    if "Downloading" in out:
        print(f"ultralytics {task}: something was downloaded (see above)")
        return 1
    bad = [int(n) for n in re.findall(r"(\d+) corrupt", out) if int(n)]
    if bad:
        print(f"ultralytics {task}: it found corrupt labels (see above)")
        return 1
    # The validator's "all" row counts the images and instances it parsed:
    # they must be every image and every label row of the val split.
    root = os.path.dirname(os.path.abspath(data))
    with open(data) as f:
        val = re.search(r"^val: (\S+)", f.read(), re.M).group(1)
    labels = os.path.join(root, val.replace("images", "labels", 1))
    files = glob.glob(os.path.join(labels, "*.txt"))
    rows = sum(len([ln for ln in open(p) if ln.strip()]) for p in files)
    alls = re.findall(r"\s{2,}all\s+(\d+)\s+(\d+)\s", out)
    if not alls or alls[-1] != (str(len(files)), str(rows)):
        print(f"ultralytics {task}: validator saw {alls[-1] if alls else None} (images, instances), the export has {len(files)} images, {rows} rows")
        return 1
    if glob.glob(os.path.join(work, "**", "*.ttf"), recursive=True):
        print(f"ultralytics {task}: a font was fetched")
        return 1
    print(f"ultralytics {task}: validator parsed all {len(files)} val images and {rows} instances, 0 corrupt, nothing downloaded")
    rd = {k: round(float(v), 4) for k, v in metrics.results_dict.items()}
    print(f"ultralytics {ultralytics.__version__} {task} validator metrics: {rd}")
    for k in ("metrics/mAP50(B)",) + (("metrics/mAP50(M)",) if task == "segment" else ()):
        if k not in rd:
            print(f"ultralytics {task}: no {k} in the validator's results")
            return 1
    return 0


class _Tee(io.TextIOBase):
    def __init__(self, *streams):
        self.streams = streams

    def write(self, s):
        for st in self.streams:
            st.write(s)
        return len(s)

    def flush(self):
        for st in self.streams:
            st.flush()


if __name__ == "__main__":
    sys.exit(main())
