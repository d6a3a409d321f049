#include "statmem/core/log.hpp"

#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <string>

namespace statmem {

void init_logging(int rank) {
    auto logger = spdlog::stderr_color_mt("statmem");
    if (rank == 0) {
        logger->set_pattern("[%H:%M:%S] %^%l%$: %v");
        logger->set_level(spdlog::level::info);
    } else {
        logger->set_pattern("[%H:%M:%S] [rank " + std::to_string(rank) + "] %^%l%$: %v");
        logger->set_level(spdlog::level::warn);
    }
    spdlog::set_default_logger(logger);
}

}  // namespace statmem
