"""Rebuild data/fashion_mnist_subset.npz from the full Fashion-MNIST set (stratified, seeded).

    python tools/make_subset.py   # needs the full set somewhere the loader finds it
"""

import hashlib
from pathlib import Path

import numpy as np

from helpers.data import SUBSET_FILE, load_fashion_mnist

PER_CLASS = {"train": 1000, "test": 200}
DATA = Path(__file__).resolve().parent.parent / "data"


def stratified(y, per_class, rng):
    picks = [rng.choice(np.flatnonzero(y == c), per_class, replace=False) for c in range(10)]
    return np.sort(np.concatenate(picks))  # keep the original order of the set


def main():
    (x_train, y_train), (x_test, y_test) = load_fashion_mnist(download=False)
    assert len(x_train) == 60_000, "build the subset from the full set"
    rng = np.random.default_rng(2017)
    i = stratified(y_train, PER_CLASS["train"], rng)
    j = stratified(y_test, PER_CLASS["test"], rng)
    out = DATA / SUBSET_FILE
    np.savez_compressed(out, x_train=x_train[i], y_train=y_train[i],
                        x_test=x_test[j], y_test=y_test[j])
    digest = hashlib.sha256(out.read_bytes()).hexdigest()
    # Keep the other files' lines (the forward-pass weights of lesson 03).
    sums = DATA / "SHA256SUMS"
    others = [line for line in sums.read_text().splitlines()
              if line.strip() and line.split()[-1] != SUBSET_FILE] if sums.is_file() else []
    sums.write_text("\n".join([f"{digest}  {SUBSET_FILE}", *others]) + "\n")
    print(f"wrote {out} ({out.stat().st_size:,} bytes), sha256 {digest}")


if __name__ == "__main__":
    main()
