#include "statmem/experiments/teacher_student.hpp"

#include <omp.h>

#include <cmath>
#include <numeric>

#include "statmem/core/error.hpp"
#include "statmem/data/teacher.hpp"
#include "statmem/mc/dam_chain.hpp"
#include "statmem/measure/statistics.hpp"

namespace statmem {

const char* observable_name(int observable) {
    static const char* names[] = {
        "energy", "q_teacher", "abs_q_teacher", "q_teacher2", "q", "abs_q", "q2", "q4", "m"};
    return names[observable];
}

IdxInput load_idx_input(TeacherStudentConfig& config) {
    const IdxImages images = read_idx_images(config.images_path);
    const auto labels = read_idx_labels(config.labels_path);
    if (images.pixels_per_image() > 32767) {
        throw InputError("IDX images of '" + config.images_path + "' have " +
                         std::to_string(images.pixels_per_image()) +
                         " pixels, more than the 32767 spins statmem supports (N m must fit "
                         "int16); crop or downsample the images");
    }
    IdxInput input{binarise_class(images, labels, config.label, config.threshold)};
    config.sites = images.pixels_per_image();
    return input;
}

Dataset make_dataset(const TeacherStudentConfig& config, const WorkPlan& plan, int point_index,
                     int sample, const IdxInput* idx) {
    const ParameterPoint& point = plan.points[point_index];
    const int n = config.sites;
    Dataset data;
    data.examples = ExampleSet(n, point.examples);
    RandomStream stream(config.seed, StreamPurpose::kDataset, sample, point_index);

    if (config.source == ExampleSource::kIdx) {
        STATMEM_REQUIRE(idx != nullptr, "IDX input not loaded");
        const auto& images = idx->images.images;
        data.teacher = idx->images.prototype;
        data.aligned = -1;
        // M distinct images of the class, uniformly, by a partial Fisher-Yates shuffle.
        std::vector<std::int64_t> order(images.size());
        std::iota(order.begin(), order.end(), 0);
        for (std::int64_t a = 0; a < point.examples; ++a) {
            const auto pick = a + static_cast<std::int64_t>(stream.below(order.size() - a));
            std::swap(order[a], order[pick]);
            data.examples.set_example(a, images[order[a]]);
        }
        return data;
    }

    RandomStream teacher_stream(config.seed, StreamPurpose::kTeacher, sample);
    data.teacher = random_pattern(n, teacher_stream);
    Spins example;
    if (config.source == ExampleSource::kNoisy) {
        data.aligned = -1;
        for (std::int64_t a = 0; a < point.examples; ++a) {
            draw_noisy_copy(data.teacher, point.quality, stream, example);
            data.examples.set_example(a, example);
        }
        return data;
    }

    const DamPolynomial teacher_energy(n, point.teacher_order, point.teacher_form);
    const TeacherSampler sampler(teacher_energy, point.teacher_temperature,
                                 config.paramagnetic_only);
    for (std::int64_t a = 0; a < point.examples; ++a) {
        sampler.draw(data.teacher, stream, example);
        data.examples.set_example(a, example);
        data.aligned += sampler.is_aligned(agreements(example, data.teacher)) ? 1 : 0;
    }
    return data;
}

TaskShape task_shape(const TeacherStudentConfig& config, const WorkPlan& plan) {
    return TaskShape{static_cast<int>(config.sampler.starts.size()),
                     config.sampler.replicas,
                     plan.rungs,
                     config.sampler.bins,
                     config.sites,
                     config.sampler.measurements()};
}

namespace {

/// Row-major offset helpers for the fixed axis orders of TaskResult.
struct Index {
    TaskShape s;
    std::size_t obs(int o, int start, int rung) const {
        return (static_cast<std::size_t>(o) * s.starts + start) * s.rungs + rung;
    }
    std::size_t bin(int o, int start, int rung, int b) const {
        return obs(o, start, rung) * s.bins + b;
    }
    std::size_t hist(int start, int rung, int k) const {
        return (static_cast<std::size_t>(start) * s.rungs + rung) * (s.sites + 1) + k;
    }
    std::size_t walker(int start, int replica, int rung) const {
        return (static_cast<std::size_t>(start) * s.replicas + replica) * s.rungs + rung;
    }
};

int dot(const Spins& a, const Spins& b) {
    int sum = 0;
    for (std::size_t i = 0; i < a.size(); ++i) {
        sum += a[i] * b[i];
    }
    return sum;
}

/// One parallel-tempering ladder: which walker sits at which rung, exchange statistics
/// and round trips (a walker's trip from the coldest rung to the hottest and back).
struct Ladder {
    std::vector<int> walker_at;  // rung -> walker slot (0..L-1 within the ladder)
    std::vector<int> rung_of;    // walker slot -> rung
    std::vector<int> direction;  // walker slot: -1 unknown, 0 last at coldest, 1 at hottest
    std::vector<std::int64_t> accepted;
    std::vector<std::int64_t> attempted;
    std::int64_t round_trips = 0;

    explicit Ladder(int rungs)
        : walker_at(rungs),
          rung_of(rungs),
          direction(rungs, -1),
          accepted(rungs, 0),
          attempted(rungs, 0) {
        std::iota(walker_at.begin(), walker_at.end(), 0);
        std::iota(rung_of.begin(), rung_of.end(), 0);
        direction[0] = 0;
    }

    void update_trips() {
        const int top = static_cast<int>(walker_at.size()) - 1;
        if (top == 0) {
            return;
        }
        const int cold = walker_at[0];
        if (direction[cold] == 1) {
            ++round_trips;
        }
        direction[cold] = 0;
        const int hot = walker_at[top];
        if (direction[hot] == 0) {
            direction[hot] = 1;
        }
    }
};

template <typename Int>
TaskResult run_task_with(const TeacherStudentConfig& config, const WorkPlan& plan,
                         std::int64_t task, const IdxInput* idx, const SweepCallback& on_sweep) {
    const int sample = plan.sample_of(task);
    const int point_index = plan.point_of(task);
    const ParameterPoint& point = plan.points[point_index];
    const Dataset data = make_dataset(config, plan, point_index, sample, idx);
    const DamPolynomial energy(config.sites, point.order, point.form);
    const TaskShape shape = task_shape(config, plan);
    const Index at{shape};
    const int n = config.sites;
    const int rungs = shape.rungs;
    const auto& sampler = config.sampler;

    std::vector<double> beta(rungs);
    for (int l = 0; l < rungs; ++l) {
        const double t = point.temperatures[l];
        beta[l] = t == 0.0 ? kZeroTemperatureBeta : (std::isinf(t) ? 0.0 : 1.0 / t);
    }

    // Walkers: one chain per (start, replica, ladder slot), each with its own stream.
    std::vector<DamChain<Int>> chains;
    std::vector<RandomStream> streams;
    const int walkers = shape.starts * shape.replicas * rungs;
    chains.reserve(walkers);
    for (int s = 0; s < shape.starts; ++s) {
        for (int r = 0; r < shape.replicas; ++r) {
            for (int l = 0; l < rungs; ++l) {
                const auto w = static_cast<std::uint64_t>(at.walker(s, r, l));
                RandomStream start_stream(config.seed, StreamPurpose::kStart, task, w);
                Spins start;
                switch (sampler.starts[s]) {
                    case StartKind::kRandom:
                        start = random_pattern(n, start_stream);
                        break;
                    case StartKind::kTeacher:
                        start = data.teacher;
                        break;
                    case StartKind::kExample:
                        start = data.examples.example(
                            static_cast<std::int64_t>(start_stream.below(point.examples)));
                        break;
                }
                chains.emplace_back(data.examples, energy, std::move(start));
                streams.emplace_back(config.seed, StreamPurpose::kChain, task, w);
            }
        }
    }
    std::vector<Ladder> ladders(shape.starts * shape.replicas, Ladder(rungs));
    std::vector<RandomStream> exchange_streams;
    for (int ladder = 0; ladder < shape.starts * shape.replicas; ++ladder) {
        exchange_streams.emplace_back(config.seed, StreamPurpose::kExchange, task, ladder);
    }

    // Accumulators.
    const std::int64_t bin_length = sampler.bin_length();
    std::vector<BinnedSeries> series(
        static_cast<std::size_t>(kObservableCount) * shape.starts * rungs,
        BinnedSeries(bin_length, shape.bins));
    std::vector<double> hist_q(static_cast<std::size_t>(shape.starts) * rungs * (n + 1), 0.0);
    std::vector<double> hist_qt(hist_q.size(), 0.0);
    std::vector<double> walker_energy(walkers), walker_qt(walkers), walker_m(walkers);
    std::vector<std::int64_t> walker_m_index(walkers);

    // Threads pay off only when a sweep of all walkers is long enough to hide the cost of
    // a parallel region. The outcome is identical either way.
    const bool parallel =
        static_cast<double>(n) * static_cast<double>(point.examples) * walkers > 2e5;

    // Rung of every walker at every measurement, to follow walkers through the ladder.
    std::vector<double> rung_history;
    rung_history.reserve(static_cast<std::size_t>(walkers) * sampler.measurements());

    auto measure = [&]() {
        for (const Ladder& ladder : ladders) {
            for (int slot = 0; slot < rungs; ++slot) {
                rung_history.push_back(ladder.rung_of[slot]);
            }
        }
#pragma omp parallel for schedule(dynamic, 1) if (parallel)
        for (int w = 0; w < walkers; ++w) {
            walker_energy[w] = chains[w].energy() / n;
            walker_qt[w] = static_cast<double>(dot(chains[w].spins(), data.teacher)) / n;
            walker_m[w] = static_cast<double>(chains[w].max_abs_overlap(&walker_m_index[w])) / n;
        }
        const int replicas = shape.replicas;
        const double pairs = replicas * (replicas - 1) / 2.0;
        for (int s = 0; s < shape.starts; ++s) {
            for (int l = 0; l < rungs; ++l) {
                double e = 0, qt = 0, aqt = 0, qt2 = 0, m = 0;
                for (int r = 0; r < replicas; ++r) {
                    const int w =
                        static_cast<int>(at.walker(s, r, ladders[s * replicas + r].walker_at[l]));
                    e += walker_energy[w];
                    qt += walker_qt[w];
                    aqt += std::abs(walker_qt[w]);
                    qt2 += walker_qt[w] * walker_qt[w];
                    m += walker_m[w];
                    const int k_teacher = static_cast<int>(std::lround((walker_qt[w] * n + n) / 2));
                    hist_qt[at.hist(s, l, k_teacher)] += 1.0;
                }
                double q = 0, aq = 0, q2 = 0, q4 = 0;
                for (int r1 = 0; r1 < replicas; ++r1) {
                    const int w1 =
                        static_cast<int>(at.walker(s, r1, ladders[s * replicas + r1].walker_at[l]));
                    for (int r2 = r1 + 1; r2 < replicas; ++r2) {
                        const int w2 = static_cast<int>(
                            at.walker(s, r2, ladders[s * replicas + r2].walker_at[l]));
                        const int overlap = dot(chains[w1].spins(), chains[w2].spins());
                        const double x = static_cast<double>(overlap) / n;
                        q += x;
                        aq += std::abs(x);
                        q2 += x * x;
                        q4 += x * x * x * x;
                        hist_q[at.hist(s, l, (overlap + n) / 2)] += 1.0;
                    }
                }
                const double values[kObservableCount] = {
                    e / replicas, qt / replicas, aqt / replicas, qt2 / replicas, q / pairs,
                    aq / pairs,   q2 / pairs,    q4 / pairs,     m / replicas};
                for (int o = 0; o < kObservableCount; ++o) {
                    series[at.obs(o, s, l)].add(values[o]);
                }
            }
        }
    };

    auto exchange = [&](std::int64_t round) {
        for (std::size_t ladder_index = 0; ladder_index < ladders.size(); ++ladder_index) {
            Ladder& ladder = ladders[ladder_index];
            const int s = static_cast<int>(ladder_index) / shape.replicas;
            const int r = static_cast<int>(ladder_index) % shape.replicas;
            for (int l = static_cast<int>(round % 2); l + 1 < rungs; l += 2) {
                const int a = ladder.walker_at[l];
                const int b = ladder.walker_at[l + 1];
                const double ea = chains[at.walker(s, r, a)].energy();
                const double eb = chains[at.walker(s, r, b)].energy();
                const double log_ratio = (beta[l] - beta[l + 1]) * (ea - eb);
                ++ladder.attempted[l];
                const double u = exchange_streams[ladder_index].uniform();
                if (log_ratio >= 0.0 || u < std::exp(log_ratio)) {
                    ++ladder.accepted[l];
                    std::swap(ladder.walker_at[l], ladder.walker_at[l + 1]);
                    ladder.rung_of[a] = l + 1;
                    ladder.rung_of[b] = l;
                }
            }
            ladder.update_trips();
        }
    };

    const std::int64_t total = sampler.burn_in + sampler.sweeps;
    for (std::int64_t t = 1; t <= total; ++t) {
#pragma omp parallel for schedule(dynamic, 1) if (parallel)
        for (int w = 0; w < walkers; ++w) {
            const int ladder_index = w / rungs;
            const int slot = w % rungs;
            chains[w].sweep(beta[ladders[ladder_index].rung_of[slot]], sampler.rule, streams[w]);
        }
        if (rungs > 1 && t % sampler.exchange_every == 0) {
            exchange(t / sampler.exchange_every);
        }
        if (t > sampler.burn_in && (t - sampler.burn_in) % sampler.measure_every == 0) {
            measure();
        }
        if (on_sweep) {
            on_sweep(t);
        }
    }

    // Collect.
    TaskResult result;
    const std::size_t obs_size = static_cast<std::size_t>(kObservableCount) * shape.starts * rungs;
    result.series.resize(obs_size * shape.bins);
    result.mean.resize(obs_size);
    result.error.resize(obs_size);
    result.tau.resize(obs_size);
    for (int o = 0; o < kObservableCount; ++o) {
        for (int s = 0; s < shape.starts; ++s) {
            for (int l = 0; l < rungs; ++l) {
                const BinnedSeries& x = series[at.obs(o, s, l)];
                for (int b = 0; b < shape.bins; ++b) {
                    result.series[at.bin(o, s, l, b)] = x.bin_means()[b];
                }
                result.mean[at.obs(o, s, l)] = x.mean();
                result.error[at.obs(o, s, l)] = x.error();
                result.tau[at.obs(o, s, l)] = x.tau_int() * sampler.measure_every;
            }
        }
    }
    const double measurements = static_cast<double>(sampler.measurements());
    const double pairs = shape.replicas * (shape.replicas - 1) / 2.0;
    result.hist_q = hist_q;
    result.hist_q_teacher = hist_qt;
    for (auto& h : result.hist_q) {
        h /= measurements * pairs;
    }
    for (auto& h : result.hist_q_teacher) {
        h /= measurements * shape.replicas;
    }
    for (int s = 0; s < shape.starts; ++s) {
        for (int r = 0; r < shape.replicas; ++r) {
            const Ladder& ladder = ladders[s * shape.replicas + r];
            for (int l = 0; l + 1 < rungs; ++l) {
                result.pt_acceptance.push_back(ladder.attempted[l] > 0
                                                   ? static_cast<double>(ladder.accepted[l]) /
                                                         ladder.attempted[l]
                                                   : std::nan(""));
            }
            result.round_trips.push_back(static_cast<double>(ladder.round_trips));
        }
    }
    // Transpose the history from [measurement][walker] to [walker][measurement].
    const std::int64_t measured = sampler.measurements();
    const std::size_t per_measurement = static_cast<std::size_t>(walkers);
    result.rung_history.resize(rung_history.size());
    for (std::size_t w = 0; w < per_measurement; ++w) {
        for (std::int64_t t = 0; t < measured; ++t) {
            result.rung_history[w * measured + t] = rung_history[t * per_measurement + w];
        }
    }
    for (int s = 0; s < shape.starts; ++s) {
        for (int l = 0; l < rungs; ++l) {
            for (int r = 0; r < shape.replicas; ++r) {
                std::int64_t index = 0;
                const int w =
                    static_cast<int>(at.walker(s, r, ladders[s * shape.replicas + r].walker_at[l]));
                chains[w].max_abs_overlap(&index);
                result.m_example.push_back(static_cast<double>(index));
            }
        }
    }

    // Equilibration evidence: random and teacher starts must agree, and the run must be
    // many autocorrelation times long.
    const auto random_it =
        std::find(sampler.starts.begin(), sampler.starts.end(), StartKind::kRandom);
    const auto teacher_it =
        std::find(sampler.starts.begin(), sampler.starts.end(), StartKind::kTeacher);
    const int checked[] = {kEnergy, kAbsQTeacher, kM};
    result.disagree.assign(rungs, 0.0);
    if (random_it != sampler.starts.end() && teacher_it != sampler.starts.end()) {
        const int s1 = static_cast<int>(random_it - sampler.starts.begin());
        const int s2 = static_cast<int>(teacher_it - sampler.starts.begin());
        for (int l = 0; l < rungs; ++l) {
            for (int o : checked) {
                const double diff =
                    std::abs(result.mean[at.obs(o, s1, l)] - result.mean[at.obs(o, s2, l)]);
                const double e1 = result.error[at.obs(o, s1, l)];
                const double e2 = result.error[at.obs(o, s2, l)];
                const double combined = std::sqrt(e1 * e1 + e2 * e2);
                if (diff > config.disagreement_z * combined) {
                    result.disagree[l] = 1.0;
                }
            }
        }
    }
    result.short_run.assign(static_cast<std::size_t>(shape.starts) * rungs, 0.0);
    for (int s = 0; s < shape.starts; ++s) {
        for (int l = 0; l < rungs; ++l) {
            for (int o : checked) {
                const double tau = result.tau[at.obs(o, s, l)];
                if (std::isfinite(tau) &&
                    static_cast<double>(sampler.sweeps) < config.min_tau_multiple * tau) {
                    result.short_run[s * rungs + l] = 1.0;
                }
            }
        }
    }
    result.examples = static_cast<double>(point.examples);
    result.aligned_examples = static_cast<double>(data.aligned);
    result.m_floor = random_overlap_floor(n, point.examples);
    return result;
}

}  // namespace

TaskResult run_task(const TeacherStudentConfig& config, const WorkPlan& plan, std::int64_t task,
                    const IdxInput* idx, const SweepCallback& on_sweep) {
    const ParameterPoint& point = plan.points[plan.point_of(task)];
    const DamPolynomial energy(config.sites, point.order, point.form);
    if (fits_int64(energy, point.examples)) {
        return run_task_with<std::int64_t>(config, plan, task, idx, on_sweep);
    }
    return run_task_with<Int128>(config, plan, task, idx, on_sweep);
}

std::uint64_t task_memory_bytes(const TeacherStudentConfig& config, const ParameterPoint& point) {
    const DamPolynomial energy(config.sites, point.order, point.form);
    const std::uint64_t per_example = 4 + (fits_int64(energy, point.examples) ? 8 : 16);
    const std::uint64_t walkers = config.sampler.starts.size() *
                                  static_cast<std::uint64_t>(config.sampler.replicas) *
                                  point.temperatures.size();
    const auto m = static_cast<std::uint64_t>(point.examples);
    const std::uint64_t examples_bytes =
        static_cast<std::uint64_t>(config.sites) * ((m + 63) / 64) * 8;
    return examples_bytes + walkers * m * per_example + m * 4;
}

std::vector<double> TaskResult::pack() const {
    std::vector<double> flat;
    for (const auto* part : {&series, &mean, &error, &tau, &hist_q, &hist_q_teacher, &pt_acceptance,
                             &round_trips, &m_example, &disagree, &short_run, &rung_history}) {
        flat.insert(flat.end(), part->begin(), part->end());
    }
    flat.push_back(examples);
    flat.push_back(aligned_examples);
    flat.push_back(m_floor);
    return flat;
}

namespace {
std::vector<std::size_t> part_sizes(const TaskShape& s) {
    const std::size_t obs = static_cast<std::size_t>(kObservableCount) * s.starts * s.rungs;
    const std::size_t hist = static_cast<std::size_t>(s.starts) * s.rungs * (s.sites + 1);
    return {obs * s.bins,
            obs,
            obs,
            obs,
            hist,
            hist,
            static_cast<std::size_t>(s.starts) * s.replicas * (s.rungs - 1),
            static_cast<std::size_t>(s.starts) * s.replicas,
            static_cast<std::size_t>(s.starts) * s.rungs * s.replicas,
            static_cast<std::size_t>(s.rungs),
            static_cast<std::size_t>(s.starts) * s.rungs,
            static_cast<std::size_t>(s.starts) * s.replicas * s.rungs * s.measurements};
}
}  // namespace

std::size_t TaskResult::packed_size(const TaskShape& shape) {
    const auto sizes = part_sizes(shape);
    return std::accumulate(sizes.begin(), sizes.end(), std::size_t{3});
}

TaskResult TaskResult::unpack(const std::vector<double>& flat, const TaskShape& shape) {
    STATMEM_REQUIRE(flat.size() == packed_size(shape), "task result message of the wrong size");
    TaskResult result;
    const auto sizes = part_sizes(shape);
    std::size_t offset = 0;
    std::vector<double>* parts[] = {
        &result.series,    &result.mean,           &result.error,         &result.tau,
        &result.hist_q,    &result.hist_q_teacher, &result.pt_acceptance, &result.round_trips,
        &result.m_example, &result.disagree,       &result.short_run,     &result.rung_history};
    for (std::size_t j = 0; j < sizes.size(); ++j) {
        parts[j]->assign(flat.begin() + offset, flat.begin() + offset + sizes[j]);
        offset += sizes[j];
    }
    result.examples = flat[offset];
    result.aligned_examples = flat[offset + 1];
    result.m_floor = flat[offset + 2];
    return result;
}

}  // namespace statmem
