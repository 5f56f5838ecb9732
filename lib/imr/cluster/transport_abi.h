// File: imr/cluster/transport_abi.h
//
// The table of functions through which imr sends messages between the
// processes ("ranks") of a distributed run: plain C, so that the MPI
// implementation can live in a module of its own (libimr_mpi.so, built from
// mpi_transport.cc and linked with Open MPI) that `imr` loads only for
// --mpi. A plain run then never maps Open MPI's libraries and starts as fast
// as before. Messages are byte strings of any size, delivered in order
// between a pair of ranks with the same tag.
//
// Thread-safety: every call from the thread that opened the transport
// (MPI_THREAD_FUNNELED).
#pragma once

#include <cstdint>

extern "C" {
struct ImrTransportTable {
  int rank;
  int size;
  void* state;
  // Each returns 0 on success, else an error code of the implementation.
  int (*send)(void* state, const void* data, std::uint64_t size, int to, int tag);
  // Whether a message with `tag` from any rank is waiting: *ready 1 and *from set, or *ready 0.
  int (*poll)(void* state, int tag, int* ready, int* from);
  // Receives the next message from `from` with `tag`: its size, then its bytes.
  int (*receive_size)(void* state, int from, int tag, std::uint64_t* size);
  int (*receive_data)(void* state, int from, int tag, void* data, std::uint64_t size);
  // Ends every rank of the run with `code` (MPI_Abort).
  void (*abort)(void* state, int code);
  void (*finalize)(void* state);
};
// The module's entry point: initializes MPI (FUNNELED) and fills `table`;
// 0 on success, else writes up to `error_size` bytes of a message to `error`.
typedef int (*ImrTransportOpen)(int* argc, char*** argv, ImrTransportTable* table, char* error,
                                std::uint64_t error_size);
}
