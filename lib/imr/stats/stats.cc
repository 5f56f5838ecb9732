#include "imr/stats/stats.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "imr/base/json_writer.h"
#include "imr/base/strings.h"

namespace imr::stats {

void Accounting::Merge(const Accounting& o) {
  files += o.files;
  files_failed += o.files_failed;
  bytes_read += o.bytes_read;
  bytes_skipped += o.bytes_skipped;
  bytes_blank += o.bytes_blank;
  skipped_ranges += o.skipped_ranges;
  records_failed += o.records_failed;
  letters_truncated += o.letters_truncated;
}

void Stats::AddLetter(const extract::Letter& letter) {
  ++letters;
  if (!letter.warnings.empty()) ++letters_with_warnings;
  for (const extract::Warning& w : letter.warnings) {
    ++warnings_by_code[static_cast<int>(w.code)];
    if (w.code == extract::WarningCode::kUnknownLayout || w.code == extract::WarningCode::kUnsupportedLayout) {
      ++letters_rejected;
    }
  }
  for (const extract::Item& item : letter.items) {
    ++items;
    ++(item.outcome == extract::Outcome::kUpheld ? upheld : overturned);
  }
}

void Stats::Merge(const Stats& o) {
  letters += o.letters;
  letters_with_warnings += o.letters_with_warnings;
  letters_rejected += o.letters_rejected;
  items += o.items;
  upheld += o.upheld;
  overturned += o.overturned;
  for (int i = 0; i < static_cast<int>(extract::WarningCode::kCount); ++i) warnings_by_code[i] += o.warnings_by_code[i];
  accounting.Merge(o.accounting);
}

std::string FormatStatsText(const Stats& s) {
  const Accounting& a = s.accounting;
  std::string out;
  absl::StrAppendFormat(&out, "letters              %d\n", s.letters);
  absl::StrAppendFormat(&out, "  with warnings      %d\n", s.letters_with_warnings);
  absl::StrAppendFormat(&out, "  rejected           %d\n", s.letters_rejected);
  absl::StrAppendFormat(&out, "items                %d\n", s.items);
  const double rate = s.items == 0 ? 0.0 : 100.0 * static_cast<double>(s.upheld) / static_cast<double>(s.items);
  absl::StrAppendFormat(&out, "  upheld             %d (%.1f%%)\n", s.upheld, rate);
  absl::StrAppendFormat(&out, "  overturned         %d\n", s.overturned);
  absl::StrAppendFormat(&out, "files                %d\n", a.files);
  absl::StrAppendFormat(&out, "  failed             %d\n", a.files_failed);
  absl::StrAppendFormat(&out, "bytes read           %d\n", a.bytes_read);
  absl::StrAppendFormat(&out, "  skipped            %d (in %d ranges outside letters)\n", a.bytes_skipped,
                        a.skipped_ranges);
  absl::StrAppendFormat(&out, "records failed       %d\n", a.records_failed);
  absl::StrAppendFormat(&out, "letters truncated    %d\n", a.letters_truncated);
  return out;
}

std::string FormatStatsJson(const Stats& s) {
  const Accounting& a = s.accounting;
  std::string out;
  JsonWriter w(&out);
  w.BeginObject();
  const auto field = [&](std::string_view key, std::uint64_t v) {
    w.Key(key);
    w.Int(static_cast<std::int64_t>(v));
  };
  field("letters", s.letters);
  field("letters_with_warnings", s.letters_with_warnings);
  field("letters_rejected", s.letters_rejected);
  field("items", s.items);
  field("upheld", s.upheld);
  field("overturned", s.overturned);
  w.Key("warnings");
  w.BeginObject();
  for (int i = 0; i < static_cast<int>(extract::WarningCode::kCount); ++i) {
    if (s.warnings_by_code[i] != 0) field(extract::WarningName(static_cast<extract::WarningCode>(i)), s.warnings_by_code[i]);
  }
  w.EndObject();
  w.Key("accounting");
  w.BeginObject();
  field("files", a.files);
  field("files_failed", a.files_failed);
  field("bytes_read", a.bytes_read);
  field("bytes_skipped", a.bytes_skipped);
  field("bytes_blank", a.bytes_blank);
  field("skipped_ranges", a.skipped_ranges);
  field("records_failed", a.records_failed);
  field("letters_truncated", a.letters_truncated);
  w.EndObject();
  w.EndObject();
  out.push_back('\n');
  return out;
}

}  // namespace imr::stats
