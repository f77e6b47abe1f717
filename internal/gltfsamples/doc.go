// Package gltfsamples holds tests that render the Khronos glTF sample
// models (the folder named by SYNTHKIT_GLTF_SAMPLES) with the pure-Go
// renderer and compare them with golden images and with each model's
// reference screenshot (its layout, and PSNR and SSIM kept in
// docs/fidelity.md), and the test that keeps docs/gltf-corpus.md (the
// loader's verdicts on the Khronos validator corpus, SYNTHKIT_GLTF_CORPUS)
// true. It lives apart from package scene so that scene never imports a
// renderer. It has no non-test code.
package gltfsamples
