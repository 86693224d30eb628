// FNV-1a 64 test vectors from the algorithm's published test suite (Fowler/Noll/Vo FNV test code,
// reproduced in IETF draft-eastlake-fnv): "" -> 0xcbf29ce484222325, "a" -> 0xaf63dc4c8601ec8c,
// "foobar" -> 0x85944171f73967e8.
#include "core/stable_hash.hpp"

#include <gtest/gtest.h>

#include <cmath>

namespace llmsa {
namespace {

TEST(StableHash, Fnv1a64PublishedVectors) {
  EXPECT_EQ(fnv1a64(""), 0xcbf29ce484222325ULL);
  EXPECT_EQ(fnv1a64("a"), 0xaf63dc4c8601ec8cULL);
  EXPECT_EQ(fnv1a64("foobar"), 0x85944171f73967e8ULL);
}

TEST(StableHash, RawBytesChainLikeOneStream) {
  // FNV is a streaming hash: feeding "foo" then "bar" equals feeding "foobar".
  EXPECT_EQ(StableHasher().add_bytes("foo").add_bytes("bar").value(), 0x85944171f73967e8ULL);
}

TEST(StableHash, FieldsAreLengthPrefixedSoBoundariesMatter) {
  EXPECT_NE(StableHasher().add_string("ab").add_string("c").value(),
            StableHasher().add_string("a").add_string("bc").value());
  EXPECT_EQ(StableHasher().add_string("ab").add_string("c").value(),
            StableHasher().add_string("ab").add_string("c").value());
}

TEST(StableHash, IntegersAreLittleEndianBytes) {
  // add_u64(0x61) feeds 'a' followed by seven zero bytes.
  EXPECT_EQ(StableHasher().add_u64(0x61).value(), fnv1a64(std::string_view("a\0\0\0\0\0\0\0", 8)));
  EXPECT_EQ(StableHasher().add_i64(-1).value(), StableHasher().add_u64(~0ULL).value());
}

TEST(StableHash, DoublesFoldNegativeZeroAndNan) {
  EXPECT_EQ(StableHasher().add_double(-0.0).value(), StableHasher().add_double(0.0).value());
  EXPECT_EQ(StableHasher().add_double(std::nan("1")).value(), StableHasher().add_double(std::nan("2")).value());
  EXPECT_NE(StableHasher().add_double(1.0).value(), StableHasher().add_double(2.0).value());
}

TEST(StableHash, Hex16IsZeroPaddedLowercase) {
  EXPECT_EQ(hex16(0), "0000000000000000");
  EXPECT_EQ(hex16(0xaf63dc4c8601ec8cULL), "af63dc4c8601ec8c");
  EXPECT_EQ(hex16(0xABCULL), "0000000000000abc");
}

}  // namespace
}  // namespace llmsa
