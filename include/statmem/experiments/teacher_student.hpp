#pragma once
// The teacher-student DAM task: draw one dataset, sample the student posterior with
// parallel tempering from several starts, and measure the order parameters.

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "statmem/data/example_set.hpp"
#include "statmem/data/idx.hpp"
#include "statmem/experiments/ts_config.hpp"

namespace statmem {

/// Observables recorded per start and rung, each averaged over replicas (or replica pairs)
/// at every measurement.
enum Observable : int {
    kEnergy,       ///< H / N of each replica
    kQTeacher,     ///< q* = xi* . xi / N
    kAbsQTeacher,  ///< |q*|
    kQTeacher2,    ///< q*^2
    kQ,            ///< q = xi^(a) . xi^(b) / N over replica pairs
    kAbsQ,         ///< |q|
    kQ2,           ///< q^2
    kQ4,           ///< q^4 (for the Binder cumulant)
    kM,            ///< m = max_a |sigma^a . xi| / N
    kObservableCount
};
const char* observable_name(int observable);

/// One dataset: the examples, the pattern playing the teacher (the class prototype for
/// IDX data) and how many examples sit outside the teacher's paramagnetic basin.
struct Dataset {
    ExampleSet examples;
    Spins teacher;
    std::int64_t aligned = 0;
};

/// Real-data input shared by all tasks of a rank.
struct IdxInput {
    BinaryClass images;
};

/// Load the IDX class named by the config and set config.sites to its pixel count.
IdxInput load_idx_input(TeacherStudentConfig& config);

/// Draw the dataset of (sample, point) from its own random stream: the teacher depends on
/// the sample only, the examples on both.
Dataset make_dataset(const TeacherStudentConfig& config, const WorkPlan& plan, int point_index,
                     int sample, const IdxInput* idx);

struct TaskShape {
    int starts = 0;
    int replicas = 0;
    int rungs = 0;
    int bins = 0;
    int sites = 0;
    std::int64_t measurements = 0;
};

TaskShape task_shape(const TeacherStudentConfig& config, const WorkPlan& plan);

/// Results of one task; arrays are row-major in the axis order given on each member.
struct TaskResult {
    std::vector<double> series;          ///< [observable][start][rung][bin]
    std::vector<double> mean;            ///< [observable][start][rung]
    std::vector<double> error;           ///< [observable][start][rung]
    std::vector<double> tau;             ///< [observable][start][rung], in sweeps
    std::vector<double> hist_q;          ///< [start][rung][overlap], fractions
    std::vector<double> hist_q_teacher;  ///< [start][rung][overlap], fractions
    std::vector<double> pt_acceptance;   ///< [start][replica][pair]
    std::vector<double> round_trips;     ///< [start][replica]
    std::vector<double> rung_history;    ///< [start][replica][walker][measurement], rung index
    std::vector<double> m_example;       ///< [start][rung][replica], example index at the end
    std::vector<double> disagree;        ///< [rung], 1 where starts disagree
    std::vector<double> short_run;       ///< [start][rung], 1 where sweeps < k tau
    double examples = 0;
    double aligned_examples = 0;
    double m_floor = 0;

    /// Flat form for MPI messages; `unpack` restores it given the shape.
    std::vector<double> pack() const;
    static TaskResult unpack(const std::vector<double>& flat, const TaskShape& shape);
    static std::size_t packed_size(const TaskShape& shape);
};

/// Called on the thread that runs the task after every sweep, with sweeps done so far.
using SweepCallback = std::function<void(std::int64_t sweeps_done)>;

TaskResult run_task(const TeacherStudentConfig& config, const WorkPlan& plan, std::int64_t task,
                    const IdxInput* idx, const SweepCallback& on_sweep);

/// Bytes one task needs at point `point` (examples plus per-chain caches).
std::uint64_t task_memory_bytes(const TeacherStudentConfig& config, const ParameterPoint& point);

}  // namespace statmem
