#pragma once
// HDF5 output and the terminal table of the teacher-student scan. The layout is
// documented in docs/hdf5.md.

#include <iosfwd>
#include <string>
#include <vector>

#include "statmem/experiments/teacher_student.hpp"
#include "statmem/io/output.hpp"

namespace statmem {

/// Write the whole scan to `path` (the caller passes the temporary name and renames).
void write_teacher_student_file(const std::string& path, const TeacherStudentConfig& config,
                                const WorkPlan& plan, const std::vector<TaskResult>& results,
                                const io::Provenance& provenance);

/// Print disorder-averaged |q*|, |q| and m (with jackknife errors) against T and the load,
/// for the first start, with the equilibration flags.
void print_summary_table(std::ostream& out, const TeacherStudentConfig& config,
                         const WorkPlan& plan, const std::vector<TaskResult>& results);

}  // namespace statmem
