// File: imr/io/mapping_guard.h
//
// Keeps a file that shrinks while it is mapped from killing the process.
// Reading a page of a file mapping that lies wholly past the file's current
// end raises SIGBUS (another process truncated the file, or an archive tool
// rewrote it in place). FileData registers each mapping here. A process-wide
// SIGBUS handler that finds the faulting address inside a registered mapping
// maps anonymous zero pages over the rest of that mapping, records where the
// first lost page starts, and returns: the interrupted read is retried and
// sees zeros. After reading, the owner asks FaultOffset() and reports the
// lost bytes as a read error (the splitter does, naming the file and byte).
//
// Why this design, and not the others we considered:
//  - fstat before each chunk leaves a window between the check and the read,
//    so it narrows the race but cannot close it;
//  - sigsetjmp/siglongjmp around each unit of work would jump over C++
//    destructors and could leave a container half-updated;
//  - reading every file instead of mapping it costs a copy of the corpus.
// The handler does only async-signal-safe work (atomic loads and stores, one
// raw mmap system call, sigaction); everything else happens after the read.
// A SIGBUS at an address no registered mapping holds goes to the handler that
// was installed before ours (by default: the process dies, as it would have).
//
// Example:
//   const int slot = RegisterMapping(data, mapping_size);   // -1: table full
//   ... read the mapping ...
//   if (FaultOffset(slot) != kNoFault) ReportLostBytes(...);
//   UnregisterMapping(slot);                                 // before munmap
//
// Thread-safety: all functions may be called concurrently.
#pragma once

#include <cstddef>
#include <cstdint>

namespace imr::io {

inline constexpr std::uint64_t kNoFault = ~std::uint64_t{0};

// Registers [begin, begin + length) (page-aligned) and installs the SIGBUS
// handler on first use. Returns a slot, or -1 when the table of guarded
// mappings is full (the caller should then read the file instead).
int RegisterMapping(const void* begin, std::size_t length);
// Forgets a slot; call before unmapping. No-op for -1.
void UnregisterMapping(int slot);
// Offset from the mapping's start of the first page found missing (a
// multiple of the page size), or kNoFault. kNoFault for -1.
std::uint64_t FaultOffset(int slot);

}  // namespace imr::io
