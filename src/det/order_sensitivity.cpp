#include "det/order_sensitivity.hpp"

#include <algorithm>
#include <cstdint>
#include <unordered_set>

#include "core/error.hpp"
#include "det/float_bits.hpp"

namespace llmsa::det {

OrderSensitivity sum_over_all_orders(std::vector<double> values) {
  if (values.size() > 10) throw_internal("sum_over_all_orders: at most 10 values (10! orders)");
  std::sort(values.begin(), values.end());
  if (std::adjacent_find(values.begin(), values.end()) != values.end()) {
    throw_internal("sum_over_all_orders: values must be distinct");
  }
  OrderSensitivity out;
  std::unordered_set<std::uint64_t> seen_double;
  std::unordered_set<std::uint32_t> seen_float;
  bool first = true;
  do {
    double sd = 0.0;
    float sf = 0.0f;
    for (double v : values) {
      sd += v;
      sf += static_cast<float>(v);
    }
    seen_double.insert(bits_of(sd));
    seen_float.insert(bits_of(sf));
    if (first || sd < out.min_double) out.min_double = sd;
    if (first || sd > out.max_double) out.max_double = sd;
    first = false;
    ++out.orders;
  } while (std::next_permutation(values.begin(), values.end()));
  out.distinct_double = seen_double.size();
  out.distinct_float = seen_float.size();
  return out;
}

std::vector<double> reference_order_example() {
  return {1e-10, -1e-10, 1e-5, -1e-5, 1e-2, -1e-2, 1.0, -1.0};
}

}  // namespace llmsa::det
