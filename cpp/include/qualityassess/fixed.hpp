// Exact fixed-point numbers for points and input values.
//
// Grades depend on comparisons such as "total >= 90", so points are held as integer
// ten-thousandths: sums are exact and independent of the order of addition, and no float error
// can move a region across a grade boundary (docs/architecture.md, "Numbers").
#pragma once

#include <cstdint>
#include <string>

namespace qa {

enum class RoundingMode { half_up, half_even, down, up };

struct Rounding {
  int digits = 2;  // 0..4 decimal places
  RoundingMode mode = RoundingMode::half_up;
};

class Fixed {
 public:
  static constexpr std::int64_t kScale = 10000;  // four decimal places
  static constexpr int kDigits = 4;

  constexpr Fixed() = default;
  static constexpr Fixed from_units(std::int64_t units) { return Fixed(units); }
  static constexpr Fixed from_int(std::int64_t whole) { return Fixed(whole * kScale); }
  // Nearest representable value; throws std::range_error when not finite or too large.
  static Fixed from_double(double value);
  // True when `value` is finite and has at most four decimals (e.g. 3.5, 92.25).
  static bool is_exact_double(double value);

  constexpr std::int64_t units() const { return units_; }
  double to_double() const { return static_cast<double>(units_) / kScale; }
  // Decimal text with exactly `digits` places (digits <= 4), e.g. "89.99".
  std::string to_string(int digits) const;
  // Shortest exact decimal text, e.g. "3.5", "90", "0.0001".
  std::string to_string() const;

  constexpr Fixed operator+(Fixed other) const { return Fixed(units_ + other.units_); }
  constexpr Fixed operator-(Fixed other) const { return Fixed(units_ - other.units_); }
  constexpr Fixed operator-() const { return Fixed(-units_); }
  Fixed& operator+=(Fixed other) {
    units_ += other.units_;
    return *this;
  }
  Fixed& operator-=(Fixed other) {
    units_ -= other.units_;
    return *this;
  }
  constexpr bool operator==(Fixed other) const { return units_ == other.units_; }
  constexpr bool operator!=(Fixed other) const { return units_ != other.units_; }
  constexpr bool operator<(Fixed other) const { return units_ < other.units_; }
  constexpr bool operator<=(Fixed other) const { return units_ <= other.units_; }
  constexpr bool operator>(Fixed other) const { return units_ > other.units_; }
  constexpr bool operator>=(Fixed other) const { return units_ >= other.units_; }

 private:
  constexpr explicit Fixed(std::int64_t units) : units_(units) {}
  std::int64_t units_ = 0;
};

using Points = Fixed;

// num / den (den > 0) rounded to an integer with `mode`: the one rounding rule that Ratio::round
// and the compiled evaluation plan both use, so single and batch results cannot drift apart.
template <class Int>
Int divide_rounded(Int num, Int den, RoundingMode mode) {
  const Int quotient = num / den;
  const Int remainder = num % den;
  if (remainder == 0) return quotient;
  const bool negative = num < 0;
  const Int twice = (remainder < 0 ? -remainder : remainder) * 2;
  const Int away = negative ? quotient - 1 : quotient + 1;
  switch (mode) {
    case RoundingMode::down:  // toward minus infinity
      return negative ? quotient - 1 : quotient;
    case RoundingMode::up:  // toward plus infinity
      return negative ? quotient : quotient + 1;
    case RoundingMode::half_up:  // half away from zero (四舍五入)
      return twice >= den ? away : quotient;
    case RoundingMode::half_even:
      if (twice > den) return away;
      if (twice < den) return quotient;
      return (quotient % 2 == 0) ? quotient : away;
  }
  return quotient;
}

inline Fixed min(Fixed a, Fixed b) { return b < a ? b : a; }
inline Fixed max(Fixed a, Fixed b) { return a < b ? b : a; }

// An exact fraction num/den of a point, kept in 128-bit integers and reduced as it goes; used
// where a score is a product or quotient (pro-rata deductions, attainment, weighted means) so
// that the scheme's rounding is applied exactly once.
class Ratio {
 public:
  using Int = __int128;
  Ratio() = default;
  Ratio(Fixed value);  // NOLINT(google-explicit-constructor): a Fixed is an exact ratio
  Ratio(Int num, Int den);

  Int num() const { return num_; }
  Int den() const { return den_; }
  Ratio operator+(const Ratio& other) const;
  Ratio operator-(const Ratio& other) const;
  Ratio operator*(const Ratio& other) const;
  Ratio operator/(const Ratio& other) const;  // throws std::domain_error on division by zero
  bool operator<(const Ratio& other) const;
  bool operator==(const Ratio& other) const;
  bool operator<=(const Ratio& other) const { return !(other < *this); }
  bool operator>(const Ratio& other) const { return other < *this; }
  bool operator>=(const Ratio& other) const { return !(*this < other); }

  // The value rounded to `rounding.digits` places with `rounding.mode`, as a Fixed.
  Fixed round(const Rounding& rounding) const;

 private:
  Int num_ = 0;
  Int den_ = 1;
};

// Clamp a ratio into [low, high].
Ratio clamp(const Ratio& value, const Ratio& low, const Ratio& high);

}  // namespace qa
