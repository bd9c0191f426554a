#include "qualityassess/id_index.hpp"

#include <functional>

namespace qa {

namespace {

std::uint64_t hash_of(std::string_view id) { return std::hash<std::string_view>{}(id); }

}  // namespace

std::size_t IdIndex::slot_of(std::string_view id, std::uint64_t hash) const {
  const std::size_t mask = slots_.size() - 1;
  for (std::size_t slot = hash & mask;; slot = (slot + 1) & mask) {
    const Slot& at = slots_[slot];
    if (at.entry < 0) return slot;
    if (at.hash == hash && ids_[static_cast<std::size_t>(at.entry)] == id) return slot;
  }
}

void IdIndex::rehash(std::size_t slot_count) {
  slots_.assign(slot_count, Slot{});
  for (std::size_t entry = 0; entry < ids_.size(); ++entry) {
    const std::uint64_t hash = hash_of(ids_[entry]);
    slots_[slot_of(ids_[entry], hash)] = Slot{hash, static_cast<int>(entry)};
  }
}

void IdIndex::add(std::string_view id, int position) {
  if ((ids_.size() + 1) * 2 > slots_.size()) rehash(slots_.empty() ? 16 : slots_.size() * 2);
  const std::uint64_t hash = hash_of(id);
  const std::size_t slot = slot_of(id, hash);
  if (slots_[slot].entry >= 0) return;
  slots_[slot] = Slot{hash, static_cast<int>(ids_.size())};
  ids_.emplace_back(id);
  positions_.push_back(position);
}

int IdIndex::find(std::string_view id) const {
  if (slots_.empty()) return -1;
  const Slot& at = slots_[slot_of(id, hash_of(id))];
  return at.entry < 0 ? -1 : positions_[static_cast<std::size_t>(at.entry)];
}

void IdIndex::clear() {
  ids_.clear();
  positions_.clear();
  slots_.clear();
}

}  // namespace qa
