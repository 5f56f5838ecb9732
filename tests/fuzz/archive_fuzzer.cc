// Fuzzes the archive reader (io/archive_reader.h) on archive bytes in memory:
// whatever the bytes, reading ends (members, then the end or one error), no
// member is larger than the cap, and every member's bytes are padded with
// zeros. libarchive itself is loaded uninstrumented: the target exercises how
// the reader handles what libarchive returns for damaged input.
//
// Input: byte 0 picks the kind the name would give (archive, compressed
// stream, unknown) and the member cap; the rest is the file.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string_view>

#include "fuzz_util.h"
#include "imr/io/archive_reader.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 1) return 0;
  constexpr imr::io::ArchiveKind kKinds[] = {imr::io::ArchiveKind::kArchive, imr::io::ArchiveKind::kCompressed,
                                             imr::io::ArchiveKind::kAny};
  const imr::io::ArchiveKind kind = kKinds[data[0] % 3];
  const std::uint64_t cap = data[0] & 0x80 ? 64 : 1 << 20;
  auto bytes = std::make_shared<const imr::io::FileData>(
      imr::io::FileData::FromString(std::string_view(reinterpret_cast<const char*>(data) + 1, size - 1)));
  auto reader = imr::io::ArchiveReader::OpenMemory(bytes, "fuzz.tar:inner", "inner.gz", kind, cap);
  if (!reader.ok()) return 0;
  imr::io::ArchiveMember member;
  for (int members = 0;; ++members) {
    FUZZ_CHECK(members < 100000);
    absl::StatusOr<bool> more = (*reader)->Next(&member);
    if (!more.ok() || !*more) break;
    if (!member.error.ok()) {
      FUZZ_CHECK(member.data.size() == 0);
      continue;
    }
    FUZZ_CHECK(member.data.size() <= cap);
    const char* end = member.data.bytes().data() + member.data.size();
    for (std::size_t i = 0; i < imr::io::kReadPadding; ++i) FUZZ_CHECK(end[i] == 0);
  }
  return 0;
}
