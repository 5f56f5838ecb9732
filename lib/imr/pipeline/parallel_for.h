// File: imr/pipeline/parallel_for.h
//
// A parallel loop over [0, n) for work that is not a corpus pass (e.g. the
// synthetic-letter generator). oneTBB stays inside pipeline/, as the style
// guide asks; callers see only this function.
//
// Example:
//   pipeline::ParallelFor(blocks.size(), 8, [&](std::size_t i) { Fill(&blocks[i]); });
//
// Thread-safety: `body` runs concurrently on distinct indices; it must not
// throw.
#pragma once

#include <cstddef>
#include <functional>

namespace imr::pipeline {

// Runs body(i) for every i in [0, n) on at most `threads` threads (0: every
// core; 1: in order on the calling thread).
void ParallelFor(std::size_t n, int threads, const std::function<void(std::size_t)>& body);

}  // namespace imr::pipeline
