#include "imr/io/mapping_guard.h"

#include <signal.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <atomic>
#include <mutex>

namespace imr::io {
namespace {

// Enough for every mapping alive at once: the pipeline keeps 4 x threads
// work units in flight, each with at most PlanOptions::batch_files files.
constexpr int kSlots = 1 << 14;

struct Slot {
  std::atomic<std::uintptr_t> begin{0};  // 0: free
  std::atomic<std::uintptr_t> end{0};
  std::atomic<std::uint64_t> fault{kNoFault};
};

Slot g_slots[kSlots];
std::mutex g_register_mutex;  // serialises RegisterMapping/UnregisterMapping (never taken by the handler)
std::uintptr_t g_page_mask = 0;
struct sigaction g_previous;

void OnSigbus(int sig, siginfo_t* info, void* context) {
  const auto addr = reinterpret_cast<std::uintptr_t>(info->si_addr);
  for (Slot& s : g_slots) {
    const std::uintptr_t begin = s.begin.load(std::memory_order_acquire);
    if (begin == 0 || addr < begin) continue;
    const std::uintptr_t end = s.end.load(std::memory_order_acquire);
    if (addr >= end) continue;
    const std::uintptr_t page = addr & g_page_mask;
    // SAFETY: [page, end) lies inside a mapping this process made and still
    // owns (registered until just before munmap). Replacing it with zero
    // pages keeps the address range valid for every view into it. The raw
    // system call avoids sanitizer interceptors, which are not signal-safe.
    const long mapped = syscall(SYS_mmap, page, end - page, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
    if (mapped == -1) break;
    const std::uint64_t offset = page - begin;
    std::uint64_t seen = s.fault.load(std::memory_order_relaxed);
    while (offset < seen && !s.fault.compare_exchange_weak(seen, offset, std::memory_order_release)) {
    }
    return;  // the faulting read is retried and now sees zeros
  }
  // Not one of ours: restore what was there before and let the fault recur
  // under it (by default, the process dies with SIGBUS as it always did).
  sigaction(SIGBUS, &g_previous, nullptr);
}

void InstallHandler() {
  g_page_mask = ~(static_cast<std::uintptr_t>(sysconf(_SC_PAGESIZE)) - 1);
  struct sigaction action = {};
  action.sa_sigaction = OnSigbus;
  action.sa_flags = SA_SIGINFO;
  sigemptyset(&action.sa_mask);
  sigaction(SIGBUS, &action, &g_previous);
}

}  // namespace

int RegisterMapping(const void* begin, std::size_t length) {
  static std::once_flag installed;
  std::call_once(installed, InstallHandler);
  std::lock_guard<std::mutex> lock(g_register_mutex);
  for (int i = 0; i < kSlots; ++i) {
    Slot& s = g_slots[i];
    if (s.begin.load(std::memory_order_relaxed) != 0) continue;
    const auto b = reinterpret_cast<std::uintptr_t>(begin);
    s.fault.store(kNoFault, std::memory_order_relaxed);
    s.end.store(b + length, std::memory_order_release);
    s.begin.store(b, std::memory_order_release);  // published last: the handler reads begin first
    return i;
  }
  return -1;
}

void UnregisterMapping(int slot) {
  if (slot < 0) return;
  std::lock_guard<std::mutex> lock(g_register_mutex);
  g_slots[slot].begin.store(0, std::memory_order_release);
  g_slots[slot].end.store(0, std::memory_order_release);
}

std::uint64_t FaultOffset(int slot) {
  return slot < 0 ? kNoFault : g_slots[slot].fault.load(std::memory_order_acquire);
}

}  // namespace imr::io
