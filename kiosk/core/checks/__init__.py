"""The checks a bundle passes once its manifest is read, one module per kind.

``kiosk.core.bundle`` runs them in order over the manifest and the bundle's
files; each adds what it finds to the load's :class:`~kiosk.core.problems.ProblemList`.
"""

# A text file of the bundle (a source article, a chart's CSV) is read up to this size.
MAX_TEXT_BYTES = 4 * 1024 * 1024
