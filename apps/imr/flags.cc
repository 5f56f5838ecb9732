#include "flags.h"

#include <charconv>
#include <cstdio>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "imr/base/strings.h"

namespace imr::cli {

int UsageError(std::string_view command, std::string_view message) {
  std::fprintf(stderr, "imr %.*s: %.*s\nRun 'imr %.*s --help' for usage.\n", static_cast<int>(command.size()),
               command.data(), static_cast<int>(message.size()), message.data(), static_cast<int>(command.size()),
               command.data());
  return kExitUsage;
}

FlagParser::FlagParser(std::string command, std::string usage, std::string description)
    : command_(std::move(command)), usage_(std::move(usage)), description_(std::move(description)) {}

void FlagParser::Bool(std::string name, bool* target, std::string help) {
  flags_.push_back(
      {std::move(name), "", std::move(help), [target](std::string_view) { return *target = true; }, false});
}

void FlagParser::Int(std::string name, long long* target, long long min, std::string value_name, std::string help) {
  flags_.push_back({std::move(name), std::move(value_name), std::move(help),
                    [target, min](std::string_view v) {
                      long long n = 0;
                      const auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), n);
                      if (ec != std::errc() || end != v.data() + v.size() || n < min) return false;
                      *target = n;
                      return true;
                    },
                    true});
}

void FlagParser::String(std::string name, std::string* target, std::string value_name, std::string help) {
  flags_.push_back({std::move(name), std::move(value_name), std::move(help),
                    [target](std::string_view v) {
                      if (v.empty()) return false;
                      *target = std::string(v);
                      return true;
                    },
                    true});
}

void FlagParser::Choice(std::string name, std::string* target, std::vector<std::string> choices, std::string help) {
  std::string value_name = absl::StrJoin(choices, "|");
  flags_.push_back({std::move(name), std::move(value_name), std::move(help),
                    [target, choices](std::string_view v) {
                      for (const std::string& c : choices) {
                        if (v == c) {
                          *target = c;
                          return true;
                        }
                      }
                      return false;
                    },
                    true});
}

const FlagParser::Flag* FlagParser::Find(std::string_view name) const {
  for (const Flag& f : flags_) {
    if (f.name == name) return &f;
  }
  return nullptr;
}

std::optional<int> FlagParser::ParseCommandLine(int argc, char** argv, std::vector<std::string>* paths,
                                                std::string_view missing) {
  if (const int status = Parse(argc, argv, 2, paths); status != kExitOk) return status;
  if (help_) {
    std::fputs(Help().c_str(), stdout);
    return kExitOk;
  }
  if (paths->empty() && !missing.empty()) return UsageError(command_, missing);
  return std::nullopt;
}

int FlagParser::Parse(int argc, char** argv, int first, std::vector<std::string>* paths) {
  bool only_paths = false;
  for (int i = first; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (only_paths || arg == "-" || !arg.starts_with("-")) {
      paths->emplace_back(arg);
      continue;
    }
    if (arg == "--") {
      only_paths = true;
      continue;
    }
    if (arg == "--help" || arg == "-h") {
      help_ = true;
      continue;
    }
    std::string_view name = arg.substr(arg.starts_with("--") ? 2 : 1);
    std::string_view value;
    bool inline_value = false;
    if (const std::size_t eq = name.find('='); eq != std::string_view::npos) {
      value = name.substr(eq + 1);
      name = name.substr(0, eq);
      inline_value = true;
    }
    const Flag* flag = Find(name);
    if (flag == nullptr) return UsageError(command_, absl::StrCat("unknown flag --", ToAbsl(name)));
    if (flag->takes_value && !inline_value) {
      if (i + 1 >= argc)
        return UsageError(command_, absl::StrCat("--", ToAbsl(name), " needs a value (", flag->value_name, ")"));
      value = argv[++i];
    }
    if (!flag->takes_value && inline_value)
      return UsageError(command_, absl::StrCat("--", ToAbsl(name), " takes no value"));
    if (!flag->set(value)) {
      return UsageError(
          command_, absl::StrCat("bad value '", ToAbsl(value), "' for --", ToAbsl(name), " (", flag->value_name, ")"));
    }
  }
  return kExitOk;
}

std::string FlagParser::Help() const {
  std::string out = absl::StrCat(usage_, "\n\n", description_, "\nFlags:\n");
  for (const Flag& f : flags_) {
    std::string left = absl::StrCat("  --", f.name, f.takes_value ? absl::StrCat(" ", f.value_name) : "");
    if (left.size() < 26) {
      left.resize(26, ' ');
    } else {
      left += "\n" + std::string(26, ' ');
    }
    absl::StrAppend(&out, left, absl::StrReplaceAll(f.help, {{"\n", "\n" + std::string(26, ' ')}}), "\n");
  }
  absl::StrAppend(&out, "  --help                  this text\n");
  return out;
}

}  // namespace imr::cli
