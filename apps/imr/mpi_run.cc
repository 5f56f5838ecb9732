#include "mpi_run.h"

#include <unistd.h>

#include <array>
#include <atomic>
#include <csignal>
#include <cstring>

#include "absl/strings/str_cat.h"
#include "imr/cluster/distributed_run.h"
#include "input_flags.h"

namespace imr::cli {
namespace {

// What rank 0 prints when it is stopped from outside (mpirun stops every
// rank when one dies): written by a signal handler, so prepared beforehand
// in one of two buffers, the other being rewritten.
struct StopNote {
  std::array<std::array<char, 8192>, 2> text{};
  std::atomic<int> current{0};
  char incomplete_file[4096] = {};
};
StopNote stop_note;

extern "C" void OnStop(int signal) {
  if (stop_note.incomplete_file[0] != '\0') unlink(stop_note.incomplete_file);
  const char* text = stop_note.text[stop_note.current.load()].data();
  ssize_t written = write(STDERR_FILENO, text, std::strlen(text));
  (void)written;
  _exit(128 + signal);
}

class StopReporter {
 public:
  StopReporter(int ranks, const std::string& out_path, const std::string& incomplete)
      : reading_(static_cast<std::size_t>(ranks)), out_path_(out_path) {
    std::snprintf(stop_note.incomplete_file, sizeof(stop_note.incomplete_file), "%s", incomplete.c_str());
    Publish();
    for (int s : {SIGTERM, SIGINT, SIGHUP}) std::signal(s, OnStop);
  }
  ~StopReporter() {
    for (int s : {SIGTERM, SIGINT, SIGHUP}) std::signal(s, SIG_DFL);
  }
  void Assigned(int rank, const std::string& shard) {
    reading_[static_cast<std::size_t>(rank)] = shard;
    Publish();
  }

 private:
  void Publish() {
    std::string note =
        absl::StrCat("imr: rank 0 was stopped before the run finished (a rank died, or the job was cancelled): ",
                     out_path_.empty() ? "the records on standard output are incomplete"
                                       : absl::StrCat(out_path_, " was not written"),
                     "\n");
    for (std::size_t r = 1; r < reading_.size(); ++r) {
      if (!reading_[r].empty()) absl::StrAppend(&note, "imr: rank ", r, " was reading ", reading_[r], "\n");
    }
    const int next = 1 - stop_note.current.load();
    std::snprintf(stop_note.text[next].data(), stop_note.text[next].size(), "%s", note.c_str());
    stop_note.current.store(next);
  }

  std::vector<std::string> reading_;
  std::string out_path_;
};

}  // namespace

void MpiFlag::Register(FlagParser* flags) {
  flags->Bool("mpi", &enabled_,
              "run over the ranks of an MPI job (mpirun -np R imr ... --mpi PATH...):\n"
              "rank 0 hands out shards of the corpus and prints what one process\n"
              "prints; every rank must see the same PATHs");
}

bool MpiFlag::Check(std::string_view command, const std::vector<std::string>& paths, bool sharded) const {
  if (!enabled_) return true;
  if (sharded) {
    UsageError(command, "--mpi and --shard exclude each other (--mpi shards the corpus itself)");
    return false;
  }
  for (const std::string& p : paths) {
    if (p == "-") {
      UsageError(command, "--mpi reads files only: mpirun gives standard input to rank 0 alone");
      return false;
    }
  }
  return true;
}

int RunOverMpi(int* argc, char*** argv, const corpus::Corpus& corpus, const jobs::RunOptions& options, bool records,
               const std::string& out_path, const PrintResult& print) {
  absl::StatusOr<std::unique_ptr<cluster::Transport>> opened = cluster::Transport::OpenMpi(argc, argv);
  if (!opened.ok()) {
    std::fprintf(stderr, "imr: %s\n", std::string(opened.status().message()).c_str());
    return kExitUsage;
  }
  cluster::Transport& transport = **opened;
  const bool root = transport.rank() == 0;
  const bool to_file = !out_path.empty() && out_path != "-";
  const std::string incomplete = to_file ? out_path + ".incomplete" : "";
  std::FILE* out = nullptr;
  std::optional<StopReporter> reporter;
  if (root) {
    out = OpenOutput(incomplete);
    if (out == nullptr) transport.Abort(kExitUsage);
    reporter.emplace(transport.size(), to_file ? out_path : "", incomplete);
  }
  cluster::DistributedOptions distributed;
  distributed.run = options;
  distributed.records = records;
  distributed.on_assign = [&](int rank, const std::string& shard) { reporter->Assigned(rank, shard); };
  const absl::StatusOr<stats::Stats> result =
      cluster::RunDistributed(corpus, distributed, transport, out, root ? stderr : nullptr);
  if (!result.ok()) {
    std::fprintf(stderr, "imr: rank %d: %s\n", transport.rank(), std::string(result.status().message()).c_str());
    if (root && to_file) unlink(incomplete.c_str());
    transport.Abort(kExitUsage);
  }
  if (!root) return kExitOk;
  const int exit = print(*result, out);
  if (!CloseOutput(out, incomplete)) {
    if (to_file) unlink(incomplete.c_str());
    return kExitUsage;
  }
  if (to_file && std::rename(incomplete.c_str(), out_path.c_str()) != 0) {
    std::fprintf(stderr, "imr: renaming %s to %s: %s\n", incomplete.c_str(), out_path.c_str(), std::strerror(errno));
    return kExitUsage;
  }
  return exit;
}

}  // namespace imr::cli
