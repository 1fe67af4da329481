"""Solves keep standard output clean, and give it back even when they overlap in threads."""

from __future__ import annotations

import os
import threading

from angara.plan import solver


def test_overlapping_solves_give_standard_output_back() -> None:
    original = os.fstat(1).st_ino
    inside = threading.Barrier(2)
    leave_first = threading.Event()
    seen: list[int] = []

    def solve(first: bool) -> None:
        with solver._SILENCE.around(log=False):
            inside.wait()
            seen.append(os.fstat(1).st_ino)
            if first:
                leave_first.set()  # the first to start leaves first
            else:
                leave_first.wait()
                seen.append(os.fstat(1).st_ino)  # still silenced: the other solve's exit must not restore

    threads = [threading.Thread(target=solve, args=(first,)) for first in (True, False)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    devnull = os.stat(os.devnull).st_ino
    assert seen == [devnull] * 3
    assert os.fstat(1).st_ino == original


def test_a_solve_with_a_log_writes_to_standard_error() -> None:
    error = os.fstat(2).st_ino
    with solver._SILENCE.around(log=True):
        assert os.fstat(1).st_ino == error
