// One exception hierarchy for the core; the bindings map it once to qa.SchemeError and
// qa.InputError (both ValueError subclasses).
#pragma once

#include <stdexcept>
#include <string>
#include <vector>

#include "qualityassess/text.hpp"

namespace qa {

// One problem found in a document: where (a JSON pointer such as
// "/nodes/1/children/0/rule/per_point", or a region and point) and what is wrong.
//
// Messages are written once, here in the core, in English and, where a clerk filling a form
// meets them, in Chinese too (`message_zh`); empty when only the English exists. The bindings
// give both to Python (InputError.issues and .issues_zh), and the CLI shows its --lang.
struct Issue {
  std::string path;
  std::string message;
  std::string message_zh = {};
};

// "heading: path: message", or the heading and the count, then one problem per line; in
// Lang::zh the heading's Chinese (heading_zh) and each problem's message_zh (its English when
// it has none).
std::string format_issues(const std::string& heading, const std::vector<Issue>& issues);
std::string format_issues(const std::string& heading, const std::vector<Issue>& issues, Lang lang);

// A heading's Chinese ("invalid table" 表格有误, "submission 420000 湖北省" 报送数据有误（420000
// 湖北省）, "FILE: damaged workbook" FILE: 工作簿已损坏): every heading the core and the package
// raise is worded here once, so that a thrower gives only its English. The English itself when
// it is not known.
std::string heading_zh(const std::string& heading);

class Error : public std::runtime_error {
 public:
  Error(const std::string& heading, std::vector<Issue> issues);
  const std::vector<Issue>& issues() const { return issues_; }
  const std::string& heading() const { return heading_; }
  // what() in Chinese: the heading's and the problems' Chinese (format_issues, Lang::zh).
  std::string what_zh() const;

 private:
  std::string heading_;
  std::vector<Issue> issues_;
};

// The scheme document is wrong: every problem found, each with its JSON path.
class SchemeError : public Error {
 public:
  using Error::Error;
};

// A submission, an incident, a date or a call argument is wrong.
class InputError : public Error {
 public:
  using Error::Error;
};

// Collects issues so that a loader can report every problem at once.
class IssueList {
 public:
  void add(std::string path, std::string message) {
    issues_.push_back({std::move(path), std::move(message), {}});
  }
  // The same problem worded in English and in Chinese.
  void add(std::string path, std::string message, std::string message_zh) {
    issues_.push_back({std::move(path), std::move(message), std::move(message_zh)});
  }
  // Issues from `first` on were recorded relative to a value (paths "" or "/item"): gives them
  // the value's own path.
  void prefix_paths(std::size_t first, const std::string& prefix) {
    for (std::size_t i = first; i < issues_.size(); ++i) issues_[i].path.insert(0, prefix);
  }
  bool empty() const { return issues_.empty(); }
  std::size_t size() const { return issues_.size(); }
  const std::vector<Issue>& items() const { return issues_; }
  template <class E>
  void throw_if_any(const std::string& heading) const {
    if (!issues_.empty()) throw E(heading, issues_);
  }

 private:
  std::vector<Issue> issues_;
};

}  // namespace qa
