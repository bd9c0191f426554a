// A submission given as a Python dict, bound for a single assessment without first copying its
// value sections into JSON maps: that copy cost more than the assessment itself
// (docs/architecture.md, "One input door"). The rest of the document is read by read_submission;
// the sections (targets, self_evaluation, ...) are handed to the binder member by member, each
// converted and checked as the whole document would be.
#pragma once

#include <pybind11/pybind11.h>

#include <optional>

#include "qualityassess/scheme.hpp"
#include "qualityassess/submission.hpp"

namespace qa::bindings {

// The dict bound to `scheme` as bind_for_assessment binds it, or nothing when the document has
// any problem at all. The caller then reads it the general way (read_submission of the whole
// document), which names every problem: an error lists the same problems, in the same order and
// words, whichever way a document came in.
std::optional<BoundSubmission> bind_dict_in_place(const Scheme& scheme, pybind11::handle document);

}  // namespace qa::bindings
