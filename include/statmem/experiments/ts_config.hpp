#pragma once
// Configuration and work plan of the teacher-student DAM scan (`statmem run`).

#include <cstdint>
#include <string>
#include <vector>

#include "statmem/core/config.hpp"
#include "statmem/mc/dam_chain.hpp"
#include "statmem/models/dam.hpp"

namespace statmem {

enum class ExampleSource { kTeacher, kNoisy, kIdx };
/// Convention of a scan's load: the DAM load alpha = p! M / N^(p-1), the number of
/// examples M itself, or the pairwise-teacher load alpha with M = alpha N^(p/2) / (p/2 + 1)!.
enum class LoadConvention { kAlpha, kExamples, kAlphaPairwise };
enum class StartKind { kRandom, kTeacher, kExample };

std::string start_name(StartKind start);
std::string load_key_name(LoadConvention convention);

struct SamplerSettings {
    UpdateRule rule = UpdateRule::kMetropolis;
    int replicas = 2;
    std::vector<StartKind> starts;
    std::int64_t burn_in = 0;
    std::int64_t sweeps = 0;
    std::int64_t measure_every = 1;
    std::int64_t exchange_every = 1;
    int bins = 100;

    std::int64_t measurements() const { return sweeps / measure_every; }
    std::int64_t bin_length() const { return measurements() / bins; }
};

struct TeacherStudentConfig {
    std::uint64_t seed = 0;
    int sites = 0;
    Form form = Form::kGardner;
    std::vector<int> orders;  // student p values scanned
    ExampleSource source = ExampleSource::kTeacher;
    int teacher_order = 0;  // p*; 0 means "equal to the student's p"
    Form teacher_form = Form::kGardner;
    bool paramagnetic_only = false;
    std::string images_path;
    std::string labels_path;
    int label = 0;
    double threshold = 0.5;

    LoadConvention load_convention = LoadConvention::kAlpha;
    std::vector<double> loads;
    std::vector<double> temperatures;
    std::vector<double> teacher_temperatures;
    std::vector<double> qualities;
    bool nishimori = false;
    std::vector<double> nishimori_ladder;
    int samples = 1;
    SamplerSettings sampler;
    double disagreement_z = 4.0;
    double min_tau_multiple = 20.0;
    std::string output_path;
    std::string resolved_text;
};

/// One point of the parameter grid. It fixes the dataset, so on the Nishimori line every
/// temperature is its own point, while a fixed-T* scan puts its whole ladder in one point.
struct ParameterPoint {
    int order = 0;
    Form form = Form::kGardner;
    int teacher_order = 0;
    Form teacher_form = Form::kGardner;
    double load = 0.0;  // in the scan's load convention
    std::int64_t examples = 0;
    double alpha = 0.0;  // p! M / N^(p-1), whatever the convention
    double teacher_temperature = 0.0;
    double quality = 0.0;
    std::vector<double> temperatures;  // ladder, ascending; may end at inf
    int nishimori_rung = -1;           // rung with T = T*, or -1
};

struct WorkPlan {
    std::vector<ParameterPoint> points;
    int samples = 0;
    int rungs = 0;
    std::int64_t tasks() const { return static_cast<std::int64_t>(points.size()) * samples; }
    /// Task t is disorder sample t / points, point t % points: a rank's block of
    /// consecutive tasks covers a block of points (e.g. Nishimori temperatures) of one
    /// sample, or whole samples.
    int sample_of(std::int64_t task) const { return static_cast<int>(task / points.size()); }
    int point_of(std::int64_t task) const { return static_cast<int>(task % points.size()); }
};

/// Read and validate every key; throws InputError on the first problem.
/// `class_sizes` is filled lazily when the source is IDX (it needs the label file).
TeacherStudentConfig parse_teacher_student_config(Config& config);

/// Build the parameter grid; validates sizes that need the plan (M >= 1, integer range).
WorkPlan make_plan(const TeacherStudentConfig& config);

/// Built-in default config: a small scan that ends in about a minute on 2 cores.
const char* default_run_config();

}  // namespace statmem
