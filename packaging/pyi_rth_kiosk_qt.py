"""PyInstaller runtime hook of the Linux build, in place of PyInstaller's PySide6 hook.

PyInstaller's hook imports PySide6.QtCore at every start to register a
qt.conf, which costs ~70 ms before ``union-kiosk validate`` has done anything
(the kiosk imports Qt only when it draws).  On Linux Qt needs no qt.conf
here: QtCore is loaded from ``PySide6/Qt/lib`` by its real path, so Qt's
relocatable prefix already is ``PySide6/Qt``.  What stays is pointing Qt at
the bundle's own plugins, first, so that a QT_PLUGIN_PATH of the desktop
(plugins built for another Qt) is never loaded into the kiosk.
"""

import os
import sys

os.environ["QT_PLUGIN_PATH"] = os.path.join(sys._MEIPASS, "PySide6", "Qt", "plugins")
