#include "qualityassess/fixed.hpp"

#include <cmath>
#include <stdexcept>

namespace qa {
namespace {

using Int = Ratio::Int;

// Largest magnitude accepted from a double: far beyond any points or rate, far below overflow.
constexpr double kMaxMagnitude = 1e12;

Int gcd(Int a, Int b) {
  if (a < 0) a = -a;
  if (b < 0) b = -b;
  while (b != 0) {
    Int t = a % b;
    a = b;
    b = t;
  }
  return a;
}

Int checked_mul(Int a, Int b) {
  Int out;
  if (__builtin_mul_overflow(a, b, &out)) {
    throw std::overflow_error("exact arithmetic overflow: the scheme's numbers are too fine-grained");
  }
  return out;
}

Int checked_add(Int a, Int b) {
  Int out;
  if (__builtin_add_overflow(a, b, &out)) {
    throw std::overflow_error("exact arithmetic overflow: the scheme's numbers are too fine-grained");
  }
  return out;
}

Int pow10(int n) {
  Int p = 1;
  for (int i = 0; i < n; ++i) p *= 10;
  return p;
}

std::string units_to_string(std::int64_t units, int digits) {
  const bool negative = units < 0;
  std::uint64_t magnitude =
      negative ? static_cast<std::uint64_t>(-(units + 1)) + 1 : static_cast<std::uint64_t>(units);
  const auto scale = static_cast<std::uint64_t>(Fixed::kScale);
  std::string text = std::to_string(magnitude / scale);
  if (digits > 0) {
    std::string fraction = std::to_string(magnitude % scale);
    fraction.insert(0, Fixed::kDigits - fraction.size(), '0');
    text += '.';
    text += fraction.substr(0, static_cast<std::size_t>(digits));
  }
  return negative ? "-" + text : text;
}

}  // namespace

Fixed Fixed::from_double(double value) {
  if (!std::isfinite(value) || std::fabs(value) > kMaxMagnitude) {
    throw std::range_error("not a finite number within +/-1e12");
  }
  return Fixed(std::llround(value * kScale));
}

bool Fixed::is_exact_double(double value) {
  if (!std::isfinite(value) || std::fabs(value) > kMaxMagnitude) return false;
  const double scaled = value * kScale;
  return std::fabs(scaled - std::round(scaled)) < 1e-6;
}

std::string Fixed::to_string(int digits) const {
  if (digits < 0) digits = 0;
  if (digits > kDigits) digits = kDigits;
  const Rounding exact{digits, RoundingMode::half_up};
  return units_to_string(Ratio(*this).round(exact).units(), digits);
}

std::string Fixed::to_string() const {
  int digits = kDigits;
  std::int64_t u = units_ < 0 ? -units_ : units_;
  while (digits > 0 && u % 10 == 0) {
    u /= 10;
    --digits;
  }
  return units_to_string(units_, digits);
}

Ratio::Ratio(Fixed value) : num_(value.units()), den_(Fixed::kScale) {
  const Int g = gcd(num_, den_);
  num_ /= g;
  den_ /= g;
}

Ratio::Ratio(Int num, Int den) : num_(num), den_(den) {
  if (den_ == 0) throw std::domain_error("division by zero");
  if (den_ < 0) {
    num_ = -num_;
    den_ = -den_;
  }
  const Int g = gcd(num_, den_);
  if (g > 1) {
    num_ /= g;
    den_ /= g;
  }
}

Ratio Ratio::operator+(const Ratio& o) const {
  const Int g = gcd(den_, o.den_);
  const Int left = checked_mul(num_, o.den_ / g);
  const Int right = checked_mul(o.num_, den_ / g);
  return Ratio(checked_add(left, right), checked_mul(den_, o.den_ / g));
}

Ratio Ratio::operator-(const Ratio& o) const { return *this + Ratio(-o.num_, o.den_); }

Ratio Ratio::operator*(const Ratio& o) const {
  const Int g1 = gcd(num_, o.den_);
  const Int g2 = gcd(o.num_, den_);
  const Int a = g1 == 0 ? 0 : num_ / g1;
  const Int d = g1 == 0 ? o.den_ : o.den_ / g1;
  const Int c = g2 == 0 ? 0 : o.num_ / g2;
  const Int b = g2 == 0 ? den_ : den_ / g2;
  return Ratio(checked_mul(a, c), checked_mul(b, d));
}

Ratio Ratio::operator/(const Ratio& o) const {
  if (o.num_ == 0) throw std::domain_error("division by zero");
  return *this * Ratio(o.den_, o.num_);
}

bool Ratio::operator<(const Ratio& o) const { return checked_mul(num_, o.den_) < checked_mul(o.num_, den_); }

bool Ratio::operator==(const Ratio& o) const { return num_ == o.num_ && den_ == o.den_; }

Fixed Ratio::round(const Rounding& rounding) const {
  const int digits =
      rounding.digits < 0 ? 0 : (rounding.digits > Fixed::kDigits ? Fixed::kDigits : rounding.digits);
  const Int step = pow10(Fixed::kDigits - digits);  // units per last kept digit
  const Int scaled_num = checked_mul(num_, static_cast<Int>(Fixed::kScale));
  const Int steps = divide_rounded<Int>(scaled_num, checked_mul(den_, step), rounding.mode);
  return Fixed::from_units(static_cast<std::int64_t>(steps * step));
}

Ratio clamp(const Ratio& value, const Ratio& low, const Ratio& high) {
  if (value < low) return low;
  if (high < value) return high;
  return value;
}

}  // namespace qa
