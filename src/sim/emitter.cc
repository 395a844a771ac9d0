#include "sim/emitter.h"

#include "sim/ids.h"

namespace credtrace::sim {

Call MakeCall(const char* source, const char* name, const Identity* who, TimeMs t,
              const std::string& region, const std::string& ip, const Client* client) {
  Call c;
  c.time = t;
  c.api = &FindApi(source, name);
  c.who = who;
  c.region = region;
  c.ip = ip;
  c.client = client;
  return c;
}

Call MakeServiceCall(const char* source, const char* name, const Identity* who, TimeMs t,
                     const std::string& region, const std::string& service) {
  Call c;
  c.time = t;
  c.api = &FindApi(source, name);
  c.who = who;
  c.region = region;
  c.service = service;
  return c;
}

void SetIssuedCredential(Args* a, const std::string& new_key, TimeMs t, int64_t duration_s) {
  a->Set("new_key", new_key);
  a->Set("expiration", StsDate(t + duration_s * 1000));
  a->Set("duration", std::to_string(duration_s));
}

void SetRoleArgs(Args* a, const RoleRef& role, const std::string& session) {
  a->Set("role_arn", role.Arn());
  a->Set("role_id", role.role_id);
  a->Set("role_name", role.name);
  a->Set("role_account", role.account);
  a->Set("session", session);
}

}  // namespace credtrace::sim
