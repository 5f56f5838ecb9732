// The MPI implementation of transport.h, built as the module
// libimr_mpi.so (linked with Open MPI) that `imr --mpi` loads. A message is
// its size (one uint64) followed by its bytes in pieces of at most 1 GiB,
// since an MPI count is an int; MPI keeps messages between two ranks with
// one tag in order, so the pieces cannot interleave with another message.
#include <mpi.h>

#include <algorithm>
#include <cstdio>

#include "imr/cluster/transport_abi.h"

namespace {

constexpr std::uint64_t kPiece = std::uint64_t{1} << 30;

int Send(void*, const void* data, std::uint64_t size, int to, int tag) {
  if (int e = MPI_Send(&size, 1, MPI_UINT64_T, to, tag, MPI_COMM_WORLD); e != MPI_SUCCESS) return e;
  const char* p = static_cast<const char*>(data);
  for (std::uint64_t done = 0; done < size;) {
    const std::uint64_t n = std::min(kPiece, size - done);
    if (int e = MPI_Send(p + done, static_cast<int>(n), MPI_BYTE, to, tag, MPI_COMM_WORLD); e != MPI_SUCCESS) return e;
    done += n;
  }
  return 0;
}

int Poll(void*, int tag, int* ready, int* from) {
  MPI_Status status;
  if (int e = MPI_Iprobe(MPI_ANY_SOURCE, tag, MPI_COMM_WORLD, ready, &status); e != MPI_SUCCESS) return e;
  if (*ready) *from = status.MPI_SOURCE;
  return 0;
}

int ReceiveSize(void*, int from, int tag, std::uint64_t* size) {
  return MPI_Recv(size, 1, MPI_UINT64_T, from, tag, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
}

int ReceiveData(void*, int from, int tag, void* data, std::uint64_t size) {
  char* p = static_cast<char*>(data);
  for (std::uint64_t done = 0; done < size;) {
    const std::uint64_t n = std::min(kPiece, size - done);
    if (int e = MPI_Recv(p + done, static_cast<int>(n), MPI_BYTE, from, tag, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
        e != MPI_SUCCESS) {
      return e;
    }
    done += n;
  }
  return 0;
}

void Abort(void*, int code) { MPI_Abort(MPI_COMM_WORLD, code); }

void Finalize(void*) { MPI_Finalize(); }

}  // namespace

extern "C" __attribute__((visibility("default"))) int imr_transport_open(int* argc, char*** argv,
                                                                         ImrTransportTable* table, char* error,
                                                                         std::uint64_t error_size) {
  int provided = 0;
  if (MPI_Init_thread(argc, argv, MPI_THREAD_FUNNELED, &provided) != MPI_SUCCESS) {
    std::snprintf(error, error_size, "MPI_Init_thread failed");
    return 1;
  }
  if (provided < MPI_THREAD_FUNNELED) {
    std::snprintf(error, error_size, "MPI provides thread level %d, imr needs MPI_THREAD_FUNNELED", provided);
    MPI_Finalize();
    return 1;
  }
  // Errors come back as codes, so that imr can name the rank and input.
  MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_RETURN);
  *table = ImrTransportTable{};
  MPI_Comm_rank(MPI_COMM_WORLD, &table->rank);
  MPI_Comm_size(MPI_COMM_WORLD, &table->size);
  table->send = Send;
  table->poll = Poll;
  table->receive_size = ReceiveSize;
  table->receive_data = ReceiveData;
  table->abort = Abort;
  table->finalize = Finalize;
  return 0;
}
