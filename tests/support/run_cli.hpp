#pragma once
// Runs the built llmsa binary and captures its exit code, stdout and stderr, for CLI contract tests.
#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <sys/wait.h>

namespace llmsa::test {

struct CliResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};

inline std::string read_all(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// `args` is appended to the binary path verbatim (the caller quotes).
inline CliResult run_cli(const std::string& args) {
  static int counter = 0;
  auto dir = std::filesystem::temp_directory_path() /
             ("llmsa_cli_" + std::to_string(::getpid()) + "_" + std::to_string(counter++));
  std::filesystem::create_directories(dir);
  std::string cmd = std::string("'") + LLMSA_BINARY + "' " + args + " >'" + (dir / "out").string() +
                    "' 2>'" + (dir / "err").string() + "'";
  int status = std::system(cmd.c_str());
  CliResult r;
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  r.out = read_all(dir / "out");
  r.err = read_all(dir / "err");
  std::filesystem::remove_all(dir);
  return r;
}

}  // namespace llmsa::test
