#ifndef QUENCH_ALLOCATION_COUNTER_H
#define QUENCH_ALLOCATION_COUNTER_H
// Counts heap allocations made by the calling thread between begin and end, by interposing malloc
// and its relatives in the test executable (they forward to glibc's __libc_* functions).

void quench_allocations_begin(void);
/// Allocations by this thread since quench_allocations_begin.
long quench_allocations_end(void);

#endif
