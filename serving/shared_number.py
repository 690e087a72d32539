"""One number every process of this machine shares: eight bytes of a file in the data
folder, mapped into memory, so reading it costs no system call and a write by one worker
is seen by all at once. Used for the content version when there is no Redis
(serving/versions.py) and for the database breaker (serving/watchdog.py)."""

from __future__ import annotations

import mmap
import os
import struct
from pathlib import Path

from django.conf import settings

SIZE = 8


class SharedNumber:
    def __init__(self, path: Path, kind: str):
        self.path = path
        self.format = {"int": "<Q", "float": "<d"}[kind]
        self._map: mmap.mmap | None = None

    def _mapped(self) -> mmap.mmap:
        if self._map is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            descriptor = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
            try:
                if os.fstat(descriptor).st_size < SIZE:
                    os.ftruncate(descriptor, SIZE)
                self._map = mmap.mmap(descriptor, SIZE)
            finally:
                os.close(descriptor)
        return self._map

    def get(self) -> int | float:
        return struct.unpack(self.format, self._mapped()[:SIZE])[0]

    def set(self, value: int | float) -> None:
        self._mapped()[:SIZE] = struct.pack(self.format, value)


_numbers: dict[tuple[Path, str], SharedNumber] = {}


def shared_number(path: Path, kind: str = "int") -> SharedNumber:
    """The process's one mapping of `path` (mapped on first use)."""
    if (path, kind) not in _numbers:
        _numbers[(path, kind)] = SharedNumber(path, kind)
    return _numbers[(path, kind)]


# (name, kind) -> (the DATA_DIR it was found for, its number): a hit asks for the breaker's
# numbers on every request, and building the path each time would cost more than reading.
_in_data_dir: dict[tuple[str, str], tuple[object, SharedNumber]] = {}


def in_data_dir(name: str, kind: str = "int") -> SharedNumber:
    """The number in the file `name` of the data folder (settings.DATA_DIR, which tests change)."""
    data_dir = settings.DATA_DIR
    found = _in_data_dir.get((name, kind))
    if found is None or found[0] is not data_dir:
        found = _in_data_dir[(name, kind)] = (data_dir, shared_number(Path(data_dir) / name, kind))
    return found[1]
