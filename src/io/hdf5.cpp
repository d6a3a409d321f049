#include "statmem/io/hdf5.hpp"

#include <numeric>

#include "statmem/core/error.hpp"

namespace statmem::h5 {
namespace {

herr_t collect_error(unsigned depth, const H5E_error2_t* entry, void* client) {
    auto* text = static_cast<std::string*>(client);
    *text += "\n  #" + std::to_string(depth) + " " + (entry->func_name ? entry->func_name : "") +
             ": " + (entry->desc ? entry->desc : "");
    return 0;
}

/// Switch off HDF5's automatic stderr printing once; errors travel in exceptions instead.
void silence_auto_printing() {
    static const bool done = [] {
        H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
        return true;
    }();
    (void)done;
}

hid_t checked(hid_t id, const std::string& what) {
    if (id < 0) {
        throw LibraryError("HDF5 failed to " + what + error_stack_text());
    }
    return id;
}

void checked_status(herr_t status, const std::string& what) {
    if (status < 0) {
        throw LibraryError("HDF5 failed to " + what + error_stack_text());
    }
}

Handle make_scalar_space() {
    return Handle(checked(H5Screate(H5S_SCALAR), "create a scalar space"), H5Sclose);
}

Handle make_string_type(std::size_t size) {
    Handle type(checked(H5Tcopy(H5T_C_S1), "copy the string type"), H5Tclose);
    checked_status(H5Tset_size(type.get(), size == 0 ? 1 : size), "set the string size");
    checked_status(H5Tset_cset(type.get(), H5T_CSET_UTF8), "set the string encoding");
    return type;
}

Handle make_varlen_string_type() {
    Handle type(checked(H5Tcopy(H5T_C_S1), "copy the string type"), H5Tclose);
    checked_status(H5Tset_size(type.get(), H5T_VARIABLE), "set a variable string size");
    checked_status(H5Tset_cset(type.get(), H5T_CSET_UTF8), "set the string encoding");
    return type;
}

std::string read_string_from(hid_t object, bool is_attribute, const std::string& what) {
    Handle type(checked(is_attribute ? H5Aget_type(object) : H5Dget_type(object),
                        "get the type of " + what),
                H5Tclose);
    if (H5Tget_class(type.get()) != H5T_STRING) {
        throw InputError("HDF5 object " + what + " is not a string");
    }
    Handle memtype = make_varlen_string_type();
    if (H5Tis_variable_str(type.get()) > 0) {
        char* buffer = nullptr;
        if (is_attribute) {
            checked_status(H5Aread(object, memtype.get(), &buffer), "read " + what);
        } else {
            checked_status(H5Dread(object, memtype.get(), H5S_ALL, H5S_ALL, H5P_DEFAULT, &buffer),
                           "read " + what);
        }
        std::string text = buffer ? buffer : "";
        H5free_memory(buffer);
        return text;
    }
    const std::size_t size = H5Tget_size(type.get());
    std::string text(size, '\0');
    Handle fixed = make_string_type(size);
    if (is_attribute) {
        checked_status(H5Aread(object, fixed.get(), text.data()), "read " + what);
    } else {
        checked_status(H5Dread(object, fixed.get(), H5S_ALL, H5S_ALL, H5P_DEFAULT, text.data()),
                       "read " + what);
    }
    text.resize(text.find('\0') == std::string::npos ? size : text.find('\0'));
    return text;
}

}  // namespace

std::string error_stack_text() {
    std::string text;
    H5Ewalk2(H5E_DEFAULT, H5E_WALK_DOWNWARD, collect_error, &text);
    H5Eclear2(H5E_DEFAULT);
    return text;
}

Handle& Handle::operator=(Handle&& other) noexcept {
    if (this != &other) {
        reset();
        id_ = other.id_;
        closer_ = other.closer_;
        other.id_ = H5I_INVALID_HID;
        other.closer_ = nullptr;
    }
    return *this;
}

void Handle::reset() {
    if (id_ >= 0 && closer_ != nullptr) {
        closer_(id_);
    }
    id_ = H5I_INVALID_HID;
    closer_ = nullptr;
}

template <>
hid_t native_type<double>() {
    return H5T_NATIVE_DOUBLE;
}
template <>
hid_t native_type<float>() {
    return H5T_NATIVE_FLOAT;
}
template <>
hid_t native_type<std::int64_t>() {
    return H5T_NATIVE_INT64;
}
template <>
hid_t native_type<std::uint64_t>() {
    return H5T_NATIVE_UINT64;
}
template <>
hid_t native_type<std::int32_t>() {
    return H5T_NATIVE_INT32;
}
template <>
hid_t native_type<std::uint8_t>() {
    return H5T_NATIVE_UINT8;
}
template <>
hid_t native_type<std::int8_t>() {
    return H5T_NATIVE_INT8;
}

File File::create(const std::string& path) {
    silence_auto_printing();
    File file;
    file.path_ = path;
    file.handle_ = Handle(checked(H5Fcreate(path.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT),
                                  "create file '" + path + "'"),
                          H5Fclose);
    return file;
}

File File::open(const std::string& path) {
    silence_auto_printing();
    File file;
    file.path_ = path;
    if (H5Fis_hdf5(path.c_str()) <= 0) {
        H5Eclear2(H5E_DEFAULT);
        throw InputError("'" + path +
                         "' is missing or not an HDF5 file; check the path (statmem writes "
                         "complete files only, under their final name)");
    }
    file.handle_ = Handle(
        checked(H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), "open file '" + path + "'"),
        H5Fclose);
    return file;
}

Group File::root() const {
    return Group(
        Handle(checked(H5Gopen2(handle_.get(), "/", H5P_DEFAULT), "open the root group"), H5Gclose),
        "/");
}

void File::close() {
    if (handle_.get() >= 0) {
        checked_status(H5Fflush(handle_.get(), H5F_SCOPE_GLOBAL), "flush '" + path_ + "'");
        checked_status(H5Fclose(handle_.release()), "close '" + path_ + "'");
    }
}

namespace {
std::string child_path(const std::string& parent, const std::string& name) {
    return parent == "/" ? "/" + name : parent + "/" + name;
}
}  // namespace

Group Group::create_group(const std::string& name) const {
    return Group(
        Handle(checked(H5Gcreate2(id(), name.c_str(), H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT),
                       "create group " + child_path(path_, name)),
               H5Gclose),
        child_path(path_, name));
}

Group Group::open_group(const std::string& name) const {
    if (!exists(name)) {
        throw InputError("HDF5 group " + child_path(path_, name) +
                         " not found; is this a statmem output file of a matching version?");
    }
    return Group(Handle(checked(H5Gopen2(id(), name.c_str(), H5P_DEFAULT),
                                "open group " + child_path(path_, name)),
                        H5Gclose),
                 child_path(path_, name));
}

Group Group::require_group(const std::string& name) const {
    return exists(name) ? open_group(name) : create_group(name);
}

bool Group::is_group(const std::string& name) const {
    Handle object(
        checked(H5Oopen(id(), name.c_str(), H5P_DEFAULT), "open " + child_path(path_, name)),
        H5Oclose);
    return H5Iget_type(object.get()) == H5I_GROUP;
}

bool Group::exists(const std::string& name) const {
    const htri_t found = H5Lexists(id(), name.c_str(), H5P_DEFAULT);
    if (found < 0) {
        H5Eclear2(H5E_DEFAULT);
        return false;
    }
    return found > 0;
}

std::vector<std::string> Group::children() const {
    std::vector<std::string> names;
    auto visit = [](hid_t, const char* name, const H5L_info_t*, void* data) -> herr_t {
        static_cast<std::vector<std::string>*>(data)->push_back(name);
        return 0;
    };
    checked_status(H5Literate(id(), H5_INDEX_NAME, H5_ITER_INC, nullptr, visit, &names),
                   "list group " + path_);
    return names;
}

template <typename T>
void Group::write(const std::string& name, const std::vector<T>& data,
                  const std::vector<std::uint64_t>& dims,
                  const std::vector<std::string>& dim_names) const {
    const std::uint64_t count =
        std::accumulate(dims.begin(), dims.end(), std::uint64_t{1}, std::multiplies<>());
    if (count != data.size() || dims.size() != dim_names.size()) {
        throw Error("internal error: dataset " + child_path(path_, name) +
                    " has shape and data of different sizes");
    }
    std::vector<hsize_t> shape(dims.begin(), dims.end());
    Handle space(checked(H5Screate_simple(static_cast<int>(shape.size()), shape.data(), nullptr),
                         "create a dataspace"),
                 H5Sclose);
    Handle dataset(checked(H5Dcreate2(id(), name.c_str(), native_type<T>(), space.get(),
                                      H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT),
                           "create dataset " + child_path(path_, name)),
                   H5Dclose);
    if (!data.empty()) {
        checked_status(
            H5Dwrite(dataset.get(), native_type<T>(), H5S_ALL, H5S_ALL, H5P_DEFAULT, data.data()),
            "write dataset " + child_path(path_, name));
    }

    // The axis names, as an array of variable-length strings.
    hsize_t rank = dim_names.size();
    Handle name_space(checked(H5Screate_simple(1, &rank, nullptr), "create a dataspace"), H5Sclose);
    Handle string_type = make_varlen_string_type();
    std::vector<const char*> pointers;
    for (const auto& axis : dim_names) {
        pointers.push_back(axis.c_str());
    }
    Handle attr(checked(H5Acreate2(dataset.get(), "dims", string_type.get(), name_space.get(),
                                   H5P_DEFAULT, H5P_DEFAULT),
                        "create the dims attribute of " + child_path(path_, name)),
                H5Aclose);
    if (rank > 0) {
        checked_status(H5Awrite(attr.get(), string_type.get(), pointers.data()),
                       "write the dims attribute of " + child_path(path_, name));
    }
}

void Group::write_string(const std::string& name, const std::string& text) const {
    Handle space = make_scalar_space();
    Handle type = make_string_type(text.size());
    Handle dataset(checked(H5Dcreate2(id(), name.c_str(), type.get(), space.get(), H5P_DEFAULT,
                                      H5P_DEFAULT, H5P_DEFAULT),
                           "create dataset " + child_path(path_, name)),
                   H5Dclose);
    std::string padded = text.empty() ? std::string(1, '\0') : text;
    checked_status(
        H5Dwrite(dataset.get(), type.get(), H5S_ALL, H5S_ALL, H5P_DEFAULT, padded.data()),
        "write dataset " + child_path(path_, name));
}

template <typename T>
std::vector<T> Group::read(const std::string& name, std::vector<std::uint64_t>* dims) const {
    if (!exists(name)) {
        throw InputError("HDF5 dataset " + child_path(path_, name) + " not found");
    }
    Handle dataset(checked(H5Dopen2(id(), name.c_str(), H5P_DEFAULT),
                           "open dataset " + child_path(path_, name)),
                   H5Dclose);
    Handle space(checked(H5Dget_space(dataset.get()), "get a dataspace"), H5Sclose);
    const int rank = H5Sget_simple_extent_ndims(space.get());
    std::vector<hsize_t> shape(rank > 0 ? rank : 0);
    if (rank > 0) {
        H5Sget_simple_extent_dims(space.get(), shape.data(), nullptr);
    }
    const hssize_t count = H5Sget_simple_extent_npoints(space.get());
    std::vector<T> data(count > 0 ? count : 0);
    if (!data.empty()) {
        checked_status(
            H5Dread(dataset.get(), native_type<T>(), H5S_ALL, H5S_ALL, H5P_DEFAULT, data.data()),
            "read dataset " + child_path(path_, name));
    }
    if (dims != nullptr) {
        dims->assign(shape.begin(), shape.end());
    }
    return data;
}

std::string Group::read_string(const std::string& name) const {
    if (!exists(name)) {
        throw InputError("HDF5 dataset " + child_path(path_, name) + " not found");
    }
    Handle dataset(checked(H5Dopen2(id(), name.c_str(), H5P_DEFAULT),
                           "open dataset " + child_path(path_, name)),
                   H5Dclose);
    return read_string_from(dataset.get(), false, child_path(path_, name));
}

std::vector<std::string> Group::read_dim_names(const std::string& name) const {
    Handle dataset(checked(H5Dopen2(id(), name.c_str(), H5P_DEFAULT),
                           "open dataset " + child_path(path_, name)),
                   H5Dclose);
    Handle attr(checked(H5Aopen(dataset.get(), "dims", H5P_DEFAULT),
                        "open the dims attribute of " + child_path(path_, name)),
                H5Aclose);
    Handle space(checked(H5Aget_space(attr.get()), "get a dataspace"), H5Sclose);
    const hssize_t count = H5Sget_simple_extent_npoints(space.get());
    std::vector<char*> pointers(count > 0 ? count : 0, nullptr);
    Handle type = make_varlen_string_type();
    if (!pointers.empty()) {
        checked_status(H5Aread(attr.get(), type.get(), pointers.data()),
                       "read the dims attribute of " + child_path(path_, name));
    }
    std::vector<std::string> names;
    for (char* p : pointers) {
        names.emplace_back(p ? p : "");
        H5free_memory(p);
    }
    return names;
}

template <typename T>
void Group::set_attr(const std::string& name, const T& value) const {
    static_assert(std::is_arithmetic_v<T>);
    if (has_attr(name)) {
        checked_status(H5Adelete(id(), name.c_str()), "replace attribute " + name);
    }
    Handle space = make_scalar_space();
    Handle attr(checked(H5Acreate2(id(), name.c_str(), native_type<T>(), space.get(), H5P_DEFAULT,
                                   H5P_DEFAULT),
                        "create attribute " + name + " on " + path_),
                H5Aclose);
    checked_status(H5Awrite(attr.get(), native_type<T>(), &value), "write attribute " + name);
}

void Group::set_attr(const std::string& name, const std::string& value) const {
    if (has_attr(name)) {
        checked_status(H5Adelete(id(), name.c_str()), "replace attribute " + name);
    }
    Handle space = make_scalar_space();
    Handle type = make_string_type(value.size());
    Handle attr(
        checked(H5Acreate2(id(), name.c_str(), type.get(), space.get(), H5P_DEFAULT, H5P_DEFAULT),
                "create attribute " + name + " on " + path_),
        H5Aclose);
    std::string padded = value.empty() ? std::string(1, '\0') : value;
    checked_status(H5Awrite(attr.get(), type.get(), padded.data()), "write attribute " + name);
}

bool Group::has_attr(const std::string& name) const {
    const htri_t found = H5Aexists(id(), name.c_str());
    return found > 0;
}

template <typename T>
T Group::get_attr(const std::string& name) const {
    if (!has_attr(name)) {
        throw InputError("attribute '" + name + "' not found on HDF5 group " + path_);
    }
    Handle attr(checked(H5Aopen(id(), name.c_str(), H5P_DEFAULT), "open attribute " + name),
                H5Aclose);
    T value{};
    checked_status(H5Aread(attr.get(), native_type<T>(), &value), "read attribute " + name);
    return value;
}

std::string Group::get_attr_string(const std::string& name) const {
    if (!has_attr(name)) {
        throw InputError("attribute '" + name + "' not found on HDF5 group " + path_);
    }
    Handle attr(checked(H5Aopen(id(), name.c_str(), H5P_DEFAULT), "open attribute " + name),
                H5Aclose);
    return read_string_from(attr.get(), true, path_ + "@" + name);
}

std::vector<std::string> Group::attr_names() const {
    std::vector<std::string> names;
    auto visit = [](hid_t, const char* name, const H5A_info_t*, void* data) -> herr_t {
        static_cast<std::vector<std::string>*>(data)->push_back(name);
        return 0;
    };
    checked_status(H5Aiterate2(id(), H5_INDEX_NAME, H5_ITER_INC, nullptr, visit, &names),
                   "list the attributes of " + path_);
    return names;
}

#define STATMEM_H5_INSTANTIATE(T)                                                                  \
    template void Group::write<T>(const std::string&, const std::vector<T>&,                       \
                                  const std::vector<std::uint64_t>&,                               \
                                  const std::vector<std::string>&) const;                          \
    template std::vector<T> Group::read<T>(const std::string&, std::vector<std::uint64_t>*) const; \
    template void Group::set_attr<T>(const std::string&, const T&) const;                          \
    template T Group::get_attr<T>(const std::string&) const;

STATMEM_H5_INSTANTIATE(double)
STATMEM_H5_INSTANTIATE(float)
STATMEM_H5_INSTANTIATE(std::int64_t)
STATMEM_H5_INSTANTIATE(std::uint64_t)
STATMEM_H5_INSTANTIATE(std::int32_t)
STATMEM_H5_INSTANTIATE(std::uint8_t)
STATMEM_H5_INSTANTIATE(std::int8_t)
#undef STATMEM_H5_INSTANTIATE

}  // namespace statmem::h5
