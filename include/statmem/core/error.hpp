#pragma once
// Error types and the exit codes the command line maps them to.

#include <stdexcept>
#include <string>

namespace statmem {

/// Process exit codes of the `statmem` program.
enum ExitCode : int {
    kExitOk = 0,
    kExitFailure = 1,       ///< anything not covered below
    kExitInvalidInput = 2,  ///< a config value, file or size was rejected before any work
};

/// Base of every error statmem raises on purpose.
class Error : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
    virtual int exit_code() const { return kExitFailure; }
};

/// Invalid user input: config key, value, file or size. Raised before any sampling starts;
/// the message names the offending key or file, the value and the fix.
class InputError : public Error {
  public:
    using Error::Error;
    int exit_code() const override { return kExitInvalidInput; }
};

/// Failure of an external library call (HDF5, MPI, zlib) at run time.
class LibraryError : public Error {
  public:
    using Error::Error;
};

}  // namespace statmem

/// Precondition check that stays on in release builds; the message quotes the expression.
#define STATMEM_REQUIRE(condition, message)                                                        \
    do {                                                                                           \
        if (!(condition)) {                                                                        \
            throw ::statmem::Error(std::string("internal check failed: ") + #condition + " (" +    \
                                   __FILE__ + ":" + std::to_string(__LINE__) + "): " + (message)); \
        }                                                                                          \
    } while (false)
