#pragma once
// IDX image and label files (the MNIST / Fashion-MNIST format), gzipped or plain.

#include <cstdint>
#include <string>
#include <vector>

#include "statmem/data/example_set.hpp"

namespace statmem {

/// Paths of the training set installed by Debian's dataset-fashion-mnist package.
inline constexpr const char* kDefaultImagesPath =
    "/usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz";
inline constexpr const char* kDefaultLabelsPath =
    "/usr/share/datasets/fashion-mnist/train-labels-idx1-ubyte.gz";

/// Unsigned-byte images, row-major, `rows * columns` pixels each.
struct IdxImages {
    std::int64_t count = 0;
    int rows = 0;
    int columns = 0;
    std::vector<std::uint8_t> pixels;
    int pixels_per_image() const { return rows * columns; }
};

/// Read an idx3-ubyte image file. Throws InputError naming the file and what is wrong
/// (missing, wrong magic number, truncated, trailing bytes).
IdxImages read_idx_images(const std::string& path);
/// Read an idx1-ubyte label file.
std::vector<std::uint8_t> read_idx_labels(const std::string& path);

/// Binarised images of one class: pixel > threshold * 255 gives +1, else -1.
struct BinaryClass {
    std::vector<Spins> images;
    /// Class prototype: sign of the class mean of the binarised images (+1 on ties).
    Spins prototype;
};

BinaryClass binarise_class(const IdxImages& images, const std::vector<std::uint8_t>& labels,
                           int label, double threshold);

}  // namespace statmem
