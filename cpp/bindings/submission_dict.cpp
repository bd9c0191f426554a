#include "submission_dict.hpp"

#include <array>
#include <string>
#include <string_view>

#include "py_json.hpp"
#include "qualityassess/errors.hpp"
#include "qualityassess/json_document.hpp"

namespace py = pybind11;

namespace qa::bindings {
namespace {

using nlohmann::json;

constexpr std::array<std::pair<std::string_view, ValueSection>, 5> kSections{{
    {"targets", ValueSection::targets},
    {"self_evaluation", ValueSection::self_evaluation},
    {"verification", ValueSection::verification},
    {"previous", ValueSection::previous},
    {"adjustments", ValueSection::adjustments},
}};

// The value sections of the dict that are dicts themselves, read when the binder asks. A section
// that is not a dict stays in the rest of the document, where read_submission refuses it.
class DictSections final : public SectionSource {
 public:
  // Takes `value` if `key` names a value section and `value` is a dict.
  bool take(std::string_view key, PyObject* value) {
    if (!PyDict_Check(value)) return false;
    for (const auto& [name, section] : kSections) {
      if (key != name) continue;
      // Owned: converting other members may run Python code (item(), isoformat()).
      sections_[static_cast<std::size_t>(section)] = py::reinterpret_borrow<py::object>(value);
      return true;
    }
    return false;
  }

  void for_each(ValueSection section, IssueList& issues, const Visit& visit) const override {
    const py::object& dict = sections_[static_cast<std::size_t>(section)];
    if (!dict) return;
    if (static_cast<std::size_t>(PyDict_Size(dict.ptr())) > kDocumentLimits.max_items) {
      issues.add("", "too many members", "成员过多");
      return;
    }
    std::string id;             // one buffer for every key: most ids are longer than a short string
    json text = std::string();  // one buffer for every value that is a str (most are levels)
    Py_ssize_t position = 0;
    PyObject* key = nullptr;
    PyObject* value = nullptr;
    while (PyDict_Next(dict.ptr(), &position, &key, &value)) {
      Py_ssize_t size = 0;
      const char* name = PyUnicode_Check(key) ? PyUnicode_AsUTF8AndSize(key, &size) : nullptr;
      if (name == nullptr) {
        PyErr_Clear();
        issues.add("", "a key that is not text", "有一个键不是文字");
        continue;
      }
      id.assign(name, static_cast<std::size_t>(size));
      if (Py_TYPE(value) == &PyUnicode_Type) {
        Py_ssize_t length = 0;
        const char* data = PyUnicode_AsUTF8AndSize(value, &length);
        if (data != nullptr) {  // as member_to_json converts it, into a buffer that is kept
          text.get_ref<std::string&>().assign(data, static_cast<std::size_t>(length));
          check_document_member(id, text, 3, issues);
          visit(id, text);
          continue;
        }
        PyErr_Clear();  // an unpaired surrogate: member_to_json names the problem
      }
      const py::object held = py::reinterpret_borrow<py::object>(value);
      // Depths as the whole document's: the root 0 (1 for check_document), a section 1, a member 2.
      const json converted = member_to_json(held, 2, issues);
      check_document_member(id, converted, 3, issues);
      visit(id, converted);
    }
  }

 private:
  std::array<py::object, kSections.size()> sections_;
};

}  // namespace

std::optional<BoundSubmission> bind_dict_in_place(const Scheme& scheme, py::handle document) {
  if (!PyDict_Check(document.ptr())) return std::nullopt;
  IssueList issues;
  DictSections sections;
  json rest = dict_to_json_except(
      document, [&](std::string_view key, PyObject* value) { return sections.take(key, value); }, issues);
  if (!issues.empty()) return std::nullopt;
  try {
    const Submission submission = read_submission(std::move(rest));
    return bind_for_assessment(scheme, submission, sections);
  } catch (const InputError&) {
    return std::nullopt;
  }
}

}  // namespace qa::bindings
