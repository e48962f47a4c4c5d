"""Writes the NumPy-made test fixtures in this directory (run from here; numpy 2.x was used)."""
import numpy as np

X = np.arange(12, dtype=np.float32).reshape(4, 3)
y = np.array([0, 1, 2, 1], dtype=np.int64)
poison = np.array([False, True, False, False])

# np.savez stores entries (ZIP64 local headers); np.savez_compressed deflates them.
np.savez("numpy_stored.npz", X=X, y=y, poison=poison)
np.savez_compressed("numpy_compressed.npz", X=X, y=y, poison=poison)

# Fortran order and big-endian float64 with uint8 labels.
np.save("numpy_fortran_f8be.npy", np.asfortranarray((np.arange(12.0).reshape(4, 3) * 0.5).astype(">f8")))
np.save("numpy_fortran_f8be_labels.npy", np.array([3, 1, 0, 2], dtype=np.uint8))
