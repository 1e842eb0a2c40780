"""Many scenario files over several worker processes, with outcomes in the files' order, as they come.

`outcomes(paths, "evaluate", jobs, cache)` gives the same Outcomes as `batch.evaluate(path, cache)` for
each path in turn, in the same order, so every report built from them is byte-identical to one
worker's. Files go to the workers in chunks; only a few chunks are in flight at once, so memory
stays flat however many files there are, and the first outcomes come out while the last files are
still waiting. A run of fewer than `MIN_FILES` files, or `jobs=1`, stays in this process: starting
workers costs more than it saves there.

Workers ignore Ctrl-C: the terminal sends SIGINT to the whole process group, and only this process
must act on it (errors_handled prints one line and exits 130); the pool is ended when the
iteration stops, however it stops. Each worker keeps its own copy of the run's document cache,
with its roots (`extends:` bases are read once per worker, and only where the run allows), and hands
back the files it read, so that no report is written over them. An unexpected exception in a
worker comes back here as that exception.
"""

import contextlib
import functools
import os
from collections import deque
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any, Literal, TypeVar

from tiktok_earnings import batch, files
from tiktok_earnings.scenario.extends import DocumentCache

if TYPE_CHECKING:
    from multiprocessing.pool import AsyncResult, Pool

Work = Literal["evaluate", "check"]
Result = TypeVar("Result")  # what comes back for each file: its outcome, or its outcome and its piece
MIN_FILES = 200  # below this, one process: a worker costs about 15 ms to start, a file about 1 ms to compute
CHUNK_FILES = 256  # the most files a worker takes at a time: each chunk costs a message each way, whatever its size
CHUNKS_PER_WORKER = 8  # at least this many chunks each, where there are enough files: workers that finish early get more
CHUNKS_AHEAD = 4  # chunks in flight per worker: keeps every worker busy while bounding what waits in memory
MOST_WORKERS_A_CORE = 4  # --jobs 100000 must not start a process per 100 files: each takes about 20 MB


def available_cores() -> int:
    """The cores this process may run on (its CPU affinity where the system has one)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def workers_for(files: int, jobs: int) -> int:
    """How many worker processes `files` files get with --jobs `jobs`: 1 means none (this process does the work)."""
    if jobs <= 1 or files < MIN_FILES:
        return 1
    return min(jobs, files // (MIN_FILES // 2), MOST_WORKERS_A_CORE * available_cores())


def outcomes(paths: list[str], work: Work, jobs: int, cache: DocumentCache | None = None) -> Iterator[batch.Outcome]:
    """The outcome of `work` ("evaluate" or "check") for each file, in order, over up to `jobs` worker processes.

    The workers start here, before the first outcome is asked for (and before a progress bar starts
    its thread): forking a process that runs threads is unsafe.
    """
    return _results(paths, work, jobs, cache, _whole)


def outcomes_and_pieces(paths: list[str], jobs: int, cache: DocumentCache | None,
                        piece: Callable[[batch.Outcome], str]) -> Iterator[tuple[batch.Outcome, str]]:
    """Each file evaluated, in order, with its piece of a report (render.PiecewiseReport), as `outcomes()` gives them.

    The piece is made where the file is computed, and the outcome comes back without its figures
    (`report` and `recording` left out), which only the piece needed: a worker then hands back a
    line of text and the file's problems, instead of every figure for this process to unpickle and
    render, so that the workers, not this process, do a run's work.
    """
    return _results(paths, "evaluate", jobs, cache, functools.partial(_with_piece, piece))


def _whole(outcome: batch.Outcome) -> batch.Outcome:
    return outcome


def _with_piece(piece: Callable[[batch.Outcome], str], outcome: batch.Outcome) -> tuple[batch.Outcome, str]:
    return outcome._replace(report=None, recording=None), piece(outcome)


def _results(paths: list[str], work: Work, jobs: int, cache: DocumentCache | None,
             finish: Callable[[batch.Outcome], Result]) -> Iterator[Result]:
    cache = DocumentCache() if cache is None else cache  # its roots say where `extends:` may read (scenario/extends.py)
    workers = workers_for(len(paths), jobs)
    if workers == 1:
        return _in_this_process(paths, work, cache, finish)
    import multiprocessing  # only paid for by a run that starts workers

    context = multiprocessing.get_context("fork" if "fork" in multiprocessing.get_all_start_methods() else None)
    with _ctrl_c_ignored():  # a worker is born ignoring it: Ctrl-C right after it starts leaves no traceback
        pool = context.Pool(workers, initializer=_start_worker, initargs=(work, cache, finish))
    return _from_pool(pool, paths, workers)


def _in_this_process(paths: list[str], work: Work, cache: DocumentCache,
                     finish: Callable[[batch.Outcome], Result]) -> Iterator[Result]:
    function = getattr(batch, work)
    return (finish(function(path, cache)) for path in paths)


def _taken(done: tuple[list[Result], frozenset[files.FileId]]) -> list[Result]:
    results, read = done
    files.remember(read)
    return results


def chunk_files(files: int, workers: int) -> int:
    """How many files a worker takes at a time: as many as CHUNK_FILES, but few enough that each gets several chunks."""
    return max(1, min(CHUNK_FILES, files // (workers * CHUNKS_PER_WORKER)))


def _from_pool(pool: "Pool", paths: list[str], workers: int) -> Iterator[Result]:
    size = chunk_files(len(paths), workers)
    try:
        pending: deque[AsyncResult[tuple[list[Result], frozenset[files.FileId]]]] = deque()
        for start in range(0, len(paths), size):
            pending.append(pool.apply_async(_work_on, (paths[start : start + size],)))
            if len(pending) >= workers * CHUNKS_AHEAD:
                yield from _taken(pending.popleft().get())
        while pending:
            yield from _taken(pending.popleft().get())
        pool.close()
    finally:
        pool.terminate()  # Ctrl-C, a reader gone (`| head`), an error: no worker outlives the run
        pool.join()


@contextlib.contextmanager
def _ctrl_c_ignored() -> Iterator[None]:
    import signal  # signal and threading: only for a run that starts workers
    import threading

    if threading.current_thread() is not threading.main_thread():  # only the main thread may set signal handlers
        yield
        return
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


_work = batch.evaluate
_cache = DocumentCache()
_finish: Callable[[batch.Outcome], object] = _whole


def _start_worker(work: Work, cache: DocumentCache, finish: Callable[[batch.Outcome], object]) -> None:
    import signal

    global _work, _cache, _finish
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    for ending in (signal.SIGTERM, getattr(signal, "SIGHUP", None)):  # the run's own handlers (cli) are not a worker's:
        if ending is not None:  # pool.terminate() ends a worker with SIGTERM, which must end it quietly
            signal.signal(ending, signal.SIG_DFL)
    _work = getattr(batch, work)
    _cache = cache  # a copy of the run's (empty) cache, with its roots: each worker fills its own
    _finish = finish


def _work_on(chunk: list[str]) -> tuple[list[Any], frozenset[files.FileId]]:  # Any: what _finish makes
    """The chunk's results (outcomes, or outcomes and pieces), and the files this worker read for them (bases too),
    which the run must never write over."""
    done = [_finish(_work(path, _cache)) for path in chunk]
    return done, files.read_since_last()
