#include "core/progress_bar.hpp"

#include <gtest/gtest.h>

#include <cstdio>
#include <string>
#include <thread>
#include <vector>

namespace llmsa {
namespace {

std::string contents(std::FILE* f) {
  std::fflush(f);
  std::rewind(f);
  std::string s;
  for (int c; (c = std::fgetc(f)) != EOF;) s += static_cast<char>(c);
  return s;
}

// Widths worked out by hand: label, " [", bar, "]", then " done/total pct%" (pct right-aligned in 3).
TEST(ProgressBar, RendersLabelBarCountAndPercentInTheGivenWidth) {
  EXPECT_EQ(render_progress_line("reading", 5, 10, 40), "reading [##########..........] 5/10  50%");
  // 30 columns: 7 label + 3 brackets/space + 9 count (" 0/4   0%") leave 11 cells.
  EXPECT_EQ(render_progress_line("reading", 0, 4, 30), "reading [...........] 0/4   0%");
  EXPECT_EQ(render_progress_line("reading", 4, 4, 30), "reading [###########] 4/4 100%");
  EXPECT_EQ(render_progress_line("x", 9, 3, 24), "x [###########] 3/3 100%");  // done is capped at total
  // A long label is cut (to 40 - 12 - 10 = 18 columns) so the bar keeps 10 cells and the line its width.
  const std::string cut = render_progress_line(std::string(100, 'L'), 1, 2, 40);
  EXPECT_EQ(cut.size(), 40u);
  EXPECT_EQ(cut, std::string(18, 'L') + " [#####.....] 1/2  50%");
  EXPECT_EQ(render_progress_line("files", 7, 0, 40), "files 7");  // unknown total: the count alone
}

TEST(ProgressBar, PrintsNothingWhenNotATerminal) {
  std::FILE* f = std::tmpfile();
  ASSERT_NE(f, nullptr);
  EXPECT_FALSE(is_terminal(f));
  {
    ProgressBar bar("reading", 10, f, is_terminal(f));
    EXPECT_FALSE(bar.enabled());
    for (int i = 0; i < 10; ++i) bar.advance();
    EXPECT_EQ(bar.done(), 10u);
    bar.finish();
  }
  EXPECT_EQ(contents(f), "");
  std::fclose(f);
}

TEST(ProgressBar, DrawsThrottledFromManyThreadsAndEndsTheLineOnce) {
  std::FILE* f = std::tmpfile();
  ASSERT_NE(f, nullptr);
  {
    ProgressBar bar("work", 4000, f, true);
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t)
      threads.emplace_back([&] {
        for (int i = 0; i < 1000; ++i) bar.advance();
      });
    for (auto& t : threads) t.join();
    bar.finish();
    bar.finish();  // idempotent
  }
  const std::string out = contents(f);
  // The final state is drawn, the line ends exactly once, and 4000 advances in well under the
  // throttle interval do not produce 4000 redraws.
  EXPECT_NE(out.find("4000/4000 100%"), std::string::npos);
  EXPECT_EQ(std::count(out.begin(), out.end(), '\n'), 1);
  EXPECT_LT(std::count(out.begin(), out.end(), '\r'), 100);
  std::fclose(f);
}

}  // namespace
}  // namespace llmsa
