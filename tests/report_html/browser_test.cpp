// report.html in a real browser (Debian's chromium, headless). For a report built from a real sample
// and one built from a synthetic capture whose kernel and AICPU op are named
// "</script><script>alert(2)</script>" and "<img src=x onerror=alert(1)>":
//   - the script ran to the end (the page marks <html data-rendered="ok">) and Chromium logged no
//     console message at all (script errors and Content-Security-Policy refusals of any network
//     request are both console messages);
//   - the key sections and charts exist in the DOM after the script ran;
//   - the hostile names are text nodes: the DOM holds them escaped, no <img> element exists, and a
//     sentinel the test adds (window.alert records a data-xss attribute) never fires;
//   - every finding's evidence opens into raw rows (the test opens all <details>).
// Screenshots are saved next to the test binaries (build dir) for a person to look at.
#include <gtest/gtest.h>

#include <fmt/format.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "analysis/kernel_classifier.hpp"
#include "report/html_evidence_rows.hpp"
#include "report/html_report.hpp"
#include "report_page.hpp"
#include "support/samples.hpp"
#include "synthetic_capture.hpp"
#include "trace/ingest.hpp"

namespace llmsa::report {
namespace {

namespace fs = std::filesystem;
constexpr const char* kChromium = "/usr/bin/chromium";

std::string slurp(const fs::path& p) {
  std::ifstream f(p, std::ios::binary);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

fs::path build_dir() { return fs::path(LLMSA_BINARY).parent_path(); }

struct BrowserResult {
  int rc = -1;
  std::string dom, log;
};

// One headless Chromium run on `page`: --dump-dom (DOM after scripts ran), or a screenshot.
BrowserResult run_chromium(const fs::path& page, const fs::path& work, const std::string& action,
                           const std::string& fragment = "") {
  const fs::path profile = work / "chromium-profile";
  fs::remove_all(profile);
  const fs::path out = work / "stdout.txt", err = work / "stderr.txt";
  const std::string cmd = std::string("timeout 120 ") + kChromium +
                          " --headless=new --no-sandbox --disable-gpu --hide-scrollbars --user-data-dir='" + profile.string() +
                          "' --enable-logging=stderr --v=0 --virtual-time-budget=8000 --window-size=1400,2400 " + action +
                          " 'file://" + fs::absolute(page).string() + fragment + "' >'" + out.string() + "' 2>'" + err.string() + "'";
  BrowserResult r;
  r.rc = std::system(cmd.c_str());
  r.dom = slurp(out);
  r.log = slurp(err);
  return r;
}

// The page with a sentinel in front of everything: a hostile name that escaped into markup would
// call alert() (img onerror, or a script element), which now marks the document instead. After load,
// every <details> is opened so that the lazily built evidence rows are in the dumped DOM.
std::string with_sentinel(const std::string& page) {
  const std::string probe =
      "<script>window.alert=function(){document.documentElement.setAttribute('data-xss','fired');};"
      "window.addEventListener('load',function(){document.querySelectorAll('details').forEach(function(d){d.open=true;});});"
      "</script>";
  std::string out = page;
  const std::size_t at = out.find("<meta charset=\"utf-8\">");
  out.insert(at == std::string::npos ? 0 : at + 22, probe);
  return out;
}

// Drives the page as a person would, after load: wheel-zooms the timeline, hovers it, filters and
// sorts the operator table, clicks a step bar (the inspector opens) and its zoom button, opens the card
// of the operator whose name holds "onerror"; records what happened on <html data-probe="{...}">.
std::string with_interaction_probe(const std::string& page) {
  const std::string probe = R"(<script>window.addEventListener('load', function () {
  var out = {}, $ = function (id) { return document.getElementById(id); };
  var c = $('timeline-canvas'), r = c.getBoundingClientRect(), w0 = $('tl-window').textContent;
  c.dispatchEvent(new WheelEvent('wheel', { clientX: r.left + r.width * 0.6, clientY: r.top + 40, deltaY: -800, bubbles: true, cancelable: true }));
  out.zoomed = $('tl-window').textContent !== w0;
  c.dispatchEvent(new MouseEvent('mousemove', { clientX: r.left + r.width * 0.6, clientY: r.top + 60, bubbles: true }));
  var f = $('op-filter'); f.value = 'MatMulV3'; f.dispatchEvent(new Event('input'));
  out.filtered = document.querySelectorAll('#op-table tbody tr').length;
  document.querySelector('#op-table th[data-key="calls"]').click();
  out.sorted = document.querySelector('#op-table th[data-key="calls"]').className;
  var w1 = $('tl-window').textContent;
  document.querySelector('svg.steps-chart[data-rank="0"] rect.bar').dispatchEvent(new MouseEvent('click', { bubbles: true }));
  out.inspected = $('insp-title').getAttribute('data-rank') + '/' + $('insp-title').getAttribute('data-step');
  out.insp_wall = $('insp-wall').textContent;
  out.insp_idle = $('insp-idle').textContent;
  out.insp_ops = document.querySelectorAll('#insp-ops tbody tr').length;
  $('insp-zoom').click();
  out.step_zoom = $('tl-window').textContent !== w1;
  f.value = 'onerror'; f.dispatchEvent(new Event('input'));
  document.querySelector('#op-table a.op-link').click();
  out.card_rank = $('op-card').getAttribute('data-rank');
  out.card_fields = document.querySelectorAll('#op-card-fields tbody tr').length;
  out.card_imgs = document.querySelectorAll('#op-card img').length;
  document.documentElement.setAttribute('data-probe', JSON.stringify(out));
});</script>)";
  std::string out = page;
  const std::size_t at = out.find("<meta charset=\"utf-8\">");
  out.insert(at == std::string::npos ? 0 : at + 22, probe);
  return out;
}

std::vector<std::string> console_lines(const std::string& log) {
  std::vector<std::string> lines;
  std::istringstream in(log);
  for (std::string l; std::getline(in, l);)
    if (l.find("CONSOLE") != std::string::npos) lines.push_back(l);
  return lines;
}

void expect_rendered(const BrowserResult& r, bool expect_bound_chart) {
  ASSERT_EQ(r.rc, 0) << r.log.substr(0, 2000);
  EXPECT_NE(r.dom.find("data-rendered=\"ok\""), std::string::npos) << "the report script did not finish";
  EXPECT_EQ(r.dom.find("data-xss=\"fired\""), std::string::npos) << "a trace name ran as markup";
  for (const std::string& l : console_lines(r.log)) ADD_FAILURE() << "console: " << l;
  for (const char* id : {"id=\"summary-tiles\"", "id=\"top-findings\"", "id=\"rank-table\"", "class=\"steps-chart\"",
                         "id=\"shares-table\"", "id=\"timeline-canvas\"", "id=\"op-table\"", "class=\"card ",
                         "id=\"caps-list\"", "id=\"files-table\"", "class=\"grid raw-rows\"", "id=\"comm-overlap-table\""})
    EXPECT_NE(r.dom.find(id), std::string::npos) << id;
  // The timeline canvas painted boxes (it records how many on the element).
  const std::size_t drawn = r.dom.find("data-drawn=\"");
  ASSERT_NE(drawn, std::string::npos);
  EXPECT_GT(std::atol(r.dom.c_str() + drawn + 12), 0);
  if (expect_bound_chart) {
    EXPECT_NE(r.dom.find("id=\"bound-svg\""), std::string::npos);
  }
}

class Browser : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!fs::exists(kChromium)) GTEST_SKIP() << kChromium << " not found: install Debian's chromium (scripts/setup.sh)";
    work_ = fs::temp_directory_path() / ("llmsa_report_html_browser_" + std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()));
    fs::remove_all(work_);
    fs::create_directories(work_);
  }
  void TearDown() override {
    if (!work_.empty()) fs::remove_all(work_);
  }
  fs::path write(const std::string& name, const std::string& text) {
    const fs::path p = work_ / name;
    std::ofstream(p, std::ios::binary) << text;
    return p;
  }
  fs::path work_;
};

TEST_F(Browser, RealSampleRendersWithoutConsoleErrors) {
  const std::string rel = "Ascend-msinsight/test/st/level2";
  LLMSA_REQUIRE_SAMPLE(rel);
  trace::IngestResult in = trace::ingest({test::sample_path(rel)});
  const analysis::ProfileAnalysis a = analysis::analyze_capture(in.capture);
  const auto classifier = analysis::KernelClassifier::builtin();
  const std::string page = render_html_report({in.capture, a, classifier});
  const BrowserResult r = run_chromium(write("probe.html", with_sentinel(page)), work_, "--dump-dom");
  expect_rendered(r, true);
  // The findings of the sample are all in the DOM, as cards.
  std::size_t cards = 0;
  for (std::size_t at = 0; (at = r.dom.find("id=\"card-fd-", at)) != std::string::npos; ++at) ++cards;
  EXPECT_EQ(cards, a.findings.size());
  // level2 has communication.json on every rank: the HCCL tables are drawn.
  EXPECT_NE(r.dom.find("id=\"hccl-kinds-table\""), std::string::npos);
  const fs::path shot = build_dir() / "report_html.png";
  const BrowserResult s = run_chromium(write("report.html", page), work_, "--screenshot='" + shot.string() + "'");
  EXPECT_EQ(s.rc, 0);
  EXPECT_TRUE(fs::exists(shot));
  std::cout << "screenshot: " << shot.string() << "\n";
}

TEST_F(Browser, HostileNamesAreTextAndNeverRun) {
  test::SyntheticCaptureSpec spec;
  spec.kernel_name = "</script><script>alert(2)</script>";
  spec.aicpu_name = "<img src=x onerror=alert(1)>";
  const trace::Capture capture = test::make_synthetic_capture(spec);
  analysis::ProfileAnalysis a = analysis::analyze_capture(capture);
  // Step structure as the segmentation fills it (another analysis stage); rendered when present.
  ASSERT_FALSE(a.ranks.empty());
  ASSERT_FALSE(a.ranks[0].steps.empty());
  analysis::StepAnalysis& step = a.ranks[0].steps[0];
  step.step_type = "decode";
  step.step_type_reason = "one main layer <script>alert(3)</script>";
  step.layers.clear();  // replace what the analysis found with a known hostile-free structure
  step.bubbles.clear();
  analysis::LayerSpan layer;
  layer.anchor_kind = "attention";
  layer.start_ns = step.time.window_start_ns;
  layer.end_ns = step.time.window_start_ns + 1'000'000;
  layer.blocks.push_back({"attention", "mla", 0, 10, layer.start_ns, layer.start_ns + 400'000, 300'000, 10});
  layer.blocks.push_back({"moe", "fused_mc2", 11, 20, layer.start_ns + 400'000, layer.end_ns, 500'000, 10});
  step.layers.push_back(layer);
  step.bubbles.push_back({layer.end_ns, layer.end_ns + 200'000, analysis::kNoEvent, analysis::kNoEvent, "main", true,
                          "host launch gap", "MatMulV3", "ArgMaxV2", 10, 11});
  const auto classifier = analysis::KernelClassifier::builtin();
  const std::string page = render_html_report({capture, a, classifier});
  const BrowserResult r = run_chromium(write("probe.html", with_interaction_probe(with_sentinel(page))), work_, "--dump-dom");
  expect_rendered(r, true);
  // The interactions worked: zoom changed the window, the filter kept MatMulV3 of both ranks, the
  // click sorted by calls (descending first for numbers), and a step bar zoomed the timeline.
  EXPECT_NE(r.dom.find("&quot;zoomed&quot;:true"), std::string::npos) << r.dom.substr(0, 400);
  EXPECT_NE(r.dom.find("&quot;filtered&quot;:2,"), std::string::npos);
  EXPECT_NE(r.dom.find("&quot;sorted&quot;:&quot;sortable num desc&quot;"), std::string::npos);
  EXPECT_NE(r.dom.find("&quot;step_zoom&quot;:true"), std::string::npos);
  // The inspector shows the clicked step's own numbers (rank 0's first step, as the analysis has them)
  // and its heaviest operators: the step holds 9 operator names (the five compute names, TransData,
  // the allreduce, the hostile kernel and the AICPU op; synthetic_capture.hpp), the page keeps 8.
  const analysis::TimeBreakdown& t0 = a.ranks[0].steps[0].time;
  EXPECT_NE(r.dom.find("&quot;inspected&quot;:&quot;0/" + a.ranks[0].steps[0].step + "&quot;"), std::string::npos);
  EXPECT_NE(r.dom.find(fmt::format("&quot;insp_wall&quot;:&quot;{:.3f}&quot;", t0.wall_ns / 1e6)), std::string::npos);
  EXPECT_NE(r.dom.find(fmt::format("&quot;insp_idle&quot;:&quot;{:.3f}&quot;", t0.idle_ns / 1e6)), std::string::npos);
  EXPECT_NE(r.dom.find("&quot;insp_ops&quot;:8,"), std::string::npos);
  const std::size_t insp = r.dom.find("id=\"insp-bubbles\"");
  ASSERT_NE(insp, std::string::npos);
  EXPECT_NE(r.dom.find("MatMulV3 (row 10)", insp), std::string::npos);  // the bubble set above, with its kernels
  EXPECT_NE(r.dom.find("ArgMaxV2 (row 11)", insp), std::string::npos);
  EXPECT_NE(r.dom.find("&lt;/script&gt;&lt;script&gt;alert(2)&lt;/script&gt;", r.dom.find("id=\"insp-ops\"")), std::string::npos);
  // The card of the AICPU op named "<img src=x onerror=alert(1)>" on rank 0 (the filter keeps it on
  // both ranks; ties sort by rank). Its four calls all last 40 µs, so the call of median duration is
  // the lower median by event index: the second AICPU event of rank 0.
  EXPECT_NE(r.dom.find("&quot;card_rank&quot;:&quot;0&quot;"), std::string::npos);
  EXPECT_NE(r.dom.find("&quot;card_imgs&quot;:0"), std::string::npos);
  const trace::RankEvents& ev0 = capture.ranks[0].events;
  std::vector<std::uint32_t> aicpu;
  for (std::uint32_t e = 0; e < ev0.size(); ++e)
    if (ev0.strings.view(ev0.name[e]) == spec.aicpu_name) aicpu.push_back(e);
  ASSERT_EQ(aicpu.size(), 4u);
  const std::uint32_t median = aicpu[1];
  const std::size_t card = r.dom.find("id=\"op-card\"");
  ASSERT_NE(card, std::string::npos);
  const std::string card_html = r.dom.substr(card, r.dom.find("id=\"op-table-host\"", card) - card);
  EXPECT_NE(card_html.find(fmt::format("row {} (0-based data row; line {} of the file", ev0.source_row[median],
                                       ev0.source_row[median] + 2)),
            std::string::npos)
      << card_html.substr(0, 1500);
  EXPECT_NE(card_html.find(fmt::format("<tr data-field=\"start_us\"><td class=\"fk\">start_us</td><td class=\"fv\">{}.{:03}</td>",
                                       ev0.start_ns[median] / 1000, ev0.start_ns[median] % 1000)),
            std::string::npos);
  EXPECT_NE(card_html.find("<td class=\"fv\">&lt;img src=x onerror=alert(1)&gt;</td>"), std::string::npos);
  EXPECT_EQ(card_html.find("<img"), std::string::npos);
  // Every field of the row is on the card.
  const std::size_t fields = raw_event_fields(ev0, median, 160).size();
  EXPECT_NE(r.dom.find(fmt::format("&quot;card_fields&quot;:{},", fields)), std::string::npos) << fields;
  // As text: the serialised DOM escapes '<' in text nodes, and no element was made from a name.
  EXPECT_NE(r.dom.find("&lt;img src=x onerror=alert(1)&gt;"), std::string::npos);
  EXPECT_NE(r.dom.find("&lt;/script&gt;&lt;script&gt;alert(2)&lt;/script&gt;"), std::string::npos);
  EXPECT_EQ(r.dom.find("<img"), std::string::npos);
  // The step structure table shows what was set above, as text.
  const std::size_t table = r.dom.find("id=\"structure-table\"");
  ASSERT_NE(table, std::string::npos);
  EXPECT_NE(r.dom.find("decode", table), std::string::npos);
  EXPECT_NE(r.dom.find("attention:mla ×1, moe:fused_mc2 ×1", table), std::string::npos);
  EXPECT_NE(r.dom.find("&lt;script&gt;alert(3)&lt;/script&gt;", table), std::string::npos);
  const fs::path shot = build_dir() / "report_html_hostile.png";
  const BrowserResult s = run_chromium(write("report.html", page), work_, "--screenshot='" + shot.string() + "'");
  EXPECT_EQ(s.rc, 0);
  EXPECT_TRUE(fs::exists(shot));
}

// Focus levels (ascend-profiling.md A.10: L1 executive, L2 engineer, L3 raw). Opened at #focus=L1 the
// page shows the executive sections only and has not built the timeline; the toggle shows L2's
// sections, then L3's, keeps the level in the URL hash, and the inspector's zoom button raises the
// level to show the timeline. A page opened at #focus=L2 starts there.
TEST_F(Browser, FocusLevelsHideAndShowSections) {
  const trace::Capture capture = test::make_synthetic_capture({});
  const analysis::ProfileAnalysis a = analysis::analyze_capture(capture);
  const auto classifier = analysis::KernelClassifier::builtin();
  const std::string probe = R"(<script>window.addEventListener('load', function () {
  var out = {}, $ = function (id) { return document.getElementById(id); }, html = document.documentElement;
  var ids = ['summary', 'steps', 'inspector', 'shares', 'layers', 'operators', 'findings', 'timeline', 'evidence'];
  var shown = function () { return ids.map(function (id) { return getComputedStyle($(id)).display !== 'none' ? 1 : 0; }).join(''); };
  out.l1 = shown(); out.l1_focus = html.getAttribute('data-focus'); out.l1_drawn = $('timeline-canvas').hasAttribute('data-drawn');
  $('focus-2').click();
  out.l2 = shown(); out.hash2 = location.hash; out.pressed2 = $('focus-2').getAttribute('aria-pressed');
  var raw = document.querySelector('#finding-list details.raw');
  out.l2_raw = raw ? getComputedStyle(raw).display !== 'none' : null;
  $('focus-3').click();
  out.l3 = shown(); out.hash3 = location.hash; out.l3_drawn = Number($('timeline-canvas').getAttribute('data-drawn')) > 0;
  out.l3_raw = raw ? getComputedStyle(raw).display !== 'none' : null;
  $('focus-1').click();
  out.back = shown();
  document.querySelector('svg.steps-chart rect.step-hit').dispatchEvent(new MouseEvent('click', { bubbles: true }));
  $('insp-zoom').click();
  out.raised = html.getAttribute('data-focus'); out.raised_hash = location.hash;
  html.setAttribute('data-probe', JSON.stringify(out));
});</script>)";
  std::string page = render_html_report({capture, a, classifier});
  page.insert(page.find("<meta charset=\"utf-8\">") + 22, probe);
  const BrowserResult r = run_chromium(write("focus.html", page), work_, "--dump-dom", "#focus=L1");
  ASSERT_EQ(r.rc, 0) << r.log.substr(0, 2000);
  EXPECT_NE(r.dom.find("data-rendered=\"ok\""), std::string::npos);
  for (const std::string& l : console_lines(r.log)) ADD_FAILURE() << "console: " << l;
  const std::size_t at = r.dom.find("data-probe=\"");
  ASSERT_NE(at, std::string::npos);
  const std::string got = r.dom.substr(at, r.dom.find('"', at + 12) - at);
  // Sections in the order of `ids`: summary, steps, inspector | shares, layers, operators, findings | timeline, evidence.
  EXPECT_NE(got.find("&quot;l1&quot;:&quot;111000000&quot;"), std::string::npos) << got;
  EXPECT_NE(got.find("&quot;l1_focus&quot;:&quot;1&quot;"), std::string::npos) << got;
  EXPECT_NE(got.find("&quot;l1_drawn&quot;:false"), std::string::npos) << got;  // lazily built: not yet
  EXPECT_NE(got.find("&quot;l2&quot;:&quot;111111100&quot;"), std::string::npos) << got;
  EXPECT_NE(got.find("&quot;hash2&quot;:&quot;#focus=L2&quot;"), std::string::npos) << got;
  EXPECT_NE(got.find("&quot;pressed2&quot;:&quot;true&quot;"), std::string::npos) << got;
  EXPECT_NE(got.find("&quot;l2_raw&quot;:false"), std::string::npos) << got;  // raw rows are L3
  EXPECT_NE(got.find("&quot;l3&quot;:&quot;111111111&quot;"), std::string::npos) << got;
  EXPECT_NE(got.find("&quot;hash3&quot;:&quot;#focus=L3&quot;"), std::string::npos) << got;
  EXPECT_NE(got.find("&quot;l3_drawn&quot;:true"), std::string::npos) << got;
  EXPECT_NE(got.find("&quot;l3_raw&quot;:true"), std::string::npos) << got;
  EXPECT_NE(got.find("&quot;back&quot;:&quot;111000000&quot;"), std::string::npos) << got;
  EXPECT_NE(got.find("&quot;raised&quot;:&quot;3&quot;"), std::string::npos) << got;
  EXPECT_NE(got.find("&quot;raised_hash&quot;:&quot;#focus=L3&quot;"), std::string::npos) << got;

  const BrowserResult l2 = run_chromium(write("plain.html", render_html_report({capture, a, classifier})), work_,
                                        "--dump-dom", "#focus=L2");
  ASSERT_EQ(l2.rc, 0);
  EXPECT_NE(l2.dom.find("data-focus=\"2\""), std::string::npos);
  EXPECT_NE(l2.dom.find("id=\"focus-2\" data-focus=\"2\" title=\"engineer: + categories, layers, operators, communication, findings\" aria-pressed=\"true\""),
            std::string::npos);
  EXPECT_NE(l2.dom.find("id=\"op-table\""), std::string::npos);     // L2 sections were rendered
  EXPECT_EQ(l2.dom.find("id=\"evidence-list\""), std::string::npos);  // the L3 evidence chain was not
}

TEST_F(Browser, EmptyCaptureRendersItsEmptyStates) {
  // A profile with no usable rows still gets a page that says so instead of failing in the script.
  const trace::Capture capture;
  const analysis::ProfileAnalysis a = analysis::analyze_capture(capture);
  const auto classifier = analysis::KernelClassifier::builtin();
  const BrowserResult r = run_chromium(write("empty.html", render_html_report({capture, a, classifier})), work_, "--dump-dom");
  ASSERT_EQ(r.rc, 0);
  EXPECT_NE(r.dom.find("data-rendered=\"ok\""), std::string::npos);
  for (const std::string& l : console_lines(r.log)) ADD_FAILURE() << "console: " << l;
  EXPECT_NE(r.dom.find("No findings"), std::string::npos);
  EXPECT_NE(r.dom.find("id=\"caps-list\""), std::string::npos);
}

}  // namespace
}  // namespace llmsa::report
