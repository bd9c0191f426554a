// The trace a Result keeps (leaf_trace.hpp) gives back each leaf's input exactly as the binder
// made it: explanations (Result::leaf_how, condition reasons) are built from it, not from the
// submission.
#include <gtest/gtest.h>

#include "leaf_trace.hpp"
#include "test_helpers.hpp"

namespace qa::testing {
namespace {

LeafValue level_value(int level) {
  LeafValue value;
  value.level = level;
  value.present = true;
  return value;
}

LeafValue number_value(const char* number) {
  LeafValue value;
  value.number = fx(number);
  value.present = true;
  return value;
}

void expect_same(const LeafValue& got, const LeafValue& want, const std::string& where) {
  EXPECT_EQ(got.number, want.number) << where;
  EXPECT_EQ(got.level, want.level) << where;
  EXPECT_EQ(got.present, want.present) << where;
  EXPECT_EQ(got.flag, want.flag) << where;
  EXPECT_EQ(got.parts, want.parts) << where;
}

void expect_round_trip(const std::vector<LeafInput>& inputs) {
  const detail::LeafTrace trace(inputs, {}, AssessmentCalendar{});
  ASSERT_EQ(trace.size(), inputs.size());
  for (std::size_t slot = 0; slot < inputs.size(); ++slot) {
    const LeafInput got = trace.input(slot);
    const std::string where = "slot " + std::to_string(slot);
    expect_same(got.self, inputs[slot].self, where + " self");
    expect_same(got.verified, inputs[slot].verified, where + " verified");
    EXPECT_EQ(got.target, inputs[slot].target) << where;
    EXPECT_EQ(got.previous, inputs[slot].previous) << where;
  }
}

TEST(LeafTrace, GivesBackEveryKindOfLeafInputAsBound) {
  std::vector<LeafInput> inputs(7);
  inputs[0].self = number_value("94.3");  // a rate against its target
  inputs[0].verified = number_value("92.25");
  inputs[0].target = fx("94.1");
  inputs[1].self = level_value(0);  // a level, self-evaluated and verified
  inputs[1].verified = level_value(2);
  inputs[2].self.present = true;  // a boolean
  inputs[2].self.flag = true;
  inputs[2].verified.present = true;
  inputs[3].self.present = true;  // a checklist's states, then a deduction's counts
  inputs[3].self.parts = {2, 1, 0};
  inputs[3].verified.present = true;
  inputs[3].verified.parts = {0, 0, 1, 2};
  inputs[4].self = number_value("-3.5");  // last year's value for zero_if_worse_than_previous
  inputs[4].previous = fx("-4");
  inputs[5].self = level_value(1);  // a level beside a number: no rule reads both, yet both kept
  inputs[5].self.number = fx("7");
  inputs[5].verified = level_value(3);
  inputs[5].verified.number = fx("0.0001");
  inputs[5].verified.parts = {9};
  inputs[5].target = fx("0");  // nothing given for inputs[6]
  expect_round_trip(inputs);
}

TEST(LeafTrace, KeepsNoLeavesForASchemeWithoutLeaves) { expect_round_trip({}); }

}  // namespace
}  // namespace qa::testing
