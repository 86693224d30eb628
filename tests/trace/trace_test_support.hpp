#pragma once
// Helpers shared by the trace tests: independent counts straight from the raw files, so that the
// readers' row counts are checked against something they did not compute.
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "support/samples.hpp"

namespace llmsa::test {

inline std::string slurp(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Non-empty lines of a file (these sample CSVs have no multi-line quoted fields; checked by eye and by
// Python's csv module when the tests were written), minus the header.
inline std::size_t data_lines(const std::filesystem::path& p) {
  std::string s = slurp(p);
  std::size_t lines = 0;
  std::size_t start = 0;
  while (start < s.size()) {
    std::size_t nl = s.find('\n', start);
    std::size_t end = nl == std::string::npos ? s.size() : nl;
    std::string_view line(s.data() + start, end - start);
    if (!line.empty() && line != "\r") ++lines;
    if (nl == std::string::npos) break;
    start = nl + 1;
  }
  return lines == 0 ? 0 : lines - 1;
}

inline const char* kMsinsight = "Ascend-msinsight/";
inline const char* kMstt = "Ascend-mstt/";

}  // namespace llmsa::test
