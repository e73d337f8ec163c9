"""``union-kiosk preview BUNDLE``: a window beside the editor that shows each save at once.

A normal window for the editor's laptop, not a kiosk: no lock-down, no
statistics, no resume, and nothing is ever written into the bundle.  The
bundle watcher (:mod:`kiosk.ui.reload`) loads every save off the GUI thread;
the window draws the edited card at the chosen screen size with the same
painter as the kiosk and lays a broken save's problems over the last good
picture.
"""
