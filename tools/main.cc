// The credtrace executable only hands over to the CLI layer.
#include "cli/cli.h"

int main(int argc, char** argv) { return credtrace::cli::Run(argc, argv); }
