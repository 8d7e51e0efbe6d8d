#ifndef QUENCH_CMPI_SHIMS_H
#define QUENCH_CMPI_SHIMS_H
// OpenMPI's handles (MPI_COMM_WORLD, MPI_DOUBLE, ...) are macros over the addresses of global
// structs, which Swift cannot import. These constants carry the same values under importable names.
#include <mpi.h>

extern const MPI_Comm QMPI_COMM_WORLD;
extern const MPI_Datatype QMPI_DOUBLE;
extern const MPI_Datatype QMPI_INT64;
extern const MPI_Datatype QMPI_INT32;
extern const MPI_Datatype QMPI_BYTE;
extern const MPI_Op QMPI_SUM;
extern const MPI_Op QMPI_MAX;
extern const MPI_Op QMPI_MIN;
extern const MPI_Errhandler QMPI_ERRORS_RETURN;
extern void *const QMPI_IN_PLACE;

#endif
