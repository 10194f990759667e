"""Numerical variants: the same lesson, seed and budget under the settings that change float results.

A lesson's curve is bit-identical run after run on one machine, but not across machines:
the CPU's vector width picks oneDNN's kernels, oneDNN can be switched off (Eigen's kernels
then), and the intra-op thread count changes how some reductions are split. Each setting
gives its own, equally correct, curve. A golden is only portable if it was made from that
spread, so ``--force-regen`` runs the lesson under every variant below, each in its own process
(these settings are read once, when TensorFlow starts), and records the envelope.

    python -m tf1_lessons.variants record OUT_DIR [LESSON ...]     # one curve set per lesson, here
    python -m tf1_lessons.variants run OUT_DIR [LESSON ...] [--variants a,b]   # as subprocesses
    python -m tf1_lessons.variants report DIR [DIR ...]            # the spread tables of the README

A curve set is a golden-format file (``{"format": 1, "curves": {mode: curve}}``) holding a
lesson's twins at its test budget and the golden seed; ``../shared/reference-curves/`` uses
the same format.
"""

from __future__ import annotations

import concurrent.futures
import json
import os
import platform
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

from . import _io

#: name -> environment it adds. TensorFlow reads all of these when it starts:
#: ``ONEDNN_MAX_CPU_ISA`` caps the instruction set oneDNN's kernels may use (so an AVX-512
#: machine also produces the AVX2 and SSE4.1 machines' curves), ``TF_ENABLE_ONEDNN_OPTS=0``
#: falls back to Eigen's kernels, and ``TF_NUM_INTRAOP_THREADS`` sizes the intra-op pool of
#: both v1 sessions and the eager context (``tf.config.threading`` only works in-process,
#: before the first op).
VARIANTS: dict[str, dict[str, str]] = {
    "default": {},
    "isa-avx2": {"ONEDNN_MAX_CPU_ISA": "AVX2"},
    "isa-sse41": {"ONEDNN_MAX_CPU_ISA": "SSE41"},
    "onednn-off": {"TF_ENABLE_ONEDNN_OPTS": "0"},
    "onednn-off-threads-1": {"TF_ENABLE_ONEDNN_OPTS": "0", "TF_NUM_INTRAOP_THREADS": "1"},
    "threads-1": {"TF_NUM_INTRAOP_THREADS": "1"},
    "threads-4": {"TF_NUM_INTRAOP_THREADS": "4"},
    "threads-8": {"TF_NUM_INTRAOP_THREADS": "8"},
}

#: Variables a user may have set that would make every variant the same one: cleared first.
_CONTROLLED = sorted({k for env in VARIANTS.values() for k in env})


class VariantError(RuntimeError):
    """A variant's subprocess failed; the message holds the end of its output."""


def machine() -> dict:
    """What the curves depend on besides the code: CPU, its vector extensions, versions."""
    from ._versions import installed_version as version

    cpu, flags = platform.processor() or platform.machine(), set()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name") and cpu in ("", platform.machine()):
                cpu = line.split(":", 1)[1].strip()
            if line.startswith("flags"):
                flags = set(line.split(":", 1)[1].split())
    except OSError:
        pass
    isa = [name for name in ("avx512f", "avx2", "sse4_1") if name in flags]
    return {
        "cpu": cpu,
        "isa": isa[0] if isa else "unknown",
        "cores": os.cpu_count(),
        "tensorflow": version("tensorflow"),
        "tf_keras": version("tf-keras"),
        "numpy": version("numpy"),
        "python": platform.python_version(),
    }


def record(out_dir, names=None) -> list[Path]:
    """In this process: run each lesson's twins at its test budget and golden seed; save curve sets."""
    from . import golden, registry

    lessons = registry.discover()
    names = list(names or lessons)
    written = []
    for name in names:
        written.append(golden.save_curve_set(golden.run_twins(lessons[name]), Path(out_dir) / f"{name}.json"))
    return written


def environment(extra: dict[str, str]) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in _CONTROLLED}
    env.update(extra)
    env.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    # Goldens are recorded at seed 0 (golden.SEED): the string hash too, as `tf1-lessons --seed` fixes it.
    env["PYTHONHASHSEED"] = "0"
    return env


#: Seconds one variant may take to record every lesson (about 4 min on 2 cores); past that it
#: is taken to hang, is stopped, and the re-recording ends with no golden changed.
VARIANT_TIMEOUT = 1800.0
_running: set = set()  # the variant processes alive now (stopped when one of them fails)


def run_variant(name: str, out_dir, lessons=None, python=sys.executable, timeout: float | None = None) -> Path:
    """Record the curve sets of ``lessons`` under variant ``name``, in a fresh process."""
    out = Path(out_dir) / name
    out.mkdir(parents=True, exist_ok=True)
    cmd = [python, "-m", "tf1_lessons.variants", "record", str(out), *(lessons or [])]
    timeout = VARIANT_TIMEOUT if timeout is None else timeout
    proc = subprocess.Popen(
        cmd,
        env=environment(VARIANTS[name]),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    _running.add(proc)
    try:
        output, _ = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        _stop(proc)
        output, _ = proc.communicate()
        tail = "\n".join((output or "").splitlines()[-10:])
        raise VariantError(
            f"variant {name} ({VARIANTS[name] or 'no settings'}) did not finish in {timeout:g} s and was "
            f"stopped (variants.VARIANT_TIMEOUT):\n{tail}"
        ) from None
    finally:
        _running.discard(proc)
    if proc.returncode != 0:
        tail = "\n".join((output or "").splitlines()[-15:])
        raise VariantError(
            f"variant {name} ({VARIANTS[name] or 'no settings'}) failed, exit {proc.returncode}:\n{tail}"
        )
    _io.write_text(
        out / "machine.json", json.dumps({"variant": name, "env": VARIANTS[name], **machine()}, indent=1) + "\n"
    )
    return out


def run_all(
    out_dir=None,
    lessons=None,
    variants=None,
    jobs: int = 2,
    log=print,
    python=sys.executable,
    timeout: float | None = None,
) -> dict[str, Path]:
    """Every variant (or those named), ``jobs`` at a time; returns variant name -> its folder.

    Running two at once on a 2-core machine is safe: each curve depends on its settings, not
    on how busy the machine is (op determinism is on in every lesson).
    """
    out_dir = Path(out_dir or tempfile.mkdtemp(prefix="tf1-lessons-variants-"))
    names = list(variants or VARIANTS)
    unknown = [n for n in names if n not in VARIANTS]
    if unknown:
        raise ValueError(f"unknown variant(s) {unknown}; known: {', '.join(VARIANTS)}")
    done = {}
    failed = threading.Event()

    def one(name):
        if failed.is_set():  # a variant failed while this one waited in the queue: it never starts
            return None
        try:
            return run_variant(name, out_dir, lessons, python, timeout)
        except BaseException:
            failed.set()
            raise

    from . import progress

    shown = progress.bar(len(names), "variants", "variant")
    with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
        futures = {pool.submit(one, n): n for n in names}
        try:
            for future in concurrent.futures.as_completed(futures):
                name = futures[future]
                done[name] = future.result()
                line = f"  variant {name:<22} recorded ({VARIANTS[name] or 'no settings'})"
                if shown is None:
                    log(line)
                    continue
                with type(shown).external_write_mode(file=sys.stdout):  # above the bar, which stays last
                    log(line)
                shown.update(1)
        except BaseException:
            # The first failure (or Ctrl-C) ends the re-recording: queued variants never start,
            # running ones are stopped. No golden is written either way.
            for future in futures:
                future.cancel()
            for proc in list(_running):
                _stop(proc)
            raise
        finally:
            if shown is not None:
                shown.close()
    return {n: done[n] for n in names}


def _stop(proc) -> None:
    """End a variant's process and everything it started (its own session)."""
    import contextlib
    import signal

    with contextlib.suppress(ProcessLookupError, PermissionError):  # already gone
        os.killpg(proc.pid, signal.SIGKILL)


def recorded_folders(paths, lesson: str) -> dict[str, Path]:
    """Where ``lesson``'s recorded curve sets are: variant name -> folder holding ``<lesson>.json``.

    A folder holding ``<lesson>.json`` is one variant, named after the folder (e.g.
    ``../shared/reference-curves/avx512``); a folder of such folders (``run``'s output, or
    ``build/variants/tf-2.16``) gives one variant per sub-folder, named ``parent/sub``.
    """
    found = {}
    for path in map(Path, paths):
        if (path / f"{lesson}.json").is_file():
            found[path.name] = path
            continue
        subs = sorted(p for p in path.iterdir() if (p / f"{lesson}.json").is_file()) if path.is_dir() else []
        if not subs:
            raise FileNotFoundError(
                f"{path}: no recorded curves of {lesson!r} (expected {lesson}.json in it or in its sub-folders)"
            )
        for sub in subs:
            found[f"{path.name}/{sub.name}"] = sub
    return found


def load_recordings(paths, lesson: str) -> dict:
    """``lesson``'s curve sets from recorded folders (see :func:`recorded_folders`): variant name -> curves by mode."""
    from . import golden

    return {name: golden.load(folder / f"{lesson}.json") for name, folder in recorded_folders(paths, lesson).items()}


def settings_of(path) -> dict:
    """The variant settings and versions a recorded folder says it was made with (machine.json)."""
    try:
        return json.loads((Path(path) / "machine.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def regenerate(
    lessons: dict, paths: dict, include=(), variants=None, jobs: int = 2, keep=None, log=print
) -> list[Path]:
    """Re-record goldens: run every variant here, merge ``include`` (recorded folders, e.g.
    other TensorFlow versions' ``build/variants/tf-2.16``), write one envelope golden per lesson.

    ``lessons``: name -> registry.Lesson; ``paths``: name -> golden path. Every variant runs
    before any golden is written, so a failure leaves the old goldens as they were. ``keep``:
    a folder to record the variants into (kept, e.g. for ``report``), else a temporary one.
    """
    from . import golden

    names = list(lessons)
    log(f"recording {', '.join(names)} under {len(variants or VARIANTS)} variants, {jobs} at a time")
    with tempfile.TemporaryDirectory(prefix="tf1-lessons-regen-") as tmp:
        folders = run_all(keep or tmp, names, variants, jobs=jobs, log=log)
        here = machine()
        staged = {}  # lesson -> (curves by variant, how its golden was made); written once all are read
        for name in names:
            where = {**folders, **(recorded_folders(include, name) if include else {})}
            recorded = {v: golden.load(folder / f"{name}.json") for v, folder in where.items()}
            # How the golden was made, read off what went into it: each variant's settings (as
            # its machine.json says; a folder without one is a curve set recorded elsewhere)
            # and the TensorFlow versions its curves were recorded on.
            versions = {".".join(c.tf_version.split(".")[:2]) for curves in recorded.values() for c in curves.values()}
            made = {
                "command": f"tf1-lessons check {name} --force-regen" + "".join(f" --with {p}" for p in include),
                "variants": {v: settings_of(folder).get("env", "recorded elsewhere") for v, folder in where.items()},
                "tf_versions": sorted(
                    versions, key=lambda v: tuple(int(x) if x.isdigit() else 0 for x in v.split("."))
                ),
                "machine": {k: here[k] for k in ("cpu", "isa", "cores", "tensorflow", "tf_keras", "numpy", "python")},
            }
            staged[name] = (recorded, made)
        written = []
        for name, (recorded, made) in staged.items():
            lost = narrowed(paths[name], made)
            if lost:  # said loudly: the envelope is narrower than the one it replaces
                log(
                    f"tf1-lessons: WARNING: the new golden of {name} drops what {paths[name]} held: {lost}. It now "
                    f"covers only this installation's variants; `nox -s regen` re-records every TensorFlow version."
                )
            written.append(golden.save_golden(name, recorded, paths[name], made))
        return written


def narrowed(old_path, made: dict) -> str:
    """What an existing golden covered that a new one, made as ``made`` says, would not ("" if nothing)."""
    try:
        old = json.loads(Path(old_path).read_text(encoding="utf-8")).get("made", {})
    except (OSError, ValueError):
        return ""
    versions = sorted(set(old.get("tf_versions", [])) - set(made.get("tf_versions", [])))
    variants = sorted(set(old.get("variants", {})) - set(made.get("variants", {})))
    parts = ([f"TensorFlow {', '.join(versions)}"] if versions else []) + (
        [f"variants {', '.join(variants)}"] if variants else []
    )
    return "; ".join(parts)


def _group(variant: str) -> str:
    base = variant.split("/")[-1]
    if variant.startswith("tf-") and "/" in variant:
        return "other TF versions"
    if "/" not in variant and base not in VARIANTS:
        return f"other machine: {variant}"
    if base.startswith("isa-"):
        return "ISA caps"
    if base.startswith("onednn-off"):
        return "oneDNN off"
    if base.startswith("threads-"):
        return "intra-op threads"
    return base


def report(paths, lessons=None, reference: str | None = None) -> str:
    """The spread per lesson as Markdown tables: one row per group of variants (max over its
    members and the lesson's twins)."""
    from . import golden, registry

    names = list(lessons or registry.discover())
    out = []
    for name in names:
        recorded = load_recordings(paths, name)
        ref = reference or next(iter(recorded))
        groups: dict[str, dict] = {}
        members: dict[str, dict] = {}  # group -> its variants, in order (a dict as an ordered set)
        for mode_rows in golden.spread(recorded, reference=ref).values():
            for variant, r in mode_rows.items():
                g = groups.setdefault(_group(variant), dict.fromkeys(r, 0.0))
                for k in g:
                    g[k] = max(g[k], r[k])
                members.setdefault(_group(variant), {})[variant] = None
        out.append(f"\n**{name}** (against `{ref}`)\n")
        out.append("| variants | loss, first 5 steps | loss, last step | loss, anywhere | final results (abs) |")
        out.append("|---|---|---|---|---|")
        fmt = lambda x: "0" if x == 0 else f"{x:.1e}"  # noqa: E731
        for group, g in groups.items():
            label = f"{group} ({', '.join(v.split('/')[-1] for v in members[group])})"
            if group.startswith("other machine"):
                label = group
            elif group.startswith("other TF"):
                label = f"{group} ({', '.join(dict.fromkeys(v.split('/')[0][3:] for v in members[group]))})"
            out.append(f"| {label} | {fmt(g['first'])} | {fmt(g['last'])} | {fmt(g['max'])} | {g['results']:.4g} |")
    return "\n".join(out)


def main(argv=None) -> int:
    import argparse

    parser = argparse.ArgumentParser(prog="python -m tf1_lessons.variants", description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("record", help="in this process: record the lessons' curve sets into OUT")
    p.add_argument("out", type=Path)
    p.add_argument("lessons", nargs="*")
    p = sub.add_parser("run", help="every variant (or --variants) as subprocesses, into OUT/<variant>/")
    p.add_argument("out", type=Path)
    p.add_argument("lessons", nargs="*")
    p.add_argument("--variants", default=None, help=f"comma-separated subset of: {', '.join(VARIANTS)}")
    p.add_argument("--jobs", type=int, default=2)
    p = sub.add_parser(
        "report", help="the spread from the first folder's curves: one Markdown table per lesson (as in the README)"
    )
    p.add_argument("folders", type=Path, nargs="+")
    p.add_argument("--lessons", default=None, help="comma-separated (default: all)")
    args = parser.parse_args(argv)
    if args.command == "report":
        print(report(args.folders, args.lessons.split(",") if args.lessons else None))
    elif args.command == "record":
        for path in record(args.out, args.lessons or None):
            print(f"recorded {path}")
    else:
        run_all(args.out, args.lessons or None, args.variants.split(",") if args.variants else None, jobs=args.jobs)
    return 0


if __name__ == "__main__":
    sys.exit(main())
