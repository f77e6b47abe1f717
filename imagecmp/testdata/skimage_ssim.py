# Prints the pinned values of TestPinnedReference (imagecmp/imagecmp_test.go):
# PSNR and scikit-image's SSIM of the test image pairs, on BT.709 luma of
# the 8-bit encoded channels exactly as package imagecmp computes it. The
# images are built from integer formulas that the Go test repeats. Run with
#   python3 -m venv /tmp/sk && /tmp/sk/bin/pip install numpy==1.26.4 scikit-image==0.22.0
#   /tmp/sk/bin/python imagecmp/testdata/skimage_ssim.py
# (scikit-image 0.22.0, numpy 1.26.4, scipy 1.17.1 gave the pinned values).
import numpy as np
import scipy
import skimage
from skimage.metrics import peak_signal_noise_ratio, structural_similarity


def lcg(seed, n):
    """n values of the LCG s = (1103515245 s + 12345) mod 2^31, as s >> 16."""
    out, s = [], seed
    for _ in range(n):
        s = (1103515245 * s + 12345) % (1 << 31)
        out.append(s >> 16)
    return out


def pair(name, w, h):
    """The RGB images a and b (h x w x 3, uint8) of the named pair."""
    y, x = np.mgrid[0:h, 0:w].astype(np.int64)
    if name == "formula":
        r = (37 * x + 11 * y) % 256
        g = (x * x + 3 * y * y) % 256
        b = (7 * x * y + 50) % 256
        a = np.stack([r, g, b], -1)
        b2 = np.stack([np.minimum(255, r + 3 * ((x * y) % 7)),
                       np.maximum(0, g - 2 * ((x + y) % 9)),
                       255 - b], -1)
    elif name == "noise":
        n = np.array(lcg(7, w * h * 3), dtype=np.int64).reshape(h, w, 3)
        grad = (2 * x + 3 * y) % 256
        a = np.stack([grad, grad, grad], -1)
        b2 = np.clip(a + n % 41 - 20, 0, 255)
    else:
        raise ValueError(name)
    return a.astype(np.uint8), b2.astype(np.uint8)


def luma(img):
    i = img.astype(np.int64)
    return (2126 * i[..., 0] + 7152 * i[..., 1] + 722 * i[..., 2]).astype(np.float64) / 10000


for name, w, h in [("formula", 37, 23), ("formula", 11, 11), ("noise", 64, 48), ("noise", 12, 30)]:
    a, b = pair(name, w, h)
    ya, yb = luma(a), luma(b)
    ssim = structural_similarity(ya, yb, gaussian_weights=True, sigma=1.5,
                                 use_sample_covariance=False, data_range=255)
    psnr = peak_signal_noise_ratio(ya, yb, data_range=255)
    print(f'{{"{name}", {w}, {h}, {psnr!r}, {ssim!r}}},')
print("scikit-image", skimage.__version__, "numpy", np.__version__, "scipy", scipy.__version__)
