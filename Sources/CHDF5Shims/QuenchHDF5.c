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

int quench_h5_write_int8(quench_h5_file file, const char *name, int rank, const uint64_t *dims, const int8_t *data) {
    return write_dataset(file, name, rank, dims, H5T_NATIVE_INT8, data);
}

int quench_h5_write_strings(quench_h5_file file, const char *name, uint64_t count, int width, const char *data) {
    hid_t type = H5Tcopy(H5T_C_S1);
    if (type < 0 || H5Tset_size(type, (size_t)width) < 0 || H5Tset_strpad(type, H5T_STR_NULLPAD) < 0) return -1;
    uint64_t dims[1] = {count};
    int status = write_dataset(file, name, 1, dims, type, data);
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

static hid_t open_object(quench_h5_file file, const char *object) {
    return H5Oopen((hid_t)file, object, H5P_DEFAULT);
}

int quench_h5_string_attribute(quench_h5_file file, const char *object, const char *name, const char *value) {
    hid_t target = open_object(file, object);
    if (target < 0) return -1;
    hid_t type = H5Tcopy(H5T_C_S1);
    size_t length = strlen(value);
    H5Tset_size(type, length > 0 ? length : 1);
    H5Tset_strpad(type, H5T_STR_NULLPAD);
    hid_t space = H5Screate(H5S_SCALAR);
    hid_t attribute = H5Acreate2(target, name, type, space, H5P_DEFAULT, H5P_DEFAULT);
    int status = attribute < 0 ? -1 : (H5Awrite(attribute, type, length > 0 ? value : "") < 0 ? -1 : 0);
    if (attribute >= 0) H5Aclose(attribute);
    H5Sclose(space);
    H5Tclose(type);
    H5Oclose(target);
    return status;
}

int quench_h5_double_attribute(quench_h5_file file, const char *object, const char *name, double value) {
    hid_t target = open_object(file, object);
    if (target < 0) return -1;
    hid_t space = H5Screate(H5S_SCALAR);
    hid_t attribute = H5Acreate2(target, name, H5T_NATIVE_DOUBLE, space, H5P_DEFAULT, H5P_DEFAULT);
    int status = attribute < 0 ? -1 : (H5Awrite(attribute, H5T_NATIVE_DOUBLE, &value) < 0 ? -1 : 0);
    if (attribute >= 0) H5Aclose(attribute);
    H5Sclose(space);
    H5Oclose(target);
    return status;
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

int quench_h5_read_doubles(quench_h5_file file, const char *name, double *data, uint64_t count) {
    hid_t set = H5Dopen2((hid_t)file, name, H5P_DEFAULT);
    if (set < 0) return -1;
    hid_t space = H5Dget_space(set);
    hssize_t points = H5Sget_simple_extent_npoints(space);
    int status = (points < 0 || (uint64_t)points != count) ? -1
        : (H5Dread(set, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, data) < 0 ? -1 : 0);
    H5Sclose(space);
    H5Dclose(set);
    return status;
}

int quench_h5_scale_count(quench_h5_file file, const char *name, int index) {
    hid_t set = H5Dopen2((hid_t)file, name, H5P_DEFAULT);
    if (set < 0) return -1;
    int count = H5DSget_num_scales(set, (unsigned)index);
    H5Dclose(set);
    return count;
}
