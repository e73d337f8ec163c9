"""One feed for every hall: signed content published as a TUF repository, followed by each kiosk.

A *feed* is a plain folder of signed files (The Update Framework's metadata
and the bundles it names) that any static web server can serve.  ``publish``
writes it; each kiosk's updater reads it, verifies every byte against the
signed metadata, puts the bundle through the same gate as any local bundle
and installs it in the kiosk's data folder.

Importing this package is cheap: the update framework itself is imported
only by :mod:`kiosk.feed.publish` (with the modules it signs with:
:mod:`~kiosk.feed.repository`, :mod:`~kiosk.feed.keys`) and
:mod:`kiosk.feed.update`, never on the kiosk's start-up path.
"""

from kiosk.feed.install import installed_bundle

__all__ = ["installed_bundle"]
