// Derived schemes. Art. 10: every province assesses the regions under it "on the basis of these
// measures, adapted to local conditions", so a provincial scheme names a base ("extends") and
// states only its changes. The changes are applied to the base's canonical document and the
// result is read like any complete scheme, so a derived scheme is checked exactly as one.
//
// While the document is merged, every point and item the derived document touches carries a
// marker; the markers become a map from places in the merged document to places in the derived
// one, through which every problem is reported (docs/scheme-language.md, "Derived schemes").
#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <set>

#include "json_reader.hpp"
#include "qualityassess/builtin_schemes.hpp"
#include "qualityassess/errors.hpp"
#include "qualityassess/json_document.hpp"
#include "qualityassess/scheme_io.hpp"
#include "value_wording.hpp"

namespace qa {
namespace detail {
SchemePtr read_complete_scheme(const json& document);  // scheme_reader.cpp
}  // namespace detail

namespace {

using detail::json;
using detail::pointer_child;

// Carried by merged items until the origins are collected; no scheme key starts with '/'.
constexpr const char* kMarker = "//origin";

// Lists of items with ids, changed by "remove", "modify" and "add".
constexpr const char* kItemSections[] = {"level_sets", "adjustments", "conditions", "consequences"};
// Objects changed key by key; a null value removes the key.
constexpr const char* kObjectSections[] = {"total",   "rounding", "misreporting",
                                           "grading", "period",   "legal_basis"};
// Lists replaced whole.
constexpr const char* kListSections[] = {"incident_scopes", "incident_severities"};
constexpr const char* kHeaderKeys[] = {"format", "extends", "id", "name", "version", "description"};
constexpr const char* kChangeVerbs[] = {"remove", "modify", "add"};

template <class Range>
bool is_one_of(const Range& names, const std::string& key) {
  return std::any_of(std::begin(names), std::end(names), [&](const char* name) { return key == name; });
}

std::string derived_keys_text() {
  std::string text;
  auto append = [&text](const auto& names) {
    for (const char* name : names) text += (text.empty() ? "" : ", ") + std::string(name);
  };
  append(kHeaderKeys);
  text += ", nodes";
  append(kItemSections);
  append(kObjectSections);
  append(kListSections);
  return text;
}

bool names_file(const std::string& reference) {
  const auto ends_with_json =
      reference.size() > 5 && reference.compare(reference.size() - 5, 5, ".json") == 0;
  return ends_with_json || reference.find_first_of("/\\") != std::string::npos;
}

// ---- where a problem found in the merged document belongs in the derived one ---------------

struct Origin {
  bool added = false;             // the derived document gave the whole item
  std::string at;                 // its place there (added), or where a change to it would go
  std::set<std::string> changed;  // keys the derived document set on an inherited item
};

class OriginMap {
 public:
  void add(std::string merged_path, Origin origin) { origins_[std::move(merged_path)] = std::move(origin); }
  void note_given(std::string derived_path) { given_.insert(std::move(derived_path)); }

  Issue translate(const Issue& issue, const std::string& base_id) const {
    const Translated place = translate_path(issue.path);
    std::string message = translate_embedded_paths(issue.message, detail::kFirstAtEn, ", inherited");
    std::string message_zh =
        issue.message_zh.empty()
            ? std::string()
            : translate_embedded_paths(issue.message_zh, detail::kFirstAtZh, "，继承而来");
    if (place.inherited) {
      message += " (inherited from '" + base_id + "')";
      if (!message_zh.empty()) message_zh += "（继承自 '" + base_id + "'）";
    }
    return {place.path, message, message_zh};
  }

 private:
  struct Translated {
    std::string path;
    bool inherited = false;
  };

  // The origin of the longest prefix of `path` that names a point or an item.
  Translated translate_path(const std::string& path) const {
    std::string prefix = path;
    while (!prefix.empty()) {
      auto found = origins_.find(prefix);
      if (found != origins_.end()) return from_origin(found->second, path.substr(prefix.size()));
      const auto slash = prefix.rfind('/');
      if (slash == std::string::npos) break;
      prefix.resize(slash);
    }
    return from_sections(path);
  }

  static Translated from_origin(const Origin& origin, const std::string& rest) {
    if (origin.added) return {origin.at + rest, false};
    const std::string first_key = rest.empty() ? "" : rest.substr(1, rest.find('/', 1) - 1);
    if (origin.changed.count(first_key) != 0) return {origin.at + rest, false};
    // Below an inherited point lies the inherited tree: the problem concerns this point.
    if (first_key == "children") return {origin.at, true};
    return {origin.at + rest, true};
  }

  Translated from_sections(const std::string& path) const {
    if (path.size() < 2) return {path, false};
    const auto second = path.find('/', 1);
    const std::string section = path.substr(1, second == std::string::npos ? std::string::npos : second - 1);
    const bool whole_given = given_.count("/" + section) != 0;
    if (is_one_of(kListSections, section)) return {path, !whole_given};
    if (is_one_of(kObjectSections, section)) {
      const auto third = second == std::string::npos ? std::string::npos : path.find('/', second + 1);
      return {path, given_.count(path.substr(0, third)) == 0};
    }
    return {path, false};
  }

  // Messages such as "duplicate id 'x' (first at /nodes/1/children/2)" name merged places too
  // (detail::duplicate_id: `marks` are its parentheses in the message's language).
  std::string translate_embedded_paths(const std::string& message, const detail::EmbeddedPath& marks,
                                       const char* inherited) const {
    const std::string marker = marks.open;
    const auto start = message.find(marker);
    if (start == std::string::npos) return message;
    const auto from = start + marker.size();
    const auto end = message.find(marks.close, from);
    if (end == std::string::npos) return message;
    const Translated place = translate_path(message.substr(from, end - from));
    return message.substr(0, from) + place.path + (place.inherited ? inherited : "") + message.substr(end);
  }

  std::map<std::string, Origin> origins_;
  std::set<std::string> given_;
};

// ---- applying the changes ------------------------------------------------------------------

struct Slot {
  json* siblings = nullptr;
  std::size_t index = 0;
  json& item() const { return (*siblings)[index]; }
};

bool has_id(const json& item, const std::string& id) {
  if (!item.is_object()) return false;
  auto found = item.find("id");
  return found != item.end() && found->is_string() && found->get<std::string>() == id;
}

std::optional<Slot> find_node(json& siblings, const std::string& id) {
  for (std::size_t i = 0; i < siblings.size(); ++i) {
    json& node = siblings[i];
    if (has_id(node, id)) return Slot{&siblings, i};
    if (!node.is_object()) continue;
    auto children = node.find("children");
    if (children != node.end() && children->is_array()) {
      if (auto slot = find_node(*children, id)) return slot;
    }
  }
  return std::nullopt;
}

std::optional<Slot> find_item(json& list, const std::string& id) {
  for (std::size_t i = 0; i < list.size(); ++i) {
    if (has_id(list[i], id)) return Slot{&list, i};
  }
  return std::nullopt;
}

void mark_added(json& node, const std::string& derived_path, bool with_children) {
  if (!node.is_object()) return;
  node[kMarker] = {{"added", true}, {"at", derived_path}};
  if (!with_children) return;
  auto children = node.find("children");
  if (children == node.end() || !children->is_array()) return;
  for (std::size_t i = 0; i < children->size(); ++i) {
    mark_added((*children)[i], pointer_child(pointer_child(derived_path, "children"), i), true);
  }
}

class Derivation {
 public:
  Derivation(const json& derived, const Scheme& base)
      : derived_(derived), base_(base), merged_(write_scheme(base)) {}

  // The merged document, or the problems with the changes themselves (unknown ids, bad places).
  json merge(IssueList& issues) {
    apply_header(issues);
    apply_node_changes(issues);
    for (const char* section : kItemSections) apply_item_changes(section, issues);
    for (const char* section : kObjectSections) apply_object_changes(section, issues);
    for (const char* section : kListSections) replace_list(section);
    collect_origins();
    return merged_;
  }

  const OriginMap& origins() const { return origins_; }

 private:
  void apply_header(IssueList& issues) {
    for (const auto& [key, value] : derived_.items()) {
      // "comment" and "$schema" are allowed in every object of a document (scheme-language.md).
      const bool known = is_one_of(kHeaderKeys, key) || key == "nodes" || is_one_of(kItemSections, key) ||
                         is_one_of(kObjectSections, key) || is_one_of(kListSections, key) ||
                         key == "comment" || key == "$schema";
      if (!known)
        issues.add(pointer_child("", key),
                   "unknown key in a derived scheme (known: " + derived_keys_text() + ")",
                   "派生考核方案中的未知键（可用：" + derived_keys_text() + "）");
    }
    // The base's version and description describe the base; a derived scheme states its own.
    merged_.erase("version");
    merged_.erase("description");
    for (const char* key : {"format", "id", "name", "version", "description"}) {
      if (derived_.contains(key)) merged_[key] = derived_[key];
    }
    if (!derived_.contains("id"))
      issues.add("/id", "is required: a derived scheme needs an id of its own",
                 "必须填写：派生考核方案应有自己的 id");
    if (!derived_.contains("name"))
      issues.add("/name", "is required: a derived scheme needs a name of its own",
                 "必须填写：派生考核方案应有自己的名称");
    if (derived_.contains("id") && derived_["id"] == base_.id) {
      issues.add("/id", "must differ from the id of the scheme it extends ('" + base_.id + "')",
                 "应与所扩展的考核方案的 id（'" + base_.id + "'）不同");
    }
    merged_.erase("extends");
    merged_["derived_from"] = {{"id", base_.id}};
    if (!base_.version.empty()) merged_["derived_from"]["version"] = base_.version;
  }

  // The changes to one list: an object with "remove" (ids), "modify" (id -> keys) and "add".
  // `what`: what the section holds, in English and Chinese ("the points", "指标").
  const json* changes_of(const std::string& section, const detail::Wording& what, IssueList& issues) {
    if (!derived_.contains(section)) return nullptr;
    const json& changes = derived_[section];
    const std::string path = pointer_child("", section);
    if (!changes.is_object()) {
      issues.add(path,
                 "a derived scheme states its changes to " + what.en +
                     " as an object with 'remove', 'modify' and 'add' (a complete list belongs in a "
                     "scheme without 'extends')",
                 "派生考核方案对" + what.zh +
                     "的修改应写成含 'remove'、'modify' 和 'add' 的对象（完整的列表应写在不含 'extends' "
                     "的考核方案中）");
      return nullptr;
    }
    for (const auto& [verb, value] : changes.items()) {
      if (!is_one_of(kChangeVerbs, verb)) {
        issues.add(pointer_child(path, verb), "unknown change: use 'remove', 'modify' or 'add'",
                   "未知的修改：请用 'remove'、'modify' 或 'add'");
      }
    }
    for (const char* verb : {"remove", "add"}) {
      if (changes.contains(verb) && !changes[verb].is_array())
        issues.add(pointer_child(path, verb), "must be a list", "应为列表");
    }
    if (changes.contains("modify") && !changes["modify"].is_object()) {
      issues.add(pointer_child(path, "modify"), "must be an object: id -> the keys to change",
                 "应为对象：id -> 要修改的键");
    }
    return &changes;
  }

  std::vector<std::pair<std::string, std::string>> removals(const json& changes, const std::string& path,
                                                            IssueList& issues) {
    std::vector<std::pair<std::string, std::string>> out;  // (id, path)
    if (!changes.contains("remove") || !changes["remove"].is_array()) return out;
    const json& list = changes["remove"];
    for (std::size_t i = 0; i < list.size(); ++i) {
      const std::string at = pointer_child(pointer_child(path, "remove"), i);
      if (!list[i].is_string() || list[i].get<std::string>().empty()) {
        issues.add(at, "must be an id", "应为 id");
        continue;
      }
      out.emplace_back(list[i].get<std::string>(), at);
    }
    return out;
  }

  // Sets the given keys on an inherited item (null removes one) and marks it changed.
  void modify_item(json& item, const json& keys, const std::string& at, IssueList& issues,
                   std::initializer_list<const char*> fixed_keys, const detail::Wording& fixed_reason) {
    if (!keys.is_object()) {
      issues.add(at, "must be an object of the keys to change", "应为由要修改的键组成的对象");
      return;
    }
    json changed = json::array();
    for (const auto& entry : keys.items()) {
      const std::string& key = entry.key();
      const json& value = entry.value();
      if (std::any_of(fixed_keys.begin(), fixed_keys.end(), [&key](const char* k) { return key == k; })) {
        issues.add(pointer_child(at, key), "cannot be changed here: " + fixed_reason.en,
                   "不能在此修改：" + fixed_reason.zh);
        continue;
      }
      if (value.is_null()) {
        item.erase(key);
      } else {
        item[key] = value;
      }
      changed.push_back(key);
    }
    item[kMarker] = {{"added", false}, {"at", at}, {"changed", changed}};
  }

  void apply_node_changes(IssueList& issues) {
    const json* changes = changes_of("nodes", {"the points", "指标"}, issues);
    if (changes == nullptr) return;
    json& roots = merged_["nodes"];
    for (const auto& [id, at] : removals(*changes, "/nodes", issues)) {
      if (auto slot = find_node(roots, id)) {
        slot->siblings->erase(slot->siblings->begin() + static_cast<std::ptrdiff_t>(slot->index));
      } else {
        issues.add(at, "no point '" + id + "' in '" + base_.id + "' (or it is removed twice)",
                   "'" + base_.id + "' 中没有指标 '" + id + "'（或已重复删除）");
      }
    }
    if (changes->contains("modify") && (*changes)["modify"].is_object()) {
      for (const auto& [id, keys] : (*changes)["modify"].items()) {
        const std::string at = pointer_child("/nodes/modify", id);
        if (auto slot = find_node(roots, id)) {
          modify_item(slot->item(), keys, at, issues, {"id", "children"},
                      {"add and remove points with /nodes/add and /nodes/remove",
                       "增删指标请用 /nodes/add 和 /nodes/remove"});
        } else {
          issues.add(at, "no point '" + id + "' in '" + base_.id + "' (removed above?)",
                     "'" + base_.id + "' 中没有指标 '" + id + "'（是否已在上面删除？）");
        }
      }
    }
    if (changes->contains("add") && (*changes)["add"].is_array()) {
      const json& additions = (*changes)["add"];
      for (std::size_t i = 0; i < additions.size(); ++i)
        add_node(additions[i], pointer_child("/nodes/add", i), issues);
    }
  }

  void add_node(const json& entry, const std::string& at, IssueList& issues) {
    detail::ObjectReader reader(entry, at, issues);
    if (!reader.ok()) return;
    const auto under = reader.string("under", false);
    const auto after = reader.string("after", false);
    const json* node = reader.object("node", true);
    reader.reject_unknown_keys();
    if (node == nullptr) return;
    json* siblings = &merged_["nodes"];
    if (under) {
      auto parent = find_node(merged_["nodes"], *under);
      if (!parent) {
        issues.add(reader.path_of("under"),
                   "no point '" + *under + "' (in '" + base_.id + "' or added above)",
                   "没有指标 '" + *under + "'（'" + base_.id + "' 中和上面新增的指标中都没有）");
        return;
      }
      json& parent_node = parent->item();
      if (!parent_node.contains("children") || !parent_node["children"].is_array()) {
        issues.add(reader.path_of("under"),
                   "'" + *under + "' is a leaf: points are added under a point with children",
                   "'" + *under + "' 是末级指标：新增指标应加在有下级指标的指标之下");
        return;
      }
      siblings = &parent_node["children"];
    }
    std::size_t position = siblings->size();
    if (after) {
      auto sibling = find_item(*siblings, *after);
      if (!sibling) {
        issues.add(
            reader.path_of("after"),
            "no point '" + *after + "' directly " + (under ? "under '" + *under + "'" : "at the top level"),
            (under ? "'" + *under + "' 的直接下级中" : std::string("一级指标中")) + "没有指标 '" + *after +
                "'");
        return;
      }
      position = sibling->index + 1;
    }
    json added = *node;
    mark_added(added, reader.path_of("node"), true);
    siblings->insert(siblings->begin() + static_cast<std::ptrdiff_t>(position), std::move(added));
  }

  void apply_item_changes(const std::string& section, IssueList& issues) {
    const json* changes = changes_of(section, {"/" + section, " /" + section + " "}, issues);
    if (changes == nullptr) return;
    json& list = merged_[section];
    if (!list.is_array()) list = json::array();
    const std::string path = pointer_child("", section);
    for (const auto& [id, at] : removals(*changes, path, issues)) {
      if (auto slot = find_item(list, id)) {
        list.erase(list.begin() + static_cast<std::ptrdiff_t>(slot->index));
      } else {
        issues.add(at, "no '" + id + "' in " + path + " of '" + base_.id + "' (or it is removed twice)",
                   "'" + base_.id + "' 的 " + path + " 中没有 '" + id + "'（或已重复删除）");
      }
    }
    if (changes->contains("modify") && (*changes)["modify"].is_object()) {
      for (const auto& [id, keys] : (*changes)["modify"].items()) {
        const std::string at = pointer_child(pointer_child(path, "modify"), id);
        if (auto slot = find_item(list, id)) {
          modify_item(slot->item(), keys, at, issues, {"id"},
                      {"remove the item and add one with the new id", "请删除该项，再以新的 id 添加一项"});
        } else {
          issues.add(at, "no '" + id + "' in " + path + " of '" + base_.id + "' (removed above?)",
                     "'" + base_.id + "' 的 " + path + " 中没有 '" + id + "'（是否已在上面删除？）");
        }
      }
    }
    if (changes->contains("add") && (*changes)["add"].is_array()) {
      const json& additions = (*changes)["add"];
      for (std::size_t i = 0; i < additions.size(); ++i) {
        json added = additions[i];
        mark_added(added, pointer_child(pointer_child(path, "add"), i), false);
        list.push_back(std::move(added));
      }
    }
  }

  void apply_object_changes(const std::string& section, IssueList& issues) {
    if (!derived_.contains(section)) return;
    const json& changes = derived_[section];
    const std::string path = pointer_child("", section);
    if (!changes.is_object()) {
      issues.add(path, "must be an object: the keys of " + path + " to change",
                 "应为对象：" + path + " 中要修改的键");
      return;
    }
    json& target = merged_[section];
    if (!target.is_object()) target = json::object();
    for (const auto& [key, value] : changes.items()) {
      if (value.is_null()) {
        target.erase(key);
      } else {
        target[key] = value;
      }
      origins_.note_given(pointer_child(path, key));
    }
  }

  void replace_list(const std::string& section) {
    if (!derived_.contains(section)) return;
    merged_[section] = derived_[section];
    origins_.note_given(pointer_child("", section));
  }

  // ---- origins ----------------------------------------------------------------------------

  static Origin take_origin(json& item, const std::string& inherited_at) {
    Origin origin{false, inherited_at, {}};
    if (!item.is_object()) return origin;
    auto marker = item.find(kMarker);
    if (marker == item.end()) return origin;
    origin.added = (*marker)["added"].get<bool>();
    origin.at = (*marker)["at"].get<std::string>();
    if (marker->contains("changed")) {
      for (const json& key : (*marker)["changed"]) origin.changed.insert(key.get<std::string>());
    }
    item.erase(marker);
    return origin;
  }

  static std::string id_of(const json& item) {
    if (item.is_object() && item.contains("id") && item["id"].is_string())
      return item["id"].get<std::string>();
    return "";
  }

  void collect_node_origins(json& siblings, const std::string& path) {
    for (std::size_t i = 0; i < siblings.size(); ++i) {
      json& node = siblings[i];
      const std::string node_path = pointer_child(path, i);
      origins_.add(node_path, take_origin(node, pointer_child("/nodes/modify", id_of(node))));
      if (node.is_object() && node.contains("children") && node["children"].is_array()) {
        collect_node_origins(node["children"], pointer_child(node_path, "children"));
      }
    }
  }

  void collect_origins() {
    if (merged_["nodes"].is_array()) collect_node_origins(merged_["nodes"], "/nodes");
    for (const char* section : kItemSections) {
      json& list = merged_[section];
      if (!list.is_array()) continue;
      const std::string path = pointer_child("", section);
      for (std::size_t i = 0; i < list.size(); ++i) {
        const std::string inherited_at = pointer_child(pointer_child(path, "modify"), id_of(list[i]));
        origins_.add(pointer_child(path, i), take_origin(list[i], inherited_at));
      }
    }
  }

  const json& derived_;
  const Scheme& base_;
  json merged_;
  OriginMap origins_;
};

// ---- reading a chain of schemes ------------------------------------------------------------

// Files being read, outermost first: a base that leads back to one of them is a loop.
struct Chain {
  std::vector<std::string> files;
};

class ChainEntry {
 public:
  ChainEntry(Chain& chain, std::string file) : chain_(chain) { chain_.files.push_back(std::move(file)); }
  ~ChainEntry() { chain_.files.pop_back(); }
  ChainEntry(const ChainEntry&) = delete;
  ChainEntry& operator=(const ChainEntry&) = delete;

 private:
  Chain& chain_;
};

std::string canonical_file(const std::string& file) {
  std::error_code error;
  const auto canonical = std::filesystem::weakly_canonical(std::filesystem::path(file), error);
  return error ? std::filesystem::path(file).lexically_normal().string() : canonical.string();
}

std::string read_file_text(const std::string& file, IssueList& issues, const std::string& at) {
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    const std::string reason = std::strerror(errno);
    issues.add(at, "cannot read '" + file + "': " + reason, "无法读取 '" + file + "'：" + reason);
    return {};
  }
  std::string text(kDocumentLimits.max_bytes + 1, '\0');
  in.read(text.data(), static_cast<std::streamsize>(text.size()));
  text.resize(static_cast<std::size_t>(in.gcount()));
  return text;
}

SchemePtr read_in_chain(const json& document, const std::string& origin_file, Chain& chain);

// A base file is named relative to the scheme that extends it, and is a scheme document: an
// absolute path would let a scheme file from elsewhere read any file on the machine.
std::optional<detail::Wording> base_file_reference_problem(const std::string& reference) {
  if (std::filesystem::path(reference).is_absolute() || reference.rfind('/', 0) == 0 ||
      reference.rfind('\\', 0) == 0) {
    return detail::Wording{"is an absolute path: name the base file relative to this scheme's folder",
                           "是绝对路径：请写相对于本考核方案所在文件夹的路径"};
  }
  const bool ends_with_json =
      reference.size() > 5 && reference.compare(reference.size() - 5, 5, ".json") == 0;
  if (!ends_with_json)
    return detail::Wording{"is not a .json file: a base scheme is a file ending in .json, or a built-in id",
                           "不是 .json 文件：基础考核方案应为以 .json 结尾的文件或内置考核方案的 id"};
  return std::nullopt;
}

void add_nested(IssueList& issues, const std::string& reference, const std::vector<Issue>& nested) {
  for (const Issue& issue : nested) {
    const std::string place = issue.path.empty() ? "" : issue.path + ": ";
    issues.add("/extends", "'" + reference + "' is not a valid scheme: " + place + issue.message,
               "'" + reference + "' 不是有效的考核方案：" + place +
                   (issue.message_zh.empty() ? issue.message : issue.message_zh));
  }
}

SchemePtr load_base_file(const std::string& reference, const std::string& origin_file, Chain& chain,
                         IssueList& issues) {
  if (origin_file.empty()) {
    issues.add(
        "/extends",
        "'" + reference +
            "' is a file, but this scheme was not read from a file, so there is no folder to "
            "find it in: load the scheme from its file, or extend a built-in scheme",
        "'" + reference +
            "' 是文件，但本考核方案不是从文件读取的，无从确定到哪个文件夹查找：请从文件读取本考核方案，"
            "或扩展内置考核方案");
    return nullptr;
  }
  if (const auto problem = base_file_reference_problem(reference)) {
    issues.add("/extends", "'" + reference + "' " + problem->en, "'" + reference + "' " + problem->zh);
    return nullptr;
  }
  const auto folder = std::filesystem::path(origin_file).parent_path();
  const std::string file = canonical_file((folder / std::filesystem::path(reference)).string());
  if (std::find(chain.files.begin(), chain.files.end(), file) != chain.files.end()) {
    std::string loop;
    for (const std::string& link : chain.files) loop += link + " → ";
    issues.add("/extends", "'" + reference + "' leads back to a scheme that extends it: " + loop + file,
               "'" + reference + "' 又指回扩展它的考核方案：" + loop + file);
    return nullptr;
  }
  if (static_cast<int>(chain.files.size()) >= kMaxDerivationDepth) {
    issues.add("/extends", "more than " + std::to_string(kMaxDerivationDepth) + " schemes extend one another",
               "逐层扩展的考核方案超过 " + std::to_string(kMaxDerivationDepth) + " 个");
    return nullptr;
  }
  std::error_code status_error;
  if (std::filesystem::exists(file, status_error) && !std::filesystem::is_regular_file(file, status_error)) {
    // A FIFO or a device (/dev/stdin) would block the reader forever, or never end.
    issues.add("/extends", "'" + reference + "' is not a regular file", "'" + reference + "' 不是普通文件");
    return nullptr;
  }
  IssueList read_issues;
  const std::string text = read_file_text(file, read_issues, "/extends");
  if (!read_issues.empty()) {
    for (const Issue& issue : read_issues.items()) issues.add(issue.path, issue.message, issue.message_zh);
    return nullptr;
  }
  IssueList parse_issues;
  const json document = parse_document(text, parse_issues);
  if (!parse_issues.empty()) {
    // Said without quoting the file: a base may be any file the scheme's author points at.
    issues.add("/extends", "'" + reference + "' is not a scheme: not a valid JSON document",
               "'" + reference + "' 不是考核方案：不是有效的 JSON 文档");
    return nullptr;
  }
  try {
    return read_in_chain(document, file, chain);
  } catch (const SchemeError& error) {
    add_nested(issues, reference, error.issues());
    return nullptr;
  }
}

SchemePtr load_base(const json& reference_value, const std::string& origin_file, Chain& chain,
                    IssueList& issues) {
  if (!reference_value.is_string() || reference_value.get<std::string>().empty()) {
    issues.add("/extends", "must name the base: a built-in scheme's id or a file ending in .json",
               "应指明基础考核方案：内置考核方案的 id，或以 .json 结尾的文件");
    return nullptr;
  }
  const std::string reference = reference_value.get<std::string>();
  if (names_file(reference)) return load_base_file(reference, origin_file, chain, issues);
  try {
    return builtin_scheme(reference);
  } catch (const InputError& error) {
    for (const Issue& issue : error.issues()) issues.add("/extends", issue.message, issue.message_zh);
    return nullptr;
  }
}

std::string heading_for(const json& document) {
  if (document.contains("id") && document["id"].is_string()) {
    return "invalid scheme '" + document["id"].get<std::string>() + "'";
  }
  return "invalid scheme";
}

SchemePtr derive(const json& document, const std::string& origin_file, Chain& chain) {
  IssueList issues;
  check_document(document, issues);
  issues.throw_if_any<SchemeError>(heading_for(document));
  SchemePtr base = load_base(document["extends"], origin_file, chain, issues);
  issues.throw_if_any<SchemeError>(heading_for(document));
  Derivation derivation(document, *base);
  const json merged = derivation.merge(issues);
  issues.throw_if_any<SchemeError>(heading_for(document));
  try {
    return detail::read_complete_scheme(merged);
  } catch (const SchemeError& error) {
    std::vector<Issue> translated;
    for (const Issue& issue : error.issues())
      translated.push_back(derivation.origins().translate(issue, base->id));
    throw SchemeError(heading_for(document), translated);
  }
}

SchemePtr read_in_chain(const json& document, const std::string& origin_file, Chain& chain) {
  if (!document.is_object() || !document.contains("extends")) return detail::read_complete_scheme(document);
  if (origin_file.empty()) return derive(document, origin_file, chain);
  ChainEntry entry(chain, canonical_file(origin_file));
  return derive(document, origin_file, chain);
}

}  // namespace

SchemePtr read_scheme(const json& document, const std::string& origin_file) {
  Chain chain;
  return read_in_chain(document, origin_file, chain);
}

SchemePtr read_scheme_text(const std::string& json_text, const std::string& origin_file) {
  IssueList issues;
  const json document = parse_document(json_text, issues);
  issues.throw_if_any<SchemeError>("invalid scheme");
  return read_scheme(document, origin_file);
}

SchemePtr read_scheme_file(const std::string& path) {
  IssueList issues;
  const std::string text = read_file_text(path, issues, "");
  issues.throw_if_any<SchemeError>("invalid scheme");
  return read_scheme_text(text, path);
}

}  // namespace qa
