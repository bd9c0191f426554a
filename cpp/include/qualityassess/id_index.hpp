// Ids (of a scheme's points) to positions, found from any text without making a std::string.
// Binding a submission looks up the id of every value it reads: std::unordered_map's chained
// buckets and its division by a prime bucket count cost as much as scoring the value, so the
// table here is open-addressed, a power of two in size and at most half full.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace qa {

class IdIndex {
 public:
  // Adds `id` at `position`, unless `id` is there already: the first position is kept.
  void add(std::string_view id, int position);
  // The position of `id`, or -1.
  int find(std::string_view id) const;
  void clear();

 private:
  struct Slot {
    std::uint64_t hash = 0;
    int entry = -1;  // index in ids_ and positions_; -1: empty
  };
  std::vector<std::string> ids_;
  std::vector<int> positions_;
  std::vector<Slot> slots_;

  // The slot holding `id`, or the empty slot where it would go.
  std::size_t slot_of(std::string_view id, std::uint64_t hash) const;
  void rehash(std::size_t slot_count);
};

}  // namespace qa
