#include "core/json_document.hpp"

#include <gtest/gtest.h>

#include "core/error.hpp"

namespace llmsa {
namespace {

TEST(JsonDocument, SyntaxErrorNamesFileAndByteOffset) {
  try {
    parse_json_document(R"({"a": 1,, "b": 2})", "cfg.json");
    FAIL() << "accepted invalid JSON";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::kBadInput);
    EXPECT_EQ(e.where().file, "cfg.json");
    EXPECT_EQ(e.where().byte_offset, 8);  // the second comma, 0-based
  }
}

// Found by fuzzing: nlohmann reports an overflowing number as out_of_range, not parse_error.
TEST(JsonDocument, NumberOverflowIsBadInputNotACrash) {
  try {
    parse_json_document("2e878", "rules.json");
    FAIL() << "accepted an overflowing number";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::kBadInput);
    EXPECT_EQ(e.where().file, "rules.json");
  }
}

TEST(JsonDocument, ValidDocumentParses) { EXPECT_EQ(parse_json_document(R"({"x": [1, 2]})", "f")["x"][1], 2); }

TEST(JsonDocument, StringArrayIsOptionalAndTyped) {
  const auto j = parse_json_document(R"({"any": ["a", "b"], "bad": [1], "blank": [""], "one": "x"})", "rules.json");
  EXPECT_EQ(json_string_array(j, "any", "rules.json", "rules[0]"), (std::vector<std::string>{"a", "b"}));
  EXPECT_TRUE(json_string_array(j, "absent", "rules.json", "rules[0]").empty());
  EXPECT_EQ(json_string_array(j, "blank", "rules.json", "rules[0]"), std::vector<std::string>{""});
  for (const char* key : {"bad", "one", "blank"}) {
    try {
      json_string_array(j, key, "rules.json", "rules[0]", /*non_empty=*/true);
      FAIL() << key;
    } catch (const Error& e) {
      EXPECT_EQ(e.kind(), ErrorKind::kBadInput);
      EXPECT_EQ(e.where().file, "rules.json");
      EXPECT_EQ(e.where().field, std::string("rules[0].") + key);
    }
  }
}

}  // namespace
}  // namespace llmsa
