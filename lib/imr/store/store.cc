#include "imr/store/store.h"

#include <sys/stat.h>

#include <cstring>
#include <filesystem>
#include <memory>
#include <mutex>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "imr/base/status_macros.h"
#include "imr/base/strings.h"
#include "imr/io/walk.h"
#include "imr/stats/partial.h"
#include "imr/store/multi_row_insert.h"
#include "imr/store/record_tables.h"
#include "imr/store/sqlite.h"

namespace imr::store {
namespace {

// Why the rollback journal and not WAL: a run is one large transaction of
// mostly new pages. The rollback journal writes them once, into the database,
// and journals only the few pages it overwrites; WAL would write every new
// page twice (the log, then the checkpoint) and leave -wal and -shm files
// beside the store. Readers of a nightly store do not need to read during
// the write, which is WAL's advantage.
constexpr std::string_view kPragmas =
    "PRAGMA journal_mode = DELETE; PRAGMA synchronous = FULL; PRAGMA cache_size = -65536;";

constexpr std::string_view kStoreSchema =
    "CREATE TABLE imr_store (key TEXT PRIMARY KEY, value TEXT NOT NULL);\n"
    "CREATE TABLE files (\n"
    "  file_id INTEGER PRIMARY KEY,\n"
    "  path TEXT NOT NULL UNIQUE,\n"
    "  size INTEGER NOT NULL,\n"
    "  mtime_ns INTEGER NOT NULL,\n"
    "  hash TEXT,\n"                // of the bytes read; null when the file could not be read
    "  failed INTEGER NOT NULL,\n"  // could not be read: read again by every run
    "  letters INTEGER NOT NULL,\n"
    "  group_id INTEGER NOT NULL\n"  // the files whose statistics are stored together
    ");\n"
    "CREATE INDEX files_group ON files(group_id);\n"
    "CREATE TABLE groups (group_id INTEGER PRIMARY KEY, partial TEXT NOT NULL);\n";

// What else the stored records depend on: a run with other settings would
// read the same files differently.
struct Settings {
  std::string taxonomy, input_format, text_field;
};

// The version a store must carry: the store's own, the partial's, and a hash
// of the record tables' columns (a field added to the record changes it).
std::string VersionString() {
  const std::string schema = RecordTablesSchema();
  std::uint64_t h = 1469598103934665603ull;
  for (unsigned char c : schema) h = (h ^ c) * 1099511628211ull;
  return absl::StrFormat("%d.%d.%016x", kStoreVersion, stats::kPartialVersion, h);
}

// A content hash of a file's bytes, 8 bytes at a time (several GB/s), to say
// whether a file whose modification time changed, but not its size, still
// holds the same bytes. It is computed as each file is read, while its bytes
// are at hand, so that the plan of a later run reads only such files (and
// not every file, which would cost a full read of the corpus each night).
std::string ContentHash(std::string_view bytes) {
  std::uint64_t h = 0x9E3779B97F4A7C15ull ^ bytes.size();
  std::size_t i = 0;
  for (; i + 8 <= bytes.size(); i += 8) {
    std::uint64_t w;
    std::memcpy(&w, bytes.data() + i, 8);
    h = (h ^ w) * 0xff51afd7ed558ccdull;
    h ^= h >> 32;
  }
  for (; i < bytes.size(); ++i) h = (h ^ static_cast<unsigned char>(bytes[i])) * 0x100000001b3ull;
  h ^= h >> 29;
  h *= 0xc4ceb9fe1a85ec53ull;
  h ^= h >> 32;
  return absl::StrFormat("%016x", h);
}

absl::StatusOr<std::string> MetaValue(Database& db, std::string_view key) {
  IMR_ASSIGN_OR_RETURN(Statement s, db.Prepare("SELECT value FROM imr_store WHERE key = ?1"));
  s.BindText(1, key);
  IMR_ASSIGN_OR_RETURN(bool row, s.Step());
  if (!row) return absl::FailedPreconditionError(absl::StrCat(db.path(), ": not an imr store (no ", ToAbsl(key), ")"));
  return std::string(s.ColumnText(0));
}

absl::Status SetMeta(Database& db, std::string_view key, std::string_view value) {
  IMR_ASSIGN_OR_RETURN(Statement s, db.Prepare("INSERT OR REPLACE INTO imr_store (key, value) VALUES (?1, ?2)"));
  s.BindText(1, key);
  s.BindText(2, value);
  return s.Run();
}

absl::Status CreateSchema(Database& db, const Settings& settings) {
  IMR_RETURN_IF_ERROR(db.Exec(kStoreSchema));
  IMR_RETURN_IF_ERROR(db.Exec(RecordTablesCreate()));
  IMR_RETURN_IF_ERROR(SetMeta(db, "format", kStoreFormat));
  IMR_RETURN_IF_ERROR(SetMeta(db, "version", VersionString()));
  IMR_RETURN_IF_ERROR(SetMeta(db, "taxonomy", settings.taxonomy));
  IMR_RETURN_IF_ERROR(SetMeta(db, "input_format", settings.input_format));
  IMR_RETURN_IF_ERROR(SetMeta(db, "text_field", settings.text_field));
  return SetMeta(db, "total", "");
}

// Checks that `db` is an imr store of this version (and, when `settings`,
// built with them); with `rebuild`, drops its contents instead of checking the
// version and settings. A database without any table becomes a new store.
absl::Status PrepareStore(Database& db, const Settings* settings, bool rebuild) {
  IMR_ASSIGN_OR_RETURN(Statement count, db.Prepare("SELECT count(*) FROM sqlite_master"));
  IMR_ASSIGN_OR_RETURN(bool row, count.Step());
  const bool empty = row && count.ColumnInt(0) == 0;
  count.Reset();
  if (empty) {
    if (settings == nullptr)
      return absl::FailedPreconditionError(absl::StrCat(db.path(), ": an empty database, not an imr store"));
    return CreateSchema(db, *settings);
  }
  IMR_ASSIGN_OR_RETURN(Statement has_meta,
                       db.Prepare("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'imr_store'"));
  IMR_ASSIGN_OR_RETURN(row, has_meta.Step());
  const bool ours = row && has_meta.ColumnInt(0) != 0;
  has_meta.Reset();
  if (!ours) {
    return absl::FailedPreconditionError(
        absl::StrCat(db.path(), ": a SQLite database that is not an imr store; nothing was written"));
  }
  IMR_ASSIGN_OR_RETURN(std::string format, MetaValue(db, "format"));
  if (format != kStoreFormat) {
    return absl::FailedPreconditionError(absl::StrCat(db.path(), ": not an imr store (format '", format, "')"));
  }
  if (rebuild) {
    IMR_ASSIGN_OR_RETURN(
        Statement tables,
        db.Prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"));
    std::vector<std::string> names;
    for (;;) {
      IMR_ASSIGN_OR_RETURN(bool more, tables.Step());
      if (!more) break;
      names.emplace_back(tables.ColumnText(0));
    }
    tables.Reset();
    for (const std::string& name : names) IMR_RETURN_IF_ERROR(db.Exec(absl::StrCat("DROP TABLE \"", name, "\"")));
    return CreateSchema(db, *settings);
  }
  IMR_ASSIGN_OR_RETURN(std::string version, MetaValue(db, "version"));
  if (version != VersionString()) {
    return absl::FailedPreconditionError(absl::StrCat(db.path(), ": an imr store of another version (", version,
                                                      ", this imr writes ", VersionString(),
                                                      "); nothing was written (--rebuild starts it over)"));
  }
  if (settings == nullptr) return absl::OkStatus();
  for (const auto& [key, value] : {std::pair<std::string_view, const std::string*>{"taxonomy", &settings->taxonomy},
                                   {"input_format", &settings->input_format},
                                   {"text_field", &settings->text_field}}) {
    IMR_ASSIGN_OR_RETURN(std::string stored, MetaValue(db, key));
    if (stored != *value) {
      return absl::FailedPreconditionError(absl::StrCat(db.path(), ": the store was built with another ", ToAbsl(key),
                                                        "; nothing was written (use the same settings, or --rebuild)"));
    }
  }
  return absl::OkStatus();
}

// A file's identity on disk, as the store records it.
struct Identity {
  std::string key;  // the absolute path: the file's key in the store
  std::int64_t size = 0, mtime_ns = 0;
};

// A file of the store, as the plan compares it with the disk.
struct StoredFile {
  std::int64_t id = 0;
  std::int64_t size = 0, mtime_ns = 0;
  std::int64_t group = 0;
  bool failed = false;
  bool listed = false;  // by this run
};

// Whether absolute path `key` is lexically normal: no empty, "." or ".."
// parts and no trailing slash.
bool IsNormal(std::string_view key) {
  if (key.size() > 1 && key.back() == '/') return false;
  for (std::size_t slash = key.find('/'); slash != std::string_view::npos; slash = key.find('/', slash + 1)) {
    const std::string_view part = key.substr(slash + 1, key.find('/', slash + 1) - slash - 1);
    if (part.empty() ? slash + 1 < key.size() : part == "." || part == "..") return false;
  }
  return true;
}

// The key of a file in the store, written to `key`: its absolute path,
// lexically normalised, so that runs naming a folder differently ("c", "./c",
// "/tmp/c") agree. Most paths need no more than the current folder in front
// (a walk names files "root/a/b.txt"); only those with "." or ".." parts or
// doubled slashes go through std::filesystem, which costs 10 us a path.
void KeyInto(std::string_view path, std::string* key) {
  static const std::string cwd = std::filesystem::current_path().string();
  key->clear();
  if (!path.starts_with('/')) key->append(cwd).push_back('/');
  key->append(path);
  if (IsNormal(*key)) return;
  *key = std::filesystem::path(*key).lexically_normal().string();
  if (key->size() > 1 && key->ends_with('/')) key->pop_back();
}

std::string Key(std::string_view path) {
  std::string key;
  KeyInto(path, &key);
  return key;
}

bool Under(std::string_view path, std::string_view root) {
  while (root.size() > 1 && root.back() == '/') root.remove_suffix(1);
  if (path.size() < root.size() || path.substr(0, root.size()) != root) return false;
  return path.size() == root.size() || path[root.size()] == '/' || root == "/";
}

// Reads the files of a run into the store, in corpus order: each file's
// letters as rows, its statistics as a partial, its identity.
class StoreJob final : public pipeline::BatchJob {
 public:
  StoreJob(Database& db, const corpus::Corpus& corpus, std::vector<Identity> identities,
           const jobs::RunOptions& options, RecordTables& tables, Statement& insert_group, std::int64_t first_id,
           std::int64_t first_group, std::FILE* diag)
      : db_(&db),
        corpus_(corpus),
        identities_(std::move(identities)),
        options_(options),
        taxonomy_(options.taxonomy != nullptr ? *options.taxonomy : taxonomy::Taxonomy::Default()),
        tables_(tables),
        insert_group_(insert_group),
        next_id_(first_id),
        next_group_(first_group),
        diag_(diag) {}

  // Extracts the batch's letters and counts them, in parallel; the writer
  // stores them, in corpus order. A group is made of whole batches, so the
  // batch's statistics all go to one group.
  void Process(split::Batch& batch, int) const override {
    auto read = std::make_unique<ReadBatch>();
    read->letters.resize(batch.documents.size());
    read->rows.resize(batch.documents.size());
    for (std::size_t i = 0; i < batch.documents.size(); ++i) {
      const split::Document& doc = batch.documents[i];
      jobs::ReadLetter(batch, doc, taxonomy_, jobs::Reading::kRecord, &read->letters[i]);
      read->stats.AddLetter(read->letters[i]);
      const output::SourceRef source{corpus_.source(doc.position.source_id).path, doc.position, doc.id};
      read->rows[i].Read(source, read->letters[i]);
    }
    std::lock_guard<std::mutex> lock(mutex_);
    read_[batch.seq] = std::move(read);
  }

  absl::Status Write(split::Batch& batch) override {
    std::unique_ptr<ReadBatch> read;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      auto it = read_.find(batch.seq);
      read = std::move(it->second);
      read_.erase(it);
    }
    const std::vector<extract::Letter>& letters = read->letters;
    group_.Merge(read->stats);
    for (std::size_t i = 0; i < batch.documents.size(); ++i) {
      const split::Document& doc = batch.documents[i];
      FileState& file = State(doc.position.source_id);
      if (doc.truncated) ++file.accounting.letters_truncated;
      ++file.letters;
      tables_.Add(file.id, letters[i], read->rows[i]);
    }
    IMR_RETURN_IF_ERROR(tables_.Flush());  // while `read` holds the rows
    for (const auto& [id, data] : batch.finished) {
      FileState& file = State(id);
      file.accounting.bytes_read = data->size();
      file.hash = ContentHash(data->bytes());
      file.read = true;
    }
    done_ += batch.files_done;
    while (finalized_ < done_) Finalize(finalized_++);
    IMR_RETURN_IF_ERROR(WriteFiles());
    // A group ends with a batch that leaves no file half read: the files of
    // one batch (up to 1 MiB or 256 small files), or one large file.
    if (files_.empty()) return CloseGroup();
    return absl::OkStatus();
  }

  void ReportError(const split::DocumentError& e) override {
    // An unlisted path is the run's, not a file's: counted, not stored.
    Message(jobs::CountError(
        corpus_, e,
        e.kind == split::DocumentError::Kind::kPath ? &unlisted_ : &State(e.position.source_id).accounting));
  }

  void ReportSkipped(const split::SkippedRange& r) override {
    Message(jobs::CountSkipped(corpus_, r, &State(r.position.source_id).accounting));
  }

  // The statistics of the files read, merged; files that vanished before they
  // could be opened count as failed.
  absl::StatusOr<stats::Stats> Total() {
    IMR_RETURN_IF_ERROR(CloseGroup());
    run_total_.accounting.Merge(unlisted_);
    if (messages_ > options_.max_messages) {
      std::fprintf(diag_, "imr: %llu more messages not shown (--max-messages)\n",
                   static_cast<unsigned long long>(messages_ - options_.max_messages));
    }
    return std::move(run_total_);
  }

 private:
  struct FileState {
    std::int64_t id = 0;
    stats::Accounting accounting;
    std::uint64_t letters = 0;
    std::string hash;
    bool read = false;
  };

  FileState& State(std::uint32_t source_id) {
    auto [it, added] = files_.try_emplace(source_id);
    if (added) it->second = std::make_unique<FileState>();
    if (added) it->second->id = next_id_ + source_id;
    return *it->second;
  }

  // Stores file `source_id` once every batch of it is written. Its
  // accounting is what jobs::RunStats counts for it: read to the end, or
  // failed (then not counted as read).
  void Finalize(std::uint32_t source_id) {
    FileState& file = State(source_id);
    stats::Accounting& a = file.accounting;
    const bool failed = a.files_failed != 0 || !file.read;
    if (!file.read && a.files_failed == 0) a.files_failed = 1;
    a.files = failed ? 0 : 1;
    group_.accounting.Merge(a);
    group_empty_ = false;
    file_rows_.push_back({file.id, &identities_[source_id], std::move(file.hash), file.read, failed,
                          static_cast<std::int64_t>(file.letters), next_group_});
    files_.erase(source_id);
  }

  // Inserts the rows of the files stored since the last call.
  absl::Status WriteFiles() {
    IMR_RETURN_IF_ERROR(insert_files_.Run(*db_, file_rows_.size(), [&](std::size_t r, int param, Statement& s) {
      const FileRow& row = file_rows_[r];
      s.BindInt(param, row.id);
      s.BindText(param + 1, row.identity->key);
      s.BindInt(param + 2, row.identity->size);
      s.BindInt(param + 3, row.identity->mtime_ns);
      if (row.read) s.BindText(param + 4, row.hash);  // else null
      s.BindInt(param + 5, row.failed ? 1 : 0);
      s.BindInt(param + 6, row.letters);
      s.BindInt(param + 7, row.group);
    }));
    file_rows_.clear();
    return absl::OkStatus();
  }

  // Stores the statistics of the files stored since the last group.
  absl::Status CloseGroup() {
    if (group_empty_) return absl::OkStatus();
    group_.taxonomies.insert(taxonomy_.fingerprint());
    group_.Settle();
    insert_group_.BindInt(1, next_group_++);
    const std::string partial = stats::FormatPartialJson(group_);
    insert_group_.BindText(2, partial);
    IMR_RETURN_IF_ERROR(insert_group_.Run());
    run_total_.Merge(group_);
    group_ = stats::Stats();
    group_empty_ = true;
    return absl::OkStatus();
  }

  void Message(const std::string& line) {
    if (!line.empty() && ++messages_ <= options_.max_messages) std::fputs(line.c_str(), diag_);
  }

  Database* db_;
  const corpus::Corpus& corpus_;
  const std::vector<Identity> identities_;
  const jobs::RunOptions& options_;
  const taxonomy::Taxonomy& taxonomy_;
  RecordTables& tables_;
  // The rows of the files stored, until WriteFiles.
  struct FileRow {
    std::int64_t id = 0;
    const Identity* identity = nullptr;
    std::string hash;
    bool read = false, failed = false;
    std::int64_t letters = 0, group = 0;
  };
  std::vector<FileRow> file_rows_;
  MultiRowInsert insert_files_{
      "INSERT INTO files (file_id, path, size, mtime_ns, hash, failed, letters, group_id) VALUES ", 8};
  Statement& insert_group_;
  const std::int64_t next_id_;
  std::int64_t next_group_;
  std::FILE* diag_;
  // What Process read of a batch, until the batch is written.
  struct ReadBatch {
    std::vector<extract::Letter> letters;
    std::vector<LetterRows> rows;  // of each letter
    stats::Stats stats;
  };
  mutable std::mutex mutex_;
  mutable absl::flat_hash_map<std::uint64_t, std::unique_ptr<ReadBatch>> read_;
  // Files begun and not yet stored (a file's batches arrive in order).
  absl::flat_hash_map<std::uint32_t, std::unique_ptr<FileState>> files_;
  std::uint64_t done_ = 0, finalized_ = 0;
  stats::Accounting unlisted_;
  std::uint64_t messages_ = 0;
  // The letters and accounting of the files stored since the last group.
  stats::Stats group_;
  bool group_empty_ = true;
  stats::Stats run_total_;
};

// Merges the partials of every group of files.
absl::StatusOr<stats::Stats> MergeStoredPartials(Database& db) {
  IMR_ASSIGN_OR_RETURN(Statement s, db.Prepare("SELECT group_id, partial FROM groups"));
  stats::Stats total;
  for (;;) {
    IMR_ASSIGN_OR_RETURN(bool row, s.Step());
    if (!row) break;
    IMR_ASSIGN_OR_RETURN(
        stats::Stats group,
        stats::ParsePartialJson(s.ColumnText(1), absl::StrCat(db.path(), " (group ", s.ColumnInt(0), ")")));
    total.Merge(group);
  }
  return total;
}

absl::StatusOr<stats::Stats> StoredTotal(Database& db) {
  IMR_ASSIGN_OR_RETURN(std::string total, MetaValue(db, "total"));
  if (total.empty()) return stats::Stats{};
  return stats::ParsePartialJson(total, absl::StrCat(db.path(), " (total)"));
}

// The store's file table, by key.
struct StoredFiles {
  absl::flat_hash_map<std::string, StoredFile> files;
  std::int64_t max_id = 0, max_group = 0;
};

absl::StatusOr<StoredFiles> ReadFileTable(Database& db) {
  StoredFiles stored;
  IMR_ASSIGN_OR_RETURN(Statement s, db.Prepare("SELECT file_id, path, size, mtime_ns, failed, group_id FROM files"));
  for (;;) {
    IMR_ASSIGN_OR_RETURN(bool row, s.Step());
    if (!row) break;
    const StoredFile file{.id = s.ColumnInt(0),
                          .size = s.ColumnInt(2),
                          .mtime_ns = s.ColumnInt(3),
                          .group = s.ColumnInt(5),
                          .failed = s.ColumnInt(4) != 0};
    stored.files.emplace(s.ColumnText(1), file);
    stored.max_id = std::max(stored.max_id, file.id);
    stored.max_group = std::max(stored.max_group, file.group);
  }
  return stored;
}

// The run proper, inside the transaction.
absl::StatusOr<stats::Stats> Update(Database& db, std::span<const std::string> paths, const UpdateOptions& options,
                                    std::FILE* diag) {
  io::WalkResult listed = io::ExpandPaths(paths);
  IMR_ASSIGN_OR_RETURN(StoredFiles stored, ReadFileTable(db));
  // Plan: compare the files listed with the store, by the size and time the
  // walk's own stat gave.
  IMR_ASSIGN_OR_RETURN(Statement hash_of, db.Prepare("SELECT hash FROM files WHERE file_id = ?1"));
  IMR_ASSIGN_OR_RETURN(Statement touch, db.Prepare("UPDATE files SET mtime_ns = ?1 WHERE file_id = ?2"));
  // The stored file of each listed one; null when it is new, or not a file
  // of the store (an archive).
  std::vector<StoredFile*> matches(listed.files.size(), nullptr);
  std::vector<bool> archive(listed.files.size(), false);
  // Groups holding a file that changed or disappeared: their statistics are
  // one partial, so every other file of the group is read again too.
  absl::flat_hash_set<std::int64_t> dirty;
  std::string key;
  for (std::size_t i = 0; i < listed.files.size(); ++i) {
    const io::InputFile& listing = listed.files[i];
    // Archives are refused: their members have no identity of their own on
    // disk, and an archive is streamed, never held whole to be hashed.
    if (corpus::KindForPath(listing.path, options.corpus.format) == corpus::SourceKind::kArchive) {
      archive[i] = true;
      continue;
    }
    KeyInto(listing.path, &key);
    auto it = stored.files.find(key);
    if (it == stored.files.end()) continue;
    StoredFile& file = it->second;
    matches[i] = &file;
    file.listed = true;
    const auto size = static_cast<std::int64_t>(listing.size);
    if (!file.failed && file.size == size) {
      if (file.mtime_ns == listing.mtime_ns) continue;
      // Touched (copied back, restored from a backup): when the bytes are
      // the same, only the time changes, and nothing is extracted again.
      absl::StatusOr<io::FileData> data = io::FileData::Open(listing.path, io::ReadMode::kRead);
      hash_of.BindInt(1, file.id);
      IMR_ASSIGN_OR_RETURN(bool row, hash_of.Step());
      const bool same = row && data.ok() && ContentHash(data->bytes()) == hash_of.ColumnText(0);
      hash_of.Reset();
      if (same) {
        touch.BindInt(1, listing.mtime_ns);
        touch.BindInt(2, file.id);
        IMR_RETURN_IF_ERROR(touch.Run());
        file.mtime_ns = listing.mtime_ns;
        continue;
      }
    }
    dirty.insert(file.group);
  }
  std::vector<std::string> roots;
  for (const std::string& root : paths) roots.push_back(Key(root));
  auto under_roots = [&](const std::string& path) {
    for (const std::string& root : roots) {
      if (Under(path, root)) return true;
    }
    return false;
  };
  for (const auto& [path, file] : stored.files) {
    if (!file.listed && under_roots(path)) dirty.insert(file.group);
  }
  // Read what is new or in a dirty group, in the walk's order.
  io::WalkResult to_read;
  std::vector<Identity> identities;
  for (std::size_t i = 0; i < listed.files.size(); ++i) {
    if (archive[i] || (matches[i] != nullptr && !dirty.contains(matches[i]->group))) continue;
    io::InputFile& listing = listed.files[i];
    identities.push_back({Key(listing.path), static_cast<std::int64_t>(listing.size), listing.mtime_ns});
    to_read.files.push_back(std::move(listing));
  }
  IMR_ASSIGN_OR_RETURN(RecordTables tables, RecordTables::Prepare(db));
  IMR_ASSIGN_OR_RETURN(Statement delete_file, db.Prepare("DELETE FROM files WHERE file_id = ?1"));
  IMR_ASSIGN_OR_RETURN(Statement delete_group, db.Prepare("DELETE FROM groups WHERE group_id = ?1"));
  // The files of dirty groups that a run over other paths stored are read
  // again from where they were stored.
  std::vector<std::string> elsewhere;
  for (const auto& [path, file] : stored.files) {
    if (!dirty.contains(file.group)) continue;
    IMR_RETURN_IF_ERROR(tables.DeleteFile(file.id));
    delete_file.BindInt(1, file.id);
    IMR_RETURN_IF_ERROR(delete_file.Run());
    if (!file.listed && !under_roots(path)) elsewhere.push_back(path);
  }
  // (One that vanished meanwhile is dropped from the store, as it would be
  // from under its paths.)
  for (io::InputFile& file : io::ExpandPaths(elsewhere).files) {
    identities.push_back({Key(file.path), static_cast<std::int64_t>(file.size), file.mtime_ns});
    to_read.files.push_back(std::move(file));
  }
  for (std::int64_t group : dirty) {
    delete_group.BindInt(1, group);
    IMR_RETURN_IF_ERROR(delete_group.Run());
  }
  const bool removed = !dirty.empty();
  const corpus::Corpus changed = corpus::Corpus::FromFiles(std::move(to_read), options.corpus);
  if (changed.listed_count() != identities.size()) {
    // A stream that could not be read is not listed: keep the others' identities.
    std::vector<Identity> kept;
    std::size_t next = 0;
    for (std::uint32_t id = 0; id < changed.listed_count(); ++id) {
      const std::string source_key = Key(changed.source(id).path);
      while (identities[next].key != source_key) ++next;
      kept.push_back(std::move(identities[next++]));
    }
    identities = std::move(kept);
  }
  IMR_ASSIGN_OR_RETURN(Statement insert_group, db.Prepare("INSERT INTO groups (group_id, partial) VALUES (?1, ?2)"));
  StoreJob job(db, changed, std::move(identities), options.run, tables, insert_group, stored.max_id + 1,
               stored.max_group + 1, diag);
  // Paths that could not be listed are the run's, not a file's: reported
  // and counted, not stored.
  stats::Stats unlisted;
  for (const absl::Status& e : listed.errors) {
    std::fprintf(diag, "%s\n", std::string(e.message()).c_str());
    ++unlisted.accounting.files_failed;
  }
  for (std::size_t i = 0; i < listed.files.size(); ++i) {
    if (!archive[i]) continue;
    std::fprintf(diag, "%s: an archive cannot be kept in a store (--db); unpack it, or read it without --db\n",
                 listed.files[i].path.c_str());
    ++unlisted.accounting.files_failed;
  }
  IMR_RETURN_IF_ERROR(jobs::RunLetters(changed, job, options.run));
  IMR_ASSIGN_OR_RETURN(stats::Stats read, job.Total());
  // The total: the stored one plus what was read, unless files were
  // removed or replaced; then every group's partial again (Stats has no
  // subtraction).
  stats::Stats total;
  if (removed) {
    IMR_ASSIGN_OR_RETURN(total, MergeStoredPartials(db));
  } else {
    IMR_ASSIGN_OR_RETURN(total, StoredTotal(db));
    total.Merge(read);
  }
  // A run that changed nothing writes nothing (and syncs nothing).
  if (removed || changed.listed_count() != 0) {
    IMR_RETURN_IF_ERROR(db.Exec(RecordTablesIndexes()));
    IMR_RETURN_IF_ERROR(SetMeta(db, "total", stats::FormatPartialJson(total.Settled())));
  }
  total.Merge(unlisted);
  return total;
}

}  // namespace

absl::StatusOr<stats::Stats> UpdateStore(const std::string& db_path, std::span<const std::string> paths,
                                         const UpdateOptions& options, std::FILE* diag) {
  const bool writing = !paths.empty() || options.rebuild;
  for (const std::string& path : paths) {
    if (path == "-") return absl::InvalidArgumentError("standard input cannot be read into a store (--db)");
  }
  struct stat st;
  if (!writing && stat(db_path.c_str(), &st) != 0) {
    return absl::NotFoundError(absl::StrCat(db_path, ": ", std::strerror(errno)));
  }
  IMR_ASSIGN_OR_RETURN(Database db, Database::Open(db_path, writing));
  IMR_RETURN_IF_ERROR(db.Exec(absl::StrCat("PRAGMA busy_timeout = ", options.busy_timeout_ms)));
  IMR_RETURN_IF_ERROR(db.Exec(kPragmas));
  // BEGIN IMMEDIATE takes the write lock now, so that a second run waits (or
  // fails) before it has done any work.
  IMR_RETURN_IF_ERROR(db.Exec(writing ? "BEGIN IMMEDIATE" : "BEGIN"));
  const taxonomy::Taxonomy& taxonomy =
      options.run.taxonomy != nullptr ? *options.run.taxonomy : taxonomy::Taxonomy::Default();
  const Settings settings{taxonomy.fingerprint(),
                          options.corpus.format == corpus::InputFormat::kText    ? "text"
                          : options.corpus.format == corpus::InputFormat::kJsonl ? "jsonl"
                                                                                 : "auto",
                          options.run.pipeline.text_field};
  absl::StatusOr<stats::Stats> result = [&]() -> absl::StatusOr<stats::Stats> {
    IMR_RETURN_IF_ERROR(PrepareStore(db, writing ? &settings : nullptr, options.rebuild));
    IMR_ASSIGN_OR_RETURN(stats::Stats total, writing ? Update(db, paths, options, diag) : StoredTotal(db));
    if (options.read) IMR_RETURN_IF_ERROR(options.read(db));
    return total;
  }();
  if (!result.ok()) {
    db.Exec("ROLLBACK").IgnoreError();
    return result.status();
  }
  IMR_RETURN_IF_ERROR(db.Exec("COMMIT"));
  return result;
}

}  // namespace imr::store
