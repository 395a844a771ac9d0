// Who is acting: recorded with every entry of a case's chain of custody, every note and every
// runbook step. From CREDTRACE_USER when set (a responder's name, "alice@ir-team"), else the
// login name and the host ("root@ir-laptop"). Never empty.
#pragma once

#include <string>

namespace credtrace {

std::string CurrentActor();

}  // namespace credtrace
