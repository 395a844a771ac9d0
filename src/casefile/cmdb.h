// The team's CMDB extract (docs/CMDB.md): applications, who owns them and how to reach them, and
// how to recognise their resources (accounts, ARN patterns, resource names, tags); plus contacts
// told about incidents whatever the application (security, legal, management), each with the
// condition under which they must be told. The team keeps it as YAML or CSV; credtrace keeps a
// copy in the case (so that the report says what was known) and maps the investigation's
// resources to applications with it.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/status.h"

namespace credtrace::casefile {

struct Contact {
  std::string name, role, email, phone, chat;
  // For contacts outside an application: when they must be told. "always", "data-access" (the
  // attacker read or took data), "impact" (deleted or destroyed something), "credentials" (the
  // attacker made new credentials), "severity>=LEVEL" (the case's severity). Application
  // contacts are told when their application is impacted; this field is then empty.
  std::string notify;
};

struct Application {
  std::string name, description, criticality;
  std::vector<Contact> contacts;
  std::vector<std::string> accounts;   // 12-digit account IDs: every resource in them
  // Patterns are query::Glob patterns ('*', '?'), case-sensitive as ARNs are.
  std::vector<std::string> arns;       // glob patterns on ARNs ("arn:aws:s3:::payments-*")
  std::vector<std::string> resources;  // glob patterns on resource IDs and names ("i-0abc*", "payments-*")
  std::vector<std::pair<std::string, std::string>> tags;  // key, value glob ("*": any value)
};

struct Cmdb {
  std::vector<Application> applications;
  std::vector<Contact> contacts;  // told whatever the application, under their `notify` condition
};

// Parses a CMDB file, YAML or CSV (told apart by content: a CSV starts with its header line
// "application,..."). `name` names the file in errors, which give the line (and column for
// YAML). Errors: kInvalidArgument for a file that is not a CMDB (unknown keys are errors too: a
// misspelt "acounts" would otherwise silently map nothing).
Result<Cmdb> ParseCmdb(std::string_view text, std::string_view name);

// True when `text` is a CSV CMDB (its first line is a header starting with "application,").
bool IsCsvCmdb(std::string_view text);

// A resource as the investigation reports it, with the tags the logs show for it.
struct ResourceRef {
  std::string id, type, account, region, action;
  std::vector<std::pair<std::string, std::string>> tags;
};

struct AppMatch {
  size_t app = 0;     // index in Cmdb::applications
  std::string how;    // "tag app=payments", "ARN matches arn:aws:s3:::payments-*", "account 111122223333"
  int strength = 0;   // 3 tag, 2 ARN or name, 1 account
};

// The applications `r` belongs to, strongest match first. A resource matched by a tag, an ARN or
// a name is not also attributed to applications that only claim its whole account.
std::vector<AppMatch> MatchResource(const Cmdb& cmdb, const ResourceRef& r);

}  // namespace credtrace::casefile
