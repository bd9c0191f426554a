// What a single assessment read (Result::trace): enough to tell, when asked, how each leaf was
// scored (Result::leaf_how) and why each condition fired or did not (Result::reason).
//
// Every Result keeps one, and Results are kept by the thousand (a cohort, a notebook's list), most
// of them never explained. So the trace keeps each leaf's input in 32 bytes, with what few leaves
// have (a target, last year's value, checklist states and deduction counts) in one array for all
// leaves, rather than as the binder's LeafInput (112 bytes and a vector per section); input()
// makes the LeafInput again when an explanation asks (docs/architecture.md, "The pipeline").
#pragma once

#include <cstddef>
#include <cstdint>
#include <initializer_list>
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
    extras_.reserve(extras_needed(inputs));
    for (std::size_t slot = 0; slot < inputs.size(); ++slot) keep(inputs[slot], leaves_[slot]);
  }

  std::size_t size() const { return leaves_.size(); }
  // Leaf `slot`'s input as the binder made it.
  LeafInput input(std::size_t slot) const {
    const TracedLeaf& leaf = leaves_[slot];
    LeafInput input;
    std::uint32_t at = leaf.extras_at;
    if (has(leaf, kHasTarget)) input.target = Fixed::from_units(extras_[at++]);
    if (has(leaf, kHasPrevious)) input.previous = Fixed::from_units(extras_[at++]);
    LeafValue* sections[2] = {&input.self, &input.verified};
    for (int s = 0; s < 2; ++s) {
      LeafValue& out = *sections[s];
      out.present = has(leaf, kPresent[s]);
      out.flag = has(leaf, kFlag[s]);
      if (!has(leaf, kLevel[s])) {
        out.number = Fixed::from_units(leaf.value[s]);
        continue;
      }
      out.level = static_cast<int>(leaf.value[s]);
      if (has(leaf, kNumberInExtras[s])) out.number = Fixed::from_units(extras_[at++]);
    }
    for (int s = 0; s < 2; ++s) {
      const auto first = extras_.begin() + static_cast<std::ptrdiff_t>(at);
      sections[s]->parts.assign(first, first + static_cast<std::ptrdiff_t>(leaf.parts[s]));
      at += leaf.parts[s];
    }
    return input;
  }
  const std::vector<Incident>& incidents() const { return incidents_; }
  const AssessmentCalendar& calendar() const { return calendar_; }

 private:
  // Per section (0 self-evaluated, 1 verified): present; the boolean's flag; `value` is a level;
  // a number kept in extras_ besides a level (no rule reads both, but the trace keeps what it is
  // given). Then a target and last year's value given.
  static constexpr std::uint16_t kPresent[2] = {1, 2};
  static constexpr std::uint16_t kFlag[2] = {4, 8};
  static constexpr std::uint16_t kLevel[2] = {16, 32};
  static constexpr std::uint16_t kNumberInExtras[2] = {64, 128};
  static constexpr std::uint16_t kHasTarget = 256;
  static constexpr std::uint16_t kHasPrevious = 512;

  struct TracedLeaf {
    std::int64_t value[2];    // per section: its number (Fixed units), or its level (kLevel)
    std::uint32_t extras_at;  // in extras_: target, previous, the sections' numbers, then parts
    std::uint32_t parts[2];   // per section: how many checklist states or deduction counts
    std::uint16_t flags;
  };
  static_assert(sizeof(TracedLeaf) == 32);

  static bool has(const TracedLeaf& leaf, std::uint16_t flag) { return (leaf.flags & flag) != 0; }

  // How many values keep() puts in extras_, so that it is allocated once, at its size.
  static std::size_t extras_needed(const std::vector<LeafInput>& inputs) {
    std::size_t count = 0;
    for (const LeafInput& input : inputs) {
      count += (input.target ? 1 : 0) + (input.previous ? 1 : 0);
      for (const LeafValue* section : {&input.self, &input.verified})
        count += section->parts.size() + (section->level >= 0 && section->number.units() != 0 ? 1 : 0);
    }
    return count;
  }

  void keep(const LeafInput& input, TracedLeaf& leaf) {
    leaf.extras_at = static_cast<std::uint32_t>(extras_.size());
    if (input.target) {
      leaf.flags |= kHasTarget;
      extras_.push_back(input.target->units());
    }
    if (input.previous) {
      leaf.flags |= kHasPrevious;
      extras_.push_back(input.previous->units());
    }
    const LeafValue* sections[2] = {&input.self, &input.verified};
    for (int s = 0; s < 2; ++s) {
      const LeafValue& section = *sections[s];
      if (section.present) leaf.flags |= kPresent[s];
      if (section.flag) leaf.flags |= kFlag[s];
      leaf.parts[s] = static_cast<std::uint32_t>(section.parts.size());
      leaf.value[s] = section.number.units();
      if (section.level < 0) continue;
      leaf.flags |= kLevel[s];
      leaf.value[s] = section.level;
      if (section.number.units() == 0) continue;
      leaf.flags |= kNumberInExtras[s];
      extras_.push_back(section.number.units());
    }
    for (const LeafValue* section : sections)
      extras_.insert(extras_.end(), section->parts.begin(), section->parts.end());
  }

  std::vector<TracedLeaf> leaves_;
  std::vector<std::int64_t> extras_;
  std::vector<Incident> incidents_;
  AssessmentCalendar calendar_;
};

}  // namespace qa::detail
