"""Where data files come from, and proof that they are the right ones.

Lookup order for a data set's folder (the first one holding every file wins):

1. the folder given explicitly by the caller (the files directly in it, or in ``<folder>/<name>/``);
2. ``$TF1_LESSONS_DATA/<name>/`` (e.g. ``TF1_LESSONS_DATA=../shared/data``);
3. the user cache, ``pooch.os_cache("tf1-lessons")/<name>/`` (``~/.cache/tf1-lessons`` on Linux);
4. a system copy (Debian's ``dataset-fashion-mnist`` installs ``/usr/share/datasets/fashion-mnist``);
5. a download into the user cache, through pooch (atomic, with a progress bar), verified below.

Every file is checked against the SHA-256 of its *decompressed payload* when it is read
(see ``shared/data/README.md``), so a recompressed archive still verifies and a damaged
copy anywhere in the chain is caught with its path in the message.
"""

from __future__ import annotations

import contextlib
import gzip
import hashlib
import os
import socket
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

ENV_VAR = "TF1_LESSONS_DATA"


class DataError(RuntimeError):
    """A data file is missing, damaged or not what it claims to be. The message says the fix."""


@dataclass(frozen=True)
class DataSpec:
    name: str  # folder name under TF1_LESSONS_DATA and the cache
    files: dict[str, str]  # file name -> sha256 of the decompressed payload
    mirrors: tuple[str, ...]  # base URLs, tried in order
    system_dirs: tuple[str, ...] = field(default=())


MNIST = DataSpec(
    name="mnist",
    files={
        "train-images-idx3-ubyte.gz": "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db",
        "train-labels-idx1-ubyte.gz": "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5",
        "t10k-images-idx3-ubyte.gz": "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7",
        "t10k-labels-idx1-ubyte.gz": "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2",
    },
    # The first is the mirror TF1's input_data used; the second is PyTorch's.
    mirrors=(
        "https://storage.googleapis.com/cvdf-datasets/mnist/",
        "https://ossci-datasets.s3.amazonaws.com/mnist/",
    ),
)

FASHION_MNIST = DataSpec(
    name="fashion-mnist",
    files={
        "train-images-idx3-ubyte.gz": "c59f468a2f672dc815687fe0f83887768d799fd8a3f3276145d20f83aa44d888",
        "train-labels-idx1-ubyte.gz": "bad3541b69d912435c50bb6ba87bec294ff4f6a2e1246121d8633921760443d9",
        "t10k-images-idx3-ubyte.gz": "5b4141f0afbad91edebe8549f8fcffe087ea10ca49f1dbef5c9a5cd8815ce37b",
        "t10k-labels-idx1-ubyte.gz": "0402a96d92fd2663957122ceb108a494c5af83dab82d92729df917d7dec38c34",
    },
    mirrors=(
        "https://storage.googleapis.com/tensorflow/tf-keras-datasets/",
        "http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/",
    ),
    system_dirs=("/usr/share/datasets/fashion-mnist",),
)

PIMA = DataSpec(
    name="pima-indians-diabetes",
    files={
        "pima-indians-diabetes.data.csv": "6bfe5d0f379d17a0e0819b996407e3c09bf80febd4287f2ed212190dfff154af",
    },
    mirrors=("https://raw.githubusercontent.com/jbrownlee/Datasets/master/",),
)


def cache_dir() -> Path:
    import pooch

    return Path(pooch.os_cache("tf1-lessons"))


def _has_all(folder: Path, spec: DataSpec) -> bool:
    return all((folder / f).is_file() for f in spec.files)


def candidates(spec: DataSpec, data_dir: str | os.PathLike | None = None) -> list[tuple[str, Path]]:
    """The folders searched, in order, each with a word on where it came from."""
    found: list[tuple[str, Path]] = []
    if data_dir is not None:
        d = Path(data_dir).expanduser()
        found += [("explicit argument", d), ("explicit argument", d / spec.name)]
    env = os.environ.get(ENV_VAR)
    if env:
        found.append((f"${ENV_VAR}", Path(env).expanduser() / spec.name))
    found.append(("user cache", cache_dir() / spec.name))
    found += [("system copy", Path(p)) for p in spec.system_dirs]
    return found


def locate(spec: DataSpec, data_dir=None, download: bool = True) -> Path:
    """The folder holding every file of ``spec``; downloads into the user cache if needed.

    A download that fails leaves the cache as it found it: folders created for it are removed
    again (files already verified stay, so a second try resumes).
    """
    for _, folder in candidates(spec, data_dir):
        if _has_all(folder, spec):
            return folder
    target = cache_dir() / spec.name
    if not download:
        raise DataError(_missing_message(spec, data_dir, target, tried_download=False))
    created = [d for d in (target.parent, target) if not d.exists()]
    try:
        mirrors = _reachable_mirrors(spec, data_dir, target)
        for fname in spec.files:
            if not (target / fname).is_file():
                _download(spec, fname, target, data_dir, mirrors)
    except BaseException:
        for folder in reversed(created):
            with contextlib.suppress(OSError):
                folder.rmdir()  # only if still empty
        raise
    return target


def _reachable_mirrors(spec: DataSpec, data_dir, target: Path) -> tuple[str, ...]:
    """The mirrors whose host names resolve; none at all means no network, said before any
    "Downloading ..." line is printed."""
    reachable, failures = [], []
    for base in spec.mirrors:
        parts = urlsplit(base)
        try:
            socket.getaddrinfo(parts.hostname, parts.port or (443 if parts.scheme == "https" else 80))
            reachable.append(base)
        except (socket.gaierror, UnicodeError) as exc:
            failures.append(f"{parts.hostname} ({exc.strerror or exc})")
    if not reachable:
        raise DataError(
            _missing_message(
                spec,
                data_dir,
                target,
                tried_download=True,
                detail=f"no network: could not look up {', '.join(failures)}",
            )
        )
    return tuple(reachable)


def _problem(folder: Path, spec: DataSpec) -> str:
    """Why ``folder`` is not a complete copy, naming the path at fault."""
    for parent in [folder, *folder.parents]:
        if parent.exists() and not parent.is_dir():
            return f"{parent} is a file, not a folder"
        if parent.exists():
            break
    if not folder.exists():
        return "does not exist"
    wrong = [f"{folder / f} is a folder, not a file" for f in spec.files if (folder / f).is_dir()]
    if wrong:
        return "; ".join(wrong)
    missing = [f for f in spec.files if not (folder / f).exists()]
    return f"missing {', '.join(missing)}" if len(missing) < len(spec.files) else "holds none of the files"


def _missing_message(spec: DataSpec, data_dir, target: Path, tried_download: bool, detail: str = "") -> str:
    places = [(where, folder, _problem(folder, spec)) for where, folder in candidates(spec, data_dir)]
    # A relative folder (TF1_LESSONS_DATA=../shared/data) is read from the current folder,
    # which differs from run to run: say which absolute path that was.
    searched = "\n".join(
        f"  - {where}: {folder}{'' if folder.is_absolute() else f' (here: {folder.absolute()})'}: {problem}"
        for where, folder, problem in places
    )
    files = ", ".join(spec.files)
    # A path of the wrong kind (a file where a folder belongs, or the reverse) is a mistake to
    # name first: it is what the user has to fix, not merely a place that happened to be empty.
    causes = [
        problem
        for _, _, problem in places
        if "is a file, not a folder" in problem or "is a folder, not a file" in problem
    ]
    lines = [f"{spec.name}: {causes[0]}." if causes else f"{spec.name}: no complete local copy was found."]
    lines += [f"No folder searched holds every file ({files}):", searched]
    if tried_download:
        lines.append(f"and the download failed: {detail}")
    lines += [
        "Fix one of:",
        f"  - point {ENV_VAR} at a folder holding {spec.name}/ (e.g. {ENV_VAR}=../shared/data);",
        f"  - copy the files into {target};",
        f"  - allow network access to {spec.mirrors[0]} and run again.",
    ]
    return "\n".join(lines)


def _download(spec: DataSpec, fname: str, target: Path, data_dir, mirrors=None) -> Path:
    """Fetch one file with pooch into the cache, verifying its payload before keeping it.

    pooch writes to a temporary file and renames it only when the transfer is complete; our
    processor then checks the payload hash and deletes the file if it is wrong, so the cache
    never holds a partial or wrong file.
    """
    import pooch

    def verify(path, action, _pooch):
        try:
            check_payload(Path(path), spec.files[fname])
        except DataError:
            Path(path).unlink(missing_ok=True)
            raise
        return path

    errors = []
    for base in mirrors or spec.mirrors:
        try:
            return Path(
                pooch.retrieve(
                    url=base + fname,
                    known_hash=None,  # the payload hash is checked by `verify` instead
                    fname=fname,
                    path=target,
                    progressbar=True,
                    processor=verify,
                )
            )
        except DataError:
            raise
        except Exception as exc:  # network errors come from requests, urllib3, ssl, socket...
            errors.append(f"{base + fname}: {type(exc).__name__}: {exc}")
    raise DataError(_missing_message(spec, data_dir, target, tried_download=True, detail="\n    ".join([""] + errors)))


def read_payload(path: Path) -> bytes:
    """The decompressed bytes of ``path`` (plain files are returned as they are)."""
    raw = path.read_bytes()
    if not path.name.endswith(".gz"):
        return raw
    try:
        return gzip.decompress(raw)
    except (EOFError, gzip.BadGzipFile, zlib.error) as exc:
        raise DataError(
            f"{path}: not a complete gzip file ({exc}). The copy is damaged or was cut short: "
            f"delete it and run again (a fresh copy is downloaded into the user cache), "
            f"or point {ENV_VAR} at a folder with good copies."
        ) from exc


def verify_payload(path: Path, payload: bytes, expected_sha256: str) -> None:
    actual = hashlib.sha256(payload).hexdigest()
    if actual != expected_sha256:
        raise DataError(
            f"{path}: checksum mismatch (sha256 of the decompressed payload is {actual}, "
            f"expected {expected_sha256}). The file is damaged or is a different data set: "
            f"delete it and run again to download a verified copy, or point {ENV_VAR} at a "
            f"folder with good copies. For your own files in this format pass verify=False."
        )


def check_payload(path: Path, expected_sha256: str) -> bytes:
    payload = read_payload(path)
    verify_payload(path, payload, expected_sha256)
    return payload
