# Prints the pinned vectors of TestProjectOpenCV (scene/lens_test.go):
# OpenCV's projectPoints and fisheye.projectPoints for the test camera,
# moved by half a pixel into synthkit's image coordinates (pixel centres at
# i+0.5). Run with Debian's python3-opencv (4.6.0 gave the pinned values):
#   python3 scene/testdata/opencv_lens.py
import cv2
import numpy as np

np.set_printoptions(precision=10)
pts = np.array([[0.3, -0.2, 2.0], [-0.9, 0.6, 1.5], [0.05, 0.01, 3.0], [1.2, 0.9, 1.1]])
K = np.array([[500.0, 0, 320.0 - 0.5], [0, 480.0, 240.0 - 0.5], [0, 0, 1]])
rt = np.zeros(3)
for name, d in [("brown_conrady", [-0.28, 0.07, 0.0012, -0.0007, 0.015]),
                ("brown_conrady", [0.12, -0.03, 0.0005, 0.0008])]:
    p, _ = cv2.projectPoints(pts, rt, rt, K, np.array(d))
    print(name, d, p.reshape(-1, 2) + 0.5)
d = [0.05, -0.01, 0.002, -0.0003]
p, _ = cv2.fisheye.projectPoints(pts.reshape(-1, 1, 3), rt, rt, K, np.array(d))
print("kannala_brandt", d, p.reshape(-1, 2) + 0.5)
print("opencv", cv2.__version__)
