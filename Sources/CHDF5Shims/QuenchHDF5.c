#include "QuenchHDF5.h"
#include <hdf5.h>
#include <hdf5_hl.h>
#include <string.h>

static void quiet(void) { H5Eset_auto2(H5E_DEFAULT, NULL, NULL); }

quench_h5_file quench_h5_create(const char *path) {
    quiet();
    return (quench_h5_file)H5Fcreate(path, H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
}

quench_h5_file quench_h5_open_read(const char *path) {
    quiet();
    return (quench_h5_file)H5Fopen(path, H5F_ACC_RDONLY, H5P_DEFAULT);
}

int quench_h5_close(quench_h5_file file) { return H5Fclose((hid_t)file) < 0 ? -1 : 0; }

/// Variable-length, NUL-terminated UTF-8 strings: what h5py writes for `str` and netCDF-4 calls
/// NC_STRING. The caller closes the type.
static hid_t text_type(void) {
    hid_t type = H5Tcopy(H5T_C_S1);
    if (type < 0) return -1;
    if (H5Tset_size(type, H5T_VARIABLE) < 0 || H5Tset_cset(type, H5T_CSET_UTF8) < 0) {
        H5Tclose(type);
        return -1;
    }
    return type;
}

static int write_dataset(quench_h5_file file, const char *name, int rank, const uint64_t *dims, hid_t type, const void *data) {
    hsize_t extents[32];
    if (rank < 1 || rank > 32) return -1;
    for (int i = 0; i < rank; i++) extents[i] = (hsize_t)dims[i];
    hid_t space = H5Screate_simple(rank, extents, NULL);
    if (space < 0) return -1;
    // No modification times in the file, so equal results give equal bytes.
    hid_t properties = H5Pcreate(H5P_DATASET_CREATE);
    H5Pset_obj_track_times(properties, 0);
    hid_t set = H5Dcreate2((hid_t)file, name, type, space, H5P_DEFAULT, properties, H5P_DEFAULT);
    H5Pclose(properties);
    int status = set < 0 ? -1 : (H5Dwrite(set, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, data) < 0 ? -1 : 0);
    if (set >= 0) H5Dclose(set);
    H5Sclose(space);
    return status;
}

int quench_h5_write_doubles(quench_h5_file file, const char *name, int rank, const uint64_t *dims, const double *data) {
    return write_dataset(file, name, rank, dims, H5T_NATIVE_DOUBLE, data);
}

int quench_h5_write_int64(quench_h5_file file, const char *name, int rank, const uint64_t *dims, const int64_t *data) {
    return write_dataset(file, name, rank, dims, H5T_NATIVE_INT64, data);
}

int quench_h5_write_int8(quench_h5_file file, const char *name, int rank, const uint64_t *dims, const int8_t *data) {
    return write_dataset(file, name, rank, dims, H5T_NATIVE_INT8, data);
}

int quench_h5_write_strings(quench_h5_file file, const char *name, uint64_t count, const char *const *strings) {
    hid_t type = text_type();
    if (type < 0) return -1;
    uint64_t dims[1] = {count};
    int status = write_dataset(file, name, 1, dims, type, strings);
    H5Tclose(type);
    return status;
}

int quench_h5_make_scale(quench_h5_file file, const char *scale) {
    hid_t set = H5Dopen2((hid_t)file, scale, H5P_DEFAULT);
    if (set < 0) return -1;
    int status = H5DSset_scale(set, scale) < 0 ? -1 : 0;
    H5Dclose(set);
    return status;
}

int quench_h5_attach_scale(quench_h5_file file, const char *variable, const char *scale, int index) {
    hid_t var = H5Dopen2((hid_t)file, variable, H5P_DEFAULT);
    hid_t dim = H5Dopen2((hid_t)file, scale, H5P_DEFAULT);
    int status = (var < 0 || dim < 0) ? -1 : (H5DSattach_scale(var, dim, (unsigned)index) < 0 ? -1 : 0);
    if (var >= 0) H5Dclose(var);
    if (dim >= 0) H5Dclose(dim);
    return status;
}

/// A scalar attribute `name` of `type` on `object` (a dataset's name, or "/" for the file).
static int write_attribute(quench_h5_file file, const char *object, const char *name, hid_t type, const void *value) {
    hid_t target = H5Oopen((hid_t)file, object, H5P_DEFAULT);
    if (target < 0) return -1;
    hid_t space = H5Screate(H5S_SCALAR);
    hid_t attribute = H5Acreate2(target, name, type, space, H5P_DEFAULT, H5P_DEFAULT);
    int status = attribute < 0 ? -1 : (H5Awrite(attribute, type, value) < 0 ? -1 : 0);
    if (attribute >= 0) H5Aclose(attribute);
    H5Sclose(space);
    H5Oclose(target);
    return status;
}

int quench_h5_string_attribute(quench_h5_file file, const char *object, const char *name, const char *value) {
    hid_t type = text_type();
    if (type < 0) return -1;
    int status = write_attribute(file, object, name, type, &value);
    H5Tclose(type);
    return status;
}

int quench_h5_double_attribute(quench_h5_file file, const char *object, const char *name, double value) {
    return write_attribute(file, object, name, H5T_NATIVE_DOUBLE, &value);
}

int quench_h5_int64_attribute(quench_h5_file file, const char *object, const char *name, int64_t value) {
    return write_attribute(file, object, name, H5T_NATIVE_INT64, &value);
}

int quench_h5_dataset_dims(quench_h5_file file, const char *name, uint64_t *dims) {
    hid_t set = H5Dopen2((hid_t)file, name, H5P_DEFAULT);
    if (set < 0) return -1;
    hid_t space = H5Dget_space(set);
    hsize_t extents[32];
    int rank = H5Sget_simple_extent_dims(space, extents, NULL);
    for (int i = 0; i < rank && i < 8; i++) dims[i] = (uint64_t)extents[i];
    H5Sclose(space);
    H5Dclose(set);
    return rank;
}

/// What the readers read from: dataset `object` itself (`attribute` NULL) or its attribute `attribute`.
typedef struct {
    hid_t object;
    hid_t attribute;
} source;

static int open_source(quench_h5_file file, const char *object, const char *attribute, source *opened) {
    opened->object = H5Oopen((hid_t)file, object, H5P_DEFAULT);
    opened->attribute = -1;
    if (opened->object < 0) return -1;
    if (attribute == NULL) return 0;
    opened->attribute = H5Aopen(opened->object, attribute, H5P_DEFAULT);
    if (opened->attribute >= 0) return 0;
    H5Oclose(opened->object);
    return -1;
}

static void close_source(source opened) {
    if (opened.attribute >= 0) H5Aclose(opened.attribute);
    H5Oclose(opened.object);
}

static hid_t source_type(source opened) {
    return opened.attribute >= 0 ? H5Aget_type(opened.attribute) : H5Dget_type(opened.object);
}

/// Reads all of a source as `memory` values, if it holds exactly `count` of them.
static int read_source(quench_h5_file file, const char *object, const char *attribute, hid_t memory, void *data, uint64_t count) {
    source opened;
    if (open_source(file, object, attribute, &opened) < 0) return -1;
    hid_t space = opened.attribute >= 0 ? H5Aget_space(opened.attribute) : H5Dget_space(opened.object);
    hssize_t points = space < 0 ? -1 : H5Sget_simple_extent_npoints(space);
    int status = -1;
    if (points >= 0 && (uint64_t)points == count) {
        herr_t read = opened.attribute >= 0 ? H5Aread(opened.attribute, memory, data)
                                            : H5Dread(opened.object, memory, H5S_ALL, H5S_ALL, H5P_DEFAULT, data);
        status = read < 0 ? -1 : 0;
    }
    if (space >= 0) H5Sclose(space);
    close_source(opened);
    return status;
}

quench_h5_kind quench_h5_kind_of(quench_h5_file file, const char *object, const char *attribute) {
    source opened;
    if (open_source(file, object, attribute, &opened) < 0) return QUENCH_H5_MISSING;
    hid_t type = source_type(opened);
    quench_h5_kind kind = QUENCH_H5_OTHER;
    if (H5Tget_class(type) == H5T_FLOAT && H5Tget_size(type) == 8) {
        kind = QUENCH_H5_FLOAT64;
    } else if (H5Tget_class(type) == H5T_INTEGER && H5Tget_sign(type) == H5T_SGN_2) {
        if (H5Tget_size(type) == 8) kind = QUENCH_H5_INT64;
        if (H5Tget_size(type) == 1) kind = QUENCH_H5_INT8;
    } else if (H5Tget_class(type) == H5T_STRING && H5Tis_variable_str(type) > 0 && H5Tget_cset(type) == H5T_CSET_UTF8) {
        kind = QUENCH_H5_UTF8_TEXT;
    }
    H5Tclose(type);
    close_source(opened);
    return kind;
}

int quench_h5_read_doubles(quench_h5_file file, const char *name, double *data, uint64_t count) {
    return read_source(file, name, NULL, H5T_NATIVE_DOUBLE, data, count);
}

int quench_h5_read_int64(quench_h5_file file, const char *object, const char *attribute, int64_t *data, uint64_t count) {
    return read_source(file, object, attribute, H5T_NATIVE_INT64, data, count);
}

int quench_h5_read_strings(quench_h5_file file, const char *object, const char *attribute, char **strings, uint64_t count) {
    hid_t type = text_type();
    if (type < 0) return -1;
    for (uint64_t i = 0; i < count; i++) strings[i] = NULL;
    int status = read_source(file, object, attribute, type, strings, count);
    H5Tclose(type);
    return status;
}

void quench_h5_free_strings(char **strings, uint64_t count) {
    for (uint64_t i = 0; i < count; i++) {
        if (strings[i] != NULL) H5free_memory(strings[i]);
        strings[i] = NULL;
    }
}

int quench_h5_scale_count(quench_h5_file file, const char *name, int index) {
    hid_t set = H5Dopen2((hid_t)file, name, H5P_DEFAULT);
    if (set < 0) return -1;
    int count = H5DSget_num_scales(set, (unsigned)index);
    H5Dclose(set);
    return count;
}
