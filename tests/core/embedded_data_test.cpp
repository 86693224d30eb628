#include "core/embedded_data.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace llmsa {
namespace {

TEST(EmbeddedData, UnknownPathIsAbsent) { EXPECT_FALSE(embedded_file("no/such/file.json").has_value()); }

// Every file under data/ with an embedded extension is in the binary, byte for byte.
TEST(EmbeddedData, MatchesTheDataFolderByteForByte) {
  namespace fs = std::filesystem;
  fs::path root = fs::path(LLMSA_SOURCE_DIR) / "data";
  if (!fs::exists(root)) GTEST_SKIP() << "no data/ folder";
  int checked = 0;
  for (const auto& entry : fs::recursive_directory_iterator(root)) {
    if (!entry.is_regular_file()) continue;
    auto ext = entry.path().extension().string();
    if (ext != ".json" && ext != ".yaml" && ext != ".csv" && ext != ".txt" && ext != ".js" && ext != ".css") continue;
    std::ifstream in(entry.path(), std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    auto rel = fs::relative(entry.path(), root).generic_string();
    auto bytes = embedded_file(rel);
    ASSERT_TRUE(bytes.has_value()) << rel;
    EXPECT_EQ(*bytes, ss.str()) << rel;
    ++checked;
  }
  EXPECT_EQ(static_cast<size_t>(checked), embedded_files("").size());
}

TEST(EmbeddedData, PrefixListingIsSorted) {
  auto files = embedded_files("");
  EXPECT_TRUE(std::is_sorted(files.begin(), files.end(),
                             [](const auto& a, const auto& b) { return a.path < b.path; }));
}

}  // namespace
}  // namespace llmsa
