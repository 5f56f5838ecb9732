#include "testing/archive_writer.h"

#include <archive.h>
#include <archive_entry.h>

#include "gtest/gtest.h"

namespace imr::testing {

void WriteArchive(const std::string& path, const std::string& format, const std::string& filter,
                  const std::vector<ArchiveEntry>& entries) {
  archive* a = archive_write_new();
  ASSERT_NE(a, nullptr);
  ASSERT_EQ(archive_write_set_format_by_name(a, format == "tar" ? "pax" : format.c_str()), ARCHIVE_OK)
      << archive_error_string(a);
  if (filter != "none") {
    ASSERT_EQ(archive_write_add_filter_by_name(a, filter.c_str()), ARCHIVE_OK) << filter;
  }
  ASSERT_EQ(archive_write_open_filename(a, path.c_str()), ARCHIVE_OK) << archive_error_string(a);
  for (const ArchiveEntry& e : entries) {
    archive_entry* entry = archive_entry_new();
    archive_entry_set_pathname(entry, e.name.c_str());
    archive_entry_set_filetype(entry, e.directory ? AE_IFDIR : AE_IFREG);
    archive_entry_set_perm(entry, 0644);
    archive_entry_set_size(entry, static_cast<la_int64_t>(e.bytes.size()));
    ASSERT_EQ(archive_write_header(a, entry), ARCHIVE_OK) << archive_error_string(a);
    if (!e.bytes.empty()) {
      ASSERT_EQ(archive_write_data(a, e.bytes.data(), e.bytes.size()), static_cast<la_ssize_t>(e.bytes.size()))
          << archive_error_string(a);
    }
    archive_entry_free(entry);
  }
  ASSERT_EQ(archive_write_close(a), ARCHIVE_OK) << archive_error_string(a);
  archive_write_free(a);
}

}  // namespace imr::testing
