"""Quiet TensorFlow before any test module imports it (see helpers/setup.py for why level 3)."""

import os

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("TF_ENABLE_ONEDNN_OPTS", "0")
