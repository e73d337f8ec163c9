"""One set of type sizes per screen: headline, label, body and small text, and the width of a text column.

Sizes are fractions of the screen's shorter side (``unit`` = 1/100 of it), so a
1080p and a 4K panel of the same size show the same physical letters.  The
smallest, ``SMALL`` = 2.0 units, is 21.6 px on a 1080p screen: on a 55-inch
panel (1.21 m wide, 0.63 mm a pixel) a Chinese character's ink (0.88 em in the
shipped font) is 19 px = 12 mm, which is 0.46° seen from 1.5 m, above the 0.4°
(24′) that a reader with 0.5 acuity (20/40, common past 70) needs for a
character of a dozen strokes; Latin digits (cap height 0.73 em) are 10 mm, more
than 1/150 of the distance.  See "Type sizes" in the README.
"""

from __future__ import annotations

from dataclasses import dataclass

from kiosk.core.records import Record

HEADLINE = 14.0  # the figure, on the detail page
LABEL = 4.6  # what the figure counts
BODY = 3.0  # explanation, detail text, the quoted sentence
SMALL = 2.0  # citation, captions, section names: the smallest text of a page
# A text column holds at most this many characters a line (20–35 read best);
# 32 ems of body text is 1,037 px at 1080p.
MEASURE_EM = 32
# Text too long for its page even at the small size goes smaller still below this scale
# (``union-kiosk validate`` warns of it: detail-too-long), rather than being cut off.
LAST_RESORT_SCALE = 0.6


@dataclass(frozen=True, slots=True, eq=False, repr=False)
class TypeSizes(Record):
    """Pixel sizes for one screen; ``scaled`` sets long text smaller, not below ``small`` but as a last resort."""

    headline: float
    label: float
    body: float
    small: float

    def scaled(self, scale: float) -> TypeSizes:
        if scale < LAST_RESORT_SCALE:  # text that would be cut off even so: smaller, rather than cut
            return TypeSizes(self.headline * scale, self.label * scale, self.body * scale, self.small * scale)
        floor = self.small
        return TypeSizes(
            max(floor, self.headline * scale),
            max(floor, self.label * scale),
            max(floor, self.body * scale),
            floor,
        )


def type_sizes(width: float, height: float) -> TypeSizes:
    """The sizes for a screen of ``width`` × ``height`` pixels."""
    unit = max(1.0, min(width, height)) / 100
    return TypeSizes(HEADLINE * unit, LABEL * unit, BODY * unit, SMALL * unit)


def measure_px(font_px: float) -> int:
    """The widest a text column of ``font_px`` text may be."""
    return round(font_px * MEASURE_EM)
