"""torchvision: one training step of maskrcnn_resnet50_fpn(weights=None,
weights_backbone=None) on a batch from synthkit.torch; the loss is finite.

    python check_maskrcnn.py DATASET_DIR
"""

from __future__ import annotations

import math
import sys
import time

import torch
import torchvision
from torch.utils.data import DataLoader
from torchvision.models.detection import maskrcnn_resnet50_fpn

from synthkit.torch import SynthkitDetection, collate_fn


def main() -> int:
    torch.manual_seed(0)
    ds = SynthkitDetection(sys.argv[1])
    images, targets = next(iter(DataLoader(ds, batch_size=2, shuffle=False, collate_fn=collate_fn)))
    h, w = images[0].shape[1:]
    model = maskrcnn_resnet50_fpn(weights=None, weights_backbone=None, num_classes=ds.num_classes,
                                  min_size=min(h, w), max_size=max(h, w))
    model.train()
    opt = torch.optim.SGD(model.parameters(), lr=0.005, momentum=0.9)
    t0 = time.time()
    losses = model(images, [{k: v for k, v in t.items() if isinstance(v, torch.Tensor)} for t in targets])
    loss = sum(losses.values())
    opt.zero_grad()
    loss.backward()
    opt.step()
    parts = ", ".join(f"{k} {v.item():.4f}" for k, v in losses.items())
    n = sum(len(t["boxes"]) for t in targets)
    print(f"torchvision {torchvision.__version__} maskrcnn_resnet50_fpn: one step on {len(images)} images ({w}x{h}, {n} objects) "
          f"in {time.time() - t0:.1f}s, loss {loss.item():.4f} ({parts})")
    if not math.isfinite(loss.item()):
        print("maskrcnn: loss is not finite")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
