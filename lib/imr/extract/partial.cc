// Partial decisions, in the two wordings of the letters:
//   "X was the original request. Y was authorized by the Claims Administrator.
//    The remaining IMR eligible portion of the original request, Z is"
//   "X was the original request. The Claims Administrator authorized Y,
//    leaving the original request IMR eligible. The original request, X is"
// (the title ends before the outcome's colon; "is" is sometimes missing).
#include "imr/base/text.h"
#include "imr/extract/fields.h"
#include "imr/extract/scan.h"

namespace imr::extract {
namespace {

constexpr std::size_t kNone = std::string_view::npos;

std::string_view Between(std::string_view s, std::size_t from, std::size_t to) {
  return from >= to ? std::string_view() : TrimSpace(s.substr(from, to - from));
}

// Text after `phrase` to the end of `s`, without a final " is".
std::string_view TailAfter(std::string_view s, std::string_view phrase, std::size_t from) {
  std::size_t n = 0;
  const std::size_t at = FindPhrase(s, phrase, from, &n);
  if (at == kNone) return {};
  std::string_view tail = TrimSpace(s.substr(at + n));
  if (tail.size() > 3 && IsSpace(tail[tail.size() - 3]) && StartsWithNoCase(tail.substr(tail.size() - 2), "is")) {
    tail = TrimRightSpace(tail.substr(0, tail.size() - 2));
  }
  return tail;
}

}  // namespace

void ParsePartialDecision(std::string_view title, Item* item) {
  std::size_t n = 0;
  const std::size_t original = FindPhrase(title, "was the original request", 0, &n);
  if (original == kNone) return;
  item->original_request = Between(title, 0, original);
  std::size_t rest = original + n;
  if (rest < title.size() && title[rest] == '.') ++rest;

  std::size_t m = 0;
  if (const std::size_t by = FindPhrase(title, "was authorized by the Claims Administrator", rest, &m); by != kNone) {
    item->authorized = Between(title, rest, by);
    rest = by + m;
  } else if (const std::size_t ca = FindPhrase(title, "The Claims Administrator authorized", rest, &m); ca != kNone) {
    const std::size_t leaving = FindPhrase(title, "leaving the original request", ca + m);
    std::size_t end = leaving == kNone ? title.size() : leaving;
    while (end > ca + m && (IsSpace(title[end - 1]) || title[end - 1] == ',')) --end;
    item->authorized = Between(title, ca + m, end);
    if (leaving != kNone) rest = leaving;
  }

  std::string_view disputed = TailAfter(title, "The remaining IMR eligible portion of the original request,", rest);
  if (disputed.empty()) disputed = TailAfter(title, "The original request,", rest);
  item->disputed = disputed.empty() ? item->original_request : disputed;
}

}  // namespace imr::extract
