"""The opening cell of every lesson calls :func:`start` (introduced in lesson 00).

It quiets TensorFlow *before* TensorFlow is imported, seeds every random number
generator, and prints the versions a teacher needs when a learner reports a problem.
"""

import os
import platform
import random
import sys

SEED = 42


def _in_colab():
    return "google.colab" in sys.modules


def start(tensorflow=False, seed=SEED, blas_threads=1):
    """Prepare a lesson: quiet logs, seed everything, print versions.

    tensorflow:   True in lessons that use TensorFlow/Keras. Keras is then imported,
                  seeded with ``keras.utils.set_random_seed`` and op determinism is on.
    seed:         the seed for Python, NumPy (and Keras).
    blas_threads: NumPy's BLAS threads. One thread is many times faster than two for
                  the small matrices of these lessons (see benchmarks/); None leaves it.
    """
    # Must happen before TensorFlow is imported anywhere in this process. Level 3 also hides
    # TensorFlow 2.21's harmless C++ "E0000 ... use_unbounded_threadpool" line, which Jupyter
    # would otherwise show under every fit(); real errors still raise Python exceptions.
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    os.environ.setdefault("TF_ENABLE_ONEDNN_OPTS", "0")
    os.environ["PYTHONHASHSEED"] = str(seed)

    import numpy as np

    random.seed(seed)
    np.random.seed(seed)
    if blas_threads is not None:
        from threadpoolctl import threadpool_limits

        threadpool_limits(blas_threads, user_api="blas")

    import matplotlib

    versions = [
        f"Python {platform.python_version()}",
        f"NumPy {np.__version__}",
        f"Matplotlib {matplotlib.__version__}",
    ]
    if tensorflow:
        from helpers.keras_tools import keras, seed_everything, tf

        seed_everything(seed)
        versions += [f"TensorFlow {tf.__version__}", f"Keras {keras.__version__}"]
    where = "Colab" if _in_colab() else "local"
    print(f"Ready ({where}, seed {seed}): " + ", ".join(versions))
