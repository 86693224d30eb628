// Fuzzes the config.json reader and, for configs it accepts, the analysis and its renderers:
// any input must either be refused with llmsa::Error or analysed without a crash, hang or UB.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "core/error.hpp"
#include "model/analysis.hpp"
#include "model/analysis_render.hpp"
#include "model/config_reader.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace llmsa::model;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  try {
    const ModelSpec spec = read_model_config(text, "fuzz.json", "fuzz");
    Workload w;
    w.seq = 4096;
    w.prefix = 1024;
    w.batch = 3;
    w.images = 1;
    AnalysisOptions o;
    o.causal = size % 2 ? CausalCounting::kExactPairs : CausalCounting::kHalfSquare;
    o.swa_kv_cap_to_window = size % 3 == 0;
    const ModelAnalysis a = analyze(spec, w, o);
    RenderOptions r;
    r.per_layer = spec.num_layers() < 512;
    (void)render_json(spec, a, r);
    (void)render_table(spec, a, r);
    (void)render_csv(spec, a, r);
  } catch (const llmsa::Error&) {
    // Refused with a located message: the expected outcome for bad input.
  }
  return 0;
}
