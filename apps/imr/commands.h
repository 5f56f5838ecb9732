// File: apps/imr/commands.h
//
// One function per subcommand, each in its own file; main.cc dispatches.
// Each takes main's argc/argv (argv[1] is the command) and returns the exit
// status.
#pragma once

namespace imr::cli {

int ExtractCommand(int argc, char** argv);
int StatsCommand(int argc, char** argv);
int MergeCommand(int argc, char** argv);
int GenCommand(int argc, char** argv);
int EvalCommand(int argc, char** argv);

}  // namespace imr::cli
