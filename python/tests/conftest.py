"""Fixtures: small datasets made with the Go CLI (``go run ./cmd/synth``).

.ci/python.sh generates them once and passes their paths in
SYNTHKIT_TEST_BASIC (basic, mixed object counts) and SYNTHKIT_TEST_EMPTY
(rows with zero objects); without those variables the fixtures run the Go
CLI themselves, so ``pytest python/tests`` works on a machine with Go.
"""

from __future__ import annotations

import os
import pathlib
import shutil
import subprocess

import pytest

REPO = pathlib.Path(__file__).resolve().parents[2]


def go_run(*args: str) -> str:
    """Run ``go run ARGS`` at the repository root and return its stdout."""
    if shutil.which("go") is None:
        pytest.fail("go is needed to generate the test datasets (or set SYNTHKIT_TEST_BASIC / SYNTHKIT_TEST_EMPTY)")
    r = subprocess.run(["go", "run", *args], cwd=REPO, capture_output=True, text=True)
    if r.returncode != 0:
        pytest.fail(f"go run {' '.join(args)}: {r.stderr}")
    return r.stdout


def _dataset(env: str, tmp_path_factory, *flags: str) -> pathlib.Path:
    if os.environ.get(env):
        return pathlib.Path(os.environ[env])
    out = tmp_path_factory.mktemp(env.lower()) / "ds"
    go_run("./cmd/synth", "generate", "basic", "-o", str(out), *flags)
    return out


@pytest.fixture(scope="session")
def basic_dir(tmp_path_factory) -> pathlib.Path:
    """basic, 6 samples of 160×120 in 2 shards."""
    return _dataset("SYNTHKIT_TEST_BASIC", tmp_path_factory, "-n", "6", "--shard-size", "3", "--size", "160x120")


@pytest.fixture(scope="session")
def empty_dir(tmp_path_factory) -> pathlib.Path:
    """basic with 0 or 1 object per sample: 8 samples of 64×48, several with no object."""
    return _dataset(
        "SYNTHKIT_TEST_EMPTY", tmp_path_factory, "-n", "8", "--size", "64x48", "-p", "min_objects=0", "-p", "max_objects=1"
    )


@pytest.fixture()
def copy_of(tmp_path):
    """Return a function copying a dataset directory into tmp_path."""

    def copy(src: pathlib.Path) -> pathlib.Path:
        dst = tmp_path / "copy"
        shutil.copytree(src, dst)
        return dst

    return copy
