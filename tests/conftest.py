"""Settings every unit test needs before any test module is imported (the hooks for every test,
notebooks included, are in the repository's conftest.py)."""

import os

# Quiet TensorFlow before it is imported (helpers/setup.py says why level 3).
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("TF_ENABLE_ONEDNN_OPTS", "0")

import matplotlib  # noqa: E402

matplotlib.use("Agg")  # figures are drawn, never shown (only in this process, not the kernels)
