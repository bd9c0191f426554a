// One region's submission for one assessment year (docs/contracts.md, "Submission JSON").
//
// Reading happens in two steps: the document's structure is checked on its own
// (read_submission), then its values are bound to a scheme's points and rules (bind_submission),
// which is where unknown points, impossible levels and out-of-range rates are caught.
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "qualityassess/civil_date.hpp"
#include "qualityassess/errors.hpp"
#include "qualityassess/fixed.hpp"
#include "qualityassess/scheme.hpp"

namespace qa {

struct Region {
  std::string code;
  std::string name;
};

struct Incident {
  std::string id;
  CivilDate date;
  std::string scope;
  std::string severity;
  std::int64_t deaths = 0;
  bool reported_in_self_evaluation = true;
  std::string summary;
  std::string evidence;  // how verification found it, e.g. for a concealed incident (Art. 9)
  nlohmann::json meta;   // free-form, kept as given (null when absent)
};

// When the region filed each step; later than the calendar's due date is a late filing (Art. 6).
struct FilingDates {
  std::optional<CivilDate> targets;
  std::optional<CivilDate> self_evaluation;
  // "targets" and/or "self_evaluation": recorded by the office as never submitted once the
  // deadline had passed (a campaign's not_submitted step); gives a not_submitted finding.
  std::vector<std::string> not_submitted;
};

// Values by point or item id as the document gives them: the type of a JSON object itself, so
// that reading a document moves each section in whole instead of node by node.
using ValueMap = nlohmann::json::object_t;

struct Submission {
  Region region;
  int year = 0;
  std::string scheme;  // optional: when given it must match the scheme used
  ValueMap targets;
  ValueMap self_evaluation;
  ValueMap verification;
  ValueMap previous;
  ValueMap adjustments;
  std::vector<Incident> incidents;
  FilingDates filed;
  std::map<std::string, std::string> evidence;  // point id -> what verification found
  nlohmann::json meta;                          // free-form, kept as given (null when absent)
};

// Throws InputError naming every structural problem with its JSON path.
Submission read_submission(const nlohmann::json& document);
// The same, moving the values it keeps (targets, self-evaluation, ..., meta) out of `document`
// instead of copying them: what is left of the document is unspecified.
Submission read_submission(nlohmann::json&& document);
// The same from JSON text, parsed under the limits of json_document.hpp.
Submission read_submission_text(std::string_view json_text);
nlohmann::json write_submission(const Submission& submission);

// ---- bound to a scheme --------------------------------------------------------------------

// A leaf's value in the shape its rule wants.
struct LeafValue {
  Fixed number;    // target, direct, value
  int level = -1;  // levels: index in the level set
  bool present = false;
  bool flag = false;  // boolean
  // A checklist's state per rule item (not_met when not given), or a deduction's count per kind:
  // one vector for either, because every Result keeps a value per leaf and section (its trace)
  // and a second, always empty vector made each Result a sixth larger.
  std::vector<std::int64_t> parts;

  ItemState item(std::size_t k) const { return static_cast<ItemState>(parts[k]); }
  void set_item(std::size_t k, ItemState state) { parts[k] = static_cast<std::int64_t>(state); }
  std::int64_t count(std::size_t k) const { return parts[k]; }
};

struct LeafInput {
  LeafValue self;
  LeafValue verified;
  std::optional<Fixed> target;    // filed by the region
  std::optional<Fixed> previous;  // last year's value, for zero_if_worse_than_previous
};

struct BoundSubmission {
  Region region;
  int year = 0;
  std::vector<LeafInput> leaves;   // parallel to Scheme::leaves
  std::vector<Fixed> adjustments;  // parallel to Scheme::adjustments, raw input value
  std::vector<bool> adjustment_given;
  std::vector<Incident> incidents;
  FilingDates filed;
  std::vector<std::string> evidence;  // parallel to Scheme::leaves, or empty when none was given
};

// The sections of a submission that give values by point or item id.
enum class ValueSection { targets, self_evaluation, verification, previous, adjustments };

// Where the binder reads those values from. A read Submission's maps are one source
// (SubmissionSections); the bindings read the sections of a Python dict in place through another,
// so that a single assessment does not first copy every value into a JSON map
// (docs/architecture.md, "One input door"). Either way the binder below is the one that reads
// and checks each value.
class SectionSource {
 public:
  // A callable given for the length of one for_each call and never kept: a pointer to it and to
  // its call operator. (A std::function allocated for the binder's captures, once per section of
  // every submission.)
  class Visit {
   public:
    template <class F, class = std::enable_if_t<!std::is_same_v<std::decay_t<F>, Visit>>>
    Visit(const F& visit)  // implicit: a lambda converts to it, as to a std::function
        : visit_(&visit), call_([](const void* f, std::string_view id, const nlohmann::json& value) {
            (*static_cast<const F*>(f))(id, value);
          }) {}
    void operator()(std::string_view id, const nlohmann::json& value) const { call_(visit_, id, value); }

   private:
    const void* visit_;
    void (*call_)(const void*, std::string_view, const nlohmann::json&);
  };
  virtual ~SectionSource() = default;
  // Calls `visit` for each member of `section`, in the order the source keeps them; the id lives
  // as long as the source (it may be the source's own key, not a copy). A member the
  // source cannot give as JSON is recorded in `issues`, at its JSON pointer, instead.
  virtual void for_each(ValueSection section, IssueList& issues, const Visit& visit) const = 0;
};

// The value sections of a read Submission.
class SubmissionSections final : public SectionSource {
 public:
  explicit SubmissionSections(const Submission& submission) : submission_(submission) {}
  void for_each(ValueSection section, IssueList& issues, const Visit& visit) const override;

 private:
  const Submission& submission_;
};

// Throws InputError naming every problem: "/self_evaluation/development_plan: 'superb' is not a
// level (excellent, good, fair, poor, none)".
BoundSubmission bind_submission(const Scheme& scheme, const Submission& submission);
// bind_submission, and what an assessment needs on top: a value for every point computed from
// the level below (from_lower_level), which a filed submission does not hold.
BoundSubmission bind_for_assessment(const Scheme& scheme, const Submission& submission);
// The same with the value sections read from `values`; those of `rest` are not read.
BoundSubmission bind_for_assessment(const Scheme& scheme, const Submission& rest,
                                    const SectionSource& values);
// The same taking the incidents of `rest`, which a single assessment reads only to bind.
BoundSubmission bind_for_assessment(const Scheme& scheme, Submission&& rest, const SectionSource& values);

}  // namespace qa
