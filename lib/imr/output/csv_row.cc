#include "imr/output/csv_row.h"

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "absl/strings/str_cat.h"
#include "imr/base/json_writer.h"
#include "imr/base/text.h"

namespace imr::output {
namespace {

// True when `value` goes out as it is: ASCII, and nothing that needs quoting
// (comma, quote, line break). Most cells are; they skip the quoting search
// and the UTF-8 check.
bool IsPlainCell(std::string_view value) {
  std::size_t i = 0;
#if defined(__SSE2__)
  const __m128i comma = _mm_set1_epi8(','), quote = _mm_set1_epi8('"'), cr = _mm_set1_epi8('\r'),
                lf = _mm_set1_epi8('\n');
  for (; i + 16 <= value.size(); i += 16) {
    const __m128i b = _mm_loadu_si128(reinterpret_cast<const __m128i*>(value.data() + i));
    const __m128i special = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(b, comma), _mm_cmpeq_epi8(b, quote)),
                                         _mm_or_si128(_mm_cmpeq_epi8(b, cr), _mm_cmpeq_epi8(b, lf)));
    // movemask of b itself flags the bytes >= 0x80.
    if ((_mm_movemask_epi8(special) | _mm_movemask_epi8(b)) != 0) return false;
  }
#endif
  for (; i < value.size(); ++i) {
    const auto c = static_cast<unsigned char>(value[i]);
    if (c >= 0x80 || c == ',' || c == '"' || c == '\r' || c == '\n') return false;
  }
  return true;
}

}  // namespace

void CsvRow::Cell(std::string_view value) {
  if (!first_) out_->push_back(',');
  first_ = false;
  if (IsPlainCell(value)) {
    out_->append(value);
    return;
  }
  const bool quote = value.find_first_of(",\"\r\n") != std::string_view::npos;
  if (!quote) {
    AppendValidUtf8(value, out_);
    return;
  }
  out_->push_back('"');
  for (std::size_t from = 0;;) {
    const std::size_t q = value.find('"', from);
    AppendValidUtf8(value.substr(from, q == std::string_view::npos ? std::string_view::npos : q + 1 - from), out_);
    if (q == std::string_view::npos) break;
    out_->push_back('"');
    from = q + 1;
  }
  out_->push_back('"');
}

void CsvRow::Text(std::string_view raw) {
  scratch_.clear();
  AppendNormalized(raw, &scratch_);
  Cell(scratch_);
}

void CsvRow::Number(std::uint64_t v) { Cell(absl::StrCat(v)); }

void CsvRow::List(const std::vector<std::string_view>& items) {
  scratch_.clear();
  for (std::string_view s : items) {
    if (!scratch_.empty()) scratch_ += "; ";
    AppendNormalized(s, &scratch_);
  }
  Cell(scratch_);
}

}  // namespace imr::output
