#pragma once
// A tiny hand-written Kineto trace used by the HTA, llmsa and Ascend-preset tests; every expected
// number in those tests is computed by hand from the events below (µs):
//   ProfilerStep#1 [1000, 1100), ProfilerStep#2 [1100, 1200) on the host;
//   launches (cudaLaunchKernel / cudaMemcpyAsync, correlation c) at host ts 1001.5(c1) 1004(c2)
//   1050(c3) 1006(c4) 1007(c5) 1150(c6);
//   device: c1 gemm_kernel s7 [1010.4, 1030.6); c2 gemm2 s7 [1035, 1045); c3 elementwise_add s7
//   [1060, 1070); c4 ncclKernel_AllReduce s8 [1040, 1070); c5 Memcpy HtoD s7 [1110, 1115);
//   c6 gemm3 s7 [1160, 1170).
#include <filesystem>
#include <fstream>
#include <string>
#include <unistd.h>

namespace llmsa::test {

inline std::filesystem::path write_tiny_kineto_trace() {
  const auto path = std::filesystem::temp_directory_path() /
                    ("llmsa_tiny_trace_" + std::to_string(::getpid()) + ".json");
  std::ofstream out(path);
  out << R"JSON({"traceEvents":[
{"ph":"X","cat":"user_annotation","name":"ProfilerStep#1","pid":1,"tid":1,"ts":1000,"dur":100},
{"ph":"X","cat":"user_annotation","name":"ProfilerStep#2","pid":1,"tid":1,"ts":1100,"dur":100},
{"ph":"X","cat":"cuda_runtime","name":"cudaLaunchKernel","pid":1,"tid":1,"ts":1001.5,"dur":2,"args":{"correlation":1}},
{"ph":"X","cat":"cuda_runtime","name":"cudaLaunchKernel","pid":1,"tid":1,"ts":1004,"dur":1,"args":{"correlation":2}},
{"ph":"X","cat":"cuda_runtime","name":"cudaLaunchKernel","pid":1,"tid":1,"ts":1050,"dur":1,"args":{"correlation":3}},
{"ph":"X","cat":"cuda_runtime","name":"cudaLaunchKernel","pid":1,"tid":1,"ts":1006,"dur":1,"args":{"correlation":4}},
{"ph":"X","cat":"cuda_runtime","name":"cudaMemcpyAsync","pid":1,"tid":1,"ts":1007,"dur":1,"args":{"correlation":5}},
{"ph":"X","cat":"cuda_runtime","name":"cudaLaunchKernel","pid":1,"tid":1,"ts":1150,"dur":1,"args":{"correlation":6}},
{"ph":"X","cat":"kernel","name":"gemm_kernel","pid":0,"tid":7,"ts":1010.4,"dur":20.2,"args":{"device":0,"stream":7,"correlation":1}},
{"ph":"X","cat":"kernel","name":"gemm2","pid":0,"tid":7,"ts":1035,"dur":10,"args":{"device":0,"stream":7,"correlation":2}},
{"ph":"X","cat":"kernel","name":"elementwise_add","pid":0,"tid":7,"ts":1060,"dur":10,"args":{"device":0,"stream":7,"correlation":3}},
{"ph":"X","cat":"kernel","name":"ncclKernel_AllReduce","pid":0,"tid":8,"ts":1040,"dur":30,"args":{"device":0,"stream":8,"correlation":4}},
{"ph":"X","cat":"gpu_memcpy","name":"Memcpy HtoD (Pageable -> Device)","pid":0,"tid":7,"ts":1110,"dur":5,"args":{"device":0,"stream":7,"correlation":5}},
{"ph":"X","cat":"kernel","name":"gemm3","pid":0,"tid":7,"ts":1160,"dur":10,"args":{"device":0,"stream":7,"correlation":6}}
]})JSON";
  return path;
}

}  // namespace llmsa::test
