// The header table in its three arrangements:
//   layout/raw:  "Date Assigned:  11/18/2016     Date of Injury:  10/10/2016"
//   default:     a block of labels, then a block of values, in the same order
//   all:         "Application" ... value ... "Received:" around the value
// One rule reads all of them: walk the header in text order; each label joins
// a queue of labels awaiting a value of its kind, and each value goes to the
// oldest waiting label of its kind.
#include <array>
#include <optional>

#include "imr/base/text.h"
#include "imr/extract/dates.h"
#include "imr/extract/fields.h"
#include "imr/extract/scan.h"

namespace imr::extract {
namespace {

enum class ValueKind { kCaseNumber, kDate, kPriority };

struct Label {
  std::string_view phrase;
  ValueKind kind;
  Date Letter::*date;  // for kDate
};

// "Application Received:" comes first so the whole label wins over "Application".
constexpr std::array<Label, 8> kLabels = {{
    {"Case Number:", ValueKind::kCaseNumber, nullptr},
    {"Date Assigned:", ValueKind::kDate, &Letter::date_assigned},
    {"Date of Injury:", ValueKind::kDate, &Letter::date_of_injury},
    {"Decision Date:", ValueKind::kDate, &Letter::decision_date},
    {"UR Denial Date:", ValueKind::kDate, &Letter::ur_denial_date},
    {"Priority:", ValueKind::kPriority, nullptr},
    {"Application Received:", ValueKind::kDate, &Letter::application_received},
    {"Application", ValueKind::kDate, &Letter::application_received},
}};

// A case number: two capital letters, two digits, '-', at least five digits.
std::size_t CaseNumberLength(std::string_view s, std::size_t pos) {
  if (!AtWordStart(s, pos) || pos + 8 > s.size()) return 0;
  if (!IsUpper(s[pos]) || !IsUpper(s[pos + 1]) || !IsDigit(s[pos + 2]) || !IsDigit(s[pos + 3]) || s[pos + 4] != '-') {
    return 0;
  }
  std::size_t p = pos + 5;
  while (p < s.size() && IsDigit(s[p])) ++p;
  return p - pos >= 10 && AtWordEnd(s, p) ? p - pos : 0;
}

// The bytes a label or a value can start with: the labels' first bytes,
// capitals (case numbers), digits (dates) and the priorities' first letters
// in either case. Every other word of the header is passed over whole.
constexpr std::array<bool, 256> kMayStartToken = [] {
  std::array<bool, 256> t{};
  for (const Label& label : kLabels) t[static_cast<unsigned char>(label.phrase[0])] = true;
  for (char ch = 'A'; ch <= 'Z'; ++ch) t[static_cast<unsigned char>(ch)] = true;
  for (char ch = '0'; ch <= '9'; ++ch) t[static_cast<unsigned char>(ch)] = true;
  for (char ch : {'s', 'e'}) t[static_cast<unsigned char>(ch)] = true;
  return t;
}();

class LabelQueue {
 public:
  void Push(const Label* label) {
    if (size_ < pending_.size()) pending_[size_++] = label;
  }
  // Removes and returns the oldest waiting label of `kind`, or null.
  const Label* Pop(ValueKind kind) {
    for (std::size_t i = 0; i < size_; ++i) {
      if (pending_[i]->kind != kind) continue;
      const Label* label = pending_[i];
      for (std::size_t j = i + 1; j < size_; ++j) pending_[j - 1] = pending_[j];
      --size_;
      return label;
    }
    return nullptr;
  }
  bool Has(const Label* label) const {
    for (std::size_t i = 0; i < size_; ++i) {
      if (pending_[i] == label) return true;
    }
    return false;
  }

 private:
  std::array<const Label*, 16> pending_{};
  std::size_t size_ = 0;
};

}  // namespace

void ExtractHeader(std::string_view header, Letter* letter) {
  LabelQueue queue;
  bool saw_label = false;
  for (std::size_t pos = 0; pos < header.size();) {
    const char c = header[pos];
    if (c == ' ') {  // layout-mode headers are mostly runs of spaces
      while (++pos < header.size() && header[pos] == ' ') {
      }
      continue;
    }
    if (IsSpace(c) || !AtWordStart(header, pos)) {
      ++pos;
      continue;
    }
    if (!kMayStartToken[static_cast<unsigned char>(c)]) {
      // No label or value starts with this byte: skip its word whole (the
      // bytes inside a word start none either).
      ++pos;
      if (IsWordByte(c)) {
        while (pos < header.size() && IsWordByte(header[pos])) ++pos;
      }
      continue;
    }
    const Label* matched = nullptr;
    std::size_t n = 0;
    for (const Label& label : kLabels) {
      if (label.phrase[0] == c && (n = MatchPhraseAt(header, pos, label.phrase, Case::kSensitive)) != 0) {
        matched = &label;
        break;
      }
    }
    if (matched != nullptr) {
      saw_label = true;
      queue.Push(matched);
      pos += n;
      continue;
    }
    if (const std::size_t len = CaseNumberLength(header, pos)) {
      if (queue.Pop(ValueKind::kCaseNumber) != nullptr) letter->case_number = header.substr(pos, len);
      pos += len;
      continue;
    }
    if (IsDigit(c)) {
      std::size_t len = 0;
      if (std::optional<Date> d = ParseNumericDate(header, pos, &len)) {
        if (const Label* label = queue.Pop(ValueKind::kDate)) letter->*(label->date) = *d;
        pos += len;
        continue;
      }
      // A date-shaped token that is no calendar date still answers its label.
      if (queue.Pop(ValueKind::kDate) != nullptr) letter->Warn(WarningCode::kBadDate);
      while (pos < header.size() && !IsSpace(header[pos])) ++pos;
      continue;
    }
    if (MatchPhraseAt(header, pos, "Standard", Case::kInsensitive) && AtWordEnd(header, pos + 8)) {
      if (queue.Pop(ValueKind::kPriority)) letter->priority = Priority::kStandard;
      pos += 8;
      continue;
    }
    if (MatchPhraseAt(header, pos, "Expedited", Case::kInsensitive) && AtWordEnd(header, pos + 9)) {
      if (queue.Pop(ValueKind::kPriority)) letter->priority = Priority::kExpedited;
      pos += 9;
      continue;
    }
    ++pos;
  }
  if (!saw_label) return;
  for (const Label& label : kLabels) {
    if (label.kind == ValueKind::kDate && queue.Has(&label)) letter->Warn(WarningCode::kMissingHeaderDate);
  }
}

}  // namespace imr::extract
