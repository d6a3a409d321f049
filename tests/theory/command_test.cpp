// `statmem theory` end to end: config validation, output file handling and file contents.

#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "statmem/core/error.hpp"
#include "statmem/io/hdf5.hpp"
#include "statmem/theory/command.hpp"

namespace statmem::theory {
namespace {

namespace fs = std::filesystem;

class TheoryCommand : public ::testing::Test {
  protected:
    void SetUp() override {
        folder_ = fs::temp_directory_path() /
                  ("statmem_theory_test_" + std::to_string(::getpid()) + "_" +
                   ::testing::UnitTest::GetInstance()->current_test_info()->name());
        fs::create_directories(folder_);
    }
    void TearDown() override { fs::remove_all(folder_); }

    std::string write_config(const std::string& text) const {
        const std::string path = (folder_ / "config.toml").string();
        std::ofstream(path) << text;
        return path;
    }
    std::string output() const { return (folder_ / "out.h5").string(); }

    fs::path folder_;
};

const char* kNishimoriConfig = R"(
[model]
regime = "nishimori"
p = 3

[grid.x]
name = "alpha"
values = [2.0, 4.4, 4.8, 6.0]

[grid.y]
name = "T"
values = [1.2, 2.0]
)";

TEST_F(TheoryCommand, NishimoriGridContents) {
    const std::string config = write_config(kNishimoriConfig);
    ASSERT_EQ(run_theory_command(config, {}, output(), false), 0);

    const h5::File file = h5::File::open(output());
    const h5::Group root = file.root();
    EXPECT_EQ(root.get_attr_string("command"), "theory");
    EXPECT_FALSE(root.read_string("config").empty());
    EXPECT_EQ(root.open_group("model").get_attr_string("load_convention"), "alpha");

    std::vector<std::uint64_t> dims;
    const std::vector<std::int8_t> label =
        root.open_group("phase").read<std::int8_t>("label", &dims);
    ASSERT_EQ(dims, (std::vector<std::uint64_t>{2, 4}));
    EXPECT_EQ(root.open_group("phase").read_dim_names("label"),
              (std::vector<std::string>{"T", "alpha"}));
    // Row T = 1.2 lies below the teacher's transition 1.4879: example retrieval, flagged.
    const std::vector<std::uint8_t> flags = root.open_group("phase").read<std::uint8_t>("flags");
    for (int ix = 0; ix < 4; ++ix) {
        EXPECT_EQ(label[ix], 2) << "alpha index " << ix;
        EXPECT_EQ(flags[ix] & 2, 2) << "alpha index " << ix;
    }
    // Row T = 2: c = alpha / 4 = 0.5, 1.1, 1.2, 1.5 gives P, lR, gR, gR.
    EXPECT_EQ(label[4], 0);
    EXPECT_EQ(label[5], 3);
    EXPECT_EQ(label[6], 4);
    EXPECT_EQ(label[7], 4);

    const std::vector<double> phi_p =
        root.open_group("branches").open_group("P").read<double>("free_entropy");
    EXPECT_NEAR(phi_p[4], std::log(2.0) + 0.25, 1e-12);
    EXPECT_TRUE(root.open_group("lines").exists("appear_R"));
    EXPECT_TRUE(root.open_group("lines").exists("label_lR_gR"));
    const std::vector<double> points =
        root.open_group("lines").open_group("label_lR_gR").read<double>("points");
    ASSERT_EQ(points.size(), 2U);
    EXPECT_NEAR(points[0] / 4.0, 1.1784, 1e-3);
}

TEST_F(TheoryCommand, RbmCriticalLoadMap) {
    const std::string config = write_config(R"(
[model]
regime = "rbm_critical_load"
patterns = 2
[grid.x]
name = "c"
values = [0.0, 0.3]
[grid.y]
name = "T"
values = [1.0, 1.5]
)");
    ASSERT_EQ(run_theory_command(config, {}, output(), false), 0);
    const h5::File file = h5::File::open(output());
    const std::vector<double> alpha_c =
        file.root().open_group("critical_load").read<double>("alpha_c");
    ASSERT_EQ(alpha_c.size(), 4U);
    EXPECT_NEAR(alpha_c[0], 1.0, 1e-12);
    EXPECT_NEAR(alpha_c[1], 0.596, 5e-4);
    EXPECT_NEAR(alpha_c[2], std::pow(1.5, 4), 1e-12);
}

TEST_F(TheoryCommand, UnconvergedCellsAreFlaggedNotLabelled) {
    const std::string config = write_config(kNishimoriConfig);
    ASSERT_EQ(run_theory_command(config, {"solver.max_iterations=2", "solver.newton_every=0"},
                                 output(), false),
              0);
    const h5::File file = h5::File::open(output());
    const std::vector<std::int8_t> label =
        file.root().open_group("phase").read<std::int8_t>("label");
    const std::vector<std::uint8_t> flags =
        file.root().open_group("phase").read<std::uint8_t>("flags");
    // alpha = 6 at T = 2 (c = 1.5) needs more than two iterations from q = 1.
    EXPECT_EQ(label[7], -1);
    EXPECT_EQ(flags[7] & 1, 1);
}

TEST_F(TheoryCommand, KeepsExistingOutputWithoutForce) {
    const std::string config = write_config(kNishimoriConfig);
    std::ofstream(output()) << "keep me";
    EXPECT_THROW(run_theory_command(config, {}, output(), false), InputError);
    std::ifstream in(output());
    std::stringstream content;
    content << in.rdbuf();
    EXPECT_EQ(content.str(), "keep me");
    EXPECT_EQ(run_theory_command(config, {}, output(), true), 0);
    EXPECT_NO_THROW(h5::File::open(output()));
}

struct BadInput {
    const char* name;
    std::vector<std::string> overrides;
    const char* expected_text;
};

TEST_F(TheoryCommand, RejectsBadInputBeforeWork) {
    const std::string config = write_config(kNishimoriConfig);
    const BadInput cases[] = {
        {"unknown regime", {"model.regime=ising"}, "model.regime"},
        {"p below 3", {"model.p=2"}, "p >= 3"},
        {"krotov pair teacher",
         {"model.regime=teacher2_finite_noise", "model.p=4", "model.form=krotov",
          "model.T_star=3.0"},
         "model.form"},
        {"odd p pair teacher", {"model.regime=teacher2_large_noise", "model.p=5"}, "even"},
        {"empty grid", {"grid.x.values=[]"}, "empty"},
        {"zero points", {"grid.y.values=0", "grid.y.points=0"}, "grid.y"},
        {"unknown key", {"model.spins=12"}, "model.spins"},
        {"same axes", {"grid.y.name=alpha"}, "grid.y.name"},
        {"missing fixed parameter", {"model.regime=fixed_teacher"}, "model.T_star"},
        {"negative temperature", {"grid.y.values=[-1.0]"}, "grid.y.values"},
    };
    for (const BadInput& c : cases) {
        try {
            run_theory_command(config, c.overrides, output(), false);
            ADD_FAILURE() << c.name << ": no error";
        } catch (const InputError& e) {
            EXPECT_NE(std::string(e.what()).find(c.expected_text), std::string::npos)
                << c.name << ": " << e.what();
        }
        EXPECT_FALSE(fs::exists(output())) << c.name;
    }
}

}  // namespace
}  // namespace statmem::theory
