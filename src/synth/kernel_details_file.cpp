// kernel_details.csv of a SynthRank: one row per device task, in start order (optionally with the
// local disorder of real files), with the row each tag lands on.
#include <algorithm>
#include <numeric>

#include "synth/ascend_capture.hpp"

namespace llmsa::synth {

WrittenFile write_kernel_details_csv(const std::filesystem::path& file, const SynthRank& r,
                                     const RankWriteOptions& o) {
  std::vector<std::size_t> order(r.tasks.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return r.tasks[a].start_ns < r.tasks[b].start_ns; });
  if (o.unsorted_every > 1)
    for (std::size_t k = o.unsorted_every; k < order.size(); k += o.unsorted_every) std::swap(order[k - 1], order[k]);
  // Task ids as the runtime hands them out: in issue order, communication rows have none.
  std::vector<std::uint64_t> task_id(r.tasks.size(), 0);
  std::uint64_t next_id = 10240;
  for (std::size_t i = 0; i < r.tasks.size(); ++i)
    if (!r.tasks[i].collective) task_id[i] = next_id++;

  WrittenFile wf{file, "ascend.kernel_details.csv", {}};
  std::string text(kernel_details_header(o.device_id_column));
  text += "\n";
  for (std::size_t row = 0; row < order.size(); ++row) {
    const SynthTask& t = r.tasks[order[row]];
    const bool has_task = !t.collective;  // communication rows carry N/A task and stream ids
    const KernelDetailsRow k{.step = t.step, .device_id = r.device_id, .name = t.name, .type = t.type, .core = t.core,
                             .start_ns = t.start_ns, .dur_ns = t.dur_ns, .wait_ns = t.wait_ns,
                             .task_id = has_task ? std::optional(task_id[order[row]]) : std::nullopt,
                             .stream_id = has_task ? std::optional(t.stream) : std::nullopt,
                             .block_dim = t.block_dim, .mix_block_dim = t.mix_block_dim, .in_shapes = t.in_shapes,
                             .in_dtypes = t.in_dtypes, .out_shapes = t.out_shapes, .out_dtypes = t.out_dtypes,
                             .pipe = t.pipe, .quoted_start = false};
    append_kernel_details_row(text, k, o.device_id_column);
    if (!t.tag.empty()) wf.rows_by_tag[t.tag].push_back(row);
  }
  for (auto& [tag, rows] : wf.rows_by_tag) std::sort(rows.begin(), rows.end());
  write_text_file(file, text);
  return wf;
}

}  // namespace llmsa::synth
