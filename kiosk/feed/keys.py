"""The feed's signing keys: one ed25519 PEM file per role in the keys folder, readable by its owner only.

The root key is needed only to create the repository, to renew root and to
rotate keys, so it can live offline; the other three sign every publish.
"""

from __future__ import annotations

import os
from pathlib import Path

from securesystemslib.signer import CryptoSigner
from tuf.api.metadata import Root, Snapshot, Targets, Timestamp

from kiosk.feed.publish_outcome import PublishError

ROLES = (Root.type, Targets.type, Snapshot.type, Timestamp.type)
ONLINE_ROLES = (Targets.type, Snapshot.type, Timestamp.type)
KEY_SUFFIX = ".pem"
OWNER_ONLY_FILE = 0o600
OWNER_ONLY_FOLDER = 0o700


def key_path(keys_dir: Path, role: str) -> Path:
    return keys_dir / f"{role}{KEY_SUFFIX}"


def load_signer(keys_dir: Path, role: str) -> CryptoSigner | None:
    """The key of ``role`` from the keys folder; ``None`` when there is no such file."""
    from cryptography.hazmat.primitives.serialization import load_pem_private_key

    path = key_path(keys_dir, role)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise PublishError([f"无法读取密钥 {path} / cannot read the key: {exc}"]) from None
    try:
        return CryptoSigner(load_pem_private_key(data, password=None))
    except (ValueError, TypeError) as exc:
        raise PublishError([f"密钥文件 {path} 损坏或有密码 / the key file is damaged or encrypted: {exc}"]) from None


def new_signer(keys_dir: Path, role: str, *, suffix: str = "") -> CryptoSigner:
    """A new ed25519 key for ``role``, written owner-only to the keys folder (never over an existing file)."""
    keys_dir.mkdir(mode=OWNER_ONLY_FOLDER, parents=True, exist_ok=True)
    signer = CryptoSigner.generate_ed25519()
    path = key_path(keys_dir, role).with_name(f"{role}{KEY_SUFFIX}{suffix}")
    handle = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, OWNER_ONLY_FILE)
    with os.fdopen(handle, "wb") as stream:
        stream.write(signer.private_bytes)
        stream.flush()
        os.fsync(stream.fileno())
    return signer
