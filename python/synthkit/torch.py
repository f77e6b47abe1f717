"""PyTorch access: a map-style ``Dataset`` and a ``collate_fn`` that batch
samples with different numbers of objects, in torchvision's detection
format.

    from torch.utils.data import DataLoader
    from synthkit.torch import SynthkitDetection, collate_fn

    ds = SynthkitDetection("out/")
    loader = DataLoader(ds, batch_size=4, shuffle=True, collate_fn=collate_fn)
    images, targets = next(iter(loader))   # list of 3×H×W float32, list of dicts
    loss = sum(model(images, targets).values())   # e.g. maskrcnn_resnet50_fpn

Each target holds ``boxes`` (float32 N×4, xyxy pixels: the tight box of the
visible mask), ``labels`` (int64 N, ``category_id + label_offset``; the
default offset 1 keeps 0 for torchvision's background, so build the model
with ``num_classes=ds.num_classes``), ``masks`` (uint8 N×H×W), ``area``
(float32), ``iscrowd`` (int64, zeros), ``image_id`` (int64, the sample
index), ``depth`` (float32 H×W metres, when the dataset has depth), and
``seed``: a Python ``int``, since seeds use all 64 bits and half of them do
not fit torch's int64.
"""

from __future__ import annotations

from typing import Any, Callable, Dict, List, Optional, Sequence, Tuple

import numpy as np
import torch
from torch.utils.data import Dataset as _TorchDataset

from .reader import Dataset, PathLike, object_masks

__all__ = ["SynthkitDetection", "collate_fn", "seeds_of"]

Target = Dict[str, Any]


class SynthkitDetection(_TorchDataset):
    """A synthkit dataset as ``(image, target)`` pairs for torchvision detection.

    Args:
        path: dataset directory, manifest or shard (see :class:`synthkit.Dataset`).
        masks: decode the objects' visible masks (``target["masks"]``).
        depth: add ``target["depth"]`` when the dataset has a depth column.
        min_area: leave out objects with fewer visible pixels (1 drops the
            fully occluded ones, whose empty boxes torchvision refuses).
        min_visible: leave out objects whose visible fraction is below it.
        label_offset: added to ``category_id`` to give ``labels``.
        transforms: optional ``f(image, target) -> (image, target)``.
    """

    def __init__(
        self,
        path: PathLike,
        *,
        masks: bool = True,
        depth: bool = True,
        min_area: int = 1,
        min_visible: float = 0.0,
        label_offset: int = 1,
        transforms: Optional[Callable[[torch.Tensor, Target], Tuple[torch.Tensor, Target]]] = None,
    ):
        self.path = path
        self.masks = masks
        self.depth = depth
        self.min_area = min_area
        self.min_visible = min_visible
        self.label_offset = label_offset
        self.transforms = transforms
        self._ds: Optional[Dataset] = None
        ds = self.dataset
        if not ds.has("image") or not ds.has("objects"):
            raise ValueError(f"{path}: detection needs the image and objects columns, the dataset has {ds.columns}")
        self.categories: List[str] = list(ds.categories)
        self._len = len(ds)

    @property
    def dataset(self) -> Dataset:
        """The underlying reader, opened lazily in each worker process."""
        if self._ds is None:
            self._ds = Dataset(self.path)
        return self._ds

    def __getstate__(self) -> Dict[str, Any]:
        # Memory maps do not pickle: DataLoader workers reopen the shards.
        st = self.__dict__.copy()
        st["_ds"] = None
        return st

    @property
    def num_classes(self) -> int:
        """Number of classes including torchvision's background (``label_offset`` of them)."""
        return len(self.categories) + self.label_offset

    def __len__(self) -> int:
        return self._len

    def __getitem__(self, i: int) -> Tuple[torch.Tensor, Target]:
        ds = self.dataset
        row = ds.row(i)
        image = ds.decode_column("image", row["image"])
        if image is None:
            raise ValueError(f"row {i}: no image")
        h, w = image.shape[:2]
        objs = [
            o
            for o in (row.get("objects") or [])
            if (o.get("area") or 0) >= self.min_area and (o.get("visible_fraction") or 0.0) >= self.min_visible
        ]
        boxes = np.array([o["bbox"] for o in objs], dtype=np.float32).reshape(-1, 4)
        boxes[:, 2:] += boxes[:, :2]  # xywh → xyxy
        target: Target = {
            "boxes": torch.from_numpy(boxes),
            "labels": torch.tensor([int(o["category_id"]) + self.label_offset for o in objs], dtype=torch.int64),
            "area": torch.tensor([float(o["area"]) for o in objs], dtype=torch.float32),
            "iscrowd": torch.zeros(len(objs), dtype=torch.int64),
            "image_id": torch.tensor(int(row["index"]), dtype=torch.int64),
            "index": int(row["index"]),
            "seed": int(row["seed"]),
        }
        if self.masks:
            target["masks"] = torch.from_numpy(object_masks(objs, h, w))
        if self.depth and row.get("depth") is not None:
            target["depth"] = torch.from_numpy(ds.decode_column("depth", row["depth"]))
        img = torch.from_numpy(np.ascontiguousarray(image.transpose(2, 0, 1))).float().div_(255.0)
        if self.transforms is not None:
            img, target = self.transforms(img, target)
        return img, target


def collate_fn(batch: Sequence[Tuple[torch.Tensor, Target]]) -> Tuple[List[torch.Tensor], List[Target]]:
    """Batch ``(image, target)`` pairs as two lists, torchvision's detection input.

    Objects per image differ, so targets cannot be stacked; torchvision's
    detection models take lists and resize and pad the images themselves.
    """
    images = [b[0] for b in batch]
    targets = [b[1] for b in batch]
    return images, targets


def seeds_of(targets: Sequence[Target]) -> np.ndarray:
    """The seeds of a batch of targets as ``numpy.uint64``."""
    return np.array([t["seed"] for t in targets], dtype=np.uint64)
