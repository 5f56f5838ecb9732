// Fuzzes `imr merge`'s reader of statistics partials (stats/partial.h) and
// what merge does next: any bytes either fail with an error naming the file,
// or give a Stats that writes back to a partial that reads back equal, merges
// with itself, and renders as JSON and Markdown.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz_util.h"
#include "imr/stats/partial.h"
#include "imr/stats/report.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view json(reinterpret_cast<const char*>(data), size);
  absl::StatusOr<imr::stats::Stats> s = imr::stats::ParsePartialJson(json, "shard.json");
  if (!s.ok()) {
    FUZZ_CHECK(s.status().message().substr(0, 11) == "shard.json:");
    return 0;
  }
  const std::string written = imr::stats::FormatPartialJson(*s);
  absl::StatusOr<imr::stats::Stats> back = imr::stats::ParsePartialJson(written, "written");
  FUZZ_CHECK(back.ok());
  FUZZ_CHECK(*back == *s);
  back->Merge(*s);
  (void)imr::stats::FormatStatsJson(*back);
  (void)imr::stats::FormatStatsMarkdown(*back);
  return 0;
}
