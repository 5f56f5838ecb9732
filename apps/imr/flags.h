// File: apps/imr/flags.h
//
// A small flag parser for the imr subcommands: each flag is registered once
// with its help line, so `--help` and the parser never disagree. Accepts
// `--name value`, `--name=value`, `--` and `-` (standard input) as a path.
//
// Example:
//   FlagParser flags("stats", "Usage: imr stats [flags] PATH...", "Prints ...");
//   flags.Int("threads", &threads, 1, "N", "worker threads (default: every core)");
//   if (std::optional<int> exit = flags.ParseCommandLine(argc, argv, &paths, "no PATH given")) return *exit;
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace imr::cli {

inline constexpr int kExitOk = 0;
inline constexpr int kExitSkipped = 1;  // some input skipped or unreadable
inline constexpr int kExitUsage = 2;    // usage or fatal error

// Prints "imr: <message>" and a hint to stderr; returns kExitUsage.
int UsageError(std::string_view command, std::string_view message);

class FlagParser {
 public:
  FlagParser(std::string command, std::string usage, std::string description);

  void Bool(std::string name, bool* target, std::string help);
  void Int(std::string name, long long* target, long long min, std::string value_name, std::string help);
  void String(std::string name, std::string* target, std::string value_name, std::string help);
  void Choice(std::string name, std::string* target, std::vector<std::string> choices, std::string help);

  // Parses argv[first..]; positional arguments go to `paths`. Returns kExitOk,
  // or kExitUsage after printing the error. `help_requested()` tells whether
  // --help was given (the caller prints Help() and exits 0).
  int Parse(int argc, char** argv, int first, std::vector<std::string>* paths);
  bool help_requested() const { return help_; }
  std::string Help() const;

  // The prologue every command shares: Parse(argv[2..]), print Help() for
  // --help, and require at least one positional argument (`missing` is the
  // error otherwise; empty: none is required). Returns the exit status when the command should stop
  // here, nullopt when it should run.
  std::optional<int> ParseCommandLine(int argc, char** argv, std::vector<std::string>* paths, std::string_view missing);

 private:
  struct Flag {
    std::string name, value_name, help;
    std::function<bool(std::string_view)> set;  // false: bad value
    bool takes_value;
  };
  const Flag* Find(std::string_view name) const;

  std::string command_, usage_, description_;
  std::vector<Flag> flags_;
  bool help_ = false;
};

}  // namespace imr::cli
