// StringIdColumn: 2-byte ids until an id needs more, then 4 bytes; values always read back exactly.
#include "trace/string_id_column.hpp"

#include <gtest/gtest.h>

#include <numeric>
#include <vector>

namespace llmsa::trace {
namespace {

TEST(StringIdColumn, NarrowUntilAnIdNeedsMoreThanTwoBytes) {
  StringIdColumn c;
  c.push_back(0);
  c.push_back(65535);  // the largest id that fits in 2 bytes
  EXPECT_EQ(c.bytes_per_value(), 2u);
  c.push_back(65536);  // the first that does not
  EXPECT_EQ(c.bytes_per_value(), 4u);
  const StringIdColumn& r = c;
  ASSERT_EQ(r.size(), 3u);
  EXPECT_EQ(r[0], 0u);
  EXPECT_EQ(r[1], 65535u);
  EXPECT_EQ(r[2], 65536u);
}

TEST(StringIdColumn, WriteThroughIndexWidensAndKeepsEarlierValues) {
  StringIdColumn c;
  for (StringId i = 0; i < 1000; ++i) c.push_back(i * 7);
  c[500] = 0xFFFFFFFEu;
  EXPECT_EQ(c.bytes_per_value(), 4u);
  const StringIdColumn& r = c;
  for (StringId i = 0; i < 1000; ++i) EXPECT_EQ(r[i], i == 500 ? 0xFFFFFFFEu : i * 7) << i;
  c[1] = c[2];  // proxy to proxy assignment copies the value
  EXPECT_EQ(r[1], 14u);
}

TEST(StringIdColumn, NarrowStorageIsTwoBytesPerId) {
  StringIdColumn c;
  c.reserve(1000);
  for (StringId i = 0; i < 1000; ++i) c.push_back(i);
  EXPECT_EQ(c.memory_bytes(), 2000u);  // 1000 reserved ids of 2 bytes, no 4-byte storage
}

TEST(StringIdColumn, AppendMapsIdsAndWidensWhenTheMapNeedsIt) {
  StringIdColumn a, b;
  a.push_back(1);
  b.push_back(0);
  b.push_back(2);
  std::vector<StringId> map{0, 0, 70000};
  a.append(b, map);
  const StringIdColumn& r = a;
  ASSERT_EQ(r.size(), 3u);
  EXPECT_EQ(r[0], 1u);
  EXPECT_EQ(r[1], 0u);
  EXPECT_EQ(r[2], 70000u);
  StringIdColumn c;
  c.append(a);  // plain append of a wide column into a narrow one
  EXPECT_EQ(c, a);
  EXPECT_EQ(c.bytes_per_value(), 4u);
}

TEST(StringIdColumn, IteratesAndResizes) {
  StringIdColumn c;
  c.resize(4, 3);
  std::vector<StringId> seen(c.begin(), c.end());
  EXPECT_EQ(seen, (std::vector<StringId>{3, 3, 3, 3}));
  EXPECT_EQ(std::accumulate(c.begin(), c.end(), StringId{0}), 12u);
  c.resize(2);
  EXPECT_EQ(c.size(), 2u);
  c.release();
  EXPECT_TRUE(c.empty());
  EXPECT_EQ(c.memory_bytes(), 0u);
}

}  // namespace
}  // namespace llmsa::trace
