"""The staff panel: a PIN pad, then a menu to exit, reload, pause or look under the hood.

One page per module: :mod:`.pin_pad`, :mod:`.no_pin_notice`, :mod:`.menu`,
:mod:`.diagnostics_page`, stacked by :mod:`.panel`; :mod:`.page` holds what
they share.  What the diagnostics say is gathered and worded without Qt in
:mod:`kiosk.core.diagnostics`; the recent errors it lists are kept by
:mod:`kiosk.core.recent_errors`.
"""

from kiosk.core.diagnostics import DiagnosticsInfo, gather_diagnostics
from kiosk.core.recent_errors import RecentErrors
from kiosk.ui.staff.diagnostics_page import DiagnosticsPage
from kiosk.ui.staff.menu import StaffMenu
from kiosk.ui.staff.no_pin_notice import NoPinNotice
from kiosk.ui.staff.panel import StaffPanel
from kiosk.ui.staff.pin_pad import PinPad

__all__ = [
    "DiagnosticsInfo",
    "DiagnosticsPage",
    "NoPinNotice",
    "PinPad",
    "RecentErrors",
    "StaffMenu",
    "StaffPanel",
    "gather_diagnostics",
]
