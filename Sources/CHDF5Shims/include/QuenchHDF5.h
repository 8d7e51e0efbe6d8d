#ifndef QUENCH_HDF5_H
#define QUENCH_HDF5_H
#include <stdint.h>

/// A small C face of HDF5 for Quench's results.h5: HDF5's type and property constants are macros
/// that Swift cannot import. Every function returns a negative value on failure (HDF5's error stack
/// printing is switched off; the caller reports the path). Text is always variable-length UTF-8
/// (netCDF-4's NC_STRING), which h5py and xarray decode to `str`.
typedef int64_t quench_h5_file;

quench_h5_file quench_h5_create(const char *path);
quench_h5_file quench_h5_open_read(const char *path);
int quench_h5_close(quench_h5_file file);

/// A dataset of doubles of the given rank and extents; `name` at the file's root.
int quench_h5_write_doubles(quench_h5_file file, const char *name, int rank, const uint64_t *dims, const double *data);
/// A dataset of 64-bit signed integers (integer parameters), exact over the whole int64 range.
int quench_h5_write_int64(quench_h5_file file, const char *name, int rank, const uint64_t *dims, const int64_t *data);
/// A dataset of signed bytes (status flags).
int quench_h5_write_int8(quench_h5_file file, const char *name, int rank, const uint64_t *dims, const int8_t *data);
/// A 1-D dataset of `count` variable-length UTF-8 strings, each NUL-terminated.
int quench_h5_write_strings(quench_h5_file file, const char *name, uint64_t count, const char *const *strings);
/// Makes dataset `scale` a dimension scale named after itself (netCDF-4/xarray dimension).
int quench_h5_make_scale(quench_h5_file file, const char *scale);
/// Attaches dimension scale `scale` to dimension `index` of dataset `variable`.
int quench_h5_attach_scale(quench_h5_file file, const char *variable, const char *scale, int index);
/// Variable-length UTF-8 string attribute on a dataset (object = name) or on the file (object = "/").
int quench_h5_string_attribute(quench_h5_file file, const char *object, const char *name, const char *value);
/// Double attribute on a dataset or on the file ("/").
int quench_h5_double_attribute(quench_h5_file file, const char *object, const char *name, double value);
/// 64-bit signed integer attribute on a dataset or on the file ("/").
int quench_h5_int64_attribute(quench_h5_file file, const char *object, const char *name, int64_t value);

// Reading back (what the tests check). `object` is a dataset's name or "/"; `attribute` is one of
// its attributes, or NULL for the dataset's own values.

/// The element types results.h5 uses; QUENCH_H5_OTHER for any other, QUENCH_H5_MISSING when there is
/// no such dataset or attribute.
typedef enum {
    QUENCH_H5_MISSING = -1,
    QUENCH_H5_OTHER = 0,
    QUENCH_H5_FLOAT64,
    QUENCH_H5_INT64,
    QUENCH_H5_INT8,
    /// Variable-length string with character set UTF-8 (a fixed-length or ASCII string is OTHER).
    QUENCH_H5_UTF8_TEXT,
} quench_h5_kind;

/// Element type of a dataset (attribute NULL) or of one of its attributes.
quench_h5_kind quench_h5_kind_of(quench_h5_file file, const char *object, const char *attribute);
/// Rank of a dataset (≤ 8 extents written to dims), or negative.
int quench_h5_dataset_dims(quench_h5_file file, const char *name, uint64_t *dims);
/// Reads `count` doubles of a dataset (fails unless it holds exactly `count` values).
int quench_h5_read_doubles(quench_h5_file file, const char *name, double *data, uint64_t count);
/// Reads `count` int64 values of a dataset or attribute (fails unless it holds exactly `count`).
int quench_h5_read_int64(quench_h5_file file, const char *object, const char *attribute, int64_t *data, uint64_t count);
/// Reads `count` strings of a dataset or attribute as UTF-8. The caller owns them and frees them
/// with `quench_h5_free_strings`, also after a failure (entries not read are NULL).
int quench_h5_read_strings(quench_h5_file file, const char *object, const char *attribute, char **strings, uint64_t count);
/// Frees strings from `quench_h5_read_strings` and sets them to NULL.
void quench_h5_free_strings(char **strings, uint64_t count);
/// Number of dimension scales attached to dimension `index` of a dataset.
int quench_h5_scale_count(quench_h5_file file, const char *name, int index);

#endif
