// RFC 4180 tokenizer on the shapes of real Ascend fields (reference ascend-profiling.md C.2 quirks).
#include <gtest/gtest.h>

#include "trace/csv_tokenizer.hpp"

using namespace llmsa::trace;

TEST(CsvTokenizer, DoubledQuotesBomCrlfAndTabbedTimes) {
  std::string s =
      "\xEF\xBB\xBFName,Start Time(us),Input Shapes\r\n"
      "trans_TransData_0,1736408883704643.212\t,\"\"\"32,3,224,224\"\"\"\r\n"
      "x,\"1736413971558972.912\t\",\"\"\"\"\"\"\r\n";
  CsvTokenizer t(s);
  CsvRecord r;
  ASSERT_EQ(t.next(r), CsvStatus::kRecord);
  EXPECT_TRUE(t.had_bom());
  ASSERT_EQ(r.fields.size(), 3u);
  EXPECT_EQ(r.fields[0], "Name");
  EXPECT_EQ(r.fields[2], "Input Shapes");
  ASSERT_EQ(t.next(r), CsvStatus::kRecord);
  EXPECT_EQ(r.line, 2u);
  EXPECT_EQ(r.fields[1], "1736408883704643.212\t");
  EXPECT_EQ(r.fields[2], "\"32,3,224,224\"");
  ASSERT_EQ(t.next(r), CsvStatus::kRecord);
  EXPECT_EQ(r.fields[1], "1736413971558972.912\t");
  EXPECT_EQ(r.fields[2], "\"\"");  // AI_CPU rows write """""" : two literal quotes
  EXPECT_EQ(t.next(r), CsvStatus::kEnd);
}

TEST(CsvTokenizer, MultiLineQuotedFieldCountsLines) {
  std::string s = "a,b\n1,\"line one\nline two\"\n2,x\n";
  CsvTokenizer t(s);
  CsvRecord r;
  t.next(r);
  ASSERT_EQ(t.next(r), CsvStatus::kRecord);
  EXPECT_EQ(r.fields[1], "line one\nline two");
  ASSERT_EQ(t.next(r), CsvStatus::kRecord);
  EXPECT_EQ(r.line, 4u);
  EXPECT_EQ(r.fields[0], "2");
}

TEST(CsvTokenizer, EmptyTrailingFieldAndUnterminatedQuote) {
  std::string s = "a,b,c\n1,,\n2,\"never closed,3\n";
  CsvTokenizer t(s);
  CsvRecord r;
  t.next(r);
  ASSERT_EQ(t.next(r), CsvStatus::kRecord);
  ASSERT_EQ(r.fields.size(), 3u);
  EXPECT_EQ(r.fields[1], "");
  EXPECT_EQ(r.fields[2], "");
  EXPECT_EQ(t.next(r), CsvStatus::kUnterminatedQuote);
  EXPECT_EQ(r.line, 3u);
  EXPECT_EQ(r.offset, 10u);
  EXPECT_EQ(t.next(r), CsvStatus::kEnd);
}
