// Exact points (docs/architecture.md, "Numbers"): no float error can move a region across a grade
// boundary of Art. 5.
#include <algorithm>
#include <cmath>
#include <limits>
#include <random>
#include <stdexcept>
#include <vector>

#include "test_helpers.hpp"

namespace qa::testing {
namespace {

// Art. 5: 90 is the A boundary; 9000 x 0.01 must be exactly 90, which doubles do not manage.
TEST(Fixed, ManyHundredthsSumToExactlyNinety) {
  const Fixed hundredth = Fixed::from_double(0.01);
  EXPECT_EQ(hundredth.units(), 100);
  Fixed sum;
  double float_sum = 0;
  for (int i = 0; i < 9000; ++i) {
    sum += hundredth;
    float_sum += 0.01;
  }
  EXPECT_EQ(sum, Fixed::from_int(90));
  EXPECT_EQ(sum.to_string(), "90");
  EXPECT_NE(float_sum, 90.0);  // the reason points are not doubles
}

TEST(Fixed, SumsDoNotDependOnOrder) {
  std::vector<Fixed> values;
  for (const char* text : {"0.1", "0.2", "0.3", "12.9", "2.4", "1.05", "3.5", "0.0001", "14.99", "7.77"}) {
    values.push_back(fx(text));
  }
  auto sum = [](const std::vector<Fixed>& list) {
    Fixed total;
    for (Fixed v : list) total += v;
    return total;
  };
  const Fixed forward = sum(values);
  EXPECT_EQ(forward, fx("43.2101"));
  std::reverse(values.begin(), values.end());
  EXPECT_EQ(sum(values), forward);
  std::mt19937 generator(20130530);
  for (int round = 0; round < 20; ++round) {
    std::shuffle(values.begin(), values.end(), generator);
    EXPECT_EQ(sum(values), forward);
  }
}

TEST(Fixed, FromDoubleRoundsToNearestUnitAndRejectsNonFinite) {
  EXPECT_EQ(Fixed::from_double(92.3).units(), 923000);
  EXPECT_EQ(Fixed::from_double(-2.1).units(), -21000);
  EXPECT_EQ(Fixed::from_double(0.1 + 0.2).units(), 3000);
  EXPECT_THROW(Fixed::from_double(std::nan("")), std::range_error);
  EXPECT_THROW(Fixed::from_double(std::numeric_limits<double>::infinity()), std::range_error);
  EXPECT_THROW(Fixed::from_double(2e12), std::range_error);
}

TEST(Fixed, IsExactDoubleAcceptsAtMostFourDecimals) {
  EXPECT_TRUE(Fixed::is_exact_double(3.5));
  EXPECT_TRUE(Fixed::is_exact_double(92.25));
  EXPECT_TRUE(Fixed::is_exact_double(92.3));
  EXPECT_TRUE(Fixed::is_exact_double(0.0001));
  EXPECT_TRUE(Fixed::is_exact_double(-7.1234));
  EXPECT_TRUE(Fixed::is_exact_double(100));
  EXPECT_FALSE(Fixed::is_exact_double(0.00001));
  EXPECT_FALSE(Fixed::is_exact_double(92.12345));
  EXPECT_FALSE(Fixed::is_exact_double(1.0 / 3.0));
  EXPECT_FALSE(Fixed::is_exact_double(std::nan("")));
  EXPECT_FALSE(Fixed::is_exact_double(std::numeric_limits<double>::infinity()));
  EXPECT_FALSE(Fixed::is_exact_double(2e12));
}

TEST(Fixed, ToStringWithDigits) {
  EXPECT_EQ(fx("89.99").to_string(2), "89.99");
  EXPECT_EQ(fx("3.5").to_string(2), "3.50");
  EXPECT_EQ(fx("90").to_string(2), "90.00");
  EXPECT_EQ(fx("12.9").to_string(4), "12.9000");
  EXPECT_EQ(fx("0.125").to_string(2), "0.13");  // half up
  EXPECT_EQ(fx("89.5").to_string(0), "90");
  EXPECT_EQ(fx("-2.1").to_string(2), "-2.10");
  EXPECT_EQ(fx("-0.125").to_string(2), "-0.13");
  EXPECT_EQ(fx("1.5").to_string(9), "1.5000");  // clamped to four places
}

TEST(Fixed, ShortestToString) {
  EXPECT_EQ(fx("3.5").to_string(), "3.5");
  EXPECT_EQ(fx("90").to_string(), "90");
  EXPECT_EQ(fx("0.0001").to_string(), "0.0001");
  EXPECT_EQ(fx("89.99").to_string(), "89.99");
  EXPECT_EQ(fx("-2.1").to_string(), "-2.1");
  EXPECT_EQ(Fixed().to_string(), "0");
}

TEST(Fixed, ArithmeticAndComparison) {
  EXPECT_EQ(fx("15") - fx("2.1"), fx("12.9"));
  EXPECT_EQ(-fx("2.1"), fx("-2.1"));
  EXPECT_LT(fx("89.99"), fx("90"));
  EXPECT_GE(fx("90"), fx("90"));
  EXPECT_EQ(min(fx("1"), fx("2")), fx("1"));
  EXPECT_EQ(max(fx("1"), fx("2")), fx("2"));
  EXPECT_DOUBLE_EQ(fx("12.9").to_double(), 12.9);
}

Fixed round_to(const Ratio& value, int digits, RoundingMode mode) { return value.round({digits, mode}); }

// The scheme's rounding (docs/scheme-language.md, "How cn-2013 is built": leaf scores to 2 decimals, half up)
// at exact halves.
TEST(Ratio, RoundingModesAtExactHalves) {
  const Ratio half_up_case(fx("0.125"));  // 0.125: the kept digit 2 is even
  const Ratio odd_case(fx("0.135"));      // 0.135: the kept digit 3 is odd
  EXPECT_EQ(round_to(half_up_case, 2, RoundingMode::half_up), fx("0.13"));
  EXPECT_EQ(round_to(half_up_case, 2, RoundingMode::half_even), fx("0.12"));
  EXPECT_EQ(round_to(half_up_case, 2, RoundingMode::down), fx("0.12"));
  EXPECT_EQ(round_to(half_up_case, 2, RoundingMode::up), fx("0.13"));
  EXPECT_EQ(round_to(odd_case, 2, RoundingMode::half_up), fx("0.14"));
  EXPECT_EQ(round_to(odd_case, 2, RoundingMode::half_even), fx("0.14"));
  EXPECT_EQ(round_to(odd_case, 2, RoundingMode::down), fx("0.13"));
  EXPECT_EQ(round_to(odd_case, 2, RoundingMode::up), fx("0.14"));
  // 89.995 -> 90.00 half up: the rounding that decides an A must be the scheme's, done once.
  EXPECT_EQ(round_to(Ratio(fx("89.995")), 2, RoundingMode::half_up), fx("90"));
  EXPECT_EQ(round_to(Ratio(fx("89.995")), 2, RoundingMode::half_even), fx("90"));
  EXPECT_EQ(round_to(Ratio(fx("89.985")), 2, RoundingMode::half_even), fx("89.98"));
  EXPECT_EQ(round_to(Ratio(fx("89.995")), 2, RoundingMode::down), fx("89.99"));
}

TEST(Ratio, RoundingNegativeHalves) {
  const Ratio value(fx("-0.125"));
  EXPECT_EQ(round_to(value, 2, RoundingMode::half_up), fx("-0.13"));  // half away from zero
  EXPECT_EQ(round_to(value, 2, RoundingMode::half_even), fx("-0.12"));
  EXPECT_EQ(round_to(value, 2, RoundingMode::down), fx("-0.13"));  // toward minus infinity
  EXPECT_EQ(round_to(value, 2, RoundingMode::up), fx("-0.12"));    // toward plus infinity
}

TEST(Ratio, RoundingNonHalves) {
  EXPECT_EQ(round_to(Ratio(1, 3), 2, RoundingMode::half_up), fx("0.33"));
  EXPECT_EQ(round_to(Ratio(2, 3), 2, RoundingMode::half_up), fx("0.67"));
  EXPECT_EQ(round_to(Ratio(2, 3), 2, RoundingMode::half_even), fx("0.67"));
  EXPECT_EQ(round_to(Ratio(2, 3), 2, RoundingMode::down), fx("0.66"));
  EXPECT_EQ(round_to(Ratio(1, 3), 2, RoundingMode::up), fx("0.34"));
  EXPECT_EQ(round_to(Ratio(2, 3), 0, RoundingMode::half_up), fx("1"));
  EXPECT_EQ(round_to(Ratio(2, 3), 4, RoundingMode::half_up), fx("0.6667"));
  EXPECT_EQ(round_to(Ratio(fx("12.9")), 2, RoundingMode::up), fx("12.9"));  // exact stays exact
}

TEST(Ratio, ExactArithmetic) {
  EXPECT_EQ(Ratio(1, 3) + Ratio(1, 6), Ratio(1, 2));
  EXPECT_EQ(Ratio(fx("0.5")), Ratio(1, 2));
  EXPECT_EQ(Ratio(2, -4), Ratio(-1, 2));
  EXPECT_EQ(Ratio(fx("3")) * Ratio(fx("0.7")), Ratio(fx("2.1")));
  EXPECT_EQ(Ratio(fx("92.3")) / Ratio(fx("93")), Ratio(923, 930));
  EXPECT_EQ(Ratio(1, 2) - Ratio(1, 3), Ratio(1, 6));
  EXPECT_LT(Ratio(1, 3), Ratio(1, 2));
  EXPECT_GT(Ratio(2, 3), Ratio(fx("0.6666")));
  EXPECT_THROW(Ratio(1, 0), std::domain_error);
  EXPECT_THROW(Ratio(1, 2) / Ratio(0, 1), std::domain_error);
}

TEST(Ratio, Clamp) {
  EXPECT_EQ(clamp(Ratio(fx("-2.1")), Ratio(), Ratio(fx("15"))), Ratio());
  EXPECT_EQ(clamp(Ratio(fx("16")), Ratio(), Ratio(fx("15"))), Ratio(fx("15")));
  EXPECT_EQ(clamp(Ratio(fx("12.9")), Ratio(), Ratio(fx("15"))), Ratio(fx("12.9")));
}

}  // namespace
}  // namespace qa::testing
