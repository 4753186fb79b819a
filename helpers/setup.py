"""The opening cell of every lesson calls :func:`start` (introduced in lesson 00).

It quiets TensorFlow *before* TensorFlow is imported, seeds every random number
generator, and prints the versions a teacher needs when a learner reports a problem.
"""

import contextlib
import os
import platform
import random
import re
import sys
import tempfile
import warnings

SEED = 42

# What TensorFlow's C++ code prints on a machine without a GPU while it starts, straight to the
# process's stderr and, since TensorFlow 2.21, whatever TF_CPP_MIN_LOG_LEVEL says. Jupyter shows
# it as a red box under the opening cell. These lines are dropped; any other line is shown.
START_UP_NOISE = re.compile(
    r"All log messages before absl::InitializeLog\(\) is called are written to STDERR"
    r"|Could not find cuda drivers on your machine, GPU will not be used"
    r"|failed call to cuInit"
    r"|oneDNN custom operations are on"
    r"|This TensorFlow binary is optimized to use available CPU instructions"
    r"|To enable the following instructions: .*rebuild TensorFlow"
    # TensorFlow 2.16-2.20 log XLA's first compilation whatever TF_CPP_MIN_LOG_LEVEL says
    r"|XLA service .* initialized for platform Host"
    r"|StreamExecutor device \(0\): Host"
    r"|Compiled cluster using XLA!")


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
        # Keras 3.13.0 with NumPy 1.26 (the lowest versions requirements.txt allows) asks
        # hasattr(np, "object") at import, and NumPy answers with a FutureWarning meant for
        # Keras's developers, not for learners.
        warnings.filterwarnings("ignore", category=FutureWarning,
                                module=r"keras\.src\.export\.tf2onnx_lib")
        with _without_start_up_noise():
            from helpers.keras_tools import keras, seed_everything, tf

            tf.config.list_physical_devices()  # TensorFlow looks for GPUs now, not in a later cell
            # XLA's once-per-process log lines now too, not under a later jit_compile=True fit
            tf.function(lambda x: x + 1.0, jit_compile=True)(tf.constant(1.0))
        seed_everything(seed)
        versions += [f"TensorFlow {tf.__version__}", f"Keras {keras.__version__}"]
    where = "Colab" if _in_colab() else "local"
    print(f"Ready ({where}, seed {seed}): " + ", ".join(versions))


@contextlib.contextmanager
def _without_start_up_noise():
    """Catch what native code writes to file descriptor 2; pass on all but START_UP_NOISE."""
    try:
        sys.stderr.flush()
        saved = os.dup(2)
    except (OSError, ValueError):  # no usable stderr (a GUI without a console): nothing to hide
        yield
        return
    with tempfile.TemporaryFile() as caught:
        os.dup2(caught.fileno(), 2)
        try:
            yield
        finally:
            os.dup2(saved, 2)
            os.close(saved)
            caught.seek(0)
            lines = caught.read().decode(errors="replace").splitlines()
    kept = [line for line in lines if line.strip() and not START_UP_NOISE.search(line)]
    if kept:
        print("\n".join(kept), file=sys.stderr)
