#include "synth/kernel_details_format.hpp"

#include <fmt/format.h>

#include <iterator>

namespace llmsa::synth {

namespace {
// The 46 columns after Step Id (and Device_id), as in the real Level1/Level2 PipeUtilization files.
constexpr std::string_view kColumns =
    "Model ID,Task ID,Stream ID,Name,Type,OP State,Accelerator Core,Start Time(us),Duration(us),"
    "Wait Time(us),Block Dim,Mix Block Dim,HF32 Eligible,Input Shapes,Input Data Types,Input Formats,Output Shapes,"
    "Output Data Types,Output Formats,Context ID,aicore_time(us),aic_total_cycles,aic_mac_time(us),aic_mac_ratio,"
    "aic_scalar_time(us),aic_scalar_ratio,aic_mte1_time(us),aic_mte1_ratio,aic_mte2_time(us),aic_mte2_ratio,"
    "aic_fixpipe_time(us),aic_fixpipe_ratio,aic_icache_miss_rate,aiv_time(us),aiv_total_cycles,aiv_vec_time(us),"
    "aiv_vec_ratio,aiv_scalar_time(us),aiv_scalar_ratio,aiv_mte2_time(us),aiv_mte2_ratio,aiv_mte3_time(us),"
    "aiv_mte3_ratio,aiv_icache_miss_rate,cube_utilization(%)";
const std::string kHeaderL1 = std::string("Step Id,") + std::string(kColumns);
const std::string kHeaderL2 = std::string("Step Id,Device_id,") + std::string(kColumns);

// µs with 3 decimals from ns: exact, as torch_npu prints it.
void append_us(std::string& out, std::int64_t ns) {
  const bool neg = ns < 0;
  const std::uint64_t a = neg ? static_cast<std::uint64_t>(-(ns + 1)) + 1 : static_cast<std::uint64_t>(ns);
  fmt::format_to(std::back_inserter(out), "{}{}.{:03}", neg ? "-" : "", a / 1000, a % 1000);
}
}  // namespace

std::string_view kernel_details_header(bool with_device_id) { return with_device_id ? kHeaderL2 : kHeaderL1; }

bool core_without_pmu(std::string_view core) {
  return core == "AI_CPU" || core == "DSA_SQE" || core == "COMMUNICATION" || core == "HCCL" || core == "N/A";
}

bool core_is_cube(std::string_view core) { return core == "AI_CORE" || core == "MIX_AIC"; }

void append_kernel_details_row(std::string& out, const KernelDetailsRow& r, bool with_device_id, std::string_view eol) {
  auto it = std::back_inserter(out);
  if (r.step) fmt::format_to(it, "{}", *r.step);
  out += ',';
  if (with_device_id) fmt::format_to(it, "{},", r.device_id);
  out += "4294967295,";  // Model ID: none (eager mode)
  if (r.task_id) fmt::format_to(it, "{},", *r.task_id);
  else out += "N/A,";
  if (r.stream_id) fmt::format_to(it, "{},", *r.stream_id);
  else out += "N/A,";
  fmt::format_to(it, "{},{},", r.name, r.type);
  const bool comm = r.core == "COMMUNICATION" || r.core == "HCCL";
  out += comm ? "N/A," : "dynamic,";
  fmt::format_to(it, "{},", r.core);
  if (r.quoted_start) out += '"';
  append_us(out, r.start_ns);
  out += '\t';
  if (r.quoted_start) out += '"';
  out += ',';
  append_us(out, r.dur_ns);
  out += ',';
  append_us(out, r.wait_ns);
  out += "000,";  // Wait Time is printed with 6 decimals ("357.580000")
  if (comm) {
    // Communication rows: everything after Wait Time is N/A except Block Dim.
    out += "0";
    for (int i = 0; i < 34; ++i) out += ",N/A";
    out += eol;
    return;
  }
  fmt::format_to(it, "{},{},NO,", r.block_dim, r.mix_block_dim);
  if (r.in_shapes.empty() && r.out_shapes.empty()) {
    out += "\"\"\"\"\"\",,,\"\"\"\"\"\",,";
  } else {
    fmt::format_to(it, "\"\"\"{}\"\"\",{},ND,\"\"\"{}\"\"\",{},ND", r.in_shapes, r.in_dtypes, r.out_shapes, r.out_dtypes);
  }
  out += ",N/A,";  // Context ID
  const double d_us = static_cast<double>(r.dur_ns) / 1000.0;
  if (core_without_pmu(r.core)) {
    out += "N/A";
    for (int i = 0; i < 24; ++i) out += ",N/A";
    out += eol;
    return;
  }
  const bool cube = core_is_cube(r.core);
  const bool mix = r.core.rfind("MIX_", 0) == 0;
  const double aic = cube || mix ? d_us * 0.93 : 0.0;
  const double aiv = !cube || mix ? d_us * 0.91 : 0.0;
  const PipeRatios& p = r.pipe;
  // aic: 13 columns, aiv: 11 columns, then cube_utilization(%); cycles at 1.8 GHz on 24 cube / 48 vector cores.
  fmt::format_to(it, "{:.3f},{},{:.3f},{:.3f},{:.3f},{:.3f},{:.3f},{:.3f},{:.3f},{:.3f},{:.3f},{:.3f},{:.3f},", aic,
                 static_cast<std::uint64_t>(aic * 1800 * 24), aic * p.mac, p.mac, aic * p.scalar, p.scalar, aic * 0.1,
                 0.1, aic * p.mte2, p.mte2, aic * 0.2, 0.2, 0.002);
  fmt::format_to(it, "{:.3f},{},{:.3f},{:.3f},{:.3f},{:.3f},{:.3f},{:.3f},{:.3f},{:.3f},{:.3f},", aiv,
                 static_cast<std::uint64_t>(aiv * 1800 * 48), aiv * p.vec, p.vec, aiv * p.scalar, p.scalar,
                 aiv * p.mte2, p.mte2, aiv * 0.1, 0.1, 0.001);
  fmt::format_to(it, "{:.3f}", cube ? p.mac * 100 : 0.0);
  out += eol;
}

}  // namespace llmsa::synth
