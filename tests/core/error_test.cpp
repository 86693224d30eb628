#include "core/error.hpp"

#include <gtest/gtest.h>

namespace llmsa {
namespace {

TEST(Error, MessageNamesFileLineAndField) {
  Error e(ErrorKind::kBadInput, {"cfg/config.json", 12, -1, "num_attention_heads"}, "expected a positive integer, found -4");
  EXPECT_STREQ(e.what(), "cfg/config.json:line 12: field 'num_attention_heads': expected a positive integer, found -4");
  EXPECT_EQ(e.exit_code(), 2);
  EXPECT_EQ(e.message(), "expected a positive integer, found -4");
}

TEST(Error, ByteOffsetWithoutLine) {
  Error e(ErrorKind::kBadInput, {"trace.json", -1, 4096, ""}, "unexpected end of input");
  EXPECT_STREQ(e.what(), "trace.json:byte 4096: unexpected end of input");
}

TEST(Error, InternalFaultExitsWithOne) {
  try {
    throw_internal("broken invariant");
    FAIL() << "throw_internal returned";
  } catch (const Error& e) {
    EXPECT_EQ(e.exit_code(), 1);
    EXPECT_EQ(e.kind(), ErrorKind::kInternal);
  }
}

}  // namespace
}  // namespace llmsa
