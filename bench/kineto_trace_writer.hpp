#pragma once
// Writes realistic PyTorch-profiler (Kineto) traces of any size: ProfilerStep#N annotations, aten
// ops with input shapes, cudaLaunchKernel runtime calls linked by ac2g flows to kernels (GEMM,
// flash attention, elementwise, NCCL all-reduce with collective args), memcpy/memset, fractional
// (ns-resolution) µs timestamps, distributedInfo and deviceProperties. Shared by the generator
// and the reader benchmark.
#include <zlib.h>

#include <cinttypes>
#include <cstdint>
#include <cstdio>
#include <stdexcept>
#include <string>

namespace llmsa::bench {

class TraceSink {
 public:
  TraceSink(const std::string& path, bool gz) : gz_(gz) {
    if (gz_) g_ = gzopen(path.c_str(), "wb1");
    else f_ = std::fopen(path.c_str(), "wb");
    if (!g_ && !f_) throw std::runtime_error("cannot write " + path);
    buf_.reserve(1 << 20);
  }
  ~TraceSink() { close(); }
  void put(const char* s, std::size_t n) {
    buf_.append(s, n);
    written_ += n;
    if (buf_.size() >= (1u << 20)) flush();
  }
  void put(const std::string& s) { put(s.data(), s.size()); }
  std::uint64_t written() const { return written_; }
  void close() {
    flush();
    if (g_) gzclose(g_);
    if (f_) std::fclose(f_);
    g_ = nullptr;
    f_ = nullptr;
  }

 private:
  void flush() {
    if (buf_.empty()) return;
    if (g_) gzwrite(g_, buf_.data(), static_cast<unsigned>(buf_.size()));
    if (f_) std::fwrite(buf_.data(), 1, buf_.size(), f_);
    buf_.clear();
  }
  bool gz_;
  gzFile g_ = nullptr;
  std::FILE* f_ = nullptr;
  std::string buf_;
  std::uint64_t written_ = 0;
};

struct KinetoGenStats {
  std::uint64_t bytes = 0, events = 0, kernels = 0, flows = 0, steps = 0;
};

// Writes a trace of about `target_bytes` of uncompressed JSON.
inline KinetoGenStats write_kineto_trace(const std::string& path, std::uint64_t target_bytes, bool gz, int rank = 0) {
  TraceSink out(path, gz);
  KinetoGenStats st;
  char line[4096];
  auto emit = [&](int n) { out.put(line, static_cast<std::size_t>(n)); };
  emit(std::snprintf(line, sizeof line,
                     "{\n  \"schemaVersion\": 1,\n  \"deviceProperties\": [\n    {\n      \"id\": 0, \"name\": \"NVIDIA H100 80GB HBM3\", "
                     "\"totalGlobalMem\": 85045231616,\n      \"computeMajor\": 9, \"computeMinor\": 0,\n      \"maxThreadsPerBlock\": 1024, "
                     "\"maxThreadsPerMultiprocessor\": 2048,\n      \"numSms\": 132, \"warpSize\": 32\n    }\n  ],\n"
                     "  \"distributedInfo\": {\"backend\": \"nccl\", \"rank\": %d, \"world_size\": 8, \"pg_count\": 1, "
                     "\"nccl_version\": \"2.21.5\"},\n  \"record_shapes\": 1,\n  \"traceEvents\": [\n",
                     rank));
  const int pid = 41200, tid = 41200;
  const char* const kernels[] = {
      "sm90_xmma_gemm_bf16bf16_bf16f32_f32_tn_n_tilesize128x128x64_warpgroupsize1x1x1_execute_segment_k_off_kernel__5x_cublas",
      "void flash::flash_fwd_kernel<Flash_fwd_kernel_traits<128, 128, 64, 4, false, false, cutlass::bfloat16_t, Flash_kernel_traits<128, 128, 64, 4, cutlass::bfloat16_t> >, false, true, false, false, true, true, false, false>(flash::Flash_fwd_params)",
      "void at::native::vectorized_elementwise_kernel<4, at::native::CUDAFunctor_add<c10::BFloat16>, at::detail::Array<char*, 3> >(int, at::native::CUDAFunctor_add<c10::BFloat16>, at::detail::Array<char*, 3>)",
      "void at::native::(anonymous namespace)::cunn_SoftMaxForward<4, c10::BFloat16, float, c10::BFloat16, at::native::(anonymous namespace)::SoftMaxForwardEpilogue>(c10::BFloat16*, c10::BFloat16 const*, int)",
      "ncclDevKernel_AllReduce_Sum_bf16_RING_LL(ncclDevKernelArgsStorage<4096ul>)",
  };
  const char* const ops[] = {"aten::mm", "aten::_flash_attention_forward", "aten::add", "aten::_softmax", "c10d::allreduce_"};
  const char* const dims[] = {"[[4096, 4096], [4096, 11008]]", "[[8, 32, 2048, 128], [8, 32, 2048, 128], [8, 32, 2048, 128]]",
                              "[[8, 2048, 4096], [8, 2048, 4096]]", "[[8, 32, 2048, 2048]]", "[[67108864]]"};
  std::int64_t cpu_ns = 1712195495000000000LL;  // ns since epoch; written as µs with 3 decimals
  std::int64_t gpu_ns = cpu_ns + 50000;
  std::int64_t corr = 1000, ext = 1;
  bool first = true;
  auto sep = [&]() {
    if (!first) out.put(",\n", 2);
    first = false;
  };
  auto us = [](std::int64_t ns, char* b) {
    std::snprintf(b, 32, "%" PRId64 ".%03" PRId64, ns / 1000, ns % 1000);
    return b;
  };
  char t1[32], t2[32], t3[32];
  std::int64_t step = 0;
  while (out.written() < target_bytes) {
    const std::int64_t step_start = cpu_ns;
    const int ops_per_step = 400;
    std::int64_t step_events_start_gpu = gpu_ns;
    (void)step_events_start_gpu;
    for (int i = 0; i < ops_per_step; ++i) {
      const int k = (i % 97 == 96) ? 4 : (i % 4);
      const std::int64_t op_start = cpu_ns + 1200;
      const std::int64_t launch_start = op_start + 3100 + (i % 7) * 13;
      const std::int64_t launch_dur = 4200 + (i % 5) * 111;
      const std::int64_t op_dur = launch_start + launch_dur + 900 - op_start;
      const std::int64_t kdur = (k == 0 ? 180000 : k == 1 ? 95000 : k == 4 ? 420000 : 12000) + (i % 13) * 377;
      const std::int64_t kstart = std::max(gpu_ns + 700, launch_start + 5200);
      ++corr;
      ++ext;
      sep();
      emit(std::snprintf(line, sizeof line,
                         "  {\n    \"ph\": \"X\", \"cat\": \"cpu_op\", \"name\": \"%s\", \"pid\": %d, \"tid\": %d,\n"
                         "    \"ts\": %s, \"dur\": %s,\n    \"args\": {\n      \"External id\": %" PRId64
                         ",\"Record function id\": 0, \"Input Dims\": %s, \"Input type\": [\"c10::BFloat16\", \"c10::BFloat16\"], \"Ev Idx\": %" PRId64 "}\n  }",
                         ops[k], pid, tid, us(op_start, t1), us(op_dur, t2), ext, dims[k], ext - 1));
      sep();
      emit(std::snprintf(line, sizeof line,
                         "  {\n    \"ph\": \"X\", \"cat\": \"cuda_runtime\", \"name\": \"cudaLaunchKernel\", \"pid\": %d, \"tid\": %d,\n"
                         "    \"ts\": %s, \"dur\": %s,\n    \"args\": {\n      \"External id\": %" PRId64
                         ",      \"cbid\": 211, \"correlation\": %" PRId64 "\n    }\n  }",
                         pid, tid, us(launch_start, t1), us(launch_dur, t2), ext, corr));
      sep();
      emit(std::snprintf(line, sizeof line,
                         "  {\n    \"ph\": \"s\", \"id\": %" PRId64 ", \"pid\": %d, \"tid\": %d, \"ts\": %s,\n    \"cat\": \"ac2g\", \"name\": \"ac2g\"\n  }",
                         corr, pid, tid, us(launch_start, t1)));
      const int stream = k == 4 ? 28 : 7;
      sep();
      if (k == 4) {
        emit(std::snprintf(line, sizeof line,
                           "  {\n    \"ph\": \"X\", \"cat\": \"kernel\", \"name\": \"%s\", \"pid\": 0, \"tid\": %d,\n    \"ts\": %s, \"dur\": %s,\n"
                           "    \"args\": {\n      \"External id\": %" PRId64 ",      \"queued\": 0, \"device\": 0, \"context\": 1,      \"stream\": %d, \"correlation\": %" PRId64
                           ",      \"registers per thread\": 96,      \"shared memory\": 87568,      \"blocks per SM\": 0.121212,      \"warps per SM\": 2.060606,"
                           "      \"grid\": [16, 1, 1],      \"block\": [544, 1, 1],      \"est. achieved occupancy %%\": 0, \"Collective name\": \"allreduce\", "
                           "\"In msg nelems\": 67108864, \"Out msg nelems\": 67108864, \"Group size\": 8, \"dtype\": \"BFloat16\", \"In split size\": \"[]\", "
                           "\"Out split size\": \"[]\", \"Process Group Name\": \"0\", \"Process Group Description\": \"default_pg\", \"Process Group Ranks\": \"[0, 1, 2, 3, 4, 5, 6, 7]\"\n    }\n  }",
                           kernels[k], stream, us(kstart, t1), us(kdur, t2), ext, stream, corr));
      } else {
        emit(std::snprintf(line, sizeof line,
                           "  {\n    \"ph\": \"X\", \"cat\": \"kernel\", \"name\": \"%s\", \"pid\": 0, \"tid\": %d,\n    \"ts\": %s, \"dur\": %s,\n"
                           "    \"args\": {\n      \"External id\": %" PRId64 ",      \"queued\": 0, \"device\": 0, \"context\": 1,      \"stream\": %d, \"correlation\": %" PRId64
                           ",      \"registers per thread\": 168,      \"shared memory\": 213248,      \"blocks per SM\": 1.939394,      \"warps per SM\": 23.272728,"
                           "      \"grid\": [256, 1, 1],      \"block\": [384, 1, 1],      \"est. achieved occupancy %%\": 19\n    }\n  }",
                           kernels[k], stream, us(kstart, t1), us(kdur, t2), ext, stream, corr));
      }
      ++st.kernels;
      sep();
      emit(std::snprintf(line, sizeof line,
                         "  {\n    \"ph\": \"f\", \"id\": %" PRId64 ", \"pid\": 0, \"tid\": %d, \"ts\": %s,\n    \"cat\": \"ac2g\", \"name\": \"ac2g\", \"bp\": \"e\"\n  }",
                         corr, stream, us(kstart, t1)));
      st.events += 5;
      ++st.flows;
      if (i % 50 == 49) {  // an occasional host-to-device copy
        ++corr;
        const std::int64_t ms = kstart + kdur + 300;
        sep();
        emit(std::snprintf(line, sizeof line,
                           "  {\n    \"ph\": \"X\", \"cat\": \"gpu_memcpy\", \"name\": \"Memcpy HtoD (Pageable -> Device)\", \"pid\": 0, \"tid\": 7,\n"
                           "    \"ts\": %s, \"dur\": %s,\n    \"args\": {\n      \"External id\": %" PRId64
                           ",      \"device\": 0, \"context\": 1,      \"stream\": 7, \"correlation\": %" PRId64
                           ",      \"bytes\": 4194304, \"memory bandwidth (GB/s)\": 11.874\n    }\n  }",
                           us(ms, t1), us(353214, t2), ext, corr));
        ++st.events;
        gpu_ns = ms + 353214;
      }
      cpu_ns = op_start + op_dur + 300;
      gpu_ns = std::max(gpu_ns, kstart + kdur);
    }
    sep();
    emit(std::snprintf(line, sizeof line,
                       "  {\n    \"ph\": \"X\", \"cat\": \"user_annotation\", \"name\": \"ProfilerStep#%" PRId64 "\", \"pid\": %d, \"tid\": %d,\n"
                       "    \"ts\": %s, \"dur\": %s,\n    \"args\": {\n      \"External id\": %" PRId64 ",\"Record function id\": 0, \"Ev Idx\": 0\n    }\n  }",
                       step, pid, tid, us(step_start, t1), us(cpu_ns - step_start, t3), ++ext));
    ++st.events;
    ++step;
    ++st.steps;
  }
  emit(std::snprintf(line, sizeof line,
                     ",\n  {\n    \"name\": \"process_name\", \"ph\": \"M\", \"ts\": 1712195495000000.000, \"pid\": 0, \"tid\": 0,\n"
                     "    \"args\": {\n      \"name\": \"python\"\n    }\n  }\n],\n  \"traceName\": \"rank%d.pt.trace.json\"\n}\n",
                     rank));
  ++st.events;
  st.bytes = out.written();
  out.close();
  return st;
}

}  // namespace llmsa::bench
