#include "imr/output/letter_json.h"

#include "imr/output/json_cursor.h"
#include "imr/output/record_fields.h"

namespace imr::output {
namespace {

// What the first record of an empty output reserves: the records of a batch
// (about 1 MiB of letters, split::PlanOptions::batch_bytes) fit, so the
// string is not copied at each doubling as it fills.
constexpr std::size_t kFirstReserve = std::size_t{1} << 20;

}  // namespace

void AppendLetterJson(const SourceRef& source, const extract::Letter& letter, const RecordOptions& options,
                      std::string* out) {
  if (out->empty()) out->reserve(kFirstReserve);
  JsonCursor cursor(out);
  WriteJsonObject(cursor, kLetterFields, {.source = &source, .letter = &letter, .options = &options});
  cursor.EndLine();
}

}  // namespace imr::output
