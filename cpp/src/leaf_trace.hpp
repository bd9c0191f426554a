// What a single assessment read (Result::trace): enough to tell, when asked, how each leaf was
// scored (Result::leaf_how) and why each condition fired or did not (Result::reason).
//
// Every Result keeps one, and Results are kept by the thousand (a cohort, a notebook's list), most
// of them never explained. So the trace keeps each leaf's input in 56 bytes, with the checklist
// states and deduction counts of all leaves in one array, rather than as the binder's LeafInput
// (112 bytes and a vector per section); input() makes the LeafInput again when an explanation
// asks (docs/architecture.md, "The pipeline").
#pragma once

#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

#include "qualityassess/civil_date.hpp"
#include "qualityassess/fixed.hpp"
#include "qualityassess/submission.hpp"

namespace qa::detail {

class LeafTrace {
 public:
  LeafTrace(const std::vector<LeafInput>& inputs, std::vector<Incident> incidents,
            const AssessmentCalendar& calendar)
      : incidents_(std::move(incidents)), calendar_(calendar) {
    leaves_.resize(inputs.size());
    for (std::size_t slot = 0; slot < inputs.size(); ++slot) keep(inputs[slot], leaves_[slot]);
  }

  std::size_t size() const { return leaves_.size(); }
  // Leaf `slot`'s input as the binder made it.
  LeafInput input(std::size_t slot) const {
    const TracedLeaf& leaf = leaves_[slot];
    LeafInput input;
    std::uint32_t at = leaf.parts_at;
    input.self = value(leaf, 0, at, leaf.self_parts);
    input.verified = value(leaf, 1, at + leaf.self_parts, leaf.verified_parts);
    if ((leaf.flags & kHasTarget) != 0) input.target = Fixed::from_units(leaf.target);
    if ((leaf.flags & kHasPrevious) != 0) input.previous = Fixed::from_units(leaf.previous);
    return input;
  }
  const std::vector<Incident>& incidents() const { return incidents_; }
  const AssessmentCalendar& calendar() const { return calendar_; }

 private:
  // Per section (0 self-evaluated, 1 verified): present, flag; then target and previous given.
  static constexpr std::uint8_t kPresent[2] = {1, 2};
  static constexpr std::uint8_t kFlag[2] = {4, 8};
  static constexpr std::uint8_t kHasTarget = 16;
  static constexpr std::uint8_t kHasPrevious = 32;

  struct TracedLeaf {
    std::int64_t number[2];  // Fixed units, per section
    std::int64_t target;
    std::int64_t previous;
    std::int32_t level[2];
    std::uint32_t parts_at;  // in parts_: the self-evaluated section's, then the verified one's
    std::uint32_t self_parts;
    std::uint32_t verified_parts;
    std::uint8_t flags;
  };

  void keep(const LeafInput& input, TracedLeaf& leaf) {
    leaf.parts_at = static_cast<std::uint32_t>(parts_.size());
    const LeafValue* sections[2] = {&input.self, &input.verified};
    for (int s = 0; s < 2; ++s) {
      const LeafValue& section = *sections[s];
      leaf.number[s] = section.number.units();
      leaf.level[s] = section.level;
      if (section.present) leaf.flags |= kPresent[s];
      if (section.flag) leaf.flags |= kFlag[s];
      if (!section.parts.empty()) parts_.insert(parts_.end(), section.parts.begin(), section.parts.end());
    }
    leaf.self_parts = static_cast<std::uint32_t>(input.self.parts.size());
    leaf.verified_parts = static_cast<std::uint32_t>(input.verified.parts.size());
    if (input.target) {
      leaf.flags |= kHasTarget;
      leaf.target = input.target->units();
    }
    if (input.previous) {
      leaf.flags |= kHasPrevious;
      leaf.previous = input.previous->units();
    }
  }

  LeafValue value(const TracedLeaf& leaf, int s, std::uint32_t at, std::uint32_t count) const {
    LeafValue out;
    out.number = Fixed::from_units(leaf.number[s]);
    out.level = leaf.level[s];
    out.present = (leaf.flags & kPresent[s]) != 0;
    out.flag = (leaf.flags & kFlag[s]) != 0;
    const auto first = parts_.begin() + static_cast<std::ptrdiff_t>(at);
    out.parts.assign(first, first + static_cast<std::ptrdiff_t>(count));
    return out;
  }

  std::vector<TracedLeaf> leaves_;
  std::vector<std::int64_t> parts_;
  std::vector<Incident> incidents_;
  AssessmentCalendar calendar_;
};

}  // namespace qa::detail
