"""Helpers shared by the "Deep Learning, Step by Step" lessons.

Every lesson starts with ``from helpers.setup import start``; the other modules are
imported by the lessons that introduce them (see notebooks/00_index.ipynb):

    gates       perceptron and logic gates                      (lesson 01)
    functions   activations, their derivatives, losses          (lessons 02-04)
    gradients   numerical differentiation, gradient descent     (lesson 04)
    layers      layers with forward/backward                    (lessons 05, 08, 09)
    autograd    a scalar automatic-differentiation engine       (lesson 06)
    optimizers  SGD, Momentum, Nesterov, AdaGrad, RMSprop, Adam  (lesson 07)
    nets        TwoLayerNet (also fused), MultiLayerNet, Trainer (lessons 06-09)
    data        Fashion-MNIST (works offline) and a tabular set (lessons 04-12)
    plots, widgets, checks                                      (every lesson)
    keras_tools seeding, history plots, model comparison        (lessons 10-12)
    schedules   learning-rate schedules as NumPy formulas       (lesson 12)
    losses      Keras's loss catalogue in NumPy                 (lesson 12)

``import helpers`` is deliberately cheap: it imports no submodule, and no NumPy-only
module ever imports TensorFlow.
"""

__version__ = "0.1.0"
