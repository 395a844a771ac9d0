// credtrace case ...: the case file (docs/CASEFILE.md). Each file adds its subcommands to the
// `case` command; case.cc creates it.
#pragma once

#include "cli/cli.h"

namespace credtrace::cli {

void RegisterCaseMeta(CLI::App* case_cmd, Runner* run);          // init, set, show (case.cc)
void RegisterCaseLog(CLI::App* case_cmd, Runner* run);           // note, notes, notified (case_log.cc)
void RegisterCaseCustody(CLI::App* case_cmd, Runner* run);       // custody, verify (case_custody.cc)
void RegisterCaseStakeholders(CLI::App* case_cmd, Runner* run);  // stakeholders (case_stakeholders.cc)
void RegisterCaseExport(CLI::App* case_cmd, Runner* run);        // export (case_export.cc)

}  // namespace credtrace::cli
