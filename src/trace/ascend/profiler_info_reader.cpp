#include "trace/ascend/profiler_info_reader.hpp"

#include "core/error.hpp"
#include "trace/ascend/json_input.hpp"
#include "trace/text_fields.hpp"

namespace llmsa::trace::ascend {

using nlohmann::json;

namespace {
std::optional<int> small_int(const json& j) {
  if (j.is_number_integer()) {
    auto v = j.get<std::int64_t>();
    if (v >= 0 && v < 1'000'000) return static_cast<int>(v);
  } else if (j.is_string()) {
    auto v = parse_int_field(j.get_ref<const std::string&>());
    if (v && *v >= 0 && *v < 1'000'000) return static_cast<int>(*v);
  }
  return std::nullopt;
}
}  // namespace

void read_profiler_info(InputBuffer& in, ProfilerConfig& cfg, FileReadReport& report) {
  report.path = in.name();
  report.format = kProfilerInfoFormat;
  json root = parse_json_input(in);
  if (!root.is_object()) throw_bad_input({in.name(), -1, -1, "root"}, "expected a JSON object");
  report.rows_read = 1;
  cfg.info_path = in.name();
  if (auto it = root.find("rank_id"); it != root.end()) {
    cfg.rank_id = small_int(*it);
    if (!cfg.rank_id && !it->is_null() && !(it->is_number_integer() && it->get<std::int64_t>() == -1)) {
      report.reject({0, -1, -1, "rank_id is not a small non-negative integer"});
      return;
    }
  }
  const json* exp = nullptr;
  if (auto c = root.find("config"); c != root.end() && c->is_object())
    if (auto e = c->find("experimental_config"); e != c->end() && e->is_object()) exp = &*e;
  if (exp) {
    if (auto l = exp->find("_profiler_level"); l != exp->end() && l->is_string()) cfg.profiler_level = *l;
    if (auto m = exp->find("_aic_metrics"); m != exp->end() && m->is_string()) cfg.aic_metrics = *m;
    if (auto t = exp->find("_export_type"); t != exp->end()) {
      if (t->is_string()) cfg.export_type.push_back(*t);
      else if (t->is_array())
        for (auto& x : *t)
          if (x.is_string()) cfg.export_type.push_back(x);
    }
  } else {
    report.notes.push_back("no config.experimental_config: profiler level and PMU metric set unknown");
  }
  if (!cfg.rank_id) report.notes.push_back("no rank_id: rank taken from the folder name or an ordinal");
  ++report.events;
}

void read_profiler_metadata(InputBuffer& in, ProfilerConfig& cfg, FileReadReport& report) {
  report.path = in.name();
  report.format = kProfilerMetadataFormat;
  json root = parse_json_input(in);
  if (!root.is_object()) throw_bad_input({in.name(), -1, -1, "root"}, "expected a JSON object");
  report.rows_read = 1;
  cfg.metadata_path = in.name();
  if (auto d = root.find("distributed_args"); d != root.end() && d->is_object()) {
    auto get = [&](const char* k) -> std::optional<int> {
      auto it = d->find(k);
      return it == d->end() ? std::nullopt : small_int(*it);
    };
    cfg.world_size = get("world_size");
    cfg.tp = get("tensor_model_parallel_size");
    cfg.pp = get("pipeline_model_parallel_size");
    cfg.dp = get("data_parallel_size");
    cfg.cp = get("context_parallel_size");
    cfg.ep = get("expert_model_parallel_size");
  } else {
    report.notes.push_back("no distributed_args: parallel sizes (TP/PP/DP/CP/EP) must be inferred or given");
  }
  if (auto g = root.find("parallel_group_info"); g != root.end() && g->is_object()) {
    for (auto& [key, info] : g->items()) {
      if (!info.is_object()) continue;
      std::pair<std::string, std::vector<int>> v;
      if (auto n = info.find("group_name"); n != info.end() && n->is_string()) v.first = *n;
      if (auto r = info.find("global_ranks"); r != info.end() && r->is_array())
        for (auto& x : *r)
          if (auto i = small_int(x)) v.second.push_back(*i);
      cfg.parallel_groups[key] = std::move(v);
    }
  } else {
    report.notes.push_back(
        "no parallel_group_info: local ranks in communication_matrix.json cannot be mapped to global ranks");
  }
  ++report.events;
}

}  // namespace llmsa::trace::ascend
