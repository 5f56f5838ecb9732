// File: apps/imr/mpi_run.h
//
// The --mpi flag of extract and stats: under mpirun (or srun --mpi=pmix),
// every rank runs the command over its shares of the corpus and rank 0
// prints what one process prints (cluster/distributed_run.h).
//
// Failures: a rank that cannot run (another corpus, a failed shard) prints
// "imr: rank R: ..." naming the input and ends every rank (MPI_Abort,
// non-zero exit). Rank 0 writes --out FILE as FILE.incomplete and renames it
// only when the run succeeded, so a file named FILE is always complete; on
// standard output, extract streams records as they come. When a rank dies,
// mpirun names it, stops the others and exits non-zero; rank 0, stopped by
// SIGTERM, removes FILE.incomplete and prints that the output is incomplete
// and what each rank was reading (mpirun may no longer forward it). The
// summary line is printed only after a complete run.
#pragma once

#include <cstdio>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "flags.h"
#include "imr/corpus/corpus.h"
#include "imr/jobs/jobs.h"

namespace imr::cli {

class MpiFlag {
 public:
  void Register(FlagParser* flags);
  bool enabled() const { return enabled_; }
  // After parsing: false (after printing why) when --mpi meets --shard or
  // standard input (which mpirun gives to rank 0 only).
  bool Check(std::string_view command, const std::vector<std::string>& paths, bool sharded) const;

 private:
  bool enabled_ = false;
};

// Prints the command's result on rank 0 to `out` (its report, or a summary
// on stderr); returns the exit status.
using PrintResult = std::function<int(const stats::Stats& stats, std::FILE* out)>;

// Runs the command over the ranks of the MPI job: `records` for extract.
// Returns the exit status (rank 0: print's; other ranks: 0).
int RunOverMpi(int* argc, char*** argv, const corpus::Corpus& corpus, const jobs::RunOptions& options, bool records,
               const std::string& out_path, const PrintResult& print);

}  // namespace imr::cli
