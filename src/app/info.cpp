#include "info.hpp"

#include <ostream>

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

void print_tree(std::ostream& out, const h5::Group& group, const std::string& indent,
                int depth) {
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

}  // namespace

void print_file_info(std::ostream& out, const std::string& path) {
    const h5::File file = h5::File::open(path);
    const h5::Group root = file.root();
    if (!root.has_attr("program") || root.get_attr_string("program") != "statmem") {
        throw InputError("'" + path + "' is an HDF5 file but not a statmem result (no "
                         "program = statmem attribute)");
    }
    out << path << "\n";
    print_attributes(out, root, "  ");
    print_tree(out, root, "  ", 0);
}

}  // namespace statmem
