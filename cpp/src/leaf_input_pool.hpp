// The binder's leaf inputs (BoundSubmission::leaves), one array kept per thread from one
// assessment to the next.
//
// A single assessment binds a submission, scores it, keeps what it read in the Result's compact
// trace (leaf_trace.hpp) and frees the bound array, 112 bytes a leaf. Allocated afresh for each
// call among the Results a caller keeps, that array was memory new to the cache every time: a
// third of a single assessment's cache misses (Callgrind, docs/architecture.md "The pipeline").
#pragma once

#include <cstddef>
#include <vector>

#include "qualityassess/submission.hpp"

namespace qa::detail {

// `count` default LeafInputs, in the storage the thread gave back last when there is one.
std::vector<LeafInput> take_leaf_inputs(std::size_t count);
// Keeps the storage of `leaves`, done with, for the thread's next take_leaf_inputs.
void give_back_leaf_inputs(std::vector<LeafInput>&& leaves);

}  // namespace qa::detail
