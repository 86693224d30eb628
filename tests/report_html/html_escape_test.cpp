// Escaping of trace text for report.html. Expected strings follow the HTML Living Standard (script
// data state: "</script" closes a script element whatever its type; "<!--" starts the escaped
// state) and ECMA-262 (U+2028/U+2029 are line terminators), and RFC 8259 §7 (\uXXXX escapes denote
// the same character, so JSON.parse / nlohmann read the original text back).
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "report/html_escape.hpp"

namespace llmsa::report {
namespace {

TEST(HtmlEscape, JsonForScriptNeutralisesMarkupAndRoundTrips) {
  const std::string hostile = "</script><img src=x onerror=alert(1)><!-- a&b \xE2\x80\xA8 \xE2\x80\xA9 caf\xC3\xA9";
  const nlohmann::json original = {{"name", hostile}, {"n", 3}};
  const std::string dumped = original.dump();
  const std::string safe = escape_json_for_script(dumped);
  EXPECT_EQ(safe.find('<'), std::string::npos);
  EXPECT_EQ(safe.find('>'), std::string::npos);
  EXPECT_EQ(safe.find('&'), std::string::npos);
  EXPECT_EQ(safe.find("\xE2\x80\xA8"), std::string::npos);
  EXPECT_EQ(safe.find("\xE2\x80\xA9"), std::string::npos);
  EXPECT_NE(safe.find("\\u003c/script\\u003e\\u003cimg src=x onerror=alert(1)\\u003e\\u003c!-- a\\u0026b \\u2028 \\u2029"),
            std::string::npos);
  EXPECT_NE(safe.find("caf\xC3\xA9"), std::string::npos);  // other non-ASCII text is kept as is
  EXPECT_EQ(nlohmann::json::parse(safe), original);
}

TEST(HtmlEscape, JsonForScriptLeavesOtherBytesAlone) {
  EXPECT_EQ(escape_json_for_script(R"({"a":[1,2.5,"x\"y"]})"), R"({"a":[1,2.5,"x\"y"]})");
  // A lone E2 not followed by 80 A8/A9 (e.g. U+20AC, E2 82 AC) is not touched.
  EXPECT_EQ(escape_json_for_script("\"\xE2\x82\xAC\""), "\"\xE2\x82\xAC\"");
  EXPECT_EQ(escape_json_for_script("\"\xE2\x80\""), "\"\xE2\x80\"");  // truncated sequence at the end
}

// Rewrites next to each other, at both ends and between runs of plain bytes (the escaper copies the
// plain runs in bulk): expected text follows the rules in html_escape.hpp, byte by byte.
TEST(HtmlEscape, JsonForScriptRewritesAdjacentAndEdgeCharacters) {
  EXPECT_EQ(escape_json_for_script("<>&"), "\\u003c\\u003e\\u0026");
  EXPECT_EQ(escape_json_for_script("\xE2\x80\xA8" "a<\xE2\x80\xA9"), "\\u2028a\\u003c\\u2029");
  EXPECT_EQ(escape_json_for_script("ab</script>cd"), "ab\\u003c/script\\u003ecd");
  EXPECT_EQ(escape_json_for_script(""), "");
  std::string page = "head:";
  append_json_for_script(page, "\"x&y\"");
  EXPECT_EQ(page, "head:\"x\\u0026y\"");
}

TEST(HtmlEscape, HtmlText) {
  EXPECT_EQ(escape_html_text(R"(<img src="x" onerror='a'>&)"), "&lt;img src=&quot;x&quot; onerror=&#39;a&#39;&gt;&amp;");
  EXPECT_EQ(escape_html_text("plain"), "plain");
}

TEST(HtmlEscape, TruncateUtf8CutsOnCharacterBoundaries) {
  EXPECT_EQ(truncate_utf8("short", 10), "short");
  EXPECT_EQ(truncate_utf8("abcdef", 3), "abc\xE2\x80\xA6");
  // "h" + "é" (C3 A9): a cut after 2 bytes would split é, so it falls back to after "h".
  EXPECT_EQ(truncate_utf8("h\xC3\xA9llo", 2), "h\xE2\x80\xA6");
  // 4-byte character (U+1F600, F0 9F 98 80): cuts at 1, 2 or 3 bytes all drop the whole character.
  for (std::size_t cut = 1; cut <= 3; ++cut) EXPECT_EQ(truncate_utf8("\xF0\x9F\x98\x80!", cut), "\xE2\x80\xA6");
  EXPECT_EQ(truncate_utf8("\xF0\x9F\x98\x80!", 4), "\xF0\x9F\x98\x80\xE2\x80\xA6");
}

}  // namespace
}  // namespace llmsa::report
