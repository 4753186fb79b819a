"""Small wrappers so the lesson widgets look and behave the same in ipywidgets 7.7 (Colab)
and 8.x (JupyterLab, Notebook 7, VS Code). Introduced in lesson 01.

Every widget in a lesson follows a static figure drawn with the same function, so the
lesson reads well where widgets cannot run (GitHub, a PDF, nbval).
"""

import ipywidgets as w

_STYLE = {"description_width": "initial"}


def float_slider(description, value, min, max, step=0.01, readout_format=".2f"):
    """A FloatSlider that redraws only when released (smooth on a slow laptop)."""
    return w.FloatSlider(value=value, min=min, max=max, step=step, description=description,
                         continuous_update=False, readout_format=readout_format, style=_STYLE)


def log_slider(description, value, min_exp, max_exp, step=0.1):
    """A slider over 10**min_exp .. 10**max_exp (learning rates, weight decay)."""
    return w.FloatLogSlider(value=value, base=10, min=min_exp, max=max_exp, step=step,
                            description=description, continuous_update=False, style=_STYLE)


def int_slider(description, value, min, max, step=1):
    return w.IntSlider(value=value, min=min, max=max, step=step, description=description,
                       continuous_update=False, style=_STYLE)


def dropdown(description, options, value=None):
    return w.Dropdown(options=options, value=value if value is not None else list(options)[0],
                      description=description, style=_STYLE)


def interact(function, **controls):
    """``ipywidgets.interact`` with the controls above. Returns nothing, so no repr is printed."""
    w.interact(function, **controls)


def selection_slider(description, options, value=None):
    """A slider over a fixed list of values, e.g. the settings a lesson computed in advance
    (lesson 08: batch-norm momenta). Redraws only when released."""
    options = list(options)
    return w.SelectionSlider(options=options, value=value if value is not None else options[0],
                             description=description, continuous_update=False, style=_STYLE)


def checkbox(description, value=False):
    """A Checkbox, e.g. to show or hide one curve among several (lesson 11)."""
    return w.Checkbox(value=bool(value), description=description, indent=False, style=_STYLE)
