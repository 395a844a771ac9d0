#include "base/actor.h"

#include <pwd.h>
#include <unistd.h>

#include <cstdlib>

namespace credtrace {

std::string CurrentActor() {
  if (const char* u = std::getenv("CREDTRACE_USER"); u && *u) return u;
  std::string user;
  if (const char* s = std::getenv("SUDO_USER"); s && *s) user = s;
  if (user.empty()) {
    if (struct passwd* pw = getpwuid(geteuid()); pw && pw->pw_name) user = pw->pw_name;
  }
  if (user.empty()) user = "uid" + std::to_string(geteuid());
  char host[256] = {0};
  if (gethostname(host, sizeof(host) - 1) != 0 || !host[0]) return user;
  return user + "@" + host;
}

}  // namespace credtrace
