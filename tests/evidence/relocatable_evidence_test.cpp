// Evidence does not depend on where a capture lies (issue 4 task: the reference hashes absolute paths,
// ascend-profiling.md part G, so a moved capture gets new ids there). The check: copy a real sample
// capture into two unrelated temporary folders of different depth, run `llmsa profile -o` on each, and
// compare findings.json, evidence_index.csv and raw_kernel_index.csv byte for byte; analysis.json states
// each copy's own folder once as `profile_root`.
#include <gtest/gtest.h>

#include <filesystem>
#include <nlohmann/json.hpp>

#include "evidence/profile_root.hpp"
#include "support/run_cli.hpp"
#include "support/samples.hpp"

namespace llmsa::evidence {
namespace {

namespace fs = std::filesystem;

// Copies a folder tree with fresh, writable folders and files (the samples are read-only, and
// fs::copy would carry that over and then fail to fill or remove the copy).
void copy_tree(const fs::path& from, const fs::path& to) {
  fs::create_directories(to);
  for (const auto& e : fs::recursive_directory_iterator(from)) {
    const fs::path target = to / fs::relative(e.path(), from);
    if (e.is_directory()) {
      fs::create_directories(target);
    } else if (e.is_regular_file()) {
      fs::copy_file(e.path(), target);
      fs::permissions(target, fs::perms::owner_read | fs::perms::owner_write);
    }
  }
}

TEST(ProfileRoot, CommonFolderOfTheInputs) {
  // Files count as their folder; folders as themselves; the result is the deepest shared folder.
  const fs::path tmp = fs::temp_directory_path() / ("llmsa_root_" + std::to_string(::getpid()));
  fs::create_directories(tmp / "cluster/rank0_ascend_pt/ASCEND_PROFILER_OUTPUT");
  fs::create_directories(tmp / "cluster/rank1_ascend_pt");
  const fs::path r0 = tmp / "cluster/rank0_ascend_pt";
  const fs::path r1 = tmp / "cluster/rank1_ascend_pt";
  const fs::path kd = r0 / "ASCEND_PROFILER_OUTPUT/kernel_details.csv";
  EXPECT_EQ(common_profile_root({r0, r1}), (tmp / "cluster").lexically_normal());
  EXPECT_EQ(common_profile_root({r0}), r0.lexically_normal());
  EXPECT_EQ(common_profile_root({kd}), (r0 / "ASCEND_PROFILER_OUTPUT").lexically_normal());
  EXPECT_EQ(common_profile_root({kd, r1}), (tmp / "cluster").lexically_normal());
  // A trailing separator and "." / ".." segments name the same folder.
  EXPECT_EQ(common_profile_root({fs::path(r0.string() + "/"), r1 / "../rank1_ascend_pt"}),
            (tmp / "cluster").lexically_normal());

  const fs::path root = common_profile_root({r0, r1});
  EXPECT_EQ(path_relative_to_root(kd.string(), root), "rank0_ascend_pt/ASCEND_PROFILER_OUTPUT/kernel_details.csv");
  // Outside the root: the absolute path, never a "../" path.
  EXPECT_EQ(path_relative_to_root((tmp / "other.csv").string(), root), (tmp / "other.csv").lexically_normal().generic_string());
  // No root: unchanged.
  EXPECT_EQ(path_relative_to_root("a/b.csv", {}), "a/b.csv");
  fs::remove_all(tmp);
}

TEST(RelocatableEvidence, CopiesInTwoFoldersGiveByteIdenticalEvidence) {
  // The 2-rank level1 capture: kernel_details.csv, trace_view.json, communication*.json and
  // step_trace_time.csv per rank, so evidence points into several formats.
  const std::string sample = "Ascend-msinsight/test/data/pytorch/text/level1";
  LLMSA_REQUIRE_SAMPLE(sample);
  const fs::path tmp = fs::temp_directory_path() / ("llmsa_relocate_" + std::to_string(::getpid()));
  fs::remove_all(tmp);
  const fs::path copy_a = tmp / "first/level1";
  const fs::path copy_b = tmp / "second/deeper/renamed_capture";
  for (const fs::path& c : {copy_a, copy_b}) copy_tree(test::sample_path(sample), c);
  auto analyse = [&](const fs::path& capture, const fs::path& out) {
    auto r = test::run_cli("profile '" + capture.string() + "' --device 910B2 --threads 1 -o '" + out.string() + "'");
    EXPECT_EQ(r.exit_code, 0) << r.err;
  };
  analyse(copy_a, tmp / "out_a");
  analyse(copy_b, tmp / "out_b");

  for (const char* f : {"findings.json", "evidence_index.csv", "raw_kernel_index.csv"}) {
    SCOPED_TRACE(f);
    const std::string a = test::read_all(tmp / "out_a" / f);
    const std::string b = test::read_all(tmp / "out_b" / f);
    ASSERT_FALSE(a.empty());
    EXPECT_TRUE(a == b) << "the output differs between the two copies";
    // No trace of either location.
    EXPECT_EQ(a.find(tmp.string()), std::string::npos);
    EXPECT_EQ(b.find(tmp.string()), std::string::npos);
  }
  // The relative paths start at the profile root: the rank folders of the copied capture.
  const std::string index = test::read_all(tmp / "out_a" / "evidence_index.csv");
  EXPECT_NE(index.find(",rank0_ascend_pt/ASCEND_PROFILER_OUTPUT/kernel_details.csv,"), std::string::npos);
  // analysis.json names each copy's own folder, once.
  for (const auto& [out, root] : {std::pair{tmp / "out_a", copy_a}, std::pair{tmp / "out_b", copy_b}}) {
    const auto j = nlohmann::json::parse(test::read_all(out / "analysis.json"));
    EXPECT_EQ(j.at("profile_root").get<std::string>(), root.lexically_normal().generic_string());
  }
  fs::remove_all(tmp);
}

}  // namespace
}  // namespace llmsa::evidence
