#pragma once
// Build validated teacher-student configs and plans from TOML text inside tests.

#include <string>

#include "statmem/core/config.hpp"
#include "statmem/experiments/ts_config.hpp"

namespace statmem::testing {

struct SmallRun {
    TeacherStudentConfig config;
    WorkPlan plan;
};

inline SmallRun make_run(const std::string& toml) {
    Config config = Config::from_text(toml, "test config", {});
    SmallRun run;
    run.config = parse_teacher_student_config(config);
    run.plan = make_plan(run.config);
    return run;
}

}  // namespace statmem::testing
