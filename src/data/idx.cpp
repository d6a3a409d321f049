#include "statmem/data/idx.hpp"

#include <zlib.h>

#include <cstdio>
#include <filesystem>
#include <memory>

#include "statmem/core/error.hpp"

namespace statmem {
namespace {

// IDX magic numbers: two zero bytes, the type code 0x08 (unsigned byte), the rank.
constexpr std::uint32_t kImagesMagic = 0x00000803;
constexpr std::uint32_t kLabelsMagic = 0x00000801;

/// Content type of an IDX file and the config key that names it, for messages.
struct IdxKind {
    const char* noun;  // "image" or "label"
    const char* key;   // "idx.images" or "idx.labels"
};
constexpr IdxKind kImages{"image", "idx.images"};
constexpr IdxKind kLabels{"label", "idx.labels"};

std::string describe(const std::string& path, const IdxKind& kind) {
    return std::string("IDX ") + kind.noun + " file '" + path + "' (" + kind.key + ")";
}

/// Whole content of a file, gunzipped when it is gzip (zlib reads plain files unchanged).
std::vector<std::uint8_t> read_maybe_gzipped(const std::string& path, const IdxKind& kind) {
    std::error_code ec;
    if (!std::filesystem::exists(path, ec)) {
        throw InputError(describe(path, kind) +
                         " not found; install Debian's dataset-fashion-mnist package or set " +
                         kind.key + " to the file's path");
    }
    if (!std::filesystem::is_regular_file(path, ec)) {
        throw InputError(describe(path, kind) + " is not a regular file; set " + kind.key +
                         " to the path of an IDX file, gzipped or plain");
    }
    std::unique_ptr<gzFile_s, int (*)(gzFile)> file(gzopen(path.c_str(), "rb"), gzclose);
    if (!file) {
        throw InputError(describe(path, kind) + " could not be opened; check its permissions");
    }
    std::vector<std::uint8_t> content;
    std::vector<std::uint8_t> chunk(1 << 20);
    while (true) {
        const int got = gzread(file.get(), chunk.data(), static_cast<unsigned>(chunk.size()));
        if (got < 0) {
            int code = 0;
            const char* message = gzerror(file.get(), &code);
            throw InputError(describe(path, kind) + " is corrupt (zlib: " + message +
                             "); download or reinstall it");
        }
        if (got == 0) {
            break;
        }
        content.insert(content.end(), chunk.begin(), chunk.begin() + got);
    }
    return content;
}

std::uint32_t big_endian_u32(const std::vector<std::uint8_t>& bytes, std::size_t at) {
    return (std::uint32_t{bytes[at]} << 24) | (std::uint32_t{bytes[at + 1]} << 16) |
           (std::uint32_t{bytes[at + 2]} << 8) | std::uint32_t{bytes[at + 3]};
}

std::string hex32(std::uint32_t value) {
    char text[16];
    std::snprintf(text, sizeof text, "0x%08x", value);
    return text;
}

void require_size(const std::string& path, const IdxKind& kind, std::size_t have, std::size_t need,
                  const std::string& what) {
    if (have < need) {
        throw InputError(describe(path, kind) + " is truncated: " + what + " need " +
                         std::to_string(need) + " bytes (uncompressed), the file has " +
                         std::to_string(have) + "; download or reinstall it");
    }
    if (have > need) {
        throw InputError(describe(path, kind) + " has " + std::to_string(have - need) +
                         " bytes after its " + what +
                         "; it is corrupt or not an IDX file, so "
                         "download or reinstall it");
    }
}

void require_magic(const std::string& path, const IdxKind& kind,
                   const std::vector<std::uint8_t>& bytes, std::uint32_t expected) {
    if (bytes.size() < 4) {
        throw InputError(describe(path, kind) + " is too short for an IDX header (" +
                         std::to_string(bytes.size()) + " bytes); set " + kind.key + " to an IDX " +
                         kind.noun + " file");
    }
    const std::uint32_t found = big_endian_u32(bytes, 0);
    if (found != expected) {
        throw InputError(describe(path, kind) + " has the magic number " + hex32(found) +
                         ", expected " + hex32(expected) + " for an IDX " + kind.noun +
                         " file; check that " + kind.key + " names the right file");
    }
}

}  // namespace

IdxImages read_idx_images(const std::string& path) {
    const auto bytes = read_maybe_gzipped(path, kImages);
    require_magic(path, kImages, bytes, kImagesMagic);
    if (bytes.size() < 16) {
        require_size(path, kImages, bytes.size(), 16, "the header");
    }
    IdxImages images;
    images.count = big_endian_u32(bytes, 4);
    images.rows = static_cast<int>(big_endian_u32(bytes, 8));
    images.columns = static_cast<int>(big_endian_u32(bytes, 12));
    if (images.count == 0 || images.rows <= 0 || images.columns <= 0 || images.rows > 4096 ||
        images.columns > 4096) {
        throw InputError(describe(path, kImages) + " declares an impossible size " +
                         std::to_string(images.count) + " x " + std::to_string(images.rows) +
                         " x " + std::to_string(images.columns) +
                         "; it is corrupt, so download or reinstall it");
    }
    const std::size_t payload =
        static_cast<std::size_t>(images.count) * images.rows * images.columns;
    require_size(path, kImages, bytes.size(), 16 + payload,
                 "the header and " + std::to_string(images.count) + " images");
    images.pixels.assign(bytes.begin() + 16, bytes.end());
    return images;
}

std::vector<std::uint8_t> read_idx_labels(const std::string& path) {
    const auto bytes = read_maybe_gzipped(path, kLabels);
    require_magic(path, kLabels, bytes, kLabelsMagic);
    if (bytes.size() < 8) {
        require_size(path, kLabels, bytes.size(), 8, "the header");
    }
    const std::size_t count = big_endian_u32(bytes, 4);
    require_size(path, kLabels, bytes.size(), 8 + count,
                 "the header and " + std::to_string(count) + " labels");
    return {bytes.begin() + 8, bytes.end()};
}

BinaryClass binarise_class(const IdxImages& images, const std::vector<std::uint8_t>& labels,
                           int label, double threshold) {
    if (static_cast<std::int64_t>(labels.size()) != images.count) {
        throw InputError("the IDX label file (idx.labels) has " + std::to_string(labels.size()) +
                         " labels but the image file (idx.images) has " +
                         std::to_string(images.count) +
                         " images; pair files of the same set (train or t10k)");
    }
    const int pixels = images.pixels_per_image();
    const double cut = threshold * 255.0;
    BinaryClass result;
    std::vector<std::int64_t> sum(pixels, 0);
    for (std::int64_t n = 0; n < images.count; ++n) {
        if (labels[n] != label) {
            continue;
        }
        Spins spins(pixels);
        for (int i = 0; i < pixels; ++i) {
            spins[i] = images.pixels[n * pixels + i] > cut ? 1 : -1;
            sum[i] += spins[i];
        }
        result.images.push_back(std::move(spins));
    }
    if (result.images.empty()) {
        throw InputError("invalid config value idx.class = " + std::to_string(label) +
                         ": no image in the label file (idx.labels) has this label; set "
                         "idx.class to a label present in the file (0 to 9 for "
                         "Fashion-MNIST)");
    }
    result.prototype.resize(pixels);
    for (int i = 0; i < pixels; ++i) {
        result.prototype[i] = sum[i] >= 0 ? 1 : -1;
    }
    return result;
}

}  // namespace statmem
