#include "imr/output/letter_json.h"

#include "imr/output/json_cursor.h"
#include "imr/output/record_fields.h"

namespace imr::output {

void AppendLetterJson(const SourceRef& source, const extract::Letter& letter, const RecordOptions& options,
                      std::string* out) {
  // The record is built in a per-thread buffer and appended in one piece:
  // one capacity check on `out` per record instead of one per value.
  thread_local std::string buffer;
  JsonCursor cursor(&buffer);
  WriteJsonObject(cursor, kLetterFields, {.source = &source, .letter = &letter, .options = &options});
  out->append(cursor.written());
  out->push_back('\n');
}

}  // namespace imr::output
