// Package imagecmp measures how close an image is to a reference: PSNR
// and SSIM on luma, a resize helper for references of another size, crops,
// and difference and side-by-side images for looking at the result.
//
// Images enter as image.Image values (any size, any colour model) and are
// reduced to one luma plane each (Luma): Y′ = 0.2126 R′ + 0.7152 G′ +
// 0.0722 B′, the BT.709 luma weights applied to the gamma-encoded (sRGB)
// channel values, on a 0..255 scale and kept in float64 without rounding.
// This is the greyscale image that SSIM is defined on and that
// scikit-image, OpenCV and the SSIM authors' code are given in practice:
// an 8-bit encoded grey level, not linear-light luminance. BT.709's weights
// are the ones for sRGB's primaries (skimage.color.rgb2gray uses 0.2125,
// 0.7154, 0.0721; MATLAB's rgb2gray BT.601's 0.299, 0.587, 0.114: pass
// both tools the same Y′ to compare numbers). Colour is read through
// image.Image's RGBA method, which is alpha-premultiplied, so a
// translucent pixel counts as its colour composited over black. A grey
// pixel (R′ = G′ = B′ = v) has Y′ = v exactly.
//
// The two measures:
//
//   - PSNR = 10·log10(255² / MSE), MSE the mean of (Y′a − Y′b)² over all
//     pixels; +Inf for identical planes. A flat image against the same
//     image offset by d codes gives 20·log10(255/d) dB.
//   - SSIM is Wang, Bovik, Sheikh and Simoncelli (2004), "Image quality
//     assessment: from error visibility to structural similarity": local
//     means, variances (population, not sample) and covariance under an
//     11×11 Gaussian window of σ = 1.5 (normalised to sum 1), K1 = 0.01,
//     K2 = 0.03, L = 255, averaged over every window that lies wholly
//     inside the image (the pixels at least 5 from every edge). That is
//     exactly scikit-image's
//     structural_similarity(y1, y2, gaussian_weights=True, sigma=1.5,
//     use_sample_covariance=False, data_range=255) on the two Y′ planes as
//     float64 arrays (which filters the whole image, then crops the 5-pixel
//     border before taking the mean, so its border mode never reaches the
//     result); testdata/skimage_ssim.py prints the values the tests pin.
//     Both images must be at least 11×11.
//
// The measures need images of one size (ErrSize otherwise). Fit resamples
// a reference to a render's size, Crop takes the same box out of both, and
// Diff and SideBySide make pictures of what differs. Nothing here keeps
// state between calls.
package imagecmp
