"""Optional progress bars, shared by downloads and training (chapter 9, "MNIST").

tqdm is an optional extra (``pip install dlbook[progress]``): without it there is no
bar, and nothing else changes.
"""

from __future__ import annotations

import sys


# --8<-- [start:progress_bar]
def progress_bar(progress, **options):
    """A tqdm bar made with ``options`` when asked, else ``None``.

    ``progress``: True, False, or None for "when stderr is a terminal" (a log file or
    a notebook's captured output gets no bar). ``options`` go to ``tqdm`` as they are
    (``total=``, ``iterable=``, ``desc=`` ...). Without tqdm installed: ``None``.
    """
    if progress is None:
        progress = sys.stderr.isatty()
    if not progress:
        return None
    try:
        from tqdm.auto import tqdm
    except ImportError:  # progress bars are an optional extra
        return None
    return tqdm(**options)
# --8<-- [end:progress_bar]
