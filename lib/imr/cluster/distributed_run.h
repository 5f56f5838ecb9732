// File: imr/cluster/distributed_run.h
//
// imr extract and imr stats over many processes ("ranks", e.g. started by
// mpirun). The corpus is cut into many more shards than ranks
// (split/shard_plan.h) and rank 0 hands them out one at a time to the ranks
// that ask, itself included, so that a rank whose letters cost more takes
// fewer; each rank runs each shard through its own pipeline (jobs.h).
// Rank 0 writes the records and messages of the shards in shard order,
// which is corpus order, as they arrive; the statistics of the ranks are
// reduced to rank 0 along a binary tree of partials (stats/partial.h), and
// the skipped ranges that shard edges cut are joined (stats/shard.h). So
// rank 0 prints what one process prints, byte for byte, messages included
// (a skipped range that shard edges cut is reported once, joined), except
// that the --max-messages cap counts lines where one process counts a
// batch's lines together.
//
// Example:
//   auto transport = cluster::Transport::OpenMpi(&argc, &argv);
//   absl::StatusOr<stats::Stats> s = cluster::RunDistributed(corpus, {}, **transport, out, stderr);
//
// Thread-safety: call on the thread that opened the transport; rank 0 runs
// its own shards on a second thread, which makes no transport call.
#pragma once

#include <cstdint>
#include <cstdio>
#include <functional>
#include <string>

#include "absl/status/statusor.h"
#include "imr/cluster/transport.h"
#include "imr/corpus/corpus.h"
#include "imr/jobs/jobs.h"
#include "imr/stats/stats.h"

namespace imr::cluster {

struct DistributedOptions {
  jobs::RunOptions run;      // per rank (run.pipeline.threads: threads of each rank)
  bool records = false;      // extract: records are written, on rank 0, to `out`
  std::uint32_t shards = 0;  // 0: DefaultShards
  // Rank 0 calls it (on the calling thread) each time it hands `shard`
  // (described: "shard 3/16 (path:byte N to path:byte M)") to `rank`, so
  // that a run stopped from outside can say what each rank was reading.
  std::function<void(int rank, const std::string& shard)> on_assign;
};

// Eight shards per rank, and at least one per 256 MiB, so that a shard's
// records fit one message and late shards are small enough to balance.
std::uint32_t DefaultShards(std::uint64_t corpus_bytes, int ranks);

// On rank 0: the statistics of the whole corpus; the records went to `out`
// and the messages to `diag`. On other ranks: an empty Stats; they write
// nothing (`out` and `diag` may be null there). Every rank must call it with the same
// options and paths.
// Errors (on the rank that met them; the caller then ends the run with
// Transport::Abort): FailedPrecondition when a rank sees another corpus
// than rank 0 (it names the rank); Internal naming the rank and shard whose
// run failed; DataLoss when `out` cannot be written; transport errors.
absl::StatusOr<stats::Stats> RunDistributed(const corpus::Corpus& corpus, const DistributedOptions& options,
                                            Transport& transport, std::FILE* out, std::FILE* diag);

}  // namespace imr::cluster
