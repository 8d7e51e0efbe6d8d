#ifndef QUENCH_HDF5_H
#define QUENCH_HDF5_H
#include <stdint.h>

/// A small C face of HDF5 for Quench's results.h5: HDF5's type and property constants are macros
/// that Swift cannot import. Every function returns a negative value on failure (HDF5's error stack
/// printing is switched off; the caller reports the path).
typedef int64_t quench_h5_file;

quench_h5_file quench_h5_create(const char *path);
quench_h5_file quench_h5_open_read(const char *path);
int quench_h5_close(quench_h5_file file);

/// A dataset of doubles of the given rank and extents; `name` at the file's root.
int quench_h5_write_doubles(quench_h5_file file, const char *name, int rank, const uint64_t *dims, const double *data);
/// A dataset of signed bytes (status flags).
int quench_h5_write_int8(quench_h5_file file, const char *name, int rank, const uint64_t *dims, const int8_t *data);
/// A 1-D dataset of fixed-length strings, each `width` bytes (NUL-padded), `count` of them.
int quench_h5_write_strings(quench_h5_file file, const char *name, uint64_t count, int width, const char *data);
/// Makes dataset `scale` a dimension scale named after itself (netCDF-4/xarray dimension).
int quench_h5_make_scale(quench_h5_file file, const char *scale);
/// Attaches dimension scale `scale` to dimension `index` of dataset `variable`.
int quench_h5_attach_scale(quench_h5_file file, const char *variable, const char *scale, int index);
/// String attribute on a dataset (object = name) or on the file (object = "/").
int quench_h5_string_attribute(quench_h5_file file, const char *object, const char *name, const char *value);
/// Double attribute on a dataset or on the file ("/").
int quench_h5_double_attribute(quench_h5_file file, const char *object, const char *name, double value);

/// Rank of a dataset (≤ 8 extents written to dims), or negative.
int quench_h5_dataset_dims(quench_h5_file file, const char *name, uint64_t *dims);
/// Reads `count` doubles of a dataset.
int quench_h5_read_doubles(quench_h5_file file, const char *name, double *data, uint64_t count);
/// Number of dimension scales attached to dimension `index` of a dataset.
int quench_h5_scale_count(quench_h5_file file, const char *name, int index);

#endif
