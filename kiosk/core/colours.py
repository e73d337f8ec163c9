"""Colour maths, once: WCAG luminance and contrast, mixing.

Used by ``validate`` (the theme's contrast warning) and by the charts (value
labels and fills that stand out from the background).  Colours are ``#RRGGBB``
text or (red, green, blue) floats in [0, 1]; no Qt.
"""

from __future__ import annotations

Rgb = tuple[float, float, float]


def rgb(colour: str | Rgb) -> Rgb:
    """``#RRGGBB`` as floats in [0, 1]; a tuple is returned as it is."""
    if isinstance(colour, tuple):
        return colour
    return (int(colour[1:3], 16) / 255, int(colour[3:5], 16) / 255, int(colour[5:7], 16) / 255)


def _linear(channel: float) -> float:
    return channel / 12.92 if channel <= 0.04045 else ((channel + 0.055) / 1.055) ** 2.4


def relative_luminance(colour: str | Rgb) -> float:
    red, green, blue = rgb(colour)
    return 0.2126 * _linear(red) + 0.7152 * _linear(green) + 0.0722 * _linear(blue)


def contrast_ratio(a: str | Rgb, b: str | Rgb) -> float:
    """WCAG contrast ratio of two opaque colours, 1 to 21."""
    la, lb = sorted((relative_luminance(a), relative_luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def mix(a: str | Rgb, b: str | Rgb, share_of_b: float) -> Rgb:
    """``a`` moved towards ``b`` by ``share_of_b`` (clamped to [0, 1])."""
    k = min(1.0, max(0.0, share_of_b))
    ra, ga, ba = rgb(a)
    rb, gb, bb = rgb(b)
    return (ra * (1 - k) + rb * k, ga * (1 - k) + gb * k, ba * (1 - k) + bb * k)


def with_contrast(colour: str | Rgb, grounds: list[str | Rgb], ratio: float) -> Rgb:
    """``colour`` moved towards white (or black on a light ground) until it stands out from every ground."""
    dark_ground = max(relative_luminance(g) for g in grounds) < 0.3
    target: Rgb = (1.0, 1.0, 1.0) if dark_ground else (0.0, 0.0, 0.0)
    result = rgb(colour)
    for _ in range(20):
        if min(contrast_ratio(result, g) for g in grounds) >= ratio:
            break
        result = mix(result, target, 0.12)
    return result
