#pragma once
// Subcommands register themselves, one file per subcommand, so that adding one never edits main.
// A subcommand only parses flags, calls the library and prints; the logic lives in the library.
#include <CLI/CLI.hpp>
#include <functional>
#include <memory>
#include <string>

namespace llmsa::cli {

class Subcommand {
 public:
  virtual ~Subcommand() = default;
  // Adds the subcommand (with its options, description and an example in the footer) to `app`.
  virtual CLI::App* define(CLI::App& app) = 0;
  // Runs after parsing; returns the process exit code. Bad input is reported by throwing llmsa::Error.
  virtual int run() = 0;
};

using SubcommandFactory = std::function<std::unique_ptr<Subcommand>()>;

// Returns true so it can initialise a namespace-scope constant in the subcommand's file.
bool register_subcommand(std::string name, SubcommandFactory factory);

struct RegisteredSubcommand {
  std::string name;
  SubcommandFactory factory;
};
// Sorted by name, so that --help lists them in a stable order.
std::vector<RegisteredSubcommand> registered_subcommands();

// The shared --format option. `allowed` is the list of values, the first one the default.
void add_format_option(CLI::App* app, std::string& format, std::vector<std::string> allowed);

}  // namespace llmsa::cli
