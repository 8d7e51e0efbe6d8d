"""Read a Quench results folder both ways: results.csv with pandas, results.h5 with xarray and h5py.

    python3 docs/read_results.py results/lz-two-level

The HDF5 file holds one array per observable with the scan axes as dimensions and the parameter
values as coordinates; this script checks that both formats carry the same numbers.
"""
import sys

import h5py
import numpy as np
import pandas as pd
import xarray as xr

folder = sys.argv[1] if len(sys.argv) > 1 else "results/lz-two-level"

table = pd.read_csv(f"{folder}/results.csv")
data = xr.open_dataset(f"{folder}/results.h5", engine="h5netcdf")
print(data)

axes = list(data["status"].dims)
observables = [name for name in data.data_vars if name != "status"]
print(f"{len(table)} rows in results.csv; axes {axes}; observables {observables}")

# Every observable: the CSV column in point order equals the array flattened in C order
# (the first axis varies slowest, as in the CSV).
for name in observables:
    column = name[:-len("_value")] if name.endswith("_value") and name not in table else name
    if f"{column}.1" in table:  # a parameter and an observable of the same name: pandas calls the observable "name.1"
        column = f"{column}.1"
    values = table[column].to_numpy(dtype=float) if column in table else None
    if values is None or values.shape[0] != data[name].size:
        continue
    assert np.allclose(values, data[name].values.ravel(), rtol=0, atol=0, equal_nan=True), name

with h5py.File(f"{folder}/results.h5", "r") as f:
    print("h5py:", {key: f[key].shape for key in f}, dict(f.attrs))
print("both formats agree")
