"""One feed folder's signed metadata (:class:`Repository`), and the lock that keeps it to one publisher at a time.

Metadata is written under ``metadata/``, targets under ``targets/`` with their
hash before the name (consistent snapshots), every file replaced in one step
and readable by the web server's user.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
from collections.abc import Iterable, Iterator
from datetime import datetime, timedelta
from pathlib import Path

from securesystemslib.signer import CryptoSigner
from tuf.api.metadata import Metadata, MetaFile, Root, Snapshot, TargetFile, Targets, Timestamp
from tuf.api.serialization.json import JSONSerializer

from kiosk.feed.expiry import ROOT_EXPIRY, ROOT_WARNING, SNAPSHOT_EXPIRY, TARGETS_EXPIRY, TIMESTAMP_EXPIRY
from kiosk.feed.install import fsync_folder
from kiosk.feed.keys import ROLES, key_path, load_signer, new_signer
from kiosk.feed.layout import METADATA_DIR, TARGETS_DIR
from kiosk.feed.publish_outcome import PublishError, PublishResult

SERVED_FILE = 0o644  # the web server's user reads the repository
# After a publish: the newest versions of the targets and snapshot metadata kept, with the
# files they name, and the age below which nothing is removed (a kiosk checks every few
# minutes and a download takes seconds; a day leaves room for a clock or a cache astray).
KEEP_VERSIONS = 5
PRUNE_GRACE = timedelta(days=1)
PRETTY = JSONSerializer(compact=False)
LOCK_FILE = ".publish.lock"


log = logging.getLogger(__name__)


def _older(path: Path, cutoff: float) -> bool:
    try:
        return path.stat().st_mtime < cutoff
    except OSError:
        return False


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _write(path: Path, data: bytes, mode: int = SERVED_FILE) -> None:
    """Replace ``path`` with ``data`` in one step, flushed to the disk, with ``mode``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.tmp")
    handle = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, mode)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        temporary.chmod(mode)  # the umask may have taken bits away
        temporary.replace(path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    fsync_folder(path.parent)


@contextlib.contextmanager
def publishing(repo_dir: Path) -> Iterator[None]:
    """One publisher at a time (a cron ``--refresh`` meeting a publish would sign two different version N)."""
    repo_dir.mkdir(parents=True, exist_ok=True)
    try:
        import fcntl
    except ImportError:  # Windows: one publisher at a time is up to the people
        yield
        return
    with (repo_dir / LOCK_FILE).open("a") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            raise PublishError(
                [f"另一个发布正在进行（{repo_dir / LOCK_FILE}）/ another publish is running on this repository"]
            ) from None
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


class Repository:
    """The signed metadata of one feed folder, and the keys that sign it.

    Open with :meth:`open` (or :meth:`create` on first use); change targets;
    then :meth:`commit` writes new targets (if changed), snapshot and
    timestamp, in that order, so a kiosk reading meanwhile finds the old set
    or the new one.
    """

    def __init__(
        self,
        repo_dir: Path,
        keys_dir: Path,
        *,
        root: Metadata[Root],
        targets: Metadata[Targets],
        snapshot: Metadata[Snapshot],
        timestamp: Metadata[Timestamp],
    ) -> None:
        self.repo_dir = repo_dir
        self.keys_dir = keys_dir
        self.root = root
        self.targets = targets
        self.snapshot = snapshot
        self.timestamp = timestamp
        self.targets_changed = False
        self._signers: dict[str, CryptoSigner] = {}

    # -- reading and creating

    @property
    def metadata_dir(self) -> Path:
        return self.repo_dir / METADATA_DIR

    @property
    def targets_dir(self) -> Path:
        return self.repo_dir / TARGETS_DIR

    @staticmethod
    def exists(repo_dir: Path) -> bool:
        return (repo_dir / METADATA_DIR / "timestamp.json").is_file()

    @classmethod
    def open(cls, repo_dir: Path, keys_dir: Path) -> Repository:
        folder = repo_dir / METADATA_DIR
        try:
            roots = sorted(
                (int(p.name.split(".", 1)[0]), p)
                for p in folder.glob("*.root.json")
                if p.name.split(".", 1)[0].isdigit()
            )
            if not roots:
                raise FileNotFoundError(folder / "1.root.json")
            root = Metadata[Root].from_file(str(roots[-1][1]))
            timestamp = Metadata[Timestamp].from_file(str(folder / "timestamp.json"))
            snapshot_version = timestamp.signed.snapshot_meta.version
            snapshot = Metadata[Snapshot].from_file(str(folder / f"{snapshot_version}.snapshot.json"))
            targets_version = snapshot.signed.meta["targets.json"].version
            targets = Metadata[Targets].from_file(str(folder / f"{targets_version}.targets.json"))
        except (OSError, ValueError, KeyError) as exc:
            raise PublishError(
                [f"内容源 {repo_dir} 的元数据不完整或损坏 / the repository's metadata is broken: {exc}"]
            ) from None
        return cls(repo_dir, keys_dir, root=root, targets=targets, snapshot=snapshot, timestamp=timestamp)

    @classmethod
    def create(cls, repo_dir: Path, keys_dir: Path, *, now: datetime) -> Repository:
        """A new repository: keys for each role (those already in ``keys_dir`` are kept) and root version 1."""
        signers = {}
        for role in ROLES:
            signers[role] = load_signer(keys_dir, role) or new_signer(keys_dir, role)
        root = Metadata(Root(expires=now + ROOT_EXPIRY, consistent_snapshot=True))
        for role in ROLES:
            root.signed.add_key(signers[role].public_key, role)
        targets = Metadata(Targets(expires=now + TARGETS_EXPIRY))
        snapshot = Metadata(Snapshot(expires=now + SNAPSHOT_EXPIRY))
        timestamp = Metadata(Timestamp(expires=now + TIMESTAMP_EXPIRY))
        repository = cls(repo_dir, keys_dir, root=root, targets=targets, snapshot=snapshot, timestamp=timestamp)
        repository._signers = signers
        root.sign(signers[Root.type])
        _write(repository.metadata_dir / "1.root.json", root.to_bytes(PRETTY))
        repository.targets_changed = True
        return repository

    @classmethod
    def open_or_create(cls, repo_dir: Path, keys_dir: Path, *, now: datetime) -> tuple[Repository, bool]:
        if cls.exists(repo_dir):
            return cls.open(repo_dir, keys_dir), False
        if any((repo_dir / METADATA_DIR).glob("*.root.json")):
            raise PublishError([f"{repo_dir} 有 root 但没有 timestamp.json：不是完整的内容源 / incomplete repository"])
        return cls.create(repo_dir, keys_dir, now=now), True

    @property
    def trusted_root(self) -> Path:
        return self.metadata_dir / "1.root.json"

    def signer(self, role: str) -> CryptoSigner:
        """The key that signs ``role``, from the keys folder, checked against what root trusts."""
        if role not in self._signers:
            signer = load_signer(self.keys_dir, role)
            path = key_path(self.keys_dir, role)
            if signer is None:
                where = (
                    "请从离线保存处取回 root 密钥放到这里" if role == Root.type else "密钥丢失时请轮换密钥（见 README）"
                )
                raise PublishError([f"缺少 {role} 密钥 {path}：{where} / the {role} key {path} is missing"])
            if signer.public_key.keyid not in self.root.signed.roles[role].keyids:
                raise PublishError(
                    [f"{path} 不是 root 授权的 {role} 密钥 / {path} is not a key root trusts for {role}"]
                )
            self._signers[role] = signer
        return self._signers[role]

    def adopt_signer(self, role: str, signer: CryptoSigner) -> None:
        """Sign ``role`` with ``signer`` from now on, in place of the key loaded before a rotation."""
        self._signers[role] = signer

    # -- targets

    def target_file(self, target_path: str) -> Path:
        """Where a target is served: its name prefixed with its hash (consistent snapshots)."""
        info = self.targets.signed.targets[target_path]
        folder, _, name = target_path.rpartition("/")
        return self.targets_dir / folder / f"{info.hashes['sha256']}.{name}"

    def set_target(self, target_path: str, data: bytes) -> bool:
        """Put ``data`` in as ``target_path``; whether that changed anything."""
        info = TargetFile.from_data(target_path, data, ["sha256"])
        old = self.targets.signed.targets.get(target_path)
        self.targets.signed.targets[target_path] = info
        file = self.target_file(target_path)
        if not file.is_file():
            _write(file, data)
        if old is not None and old.hashes == info.hashes and old.length == info.length:
            return False
        self.targets_changed = True
        return True

    def remove_target(self, target_path: str) -> bool:
        if self.targets.signed.targets.pop(target_path, None) is None:
            return False
        self.targets_changed = True
        return True

    # -- signing

    def commit(self, *, now: datetime, renew: Iterable[str] = ()) -> None:
        """Sign and write new targets (if changed or in ``renew``), snapshot and timestamp."""
        renew = set(renew)
        folder = self.metadata_dir
        first = not (folder / "timestamp.json").exists()
        if self.targets_changed or Targets.type in renew:
            if not first:
                self.targets.signed.version += 1
            self.targets.signed.expires = now + TARGETS_EXPIRY
            self._sign_and_write(self.targets, f"{self.targets.signed.version}.targets.json")
        targets_bytes = (folder / f"{self.targets.signed.version}.targets.json").read_bytes()
        if not first:
            self.snapshot.signed.version += 1
        self.snapshot.signed.meta["targets.json"] = MetaFile(
            version=self.targets.signed.version, length=len(targets_bytes), hashes={"sha256": _sha256(targets_bytes)}
        )
        self.snapshot.signed.expires = now + SNAPSHOT_EXPIRY
        snapshot_bytes = self._sign_and_write(self.snapshot, f"{self.snapshot.signed.version}.snapshot.json")
        if not first:
            self.timestamp.signed.version += 1
        self.timestamp.signed.snapshot_meta = MetaFile(
            version=self.snapshot.signed.version, length=len(snapshot_bytes), hashes={"sha256": _sha256(snapshot_bytes)}
        )
        self.timestamp.signed.expires = now + TIMESTAMP_EXPIRY
        self._sign_and_write(self.timestamp, "timestamp.json")
        self.targets_changed = False
        self.prune(now=now)

    # -- pruning

    def prune(self, *, now: datetime) -> list[Path]:
        """Remove what no kiosk can still ask for; the files removed.

        Kept: every root; the newest :data:`KEEP_VERSIONS` targets and snapshot
        metadata and every target file they name (a kiosk that read an older
        timestamp a moment ago still finds its files); anything written within
        :data:`PRUNE_GRACE`. Each publish would otherwise keep every bundle the
        feed ever carried, for ever.
        """
        cutoff = (now - PRUNE_GRACE).timestamp()
        folder = self.metadata_dir
        kept_targets = range(self.targets.signed.version - KEEP_VERSIONS + 1, self.targets.signed.version + 1)
        kept_snapshots = range(self.snapshot.signed.version - KEEP_VERSIONS + 1, self.snapshot.signed.version + 1)
        named: set[Path] = set()
        for version in kept_targets:
            path = folder / f"{version}.targets.json"
            if path.is_file():
                named |= self._files_named(path)
        removed = []
        for path in sorted(folder.glob("*.json")):
            number, _, role = path.name.partition(".")
            keep = {"targets.json": kept_targets, "snapshot.json": kept_snapshots}.get(role)
            if keep is not None and number.isdigit() and int(number) not in keep and _older(path, cutoff):
                removed.append(path)
        if self.targets_dir.is_dir():
            for path in sorted(self.targets_dir.rglob("*")):
                if path.is_file() and not path.name.startswith(".") and path not in named and _older(path, cutoff):
                    removed.append(path)
        for path in removed:
            path.unlink(missing_ok=True)
        if removed:
            log.info("feed pruned: %d old metadata and target files removed", len(removed))
        return removed

    def _files_named(self, targets_json: Path) -> set[Path]:
        """The served target files one version of the targets metadata names."""
        try:
            signed = Metadata[Targets].from_bytes(targets_json.read_bytes()).signed
        except Exception:  # a file we cannot read names nothing we could safely keep by it
            return set()
        files = set()
        for target_path, info in signed.targets.items():
            folder, _, name = target_path.rpartition("/")
            files.add(self.targets_dir / folder / f"{info.hashes['sha256']}.{name}")
        return files

    def _sign_and_write(
        self, metadata: Metadata[Targets] | Metadata[Snapshot] | Metadata[Timestamp], name: str
    ) -> bytes:
        metadata.signatures.clear()
        metadata.sign(self.signer(metadata.signed.type))
        data = metadata.to_bytes(PRETTY)
        _write(self.metadata_dir / name, data)
        return data

    def write_root(self) -> Path:
        path = self.metadata_dir / f"{self.root.signed.version}.root.json"
        _write(path, self.root.to_bytes(PRETTY))
        return path

    def root_warnings(self, now: datetime) -> list[str]:
        expires = self.root.signed.expires
        if expires - now > ROOT_WARNING:
            return []
        return [
            f"root 将于 {expires:%Y-%m-%d} 过期：请取出离线的 root 密钥运行 union-kiosk publish --renew-root"
            f" / root expires on {expires:%Y-%m-%d}: renew it with the offline root key"
        ]

    def result(self, changed: list[str], *, created: bool, now: datetime, **extra: object) -> PublishResult:
        return PublishResult(
            changed=changed,
            targets_version=self.targets.signed.version,
            snapshot_version=self.snapshot.signed.version,
            timestamp_version=self.timestamp.signed.version,
            trusted_root=self.trusted_root,
            created=created,
            warnings=self.root_warnings(now),
            **extra,  # type: ignore[arg-type]
        )
