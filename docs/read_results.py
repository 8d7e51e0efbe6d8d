"""Read a Quench results folder both ways: results.csv with pandas, results.h5 with xarray and h5py.

    python3 docs/read_results.py results/lz-two-level

The HDF5 file holds one array per observable with the scan axes as dimensions and the parameter
values as coordinates; this script checks that both formats carry the same numbers, that parameters
keep their kind (integers int64 and exact, real numbers float64, words UTF-8 text that reads as
`str`), and that `.sel` by an integer or text coordinate picks the rows results.csv has for it.
"""
import re
import sys

import h5py
import numpy as np
import pandas as pd
import xarray as xr

folder = sys.argv[1] if len(sys.argv) > 1 else "results/lz-two-level"

table = pd.read_csv(f"{folder}/results.csv")
# The same file as written, every field a string: what a parameter's kind is judged from.
written = pd.read_csv(f"{folder}/results.csv", dtype=str, keep_default_na=False)
data = xr.open_dataset(f"{folder}/results.h5", engine="h5netcdf")
print(data)

axes = list(data["status"].dims)
observables = [name for name in data.data_vars if name != "status"]
print(f"{len(table)} rows in results.csv; axes {axes}; observables {observables}")
complete = len(table) == data["status"].size


def csv_column(name):
    """results.csv's column for observable `name` of results.h5, or None."""
    column = name[:-len("_value")] if name.endswith("_value") and name not in table else name
    if f"{column}.1" in table:  # a parameter and an observable of the same name: pandas calls the observable "name.1"
        column = f"{column}.1"
    return column if column in table else None


def kind(fields):
    """How results.h5 must store a parameter whose results.csv fields are `fields`."""
    if all(re.fullmatch(r"-?[0-9]+", field) for field in fields):
        return np.int64
    try:
        [float(field) for field in fields]
        return np.float64
    except ValueError:
        return str


def typed(fields, of_kind):
    """results.csv's fields as values of the kind results.h5 stores them in."""
    return list(fields) if of_kind is str else np.array([of_kind(field) for field in fields], dtype=of_kind)


# Every observable: the CSV column in point order equals the array flattened in C order
# (the first axis varies slowest, as in the CSV). Observables are float64, status int8.
for name in observables:
    assert data[name].dtype == np.float64, f"{name} is {data[name].dtype}"
    assert isinstance(data[name].attrs["long_name"], str), f"long_name of {name}"
    column = csv_column(name)
    values = table[column].to_numpy(dtype=float) if column else None
    if values is None or values.shape[0] != data[name].size:
        continue
    assert np.allclose(values, data[name].values.ravel(), rtol=0, atol=0, equal_nan=True), name
assert data["status"].dtype == np.int8

# Every axis: its coordinate has the parameter's kind, and spread over the grid it equals the CSV
# column exactly (an int64 coordinate keeps 9007199254740993; a float would make it ...992).
selectable = []
for axis in axes:
    if axis not in written or not complete:
        continue
    fields = list(written[axis])
    of_kind = kind(fields)
    coordinate = data[axis]
    grid = coordinate.broadcast_like(data["status"]).transpose(*axes).values.ravel()
    if of_kind is str:
        assert coordinate.dtype.kind in "UO" and all(isinstance(word, str) for word in coordinate.values), \
            f"{axis} is {coordinate.dtype}, not text"
        assert list(grid) == fields, axis
    else:
        assert coordinate.dtype == of_kind, f"{axis} is {coordinate.dtype}, results.csv has {of_kind.__name__} values"
        assert np.array_equal(grid, typed(fields, of_kind)), axis
    if of_kind is not np.float64:
        selectable.append(axis)

# .sel by each integer or text coordinate value: the same numbers as the CSV rows with that value.
for axis in selectable:
    for value in data[axis].values:
        part = data.sel({axis: value})
        rows = table[written[axis] == str(value)]
        for name in observables:
            column = csv_column(name)
            if column:
                expected = rows[column].to_numpy(dtype=float)
                assert np.array_equal(part[name].values.ravel(), expected, equal_nan=True), f"{name} at {axis} = {value}"
    print(f".sel({axis}=...) for {data[axis].size} values agrees with results.csv")

# Fixed parameters are file attributes of the same kind and value as their (constant) CSV column;
# text attributes (model, scan, integrator method, words) read as str.
for name, value in data.attrs.items():
    if isinstance(value, (bytes, np.bytes_)):
        raise AssertionError(f"attribute {name} is bytes, not text")
    if name not in written or name in axes:
        continue
    fields = set(written[name])
    assert len(fields) == 1, name
    field = fields.pop()
    of_kind = kind([field])
    expected = typed([field], of_kind)[0]
    assert isinstance(value, {np.int64: np.integer, np.float64: np.floating, str: str}[of_kind]), \
        f"attribute {name} is {type(value).__name__}, results.csv has {field!r}"
    assert value == expected, f"attribute {name} = {value!r}, results.csv has {field!r}"

# h5py: text datasets are variable-length UTF-8 (read them as str with .asstr()).
with h5py.File(f"{folder}/results.h5", "r") as f:
    for axis in axes:
        info = h5py.check_string_dtype(f[axis].dtype)
        if info is not None:
            assert info.encoding == "utf-8" and info.length is None, f"{axis}: {info}"
            assert list(f[axis].asstr()[...]) == list(data[axis].values), axis
    print("h5py:", {key: (f[key].shape, str(f[key].dtype)) for key in f}, dict(f.attrs))
print("both formats agree")
