#include "core/embedded_data.hpp"

#include <algorithm>

#include "core/error.hpp"

namespace llmsa {

std::optional<std::string_view> embedded_file(std::string_view path) {
  auto files = embedded_detail::all();
  auto it = std::lower_bound(files.begin(), files.end(), path,
                             [](const EmbeddedFile& f, std::string_view p) { return f.path < p; });
  if (it == files.end() || it->path != path) return std::nullopt;
  return it->bytes;
}

std::vector<EmbeddedFile> embedded_files(std::string_view prefix) {
  std::vector<EmbeddedFile> out;
  for (const auto& f : embedded_detail::all()) {
    if (f.path.starts_with(prefix)) out.push_back(f);
  }
  return out;
}

std::string_view require_embedded_file(std::string_view path) {
  auto bytes = embedded_file(path);
  if (!bytes) throw_internal("embedded data file missing from this build: data/" + std::string(path));
  return *bytes;
}

}  // namespace llmsa
