#include "evidence/profile_root.hpp"

#include <system_error>

namespace llmsa::evidence {

namespace fs = std::filesystem;

namespace {

fs::path absolute_normal(const fs::path& p) {
  std::error_code ec;
  fs::path a = fs::absolute(p, ec);
  if (ec) a = p;
  return a.lexically_normal();
}

// The folder a path stands for: itself when it is an existing folder, else its parent.
fs::path folder_of(const fs::path& p) {
  fs::path a = absolute_normal(p);
  std::error_code ec;
  if (fs::is_directory(a, ec)) return a;
  return a.parent_path();
}

// "a/b/" and "a/b" name the same folder: drop the empty last element lexically_normal leaves.
fs::path without_trailing_separator(const fs::path& p) {
  if (p.has_relative_path() && !p.has_filename()) return p.parent_path();
  return p;
}

}  // namespace

fs::path common_profile_root(const std::vector<fs::path>& inputs) {
  if (inputs.empty()) return absolute_normal(fs::current_path());
  fs::path root = without_trailing_separator(folder_of(inputs.front()));
  for (std::size_t i = 1; i < inputs.size(); ++i) {
    const fs::path other = without_trailing_separator(folder_of(inputs[i]));
    fs::path common;
    auto a = root.begin();
    auto b = other.begin();
    for (; a != root.end() && b != other.end() && *a == *b; ++a, ++b) common /= *a;
    root = common;
  }
  return root;
}

std::string path_relative_to_root(std::string_view file, const fs::path& root) {
  if (root.empty()) return std::string(file);
  const fs::path abs = absolute_normal(fs::path(file));
  const fs::path rel = abs.lexically_relative(root);
  if (rel.empty() || *rel.begin() == "..") return abs.generic_string();
  return rel.generic_string();
}

}  // namespace llmsa::evidence
