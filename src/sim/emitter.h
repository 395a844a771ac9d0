// Renders calls into records and hands them to an output vector; background emitters also let
// the answer key see every record (to label the leaked credential owner's events).
#pragma once

#include <vector>

#include "sim/ground_truth.h"
#include "sim/record_writer.h"

namespace credtrace::sim {

class Emitter {
 public:
  Emitter(uint64_t seed, std::vector<Record>* out, GroundTruth* gt, bool background)
      : writer_(seed), out_(out), gt_(gt), background_(background) {}
  const Record& Emit(const Call& c) {
    out_->push_back(writer_.Write(c));
    if (background_ && gt_) gt_->OnBackgroundRecord(out_->back(), c);
    return out_->back();
  }
  void set_out(std::vector<Record>* out) { out_ = out; }
  Rng* rng() { return writer_.rng(); }

 private:
  RecordWriter writer_;
  std::vector<Record>* out_;
  GroundTruth* gt_;
  bool background_;
};

// A call skeleton: API, identity, time, region, caller address and client.
Call MakeCall(const char* source, const char* name, const Identity* who, TimeMs t,
              const std::string& region, const std::string& ip, const Client* client);
// A call AWS makes itself (ip and userAgent are the service name).
Call MakeServiceCall(const char* source, const char* name, const Identity* who, TimeMs t,
                     const std::string& region, const std::string& service);

// Arguments of an STS call that issues credentials (AssumeRole*, GetFederationToken...).
void SetIssuedCredential(Args* a, const std::string& new_key, TimeMs t, int64_t duration_s);
void SetRoleArgs(Args* a, const RoleRef& role, const std::string& session);

}  // namespace credtrace::sim
