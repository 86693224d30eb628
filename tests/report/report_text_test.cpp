// Escaping and number text of the human-facing reports: a trace name is data, never markup or JSON
// structure, whatever bytes it holds.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "report/json_stream.hpp"
#include "report/markdown_table.hpp"
#include "report/report_text.hpp"

namespace llmsa::report {
namespace {

TEST(ReportText, MarkdownCellKeepsMarkupAsText) {
  // The XSS probe: shown as text in any Markdown viewer.
  EXPECT_EQ(md_cell("<img src=x onerror=alert(1)>"), "&lt;img src=x onerror=alert(1)&gt;");
  EXPECT_EQ(md_cell("a|b`c\nd&"), "a\\|b\\`c d&amp;");
}

TEST(ReportText, ExactMicroseconds) {
  EXPECT_EQ(exact_us(1234567), "1234.567");
  EXPECT_EQ(exact_us(-5), "-0.005");
  EXPECT_EQ(exact_us(1736408883674584732), "1736408883674584.732");  // epoch ns, no float rounding
}

TEST(ReportText, InvalidUtf8BecomesReplacementCharacter) {
  EXPECT_EQ(valid_utf8("caf\xC3\xA9"), "caf\xC3\xA9");           // é kept
  EXPECT_EQ(valid_utf8("a\xFF" "b"), "a\xEF\xBF\xBD" "b");          // stray byte
  EXPECT_EQ(valid_utf8("\xC0\xAF"), "\xEF\xBF\xBD\xEF\xBF\xBD");    // overlong '/' (RFC 3629 forbids)
  EXPECT_EQ(valid_utf8("\xED\xA0\x80"), "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");  // UTF-16 surrogate
  EXPECT_EQ(valid_utf8("x\x01y"), "x\xEF\xBF\xBDy");  // XML 1.0 has no U+0001
}

TEST(ReportText, JsonStringsAlwaysParseBack) {
  const std::string tricky = "q\"b\\s\n\t\x01 <img src=x onerror=alert(1)> \xE4\xB8\xAD";
  std::string out;
  append_json_string(out, tricky);
  EXPECT_EQ(nlohmann::json::parse(out).get<std::string>(), tricky);
  std::string bad;
  append_json_string(bad, "a\xFF\xFE" "b");
  EXPECT_EQ(nlohmann::json::parse(bad).get<std::string>(), "a\xEF\xBF\xBD\xEF\xBF\xBD" "b");
}

TEST(ReportText, ShareBarAndTable) {
  EXPECT_EQ(share_bar(0.5, 4), "██░░");
  EXPECT_EQ(share_bar(1.0, 2), "██");
  EXPECT_EQ(share_bar(0.0, 2), "░░");
  EXPECT_EQ(share_bar(0.0625, 2), "▏░");  // 1/16 of 2 cells = 1/8 of a cell: the thinnest partial block
  MdTable t({"name", "ms:"});
  t.row({"a", "1.000"});
  EXPECT_EQ(t.render(), "| name | ms |\n| --- | ---: |\n| a | 1.000 |\n\n");
}

}  // namespace
}  // namespace llmsa::report
