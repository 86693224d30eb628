// The JSONL reader: valid records, extra fields, raw float32 log-probs, and malformed lines reported with
// their line numbers.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

#include "core/error.hpp"
#include "det/run_reader.hpp"

namespace llmsa::det {
namespace {

namespace fs = std::filesystem;

fs::path temp_file(const std::string& name, const std::string& content) {
  auto p = fs::temp_directory_path() / fmt::format("llmsa_det_reader_{}_{}", ::getpid(), name);
  std::ofstream(p, std::ios::binary) << content;
  return p;
}

std::vector<GenerationRecord> read_all(const fs::path& p, const std::string& raw = {}) {
  RunReader r(p.string(), raw);
  std::vector<GenerationRecord> out;
  GenerationRecord rec;
  while (r.next(rec)) out.push_back(rec);
  return out;
}

// Returns the error's line, or -2 when nothing was thrown.
std::int64_t error_line(const fs::path& p, std::string* message = nullptr) {
  try {
    read_all(p);
  } catch (const Error& e) {
    if (message) *message = e.what();
    EXPECT_EQ(e.exit_code(), 2);
    return e.where().line;
  }
  return -2;
}

TEST(DetRunReader, ReadsRecordsAndIgnoresExtraFields) {
  auto p = temp_file("ok.jsonl",
                     "{\"prompt_id\": \"q1\", \"tokens\": [5, 6], \"logprobs\": [-0.5, -1e-3], \"text\": \"hi\", "
                     "\"meta\": {\"a\": [1, {\"b\": null}]}}\n"
                     "\n"
                     "{\"logprobs\": [0], \"tokens\": [7], \"prompt_id\": 42}\r\n"
                     "{\"prompt_id\": \"q1\", \"tokens\": [], \"logprobs\": []}");  // no final newline
  const auto recs = read_all(p);
  ASSERT_EQ(recs.size(), 3u);
  EXPECT_EQ(recs[0].prompt_id, "q1");
  EXPECT_EQ(recs[0].tokens, (std::vector<std::int32_t>{5, 6}));
  EXPECT_EQ(recs[0].logprobs, (std::vector<double>{-0.5, -1e-3}));
  EXPECT_EQ(recs[1].prompt_id, "42");
  EXPECT_EQ(recs[1].line, 3);
  EXPECT_EQ(recs[1].logprobs, (std::vector<double>{0.0}));
  EXPECT_TRUE(recs[2].tokens.empty());
  EXPECT_EQ(recs[2].line, 4);
  RunReader r(p.string());
  GenerationRecord rec;
  while (r.next(rec)) {
  }
  EXPECT_EQ(r.counts().blank_lines, 1);
  EXPECT_EQ(r.counts().records, 3);
  fs::remove(p);
}

TEST(DetRunReader, MalformedLinesNameTheirLine) {
  const std::string good = "{\"prompt_id\": 1, \"tokens\": [1], \"logprobs\": [-1]}\n";
  struct Case {
    std::string bad_line;
    std::string expect_in_message;
  };
  const Case cases[] = {
      {"{\"prompt_id\": 1, \"tokens\": [1], \"logprobs\": [-1]", "not valid JSON"},
      {"{\"prompt_id\": 1, \"tokens\": [1, 2], \"logprobs\": [-1]}", "has 1 values for 2 tokens"},
      {"{\"prompt_id\": 1, \"tokens\": [1.5], \"logprobs\": [-1]}", "tokens[0]"},
      {"{\"prompt_id\": 1, \"tokens\": [-3], \"logprobs\": [-1]}", "outside"},
      {"{\"prompt_id\": 1, \"tokens\": [1], \"logprobs\": [\"x\"]}", "logprobs[0]"},
      {"{\"prompt_id\": [1], \"tokens\": [1], \"logprobs\": [-1]}", "prompt_id"},
      {"{\"prompt_id\": 1.5, \"tokens\": [1], \"logprobs\": [-1]}", "integer"},
      {"{\"tokens\": [1], \"logprobs\": [-1]}", "missing"},
      {"{\"prompt_id\": 1, \"logprobs\": [-1]}", "missing"},
      {"{\"prompt_id\": 1, \"tokens\": [1]}", "missing"},
      {"[1, 2]", "JSON object"},
      {"{\"prompt_id\": 1, \"tokens\": [1], \"logprobs\": [-1]} {}", "not valid JSON"},
      {"{\"prompt_id\": 1, \"tokens\": [1], \"tokens\": [1], \"logprobs\": [-1]}", "twice"},
  };
  int i = 0;
  for (const auto& c : cases) {
    std::string content = good;
    content += good;
    content += c.bad_line;
    content += '\n';
    content += good;
    auto p = temp_file(fmt::format("bad{}.jsonl", i++), content);
    std::string message;
    EXPECT_EQ(error_line(p, &message), 3) << c.bad_line;
    EXPECT_NE(message.find(c.expect_in_message), std::string::npos) << message;
    EXPECT_NE(message.find(":line 3"), std::string::npos) << message;
    fs::remove(p);
  }
}

TEST(DetRunReader, RawFloat32LogprobsReplaceTheField) {
  auto p = temp_file("raw.jsonl",
                     "{\"prompt_id\": \"a\", \"tokens\": [1, 2, 3]}\n"
                     "{\"prompt_id\": \"b\", \"tokens\": [4], \"logprobs\": \"ignored\"}\n");
  const float values[4] = {-0.5f, -1.25f, -0.1f, -3.0f};
  auto raw = temp_file("raw.f32", std::string(reinterpret_cast<const char*>(values), sizeof values));
  const auto recs = read_all(p, raw.string());
  ASSERT_EQ(recs.size(), 2u);
  EXPECT_EQ(recs[0].logprobs, (std::vector<double>{-0.5, -1.25, static_cast<double>(-0.1f)}));
  EXPECT_EQ(recs[1].logprobs, (std::vector<double>{-3.0}));

  // Too few values: the error names the record's line.
  auto short_raw = temp_file("short.f32", std::string(reinterpret_cast<const char*>(values), 3 * sizeof(float)));
  try {
    read_all(p, short_raw.string());
    ADD_FAILURE() << "expected an error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("line 2"), std::string::npos) << e.what();
  }
  // Too many values.
  const float five[5] = {0, 0, 0, 0, 0};
  auto long_raw = temp_file("long.f32", std::string(reinterpret_cast<const char*>(five), sizeof five));
  EXPECT_THROW(read_all(p, long_raw.string()), Error);
  for (const auto& f : {p, raw, short_raw, long_raw}) fs::remove(f);
}

TEST(DetRunReader, LinesLongerThanTheBufferStream) {
  // 300,000 tokens make a ~3.5 MB line, larger than the 1 MiB read buffer.
  std::string line = "{\"prompt_id\": \"long\", \"tokens\": [";
  std::string lps = "], \"logprobs\": [";
  for (int i = 0; i < 300000; ++i) {
    if (i) {
      line += ',';
      lps += ',';
    }
    line += std::to_string(i % 1000);
    lps += "-0.25";
  }
  line += lps;
  line += "]}\n{\"prompt_id\": 2, \"tokens\": [9], \"logprobs\": [-1]}\n";
  auto p = temp_file("long.jsonl", line);
  const auto recs = read_all(p);
  ASSERT_EQ(recs.size(), 2u);
  EXPECT_EQ(recs[0].tokens.size(), 300000u);
  EXPECT_EQ(recs[0].tokens[299999], 999);
  EXPECT_EQ(recs[1].line, 2);
  fs::remove(p);
}

TEST(DetRunReader, MissingFileIsBadInput) {
  try {
    RunReader r("/nonexistent/run.jsonl");
    ADD_FAILURE();
  } catch (const Error& e) {
    EXPECT_EQ(e.exit_code(), 2);
  }
}

}  // namespace
}  // namespace llmsa::det
