#!/usr/bin/env python3
"""Write broken IDX files for the command-line tests, derived from Debian's Fashion-MNIST.

Usage: make_idx_fixtures.py DATASET_FOLDER OUTPUT_FOLDER
Exit code 77 (skip) when the dataset-fashion-mnist package is not installed.
"""

import gzip
import os
import struct
import sys

SKIP = 77


def main():
    dataset, output = sys.argv[1], sys.argv[2]
    train_images = os.path.join(dataset, "train-images-idx3-ubyte.gz")
    test_images = os.path.join(dataset, "t10k-images-idx3-ubyte.gz")
    if not (os.path.isfile(train_images) and os.path.isfile(test_images)):
        print(f"SKIP: Fashion-MNIST not found in {dataset}; install dataset-fashion-mnist")
        return SKIP
    os.makedirs(output, exist_ok=True)

    # A gzip file cut short, as after an interrupted download.
    with open(train_images, "rb") as handle:
        head = handle.read(100_000)
    with open(os.path.join(output, "train-images-truncated.gz"), "wb") as handle:
        handle.write(head)

    # A plain (gunzipped) image file with three bytes appended.
    with gzip.open(test_images, "rb") as handle:
        plain = handle.read()
    with open(os.path.join(output, "t10k-images-trailing"), "wb") as handle:
        handle.write(plain + b"xyz")

    # A gzip file whose compressed data was damaged in the middle (CRC mismatch).
    damaged = bytearray(gzip.compress(plain, compresslevel=1))
    middle = len(damaged) // 2
    for i in range(middle, middle + 64):
        damaged[i] ^= 0x5A
    with open(os.path.join(output, "t10k-images-damaged.gz"), "wb") as handle:
        handle.write(damaged)

    # One 28 x 28 image whose magic number declares four dimensions (0x00000804), not three.
    header = struct.pack(">IIII", 0x00000804, 1, 28, 28)
    with open(os.path.join(output, "wrong-magic-images"), "wb") as handle:
        handle.write(header + bytes(28 * 28))
    return 0


if __name__ == "__main__":
    sys.exit(main())
