"""How much a valid bundle may ask of the screen, and of ``validate``.

A bundle that passes ``validate`` must be cheap to show on a 2-core kiosk PC
under a watchdog: its largest chart has to build and paint in well under
half a second, or the Qt loop stalls while a visitor waits.  The numbers were
measured with the real ``ChartView`` offscreen (software raster) at 1366×768
and 1920×1080 on the project's 2-core machine; each says why it is what it
is.  The schema (``manifest.py``), the checks (``kiosk/core/checks/``), the problem
list and ``docs/bundle-format.md`` all read them from here.
"""

from __future__ import annotations

# ---------------------------------------------------------------- charts

# Bars, lines and stacked bars: 24 categories is two years of months, and
# about as many axis labels as a half-screen chart can set at a readable size.
# The worst such chart (a line chart, 24 categories × 4 series) builds and
# paints in 0.2 s; 24 × 6 lines took 0.27 s, 100 × 8 lines 1.1 s.
MAX_CATEGORIES = 24

# A pie or donut: past 8 slices the small ones are slivers no one can label,
# and the colours can no longer be told apart.
MAX_PIE_SLICES = 8

# ``comparison`` sets a few figures side by side, each large.
MAX_COMPARISON_ITEMS = 6

# ``part_of_whole`` (其中) draws one bar for the whole and each part in a
# lane of its own inside it, its name and figure written on the lane: past 4
# lanes each is too thin to carry a readable line of text on a half screen,
# and a sentence of the source rarely names more parts of one whole.
MAX_PARTS = 4

# A table scrolls and is read row by row, so it may be longer: 100 rows of
# 6 series built and painted in 0.19 s (200 rows of 8: 0.31 s).
MAX_TABLE_ROWS = 100

# Series are told apart by colour and a legend: 6 is what a viewer can match
# at a glance (and what the palette keeps distinct).
MAX_SERIES = 6

# Values drawn in one plotted chart (categories × series).  Each bar or point
# carries its own value label; past 96 they overlap and the chart is slower
# than it is readable (24 × 4 lines: 0.2 s).
MAX_CHART_VALUES = 96

# A table's cells: its rows × its series.
MAX_TABLE_CELLS = MAX_TABLE_ROWS * MAX_SERIES

# A category name under a bar or beside a slice: longer names wrap into
# several lines and crowd out the chart.  The default bundle's longest is 13.
MAX_CATEGORY_LABEL = 20

# A series name in the legend: the schema's limit for ``series:``, applied
# to the header cells of a CSV file too.
MAX_SERIES_NAME = 40

# A plotted value is drawn through a float: 15 significant digits is what a
# float holds exactly, and 10^15 (a thousand 万亿) is far above any figure of
# a union's work.  A longer value (400 digits) becomes inf and the axis
# cannot be drawn at all ("Cannot set range [0, inf]").
MAX_VALUE_DIGITS = 15
MAX_PLOT_VALUE = 1e15

# How many categories each chart type (its ``type:``) may have.
CATEGORY_LIMITS: dict[str, int] = {
    "bar": MAX_CATEGORIES,
    "hbar": MAX_CATEGORIES,
    "line": MAX_CATEGORIES,
    "stacked_bar": MAX_CATEGORIES,
    "pie": MAX_PIE_SLICES,
    "donut": MAX_PIE_SLICES,
    "comparison": MAX_COMPARISON_ITEMS,
    "table": MAX_TABLE_ROWS,
    "part_of_whole": 1 + MAX_PARTS,  # the whole, then its parts
}
CHART_NAMES_ZH: dict[str, str] = {
    "bar": "柱状图",
    "hbar": "条形图",
    "line": "折线图",
    "stacked_bar": "堆叠柱状图",
    "pie": "饼图",
    "donut": "环形图",
    "comparison": "对比图",
    "table": "表格",
    "part_of_whole": "部分与整体图",
}

# The largest list any chart type may have: what the schema reads at most.
MAX_CHART_ITEMS = max(CATEGORY_LIMITS.values())

# ---------------------------------------------------------------- CSV files

# Data rows a CSV may have (after the header) and columns (the category
# column and one per series).  The reader stops at the first row beyond, so a
# 4 MB file of a million rows costs no more than a short one.
MAX_CSV_ROWS = MAX_CHART_ITEMS
MAX_CSV_COLUMNS = 1 + MAX_SERIES

# Lines read, blank ones included, and characters in one line: a full CSV
# has about a hundred lines of a few hundred characters, so these stop a
# file of a million blank lines or of one line of a million commas early.
MAX_CSV_LINES = 1_000
MAX_CSV_LINE_CHARS = 4_096

# All CSV files of a bundle together.  Each file may be 4 MB, and a folder
# may hold 5,000 of them; a bundle's charts need well under a megabyte.
MAX_CSV_TOTAL_BYTES = 32 * 1024 * 1024

# ---------------------------------------------------------------- images

# Every picture is decoded once per load to prove it whole: about 50 million
# pixels a second on a 2-core PC for PNG.  250 million is some 120 full-HD
# photos and a few seconds; a deck needs far fewer (the default deck has none).
MAX_DECODED_PIXELS = 250_000_000

# ---------------------------------------------------------------- problems

# ``validate`` lists every problem so an editor can fix them in one round;
# past a few hundred nobody reads on, and a million of them once took 22 s
# and 590 MB.  Beyond these, problems are counted, not kept.
MAX_PROBLEMS = 200
MAX_PROBLEMS_PER_CODE = 20
