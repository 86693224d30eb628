// trace_view.json of a SynthRank, laid out as torch_npu writes it (ascend-profiling.md C.6): a bare
// JSON array; process_name metadata for the Python, CANN, Ascend Hardware and HCCL lanes; ts as a
// decimal string in µs; ProfilerStep#N ranges on the Python lane; one CANN launch per device task
// (Node@launch, or Hccl@Launch_Ffts for collectives) carrying the task's connection_id; device slices
// with the Ascend Hardware args; HostToDevice flows from each launch to its task.
#include <fmt/format.h>

#include <algorithm>
#include <iterator>

#include "synth/ascend_capture.hpp"

namespace llmsa::synth {

namespace {

std::string us(std::int64_t ns) { return fmt::format("\"{}.{:03}\"", ns / 1000, ns % 1000); }
std::string dur_us(std::int64_t ns) { return fmt::format("{}.{:03}", ns / 1000, ns % 1000); }

struct Lanes {
  std::int64_t python, cann, hardware, hccl;
};

}  // namespace

WrittenFile write_trace_view_json(const std::filesystem::path& file, const SynthRank& r, const RankWriteOptions& o) {
  WrittenFile wf{file, "ascend.trace_view.json", {}};
  // Lane pids are opaque numbers in real files (often packed); these keep the lanes of ranks apart.
  const Lanes pid{r.host_pid, r.host_pid * 1000 + 320, r.host_pid * 1000 + 512, r.host_pid * 1000 + 576};
  std::vector<std::string> meta, recs;
  std::vector<std::string> rec_tag;  // tag of each non-metadata record, for the row map
  auto add = [&](std::string s, const std::string& tag) {
    recs.push_back(std::move(s));
    rec_tag.push_back(tag);
  };
  auto process = [&](std::int64_t p, const char* name, const char* label) {
    meta.push_back(fmt::format(R"({{"ph": "M", "name": "process_name", "pid": {}, "tid": 0, "args": {{"name": "{}"}}}})", p, name));
    meta.push_back(fmt::format(R"({{"ph": "M", "name": "process_labels", "pid": {}, "tid": 0, "args": {{"labels": "{}"}}}})", p, label));
  };
  auto thread = [&](std::int64_t p, std::int64_t t, const std::string& name) {
    meta.push_back(fmt::format(R"({{"ph": "M", "name": "thread_name", "pid": {}, "tid": {}, "args": {{"name": "{}"}}}})", p, t, name));
  };
  process(pid.python, "Python", "CPU");
  process(pid.cann, "CANN", "CPU");
  thread(pid.cann, r.host_tid, fmt::format("Thread {}", r.host_tid));
  process(pid.hardware, "Ascend Hardware", "NPU");
  std::vector<int> streams;
  for (const auto& t : r.tasks)
    if (!t.collective) streams.push_back(t.stream);
  std::sort(streams.begin(), streams.end());
  streams.erase(std::unique(streams.begin(), streams.end()), streams.end());
  for (int s : streams) thread(pid.hardware, s, fmt::format("Stream {}", s));
  process(pid.hccl, "HCCL", "NPU");
  thread(pid.hccl, 0, "Group 0 Communication");

  // Python lane: step ranges and other host work.
  if (o.profiler_steps)
    for (const auto& s : r.steps)
      add(fmt::format(R"({{"ph": "X", "name": "ProfilerStep#{}", "pid": {}, "tid": {}, "ts": {}, "dur": {}, "cat": "cpu_op", "args": {{"Sequence number": -1, "Fwd thread id": 0}}}})",
                      s.id, pid.python, r.host_tid, us(s.host_start_ns), dur_us(s.host_end_ns - s.host_start_ns)),
          "");
  for (const auto& h : r.host_slices)
    add(fmt::format(R"({{"ph": "X", "name": "{}", "pid": {}, "tid": {}, "ts": {}, "dur": {}, "cat": "{}", "args": {{}}}})",
                    h.name, pid.python, r.host_tid, us(h.start_ns), dur_us(h.dur_ns), h.cat),
        h.tag);
  // Connection ids pair each launch with its device task, as in real captures.
  const std::int64_t first_connection = 1000 + 100000 * static_cast<std::int64_t>(r.rank);
  for (std::size_t i = 0; i < r.tasks.size(); ++i) {
    const SynthTask& t = r.tasks[i];
    const std::int64_t cid = first_connection + static_cast<std::int64_t>(i);
    if (t.collective)
      add(fmt::format(R"({{"ph": "X", "name": "Hccl@Launch_Ffts", "pid": {}, "tid": {}, "ts": {}, "dur": {}, "args": {{"Thread Id": {}, "Mode": "master", "level": "hccl", "id": "0", "item_id": "Launch_Ffts", "connection_id": {}}}}})",
                      pid.cann, r.host_tid, us(t.launch_ns), dur_us(t.launch_dur_ns), r.host_tid, cid),
          t.tag);
    else
      add(fmt::format(R"({{"ph": "X", "name": "Node@launch", "pid": {}, "tid": {}, "ts": {}, "dur": {}, "args": {{"Thread Id": {}, "Mode": "launch", "level": "node", "id": "0", "item_id": "{}", "connection_id": {}}}}})",
                      pid.cann, r.host_tid, us(t.launch_ns), dur_us(t.launch_dur_ns), r.host_tid, t.name, cid),
          t.tag);
  }
  std::uint64_t task_id = 10240;
  for (std::size_t i = 0; i < r.tasks.size(); ++i) {
    const SynthTask& t = r.tasks[i];
    const std::int64_t cid = first_connection + static_cast<std::int64_t>(i);
    if (t.collective)
      add(fmt::format(R"({{"ph": "X", "name": "{}", "pid": {}, "tid": 0, "ts": {}, "dur": {}, "args": {{"connection_id": {}, "model id": 4294967295, "data_type": "BFP16", "alg_type": "MESH", "count": {}}}}})",
                      t.name, pid.hccl, us(t.start_ns), dur_us(t.dur_ns), cid,
                      static_cast<std::int64_t>(t.size_mb * 1048576.0 / 2.0)),
          t.tag);
    else
      add(fmt::format(R"({{"ph": "X", "name": "{}", "pid": {}, "tid": {}, "ts": {}, "dur": {}, "args": {{"Model Id": 4294967295, "Task Type": "{}", "Physic Stream Id": {}, "Task Id": {}, "Batch Id": 0, "Subtask Id": 4294967295, "connection_id": {}}}}})",
                      t.name, pid.hardware, t.stream, us(t.start_ns), dur_us(t.dur_ns), t.task_type, t.stream, task_id++, cid),
          t.tag);
  }
  // HostToDevice flows: start on the launch, finish on the device slice (same ts).
  for (std::size_t i = 0; i < r.tasks.size(); ++i) {
    const SynthTask& t = r.tasks[i];
    const std::int64_t cid = first_connection + static_cast<std::int64_t>(i);
    add(fmt::format(R"({{"ph": "s", "name": "HostToDevice{}", "cat": "HostToDevice", "id": "{}", "pid": {}, "tid": {}, "ts": {}}})",
                    cid, cid, pid.cann, r.host_tid, us(t.launch_ns)),
        "");
    add(fmt::format(R"({{"ph": "f", "bp": "e", "name": "HostToDevice{}", "cat": "HostToDevice", "id": "{}", "pid": {}, "tid": {}, "ts": {}}})",
                    cid, cid, t.collective ? pid.hccl : pid.hardware, t.collective ? 0 : t.stream, us(t.start_ns)),
        "");
  }

  std::string text = "[\n";
  for (const auto& m : meta) text += m, text += ",\n";
  for (std::size_t i = 0; i < recs.size(); ++i) {
    text += recs[i];
    text += i + 1 < recs.size() ? ",\n" : "\n";
    if (!rec_tag[i].empty()) wf.rows_by_tag[rec_tag[i]].push_back(i);
  }
  text += "]\n";
  write_text_file(file, text);
  return wf;
}

}  // namespace llmsa::synth
