// HDF5 wrapper round trips and the output-file rules, on real files in a temporary folder.

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "statmem/core/error.hpp"
#include "statmem/io/hdf5.hpp"
#include "statmem/io/output.hpp"

namespace statmem {
namespace {

namespace fs = std::filesystem;

class IoTest : public ::testing::Test {
  protected:
    void SetUp() override {
        folder_ = fs::temp_directory_path() /
                  ("statmem-io-test-" + std::to_string(::getpid()) + "-" +
                   ::testing::UnitTest::GetInstance()->current_test_info()->name());
        fs::remove_all(folder_);
        fs::create_directories(folder_);
    }
    void TearDown() override { fs::remove_all(folder_); }
    std::string path(const std::string& name) const { return (folder_ / name).string(); }

    fs::path folder_;
};

TEST_F(IoTest, ArraysRoundTripWithAxisNames) {
    {
        h5::File file = h5::File::create(path("a.h5"));
        const h5::Group root = file.root();
        const h5::Group group = root.create_group("g");
        group.write<double>("x", {1.5, -2.0, 3.25, 4.0, 5.0, 6.0}, {2, 3}, {"row", "column"});
        group.write<std::int64_t>("n", {7, -8}, {2}, {"point"});
        group.write<std::uint8_t>("flags", {0, 1, 1}, {3}, {"rung"});
        group.write_string("text", "hello\nworld");
        root.set_attr("seed", std::uint64_t{12345});
        root.set_attr("name", "statmem");
        file.close();
    }
    const h5::File file = h5::File::open(path("a.h5"));
    const h5::Group group = file.root().open_group("g");
    std::vector<std::uint64_t> dims;
    EXPECT_EQ(group.read<double>("x", &dims),
              (std::vector<double>{1.5, -2.0, 3.25, 4.0, 5.0, 6.0}));
    EXPECT_EQ(dims, (std::vector<std::uint64_t>{2, 3}));
    EXPECT_EQ(group.read_dim_names("x"), (std::vector<std::string>{"row", "column"}));
    EXPECT_EQ(group.read<std::int64_t>("n"), (std::vector<std::int64_t>{7, -8}));
    EXPECT_EQ(group.read<std::uint8_t>("flags"), (std::vector<std::uint8_t>{0, 1, 1}));
    EXPECT_EQ(group.read_string("text"), "hello\nworld");
    EXPECT_EQ(file.root().get_attr<std::uint64_t>("seed"), 12345U);
    EXPECT_EQ(file.root().get_attr_string("name"), "statmem");
    EXPECT_EQ(file.root().children(), (std::vector<std::string>{"g"}));
}

TEST_F(IoTest, MissingObjectsRaiseInputError) {
    {
        h5::File file = h5::File::create(path("b.h5"));
        file.close();
    }
    const h5::File file = h5::File::open(path("b.h5"));
    EXPECT_THROW(file.root().open_group("absent"), InputError);
    EXPECT_THROW(file.root().read<double>("absent"), InputError);
    EXPECT_THROW(file.root().get_attr_string("absent"), InputError);
}

TEST_F(IoTest, NonHdf5FileIsRejected) {
    std::ofstream(path("plain.h5")) << "not an HDF5 file\n";
    EXPECT_THROW(h5::File::open(path("plain.h5")), InputError);
    EXPECT_THROW(h5::File::open(path("absent.h5")), InputError);
}

TEST_F(IoTest, OutputTargetKeepsExistingFileWithoutForce) {
    std::ofstream(path("out.h5")) << "old result\n";
    const io::OutputTarget keep(path("out.h5"), false);
    EXPECT_THROW(keep.prepare(), InputError);
    std::ifstream in(path("out.h5"));
    std::string line;
    std::getline(in, line);
    EXPECT_EQ(line, "old result");
}

TEST_F(IoTest, OutputTargetCommitRenamesTemporary) {
    const io::OutputTarget target(path("new.h5"), false);
    ASSERT_NO_THROW(target.prepare());
    EXPECT_FALSE(fs::exists(target.temporary_path())) << "prepare left its probe file";
    {
        h5::File file = h5::File::create(target.temporary_path());
        file.root().set_attr("program", "statmem");
        file.close();
    }
    EXPECT_FALSE(fs::exists(path("new.h5")));
    target.commit();
    EXPECT_TRUE(fs::exists(path("new.h5")));
    EXPECT_FALSE(fs::exists(target.temporary_path()));
}

TEST_F(IoTest, OutputTargetRejectsMissingFolder) {
    const io::OutputTarget target(path("no/such/folder/out.h5"), true);
    EXPECT_THROW(target.prepare(), InputError);
}

}  // namespace
}  // namespace statmem
