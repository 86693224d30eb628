#include "cli/subcommand.hpp"

#include <algorithm>

namespace llmsa::cli {

static std::vector<RegisteredSubcommand>& registry() {
  static std::vector<RegisteredSubcommand> r;  // function-local: safe across static init order
  return r;
}

bool register_subcommand(std::string name, SubcommandFactory factory) {
  registry().push_back({std::move(name), std::move(factory)});
  return true;
}

std::vector<RegisteredSubcommand> registered_subcommands() {
  auto out = registry();
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.name < b.name; });
  return out;
}

void add_format_option(CLI::App* app, std::string& format, std::vector<std::string> allowed) {
  format = allowed.front();
  app->add_option("--format", format, "Output format")
      ->check(CLI::IsMember(allowed))
      ->capture_default_str();
}

}  // namespace llmsa::cli
