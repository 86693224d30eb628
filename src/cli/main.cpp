// llmsa: LLM system analysis. Thin driver: subcommands register themselves (cli/subcommand.hpp).
#include <fmt/format.h>

#include <cstdio>
#include <exception>

#include "cli/subcommand.hpp"
#include "core/error.hpp"

int main(int argc, char** argv) {
  CLI::App app{"llmsa: where the compute, memory, communication and time of an LLM job go"};
  app.require_subcommand(1);
  app.footer(
      "Examples:\n"
      "  llmsa model DeepSeek-V3 --seq 4096 --batch 8\n"
      "  llmsa <subcommand> --help");
  app.set_version_flag("--version", "llmsa 0.1.0");

  std::vector<std::pair<CLI::App*, std::unique_ptr<llmsa::cli::Subcommand>>> commands;
  for (auto& reg : llmsa::cli::registered_subcommands()) {
    auto cmd = reg.factory();
    CLI::App* sub = cmd->define(app);
    commands.emplace_back(sub, std::move(cmd));
  }

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e);
    // CLI11 uses 0 for --help; any real parse error is bad input.
    return code == 0 ? 0 : 2;
  }

  try {
    for (auto& [sub, cmd] : commands) {
      if (sub->parsed()) return cmd->run();
    }
  } catch (const llmsa::Error& e) {
    std::fflush(stdout);
    fmt::print(stderr, "llmsa: error: {}\n", e.what());
    return e.exit_code();
  } catch (const std::exception& e) {
    std::fflush(stdout);
    fmt::print(stderr, "llmsa: internal error: {}\n", e.what());
    return 1;
  }
  return 1;
}
