#pragma once

#include <iosfwd>
#include <string>

namespace statmem {

/// Print the provenance, the parameter grid and every dataset (shape, axis names) of a
/// statmem HDF5 file. Throws InputError if the file is missing or not HDF5.
void print_file_info(std::ostream& out, const std::string& path);

}  // namespace statmem
