#include "casefile/cmdb.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <set>

#include "query/glob.h"

namespace credtrace::casefile {

namespace {

Status YamlError(std::string_view name, const YAML::Mark& m, const std::string& what) {
  std::string where = std::string(name);
  if (m.line >= 0) where += ": line " + std::to_string(m.line + 1) + ", column " + std::to_string(m.column + 1);
  return Status::InvalidArgument(where + ": " + what);
}

Result<std::string> Scalar(const YAML::Node& n, std::string_view name, const char* what) {
  if (!n.IsScalar()) return YamlError(name, n.Mark(), std::string(what) + " must be a text value");
  return n.as<std::string>();
}

Result<std::vector<std::string>> Strings(const YAML::Node& n, std::string_view name, const char* what) {
  std::vector<std::string> out;
  if (n.IsScalar()) {
    out.push_back(n.as<std::string>());
    return out;
  }
  if (!n.IsSequence()) return YamlError(name, n.Mark(), std::string(what) + " must be a list");
  for (const YAML::Node& x : n) {
    CT_ASSIGN_OR_RETURN(std::string s, Scalar(x, name, what));
    out.push_back(std::move(s));
  }
  return out;
}

Result<Contact> ParseContact(const YAML::Node& n, std::string_view name, bool global) {
  if (!n.IsMap()) return YamlError(name, n.Mark(), "a contact must be a map (name, role, email, phone, chat)");
  Contact c;
  for (const auto& kv : n) {
    std::string key = kv.first.as<std::string>();
    std::string* field = key == "name" ? &c.name : key == "role" ? &c.role : key == "email" ? &c.email
                       : key == "phone" ? &c.phone : key == "chat" ? &c.chat : key == "notify" && global ? &c.notify : nullptr;
    if (!field) {
      return YamlError(name, kv.first.Mark(), "unknown contact field \"" + key + "\" (name, role, email, phone, chat" +
                                                  (global ? ", notify" : "") + ")");
    }
    CT_ASSIGN_OR_RETURN(*field, Scalar(kv.second, name, key.c_str()));
  }
  if (c.name.empty() && c.email.empty()) return YamlError(name, n.Mark(), "a contact needs a name or an email");
  if (global && c.notify.empty()) c.notify = "always";
  return c;
}

Status CheckNotify(const Contact& c, std::string_view where) {
  static const std::set<std::string> kWhen = {"always", "data-access", "impact", "credentials"};
  if (kWhen.count(c.notify)) return Status::Ok();
  if (c.notify.rfind("severity>=", 0) == 0) {
    std::string level = c.notify.substr(10);
    for (const char* s : {"informational", "low", "medium", "high", "critical"}) {
      if (level == s) return Status::Ok();
    }
  }
  return Status::InvalidArgument(std::string(where) + ": contact " + c.name + ": notify must be always, data-access, impact, " +
                                 "credentials or severity>=LEVEL (informational, low, medium, high, critical), not \"" + c.notify + "\"");
}

Result<Application> ParseApplication(const YAML::Node& n, std::string_view name) {
  if (!n.IsMap()) return YamlError(name, n.Mark(), "an application must be a map");
  Application a;
  for (const auto& kv : n) {
    std::string key = kv.first.as<std::string>();
    const YAML::Node& v = kv.second;
    if (key == "name") {
      CT_ASSIGN_OR_RETURN(a.name, Scalar(v, name, "name"));
    } else if (key == "description") {
      CT_ASSIGN_OR_RETURN(a.description, Scalar(v, name, "description"));
    } else if (key == "criticality") {
      CT_ASSIGN_OR_RETURN(a.criticality, Scalar(v, name, "criticality"));
    } else if (key == "contacts") {
      if (!v.IsSequence()) return YamlError(name, v.Mark(), "contacts must be a list");
      for (const YAML::Node& c : v) {
        CT_ASSIGN_OR_RETURN(Contact ct, ParseContact(c, name, false));
        a.contacts.push_back(std::move(ct));
      }
    } else if (key == "accounts") {
      CT_ASSIGN_OR_RETURN(a.accounts, Strings(v, name, "accounts"));
    } else if (key == "arns") {
      CT_ASSIGN_OR_RETURN(a.arns, Strings(v, name, "arns"));
    } else if (key == "resources") {
      CT_ASSIGN_OR_RETURN(a.resources, Strings(v, name, "resources"));
    } else if (key == "tags") {
      if (v.IsMap()) {
        for (const auto& t : v) {
          CT_ASSIGN_OR_RETURN(std::string val, Scalar(t.second, name, "a tag value"));
          a.tags.push_back({t.first.as<std::string>(), val});
        }
      } else {
        CT_ASSIGN_OR_RETURN(std::vector<std::string> list, Strings(v, name, "tags"));
        for (const std::string& t : list) {
          size_t eq = t.find('=');
          a.tags.push_back(eq == std::string::npos ? std::make_pair(t, std::string("*")) : std::make_pair(t.substr(0, eq), t.substr(eq + 1)));
        }
      }
    } else {
      return YamlError(name, kv.first.Mark(),
                       "unknown application field \"" + key + "\" (name, description, criticality, contacts, accounts, arns, resources, tags)");
    }
  }
  if (a.name.empty()) return YamlError(name, n.Mark(), "an application needs a name");
  return a;
}

Result<Cmdb> ParseYaml(std::string_view text, std::string_view name) {
  YAML::Node root;
  try {
    root = YAML::Load(std::string(text));
  } catch (const YAML::Exception& e) {
    return YamlError(name, e.mark, e.msg);
  }
  Cmdb db;
  if (root.IsNull()) return db;
  if (!root.IsMap()) return YamlError(name, root.Mark(), "a CMDB file is a map with applications: and contacts:");
  try {
    for (const auto& kv : root) {
      std::string key = kv.first.as<std::string>();
      if (key == "applications") {
        if (!kv.second.IsSequence()) return YamlError(name, kv.second.Mark(), "applications must be a list");
        for (const YAML::Node& a : kv.second) {
          CT_ASSIGN_OR_RETURN(Application app, ParseApplication(a, name));
          db.applications.push_back(std::move(app));
        }
      } else if (key == "contacts") {
        if (!kv.second.IsSequence()) return YamlError(name, kv.second.Mark(), "contacts must be a list");
        for (const YAML::Node& c : kv.second) {
          CT_ASSIGN_OR_RETURN(Contact ct, ParseContact(c, name, true));
          CT_RETURN_IF_ERROR(CheckNotify(ct, name));
          db.contacts.push_back(std::move(ct));
        }
      } else {
        return YamlError(name, kv.first.Mark(), "unknown top-level key \"" + key + "\" (applications, contacts)");
      }
    }
  } catch (const YAML::Exception& e) {
    return YamlError(name, e.mark, e.msg);
  }
  return db;
}

// RFC 4180 CSV: fields separated by commas, quoted with "" when they hold commas, quotes or line
// breaks; CRLF or LF line ends.
Result<std::vector<std::vector<std::string>>> SplitCsv(std::string_view text, std::string_view name) {
  std::vector<std::vector<std::string>> rows;
  std::vector<std::string> row;
  std::string field;
  bool quoted = false, field_started = false;
  size_t line = 1;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (quoted) {
      if (c == '"') {
        if (i + 1 < text.size() && text[i + 1] == '"') {
          field.push_back('"');
          ++i;
        } else {
          quoted = false;
        }
      } else {
        if (c == '\n') ++line;
        field.push_back(c);
      }
      continue;
    }
    if (c == '"' && !field_started) {
      quoted = field_started = true;
    } else if (c == ',') {
      row.push_back(std::move(field));
      field.clear();
      field_started = false;
    } else if (c == '\n' || c == '\r') {
      if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
      row.push_back(std::move(field));
      field.clear();
      field_started = false;
      if (!(row.size() == 1 && row[0].empty())) rows.push_back(std::move(row));
      row.clear();
      ++line;
    } else {
      field.push_back(c);
      field_started = true;
    }
  }
  if (quoted) return Status::InvalidArgument(std::string(name) + ": line " + std::to_string(line) + ": a quoted field is not closed");
  if (field_started || !row.empty()) {
    row.push_back(std::move(field));
    rows.push_back(std::move(row));
  }
  return rows;
}

std::string Trim(std::string s) {
  size_t a = s.find_first_not_of(" \t");
  size_t b = s.find_last_not_of(" \t");
  return a == std::string::npos ? std::string() : s.substr(a, b - a + 1);
}

Result<Cmdb> ParseCsv(std::string_view text, std::string_view name) {
  CT_ASSIGN_OR_RETURN(auto rows, SplitCsv(text, name));
  Cmdb db;
  if (rows.empty()) return db;
  static const std::vector<std::string> kColumns = {"application", "description", "criticality", "contact", "role",
                                                    "email", "phone", "chat", "notify", "match"};
  std::vector<int> col(kColumns.size(), -1);
  for (size_t i = 0; i < rows[0].size(); ++i) {
    std::string h = Trim(rows[0][i]);
    auto it = std::find(kColumns.begin(), kColumns.end(), h);
    if (it == kColumns.end()) {
      return Status::InvalidArgument(std::string(name) + ": line 1: unknown column \"" + h +
                                     "\" (application, description, criticality, contact, role, email, phone, chat, notify, match)");
    }
    col[static_cast<size_t>(it - kColumns.begin())] = static_cast<int>(i);
  }
  if (col[0] < 0) return Status::InvalidArgument(std::string(name) + ": line 1: the header needs an application column");
  auto get = [&](const std::vector<std::string>& r, size_t k) {
    return col[k] >= 0 && static_cast<size_t>(col[k]) < r.size() ? Trim(r[static_cast<size_t>(col[k])]) : std::string();
  };
  for (size_t i = 1; i < rows.size(); ++i) {
    const auto& r = rows[i];
    std::string where = std::string(name) + ": row " + std::to_string(i + 1);
    Contact c{get(r, 3), get(r, 4), get(r, 5), get(r, 6), get(r, 7), get(r, 8)};
    std::string app_name = get(r, 0);
    if (app_name.empty()) {
      if (c.name.empty() && c.email.empty()) continue;
      if (c.notify.empty()) c.notify = "always";
      CT_RETURN_IF_ERROR(CheckNotify(c, where));
      db.contacts.push_back(std::move(c));
      continue;
    }
    auto it = std::find_if(db.applications.begin(), db.applications.end(), [&](const Application& a) { return a.name == app_name; });
    if (it == db.applications.end()) {
      db.applications.push_back({});
      it = db.applications.end() - 1;
      it->name = app_name;
    }
    if (std::string d = get(r, 1); !d.empty()) it->description = d;
    if (std::string d = get(r, 2); !d.empty()) it->criticality = d;
    if (!c.name.empty() || !c.email.empty()) {
      if (!c.notify.empty()) return Status::InvalidArgument(where + ": notify is for contacts outside an application");
      it->contacts.push_back(std::move(c));
    }
    // match: "account:ID", "arn:PATTERN", "resource:PATTERN", "tag:KEY=VALUE", several separated by ';'.
    std::string m = get(r, 9);
    size_t pos = 0;
    while (pos <= m.size() && !m.empty()) {
      size_t semi = m.find(';', pos);
      std::string one = Trim(m.substr(pos, semi == std::string::npos ? std::string::npos : semi - pos));
      pos = semi == std::string::npos ? m.size() + 1 : semi + 1;
      if (one.empty()) continue;
      size_t colon = one.find(':');
      std::string kind = colon == std::string::npos ? "" : one.substr(0, colon), v = colon == std::string::npos ? "" : one.substr(colon + 1);
      if (kind == "account") {
        it->accounts.push_back(v);
      } else if (kind == "arn") {
        it->arns.push_back(v);
      } else if (kind == "resource") {
        it->resources.push_back(v);
      } else if (kind == "tag") {
        size_t eq = v.find('=');
        it->tags.push_back(eq == std::string::npos ? std::make_pair(v, std::string("*")) : std::make_pair(v.substr(0, eq), v.substr(eq + 1)));
      } else {
        return Status::InvalidArgument(where + ": match \"" + one + "\": expected account:ID, arn:PATTERN, resource:PATTERN or tag:KEY=VALUE");
      }
    }
  }
  return db;
}

}  // namespace

namespace {

// Where the first line starts: past blank lines and a UTF-8 byte-order mark.
size_t FirstLine(std::string_view text) {
  size_t start = text.rfind("\xEF\xBB\xBF", 0) == 0 ? 3 : 0;
  size_t p = text.find_first_not_of(" \t\r\n", start);
  return p == std::string_view::npos ? text.size() : p;
}

}  // namespace

bool IsCsvCmdb(std::string_view text) {
  size_t start = FirstLine(text);
  std::string_view line = text.substr(start, text.find('\n', start) - start);
  return line.rfind("application", 0) == 0 && line.find(',') != std::string_view::npos;
}

Result<Cmdb> ParseCmdb(std::string_view text, std::string_view name) {
  if (IsCsvCmdb(text)) return ParseCsv(text.substr(FirstLine(text)), name);
  return ParseYaml(text, name);
}

std::vector<AppMatch> MatchResource(const Cmdb& cmdb, const ResourceRef& r) {
  std::vector<AppMatch> out;
  // The last path element of an ARN is the name a CMDB is most likely to list.
  std::string name = r.id;
  if (size_t slash = name.find_last_of("/:"); slash != std::string::npos && r.id.rfind("arn:", 0) == 0) name = name.substr(slash + 1);
  for (size_t i = 0; i < cmdb.applications.size(); ++i) {
    const Application& a = cmdb.applications[i];
    AppMatch best{i, "", 0};
    for (const auto& [k, v] : a.tags) {
      for (const auto& [rk, rv] : r.tags) {
        if (rk == k && query::Glob(v).Matches(rv) && best.strength < 3) best = {i, "tag " + rk + "=" + rv, 3};
      }
    }
    for (const std::string& p : a.arns) {
      if (best.strength < 2 && r.id.rfind("arn:", 0) == 0 && query::Glob(p).Matches(r.id)) best = {i, "ARN matches " + p, 2};
    }
    for (const std::string& p : a.resources) {
      if (best.strength < 2 && (query::Glob(p).Matches(r.id) || query::Glob(p).Matches(name))) best = {i, "name matches " + p, 2};
    }
    for (const std::string& acct : a.accounts) {
      if (best.strength < 1 && !r.account.empty() && acct == r.account) best = {i, "account " + acct, 1};
    }
    if (best.strength > 0) out.push_back(best);
  }
  std::stable_sort(out.begin(), out.end(), [](const AppMatch& x, const AppMatch& y) { return x.strength > y.strength; });
  if (!out.empty() && out.front().strength > 1) {
    out.erase(std::remove_if(out.begin(), out.end(), [](const AppMatch& m) { return m.strength == 1; }), out.end());
  }
  return out;
}

}  // namespace credtrace::casefile
