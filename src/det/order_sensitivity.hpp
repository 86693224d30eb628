#pragma once
// How many different results one set of numbers can sum to, depending only on the order of addition.
// This is floating-point non-associativity, the root of all batch-variance (reference §1.1, §4.2).
#include <cstddef>
#include <vector>

namespace llmsa::det {

struct OrderSensitivity {
  std::size_t orders = 0;            // permutations visited (n! for n distinct values)
  std::size_t distinct_double = 0;   // distinct results summing in double, left to right
  std::size_t distinct_float = 0;    // distinct results summing the same values cast to float
  double min_double = 0, max_double = 0;
};

// Visits every permutation of `values` (which must be distinct; at most 10 of them) and sums each
// left to right, in double and in float. Distinct results are counted by bit pattern.
OrderSensitivity sum_over_all_orders(std::vector<double> values);

// The reference's example set {±1e-10, ±1e-5, ±1e-2, ±1}: its exact sum is 0.
std::vector<double> reference_order_example();

}  // namespace llmsa::det
