// Python objects <-> JSON documents, with the path of every value that cannot be converted
// (NaN, infinities, non-string keys, unsupported types) so that the error names its place.
#pragma once

#include <pybind11/pybind11.h>

#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "qualityassess/errors.hpp"

namespace qa::bindings {

// Which error a bad document raises: SchemeError for a scheme, InputError otherwise.
enum class DocumentKind { scheme, submission, other };

// Converts dicts, lists, tuples, str, int, float, bool, None, dates (as YYYY-MM-DD) and NumPy
// scalars. Throws SchemeError or InputError (by `kind`) listing every value at fault.
nlohmann::json to_json(pybind11::handle object, DocumentKind kind);
pybind11::object from_json(const nlohmann::json& value);

// For a document read part by part (submission_dict.hpp). Problems go to `issues`, with paths
// relative to the value converted.
// A dict's members but those `take(key, value)` takes (the caller reads them itself).
using MemberFilter = std::function<bool(std::string_view key, PyObject* value)>;
nlohmann::json dict_to_json_except(pybind11::handle dict, const MemberFilter& take, IssueList& issues);
// A value found at `depth` below the root (the root is 0).
nlohmann::json member_to_json(pybind11::handle value, int depth, IssueList& issues);

// JSON text parsed under the core's limits (qa::parse_document), refusing duplicate keys.
nlohmann::json parse_text(pybind11::handle text, DocumentKind kind);

// A JSON document from a str (parsed) or any other object (converted).
nlohmann::json document_from(pybind11::handle text_or_object, DocumentKind kind);

}  // namespace qa::bindings
