#include "info.hpp"

#include <filesystem>
#include <fstream>
#include <ostream>
#include <sstream>

#include "statmem/core/error.hpp"
#include "statmem/io/hdf5.hpp"

namespace statmem {
namespace {

void print_attributes(std::ostream& out, const h5::Group& group, const std::string& indent) {
    for (const auto& name : group.attr_names()) {
        out << indent << name << " = ";
        try {
            out << group.get_attr_string(name);
        } catch (const Error&) {
            try {
                out << group.get_attr<std::int64_t>(name);
            } catch (const Error&) {
                out << group.get_attr<double>(name);
            }
        }
        out << "\n";
    }
}

void print_tree(std::ostream& out, const h5::Group& group, const std::string& indent, int depth) {
    for (const auto& name : group.children()) {
        const std::string path = group.path() == "/" ? "/" + name : group.path() + "/" + name;
        if (group.is_group(name)) {
            const h5::Group child = group.open_group(name);
            const auto children = child.children();
            // Sample groups repeat one layout: show the first, count the rest.
            if (name == "samples" && children.size() > 1) {
                out << indent << path << "/  (" << children.size()
                    << " disorder samples, same layout; first shown)\n";
                print_tree(out, child.open_group(children.front()), indent + "  ", depth + 1);
                continue;
            }
            out << indent << path << "/\n";
            print_tree(out, child, indent + "  ", depth + 1);
        } else {
            std::vector<std::uint64_t> dims;
            std::string shape;
            try {
                group.read<double>(name, &dims);
                const auto names = group.read_dim_names(name);
                for (std::size_t j = 0; j < dims.size(); ++j) {
                    shape += (j ? ", " : "") + (j < names.size() ? names[j] : "?") + "=" +
                             std::to_string(dims[j]);
                }
                out << indent << path << "  [" << shape << "]\n";
            } catch (const Error&) {
                out << indent << path << "  (text)\n";
            }
        }
    }
}

void require_readable_file(const std::string& path) {
    namespace fs = std::filesystem;
    std::error_code ec;
    if (!fs::exists(path, ec)) {
        throw InputError("result file '" + path + "' not found; check the path");
    }
    if (fs::is_directory(path, ec)) {
        throw InputError("'" + path + "' is a folder; pass a result file written by statmem");
    }
    if (!std::ifstream(path)) {
        throw InputError("result file '" + path + "' is not readable; check its permissions");
    }
    H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);  // errors travel in exceptions, not on stderr
    if (H5Fis_hdf5(path.c_str()) <= 0) {
        H5Eclear2(H5E_DEFAULT);
        throw InputError("'" + path +
                         "' is not an HDF5 file (no HDF5 signature); pass a result "
                         "file written by statmem");
    }
}

/// Extract the deepest entry of the HDF5 error stack in a LibraryError message, which is the
/// most specific reason, such as "truncated file: eof = 100, ..., stored_eof = 524320".
std::string innermost_reason(const std::string& message) {
    const auto line_start = message.rfind("\n");
    std::string reason = line_start == std::string::npos ? message : message.substr(line_start + 1);
    const auto colon = reason.find(": ");
    if (reason.find('#') != std::string::npos && colon != std::string::npos) {
        reason = reason.substr(colon + 2);
    }
    return reason;
}

void print_statmem_file(std::ostream& out, const std::string& path) {
    const h5::File file = h5::File::open(path);
    const h5::Group root = file.root();
    if (!root.has_attr("program") || root.get_attr_string("program") != "statmem") {
        throw InputError("'" + path +
                         "' is an HDF5 file but not a statmem result (no "
                         "program = statmem attribute); pass a file written by statmem");
    }
    out << path << "\n";
    print_attributes(out, root, "  ");
    print_tree(out, root, "  ", 0);
}

}  // namespace

void print_file_info(std::ostream& out, const std::string& path) {
    require_readable_file(path);
    // Collect the whole listing first, so a file that fails half-way prints only the error.
    std::ostringstream listing;
    try {
        print_statmem_file(listing, path);
    } catch (const InputError&) {
        throw;
    } catch (const Error& e) {
        throw InputError("'" + path +
                         "' is a damaged HDF5 file (HDF5: " + innermost_reason(e.what()) +
                         "); it was truncated or changed after statmem wrote it, so copy it "
                         "again or rerun the job that made it");
    }
    out << listing.str();
}

}  // namespace statmem
