#include "investigate/profile.h"

#include <arpa/inet.h>

#include <algorithm>
#include <array>
#include <cctype>

#include <fmt/format.h>

namespace credtrace::investigate {

namespace {

// The calls a stolen key typically starts with (aws-ir-facts.md §7.1, §7.5).
constexpr std::array<std::string_view, 12> kFirstCalls = {
    "GetCallerIdentity", "ListBuckets",   "GetAccountAuthorizationDetails", "ListUsers",
    "GetUser",           "ListAccountAliases", "GetAccountSummary",         "ListRoles",
    "DescribeRegions",   "ListAttachedUserPolicies", "GetAccessKeyInfo",     "SimulatePrincipalPolicy",
};

bool IsFirstCall(std::string_view name) {
  return std::find(kFirstCalls.begin(), kFirstCalls.end(), name) != kFirstCalls.end();
}

constexpr TimeMs kMinBaselineSpan = 6 * 3600 * 1000;  // a working day
constexpr uint64_t kMinBaselineEvents = 10;
constexpr uint64_t kStableBaselineEvents = 20;
constexpr TimeMs kBurstWindow = 3600 * 1000;
constexpr int kBurstFailures = 3;

}  // namespace

bool IsServiceAddress(std::string_view ip) {
  return ip.ends_with(".amazonaws.com") || ip.starts_with("AWS Internal") || ip == "AWS Internal";
}

std::string NetworkOf(std::string_view ip) {
  std::string s(ip);
  unsigned char buf[16];
  if (inet_pton(AF_INET, s.c_str(), buf) == 1) {
    return fmt::format("{}.{}.{}.0/24", buf[0], buf[1], buf[2]);
  }
  if (inet_pton(AF_INET6, s.c_str(), buf) == 1) {
    return fmt::format("{:x}:{:x}:{:x}::/48", (buf[0] << 8) | buf[1], (buf[2] << 8) | buf[3],
                       (buf[4] << 8) | buf[5]);
  }
  return s;
}

bool IsPublicIp(std::string_view ip) {
  std::string s(ip);
  unsigned char b[16];
  if (inet_pton(AF_INET, s.c_str(), b) == 1) {
    if (b[0] == 10 || b[0] == 127 || b[0] == 0) return false;
    if (b[0] == 172 && (b[1] & 0xF0) == 16) return false;
    if (b[0] == 192 && b[1] == 168) return false;
    if (b[0] == 169 && b[1] == 254) return false;
    if (b[0] == 100 && (b[1] & 0xC0) == 64) return false;  // carrier-grade NAT
    return true;
  }
  if (inet_pton(AF_INET6, s.c_str(), b) == 1) {
    if ((b[0] & 0xFE) == 0xFC) return false;                   // unique local
    if (b[0] == 0xFE && (b[1] & 0xC0) == 0x80) return false;   // link local
    return !std::all_of(b, b + 15, [](unsigned char c) { return c == 0; });
  }
  return false;
}

std::string ClientOf(std::string_view ua) {
  while (!ua.empty() && (ua.front() == '[' || ua.front() == ' ')) ua.remove_prefix(1);
  if (ua.empty()) return "";
  if (ua.starts_with("Mozilla/")) return "browser";
  if (ua.starts_with("AWS Internal")) return "aws-internal";
  size_t end = ua.find_first_of("/ ");
  std::string_view product = ua.substr(0, end);
  if (end == std::string_view::npos && product.ends_with(".amazonaws.com")) {
    // console.ec2.amazonaws.com, signin.amazonaws.com: the console; ec2.amazonaws.com: a service.
    if (product.starts_with("console.") || product == "signin.amazonaws.com") return "console";
    return std::string(product);
  }
  std::string out(product.substr(0, 64));
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

Result<Features> FeaturesOf(const Evidence& ev, const EventRef& ref) {
  Features f;
  CT_ASSIGN_OR_RETURN(std::string_view ip, ev.Value(ref, Column::kSourceIp));
  CT_ASSIGN_OR_RETURN(std::string_view ua, ev.Value(ref, Column::kUserAgent));
  CT_ASSIGN_OR_RETURN(std::string_view region, ev.Value(ref, Column::kAwsRegion));
  CT_ASSIGN_OR_RETURN(std::string_view name, ev.Value(ref, Column::kEventName));
  CT_ASSIGN_OR_RETURN(std::string_view err, ev.Value(ref, Column::kErrorCode));
  f.source_ip = ip;
  f.network = NetworkOf(ip);
  f.user_agent = ua;
  f.client = ClientOf(ua);
  f.region = region;
  f.event_name = name;
  f.error_code = err;
  return f;
}

void Profile::Add(const Features& f, TimeMs t) {
  networks.insert(f.network);
  user_agents.insert(f.user_agent);
  clients.insert(f.client);
  regions.insert(f.region);
  if (events == 0 || t < first) first = t;
  if (events == 0 || t > last) last = t;
  ++events;
}

Result<Profile> OwnerProfile(const Evidence& ev, std::string_view arn,
                             const std::vector<std::string>& keys, TimeMs before) {
  Profile p;
  std::vector<EventRef> refs;
  if (!arn.empty()) {
    CT_ASSIGN_OR_RETURN(refs, ev.Rows(Column::kArn, arn, kMinTime, before - 1));
  }
  for (const std::string& k : keys) {
    CT_ASSIGN_OR_RETURN(auto more, ev.Rows(Column::kAccessKeyId, k, kMinTime, before - 1));
    refs.insert(refs.end(), more.begin(), more.end());
  }
  for (const EventRef& r : refs) {
    CT_ASSIGN_OR_RETURN(Features f, FeaturesOf(ev, r));
    p.Add(f, r.time);
  }
  return p;
}

Verdict Attribute(const Profile& owner, const Features& f) {
  if (owner.empty()) {
    return {Attribution::kAttacker, "no activity of this principal before the compromise"};
  }
  bool known_net = owner.networks.contains(f.network);
  bool known_ua = owner.user_agents.contains(f.user_agent);
  bool known_client = owner.clients.contains(f.client);
  if (!known_net) {
    return {Attribution::kAttacker,
            fmt::format("network {} never used by the owner before the compromise", f.network)};
  }
  if (known_ua) {
    return {Attribution::kOwner,
            fmt::format("network {} and user agent both used by the owner before", f.network)};
  }
  if (known_client) {
    return {Attribution::kUnknown,
            fmt::format("owner's network {} and client {}, but a user agent never seen before",
                        f.network, f.client)};
  }
  return {Attribution::kUnknown,
          fmt::format("owner's network {} but a client never seen before ({})", f.network, f.client)};
}

bool EstimateCompromise(const Evidence& ev, const std::vector<EventRef>& uses,
                        const std::vector<EventRef>& history, CompromiseEstimate* out) {
  std::vector<EventRef> all = history;
  all.insert(all.end(), uses.begin(), uses.end());
  std::sort(all.begin(), all.end());
  all.erase(std::unique(all.begin(), all.end()), all.end());
  std::vector<EventRef> sorted_uses = uses;
  std::sort(sorted_uses.begin(), sorted_uses.end());
  Profile seen;
  for (size_t i = 0; i < all.size(); ++i) {
    const EventRef& r = all[i];
    auto f = FeaturesOf(ev, r);
    if (!f.ok()) return false;
    bool is_use = std::binary_search(sorted_uses.begin(), sorted_uses.end(), r);
    bool baseline = seen.events >= kMinBaselineEvents && r.time - seen.first >= kMinBaselineSpan;
    if (is_use && baseline && !seen.networks.contains(f->network)) {
      // A new network alone is weak: owners move between offices, homes and VPNs. A strong
      // sign (a client the principal never used, a typical first call of a stolen key) or two
      // weak ones (a new user agent, a new region, a failure) confirm it.
      std::vector<std::string> signs;
      int strong = 0, weak = 0;
      if (!seen.clients.contains(f->client)) {
        signs.push_back(fmt::format("a new client ({})", f->client));
        ++strong;
      } else if (!seen.user_agents.contains(f->user_agent)) {
        signs.push_back("a new user agent");
        ++weak;
      }
      if (!seen.regions.contains(f->region)) {
        signs.push_back(fmt::format("a new region ({})", f->region));
        ++weak;
      }
      if (IsFirstCall(f->event_name)) {
        signs.push_back(fmt::format("{}, a typical first call with a stolen key", f->event_name));
        ++strong;
      }
      if (!f->error_code.empty()) {
        signs.push_back(fmt::format("a failure ({})", f->error_code));
        ++weak;
      } else if (f->event_name == "ConsoleLogin") {
        // A failed sign-in has no errorCode; its response says so (aws-ir-facts.md §2.5).
        auto rec = ev.RecordOf(r);
        if (rec.ok() && (*rec)->Str("responseElements.ConsoleLogin") == "Failure") {
          signs.push_back("a failed sign-in");
          ++weak;
        }
      }
      // A burst of failures from the new network (password guessing, enumeration with a
      // stolen key; aws-ir-facts.md §1.8) is a strong sign.
      int failures = 0;
      for (size_t j = i; j < all.size() && all[j].time - r.time <= kBurstWindow; ++j) {
        auto g = FeaturesOf(ev, all[j]);
        if (!g.ok() || g->network != f->network) continue;
        if (!g->error_code.empty()) {
          ++failures;
        } else if (g->event_name == "ConsoleLogin") {
          auto rec = ev.RecordOf(all[j]);
          if (rec.ok() && (*rec)->Str("responseElements.ConsoleLogin") == "Failure") ++failures;
        }
      }
      if (failures >= kBurstFailures) {
        signs.push_back(fmt::format("{} failed calls from that network within an hour", failures));
        ++strong;
      }
      // A principal that called from one network only, for a long time, is confirmed by a new
      // network and any sign.
      bool stable = seen.networks.size() == 1 && seen.events >= kStableBaselineEvents;
      bool confirmed = strong >= 1 || weak >= 2 || (stable && weak >= 1);
      if (confirmed) {
        out->time = r.time;
        out->method = "estimated";
        std::string why = fmt::format(
            "first call from network {} ({}), which this principal never used in {} earlier calls "
            "from {} network{} since {}",
            f->network, f->source_ip, seen.events, seen.networks.size(),
            seen.networks.size() == 1 ? "" : "s", FormatIsoTime(seen.first));
        why += "; with ";
        for (size_t k = 0; k < signs.size(); ++k) why += (k ? ", " : "") + signs[k];
        out->reason = why;
        out->event_ids.clear();
        // The supporting events: this one and the next calls from the same network.
        for (size_t j = i; j < all.size() && out->event_ids.size() < 5; ++j) {
          auto g = FeaturesOf(ev, all[j]);
          if (!g.ok() || g->network != f->network) continue;
          auto id = ev.Value(all[j], Column::kEventId);
          if (id.ok()) out->event_ids.emplace_back(*id);
        }
        return true;
      }
    }
    seen.Add(*f, r.time);
  }
  return false;
}

}  // namespace credtrace::investigate
