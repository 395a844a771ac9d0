// The simulated organization's CMDB, as its team would keep it (docs/CASEFILE.md, "The CMDB"):
// every application of the world with its owners and on-call, recognised by the `app` tag its
// resources carry (tagging.h) and, for the platform, by its accounts and role names; the teams
// that own the IAM users (the `team` tag); and the contacts told of every incident. Written by
// `credtrace simulate` as cmdb.yaml beside the answer key, so that a game day can be worked to
// the report with stakeholders.
#pragma once

#include <string>

#include "sim/world.h"

namespace credtrace::sim {

std::string CmdbYaml(const World& w);

}  // namespace credtrace::sim
