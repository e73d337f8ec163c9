"""Publishing: bundles and notices into a signed TUF repository that any static web server can serve.

The four top-level roles of The Update Framework each sign one file:

- **root** names the keys of every role (and its own).  Its key is needed only
  to create the repository, to renew root before it expires and to rotate
  keys, so it can live offline (see the README's "Many halls" section).
- **targets** lists every bundle and notice with its length and SHA-256.
- **snapshot** lists the current version of ``targets.json``: no mixing of
  files from two publishes.
- **timestamp** names the current snapshot and expires soon, so a mirror or
  a man in the middle cannot keep serving an old feed for long.

Every publish signs a new targets (when a target changed), snapshot and
timestamp; :func:`refresh` re-signs the timestamp (and what is close to
expiring) for a cron job.  Keys are ed25519, one PEM file per role in the keys
folder, readable by their owner only (:mod:`kiosk.feed.keys`).  The update
framework is imported by the publishing modules and the updater only, never on
the kiosk's start-up path.

This module holds what the command line calls; the signed metadata and its
lock are in :mod:`kiosk.feed.repository`, how long each signature holds in
:mod:`kiosk.feed.expiry`.
"""

from __future__ import annotations

import hashlib
import logging
import os
import tempfile
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from pathlib import Path

from tuf.api.metadata import Root, Targets

from kiosk.core.bundle import inspect_bundle
from kiosk.core.files import BundleFileError
from kiosk.core.problems import Severity
from kiosk.feed.expiry import RENEW_AT_FRACTION, ROOT_EXPIRY, TARGETS_EXPIRY
from kiosk.feed.keys import ROLES, key_path, new_signer
from kiosk.feed.layout import bundle_target, check_hall_id, notice_target
from kiosk.feed.notices import NoticeError, make_notice, parse_until
from kiosk.feed.packing import pack_bundle
from kiosk.feed.publish_outcome import PublishError, PublishResult
from kiosk.feed.repository import Repository, publishing

__all__ = [
    "PublishError",
    "PublishResult",
    "Repository",
    "clear_notice",
    "publish_bundle",
    "publish_notice",
    "refresh",
    "renew_root",
    "rotate_key",
]

log = logging.getLogger(__name__)

STAGING_PREFIX = ".staging-"


def _now(now: datetime | None) -> datetime:
    return (now or datetime.now(UTC)).astimezone(UTC).replace(microsecond=0)


def _halls(halls: Iterable[str]) -> list[str | None]:
    """The halls named, checked, in order without repeats; ``[None]`` (the common target) when none."""
    try:
        chosen = list(dict.fromkeys(check_hall_id(hall) for hall in halls))
    except ValueError as exc:
        raise PublishError([str(exc)]) from None
    return list(chosen) or [None]


def _gate(path: Path) -> None:
    """The full gate; :class:`PublishError` with the bundle's problems when it refuses."""
    inspection = inspect_bundle(path, check_fonts=True)
    if inspection.files is not None:
        inspection.files.close()
    if not inspection.ok:
        errors = [p for p in inspection.problems.sorted() if p.severity is Severity.ERROR]
        raise PublishError(
            [f"数据包无效，没有发布：{path}（{len(errors)} 个错误）/ invalid bundle, nothing published"], errors
        )


def publish_bundle(
    bundle_path: Path,
    repo_dir: Path,
    keys_dir: Path,
    *,
    halls: Sequence[str] = (),
    now: datetime | None = None,
) -> PublishResult:
    """Put the bundle at ``bundle_path`` into the feed at ``repo_dir``, for ``halls`` or (none given) for all.

    The bundle passes the full gate first, and its packed zip once more; an
    invalid one raises :class:`PublishError` with its problems and nothing
    changes.  Creates the keys (in ``keys_dir``, owner-only) and the root on
    first use.  A hall with a bundle of its own keeps it when the common one
    changes; the others get the common one.
    """
    moment = _now(now)
    targets = [bundle_target(hall) for hall in _halls(halls)]
    _gate(bundle_path)
    try:
        data = pack_bundle(bundle_path)
    except BundleFileError as exc:
        raise PublishError([f"无法打包 {bundle_path}：{exc.message} / cannot pack: {exc.message_en}"]) from None
    with publishing(repo_dir):
        handle, name = tempfile.mkstemp(prefix=STAGING_PREFIX, suffix=".zip", dir=repo_dir)
        staged = Path(name)
        try:
            with os.fdopen(handle, "wb") as stream:
                stream.write(data)
            _gate(staged)  # what goes out is exactly what was checked
        finally:
            staged.unlink(missing_ok=True)
        repository, created = Repository.open_or_create(repo_dir, keys_dir, now=moment)
        changed = [target for target in targets if repository.set_target(target, data)]
        repository.commit(now=moment)
    log.info(
        "已发布 %s / published %s (targets v%d)", bundle_path, ", ".join(targets), repository.targets.signed.version
    )
    return repository.result(changed, created=created, now=moment, sha256=hashlib.sha256(data).hexdigest())


def publish_notice(
    repo_dir: Path,
    keys_dir: Path,
    text: str,
    until: datetime | str,
    *,
    halls: Sequence[str] = (),
    now: datetime | None = None,
) -> PublishResult:
    """Publish a notice until ``until`` (an aware time, or text as :func:`~kiosk.feed.notices.parse_until` reads).

    Its text passes the notice gate (plain text, length, the shipped font);
    :class:`PublishError` when it does not.
    """
    moment = _now(now)
    targets = [notice_target(hall) for hall in _halls(halls)]
    try:
        end = parse_until(until, now=moment) if isinstance(until, str) else until.astimezone(UTC)
        notice = make_notice(text, end, now=moment)
    except NoticeError as exc:
        raise PublishError(exc.problems) from None
    with publishing(repo_dir):
        repository, created = Repository.open_or_create(repo_dir, keys_dir, now=moment)
        changed = [target for target in targets if repository.set_target(target, notice.to_bytes())]
        repository.commit(now=moment)
    return repository.result(changed, created=created, now=moment, notice=notice)


def clear_notice(
    repo_dir: Path, keys_dir: Path, *, halls: Sequence[str] = (), now: datetime | None = None
) -> PublishResult:
    """Withdraw the notice for ``halls`` (none given: the common notice).  Kiosks take it down at their next check."""
    moment = _now(now)
    targets = [notice_target(hall) for hall in _halls(halls)]
    with publishing(repo_dir):
        if not Repository.exists(repo_dir):
            raise PublishError([f"{repo_dir} 还不是内容源 / {repo_dir} is not a repository yet"])
        repository = Repository.open(repo_dir, keys_dir)
        changed = [target for target in targets if repository.remove_target(target)]
        repository.commit(now=moment)
    return repository.result(changed, created=False, now=moment)


def refresh(repo_dir: Path, keys_dir: Path, *, now: datetime | None = None) -> PublishResult:
    """Re-sign the timestamp, and snapshot and targets once half their life is gone: for a cron job.

    Run it every few hours (well inside :data:`~kiosk.feed.expiry.TIMESTAMP_EXPIRY`); it needs the
    online keys only.  Warns when root is close to expiring.
    """
    moment = _now(now)
    with publishing(repo_dir):
        if not Repository.exists(repo_dir):
            raise PublishError([f"{repo_dir} 还不是内容源 / {repo_dir} is not a repository yet"])
        repository = Repository.open(repo_dir, keys_dir)
        renew = []
        if repository.targets.signed.expires - moment < TARGETS_EXPIRY * RENEW_AT_FRACTION:
            renew.append(Targets.type)
        repository.commit(now=moment, renew=renew)
    return repository.result(renew, created=False, now=moment)


def renew_root(repo_dir: Path, keys_dir: Path, *, now: datetime | None = None) -> PublishResult:
    """Sign a new root version with a fresh :data:`ROOT_EXPIRY` (needs the offline root key)."""
    moment = _now(now)
    with publishing(repo_dir):
        repository = Repository.open(repo_dir, keys_dir)
        repository.root.signed.version += 1
        repository.root.signed.expires = moment + ROOT_EXPIRY
        repository.root.signatures.clear()
        repository.root.sign(repository.signer(Root.type))
        repository.write_root()
        repository.commit(now=moment)
    return repository.result([], created=False, now=moment)


def rotate_key(repo_dir: Path, keys_dir: Path, role: str, *, now: datetime | None = None) -> PublishResult:
    """Replace the key of ``role`` with a new one: a new root version names it, signed by the old root key
    (and, for root itself, the new one too), so kiosks move to it at their next check.

    The old key file stays as ``<role>.pem.retired-<time>``: destroy it once the
    kiosks have the new root.  Needs the root key.
    """
    if role not in ROLES:
        raise PublishError([f"没有“{role}”这个角色，可选：{'、'.join(ROLES)} / unknown role {role!r}"])
    moment = _now(now)
    with publishing(repo_dir):
        repository = Repository.open(repo_dir, keys_dir)
        old_root_signer = repository.signer(Root.type)
        stamp = f"{moment:%Y%m%dT%H%M%SZ}"
        fresh_signer = new_signer(keys_dir, role, suffix=f".new-{stamp}")
        root = repository.root.signed
        for keyid in list(root.roles[role].keyids):
            root.revoke_key(keyid, role)
        root.add_key(fresh_signer.public_key, role)
        root.version += 1
        root.expires = moment + ROOT_EXPIRY
        repository.root.signatures.clear()
        repository.root.sign(old_root_signer)
        if role == Root.type:
            repository.root.sign(fresh_signer, append=True)
        repository.write_root()
        current = key_path(keys_dir, role)
        current.replace(current.with_name(f"{current.name}.retired-{stamp}"))
        current.with_name(f"{current.name}.new-{stamp}").replace(current)
        repository.adopt_signer(role, fresh_signer)
        repository.commit(now=moment, renew=[Targets.type] if role == Targets.type else [])
    return repository.result([], created=False, now=moment)
