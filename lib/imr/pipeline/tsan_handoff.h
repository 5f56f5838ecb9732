// File: imr/pipeline/tsan_handoff.h
//
// Happens-before edges that ThreadSanitizer cannot see by itself. Debian's
// libtbb.so is not built with -fsanitize=thread, so TSan misses the
// synchronisation inside it: a task spawned on one thread and stolen by
// another, an arena slot passed from one thread to the next, a wait that
// returns once the last task is done. Without these edges every message
// passed between two flow-graph nodes reads as a data race. The pipeline
// states each edge it relies on, at the point where it relies on it, and TSan
// checks everything else: a race between two stage bodies is still reported.
//
// In builds without TSan the functions are empty, ArenaEntryHandoff and
// SlotHandoffs hold nothing, and Graph is oneapi::tbb::flow::graph itself.
//
// Example:
//   HandoffRelease(work);  // producer, after its last access to *work
//   ...                    // TBB passes `work` to a task on another thread
//   HandoffAcquire(work);  // consumer, before its first access to *work
//
// Thread-safety: any thread may call these at any time.
#pragma once

#include <cstddef>
#include <vector>

#include "oneapi/tbb/flow_graph.h"
#include "oneapi/tbb/task_scheduler_observer.h"

#if defined(__SANITIZE_THREAD__)
#define IMR_TSAN 1
#elif defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define IMR_TSAN 1
#endif
#endif

#if defined(IMR_TSAN)
#include <sanitizer/tsan_interface.h>
#endif

namespace imr::pipeline {

// What this thread did so far happens before whatever follows a later
// HandoffAcquire(p) on any thread. `p` only names the edge; it is not read.
inline void HandoffRelease(const void* p) {
#if defined(IMR_TSAN)
  __tsan_release(const_cast<void*>(p));
#else
  static_cast<void>(p);
#endif
}

inline void HandoffAcquire(const void* p) {
#if defined(IMR_TSAN)
  __tsan_acquire(const_cast<void*>(p));
#else
  static_cast<void>(p);
#endif
}

#if defined(IMR_TSAN)
// A flow graph whose wait_for_all() acquires everything its tasks did. Each
// task ends by decrementing the graph's wait count, an atomic that TSan sees,
// but the wait for it to reach zero runs inside libtbb. Taking and returning
// one more reference once the graph is idle is an atomic read-modify-write of
// that count on this thread, which TSan does see.
class Graph : public oneapi::tbb::flow::graph {
 public:
  void wait_for_all() {
    struct AcquireOnExit {  // also when a stage threw
      Graph* g;
      ~AcquireOnExit() {
        g->reserve_wait();
        g->release_wait();
      }
    } acquire{this};
    graph::wait_for_all();
  }
};

// Threads that join the current task arena from now on, and those already
// in it before their next stolen task, acquire what this thread did before
// constructing the handoff: build a graph's nodes, then construct this, then
// make the edges (a buffering node spawns its first task as soon as it has a
// successor) and activate. TBB hands a thread its first task inside libtbb.
class ArenaEntryHandoff : public oneapi::tbb::task_scheduler_observer {
 public:
  ArenaEntryHandoff() {
    HandoffRelease(this);
    observe(true);
  }
  ~ArenaEntryHandoff() override { observe(false); }
  void on_scheduler_entry(bool) override { HandoffAcquire(this); }
};
#else
using Graph = oneapi::tbb::flow::graph;
class ArenaEntryHandoff {};
#endif

// Arena slot `i` (this_task_arena::current_thread_index()) passes inside
// libtbb from a thread that leaves the arena to one that joins it, and state
// kept per slot (a JSON parser, a job's partial statistics) goes with it. A
// stage body brackets its use of a slot with Acquire(i) and Release(i).
class SlotHandoffs {
 public:
  explicit SlotHandoffs(int slots) {
#if defined(IMR_TSAN)
    points_.resize(static_cast<std::size_t>(slots));
#else
    static_cast<void>(slots);
#endif
  }
  void Acquire(int slot) const { HandoffAcquire(Point(slot)); }
  void Release(int slot) const { HandoffRelease(Point(slot)); }

 private:
#if defined(IMR_TSAN)
  const void* Point(int slot) const { return &points_[static_cast<std::size_t>(slot)]; }
  std::vector<char> points_;  // only their addresses are used
#else
  const void* Point(int) const { return nullptr; }
#endif
};

}  // namespace imr::pipeline
