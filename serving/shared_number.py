"""One number every process of this machine shares: eight bytes of a file in the data
folder, mapped into memory, so reading it costs no system call and a write by one worker
is seen by all at once. Used for the content version when there is no Redis
(serving/versions.py) and for the database breaker (serving/watchdog.py)."""

from __future__ import annotations

import mmap
import os
import struct
from pathlib import Path

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
