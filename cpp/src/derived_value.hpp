// Derived values (docs/scheme-language.md, "Derived values"), written once: a point's value
// computed from two other points' values, exactly, then rounded half up to the four decimals
// every value has. Both doors materialise it before the leaf rules read it: the single
// assessment into the bound submission (assess.cpp), the batch into a column (batch.cpp).
#pragma once

#include <cstdint>
#include <optional>

#include "plan.hpp"

namespace qa::detail {

// a (op) b in units, or nothing when it is undefined (a division by zero) or beyond the engine's
// numbers (kMaxPlanUnits).
inline std::optional<std::int64_t> derive_units(DerivedOp op, std::int64_t a, std::int64_t b,
                                                std::int64_t n) {
  Int128 num = 0;
  Int128 den = 1;
  switch (op) {
    case DerivedOp::difference:
      num = static_cast<Int128>(a) - b;
      break;
    case DerivedOp::ratio:  // (a / kScale) / (b / kScale) in units
      num = static_cast<Int128>(a) * kScale;
      den = b;
      break;
    case DerivedOp::share:
      num = static_cast<Int128>(a) * kScale * 100;
      den = b;
      break;
    case DerivedOp::percent_change:
      num = (static_cast<Int128>(b) - a) * kScale * 100;
      den = a;
      break;
    case DerivedOp::percent_reduction:
      num = (static_cast<Int128>(a) - b) * kScale * 100;
      den = a;
      break;
    case DerivedOp::per_n:  // a / b x n, n in units
      num = static_cast<Int128>(a) * n;
      den = b;
      break;
  }
  if (den == 0) return std::nullopt;
  if (den < 0) {
    num = -num;
    den = -den;
  }
  const Int128 units = divide_rounded<Int128>(num, den, RoundingMode::half_up);
  if (units > kMaxPlanUnits || units < -kMaxPlanUnits) return std::nullopt;
  return static_cast<std::int64_t>(units);
}

}  // namespace qa::detail
