"""Settings every test needs before any test module is imported."""

import os

# Quiet TensorFlow before it is imported (helpers/setup.py says why level 3).
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("TF_ENABLE_ONEDNN_OPTS", "0")

import matplotlib  # noqa: E402

matplotlib.use("Agg")  # figures are drawn, never shown (only in this process, not the kernels)
