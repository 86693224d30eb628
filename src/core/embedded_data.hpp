#pragma once
// Read-only access to the knowledge files under data/, compiled into the binary at build time
// (cmake/embed_data.cmake). Paths are relative to data/, with forward slashes.
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace llmsa {

struct EmbeddedFile {
  std::string_view path;
  std::string_view bytes;
};

namespace embedded_detail {
std::span<const EmbeddedFile> all();  // generated; sorted by path
}

// The file's bytes, or nullopt when no such file was embedded.
std::optional<std::string_view> embedded_file(std::string_view path);

// Every embedded file whose path starts with `prefix`, sorted by path.
std::vector<EmbeddedFile> embedded_files(std::string_view prefix);

// Like embedded_file, but a missing file is an internal fault (the build embedded the wrong set).
std::string_view require_embedded_file(std::string_view path);

}  // namespace llmsa
