#pragma once
// Thin RAII wrapper over the HDF5 C API.
//
// Every call is checked; a failure throws LibraryError carrying HDF5's own error stack.
// Arrays are written as contiguous row-major datasets with a `dims` attribute naming their
// axes, so h5py and xarray users see labelled data.

#include <hdf5.h>

#include <cstdint>
#include <string>
#include <type_traits>
#include <vector>

namespace statmem::h5 {

/// Owning HDF5 identifier; closes itself with the matching H5?close call.
class Handle {
  public:
    Handle() = default;
    Handle(hid_t id, herr_t (*closer)(hid_t)) : id_(id), closer_(closer) {}
    Handle(const Handle&) = delete;
    Handle& operator=(const Handle&) = delete;
    Handle(Handle&& other) noexcept { *this = std::move(other); }
    Handle& operator=(Handle&& other) noexcept;
    ~Handle() { reset(); }

    hid_t get() const { return id_; }
    /// Give up ownership without closing; returns the identifier.
    hid_t release() {
        const hid_t id = id_;
        id_ = H5I_INVALID_HID;
        closer_ = nullptr;
        return id;
    }
    void reset();

  private:
    hid_t id_ = H5I_INVALID_HID;
    herr_t (*closer_)(hid_t) = nullptr;
};

template <typename T>
hid_t native_type();

/// A group (the file's root is one); the unit of navigation and writing.
class Group {
  public:
    Group() = default;
    explicit Group(Handle handle, std::string path) : handle_(std::move(handle)), path_(path) {}

    Group create_group(const std::string& name) const;
    Group open_group(const std::string& name) const;
    /// Open `name`, creating it when absent.
    Group require_group(const std::string& name) const;
    bool exists(const std::string& name) const;
    /// True when the child `name` is a group (false for a dataset).
    bool is_group(const std::string& name) const;
    /// Names of the direct children, in HDF5's name order.
    std::vector<std::string> children() const;
    const std::string& path() const { return path_; }

    /// Write an array of shape `dims` (row-major) with axis names `dim_names`.
    template <typename T>
    void write(const std::string& name, const std::vector<T>& data,
               const std::vector<std::uint64_t>& dims,
               const std::vector<std::string>& dim_names) const;
    void write_string(const std::string& name, const std::string& text) const;

    template <typename T>
    std::vector<T> read(const std::string& name, std::vector<std::uint64_t>* dims = nullptr) const;
    std::string read_string(const std::string& name) const;
    std::vector<std::string> read_dim_names(const std::string& name) const;

    template <typename T>
    void set_attr(const std::string& name, const T& value) const;
    void set_attr(const std::string& name, const std::string& value) const;
    void set_attr(const std::string& name, const char* value) const {
        set_attr(name, std::string(value));
    }
    bool has_attr(const std::string& name) const;
    template <typename T>
    T get_attr(const std::string& name) const;
    std::string get_attr_string(const std::string& name) const;
    std::vector<std::string> attr_names() const;

    hid_t id() const { return handle_.get(); }

  private:
    Handle handle_;
    std::string path_;
};

/// An HDF5 file. `create` truncates; callers write to a temporary name and rename.
class File {
  public:
    static File create(const std::string& path);
    static File open(const std::string& path);

    Group root() const;
    const std::string& path() const { return path_; }
    /// Flush and close now, reporting errors (the destructor swallows them).
    void close();

  private:
    Handle handle_;
    std::string path_;
};

/// Message text of HDF5's current error stack, or "" when it is empty.
std::string error_stack_text();

}  // namespace statmem::h5
