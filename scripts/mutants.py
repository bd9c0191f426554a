"""Mutation check of the rules that decide grades, ranks and consequences (`make mutants`).

Each mutant in scripts/mutants.json is one deliberate error in the rule code (a boundary
`>=` made `>`, the bonus cap applied after penalties, ranks made dense, ...). For each, alone,
this script changes a *copy* of the tree (build/mutants/src: the tree you work in is never
touched), rebuilds incrementally, and runs the suites: the C++ tests for a C++ mutant, then the
Python tests (which load the mutant's own `_core`) if those did not already fail. A mutant the
suites fail on is **killed**; one they pass is **alive**: a rule the tests do not pin. Every
alive mutant must be killed by a new test, or explained as equivalent in the list (a change
that cannot alter any result), with the reason.

    python scripts/mutants.py [--only ID ...] [--list] [--from-git REV]

By default the copy is the working tree as it is (tracked and new files, uncommitted changes
included). With `--from-git REV` (e.g. HEAD) it is the commit's tree, taken with `git archive`:
others may edit the working tree during the hour a run takes. The list of mutants is always
read from the working tree's scripts/mutants.json.

Prints one line per mutant and the kill rate; exits 1 if any mutant is alive and not explained,
or if a mutant no longer applies (its text is not found exactly once: the code moved, update
the list). Not part of `make test`: a full run rebuilds the core once per C++ mutant (about an
hour on two cores)."""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
WORK = ROOT / "build" / "mutants"
SOURCE = WORK / "src"
BUILD = WORK / "build"
SHIM = WORK / "shim"
MANIFEST = WORK / "src-files.txt"  # the files the last sync put into the copy
ORIGIN = WORK / "src-origin.txt"  # the commit the copy holds, or "working tree"
LIST = Path(__file__).with_name("mutants.json")
JOBS = os.environ.get("JOBS", "2")
# The copy is built without stubs (QA_GENERATE_STUBS=OFF), so the stubs' drift check has nothing
# to compare; CI checks it. No mutant changes a signature.
PYTHON_TESTS = [
    "tests/python",
    "--deselect",
    "tests/python/test_typing.py",
    "--deselect",
    "tests/python/test_habits.py::test_committed_stubs_match_the_generated_ones",
]

# Imported first by every Python process of a run (the shim folder leads PYTHONPATH): it drops
# the editable install's import hook, which would otherwise load the package from the tree you
# work in instead of the mutated copy.
SITECUSTOMIZE = '''"""Loads qualityassess from the mutated copy (scripts/mutants.py)."""
import sys

sys.meta_path[:] = [
    finder for finder in sys.meta_path if not type(finder).__module__.startswith("_editable")
]
'''


@dataclass(frozen=True)
class Mutant:
    id: str
    file: str
    find: str
    replace: str
    rule: str
    equivalent: str = ""

    @property
    def compiled(self) -> bool:
        return not self.file.endswith(".py")


def load_mutants() -> list[Mutant]:
    entries = json.loads(LIST.read_text(encoding="utf-8"))
    mutants = [Mutant(**entry) for entry in entries]
    ids = [m.id for m in mutants]
    duplicates = {i for i in ids if ids.count(i) > 1}
    if duplicates:
        sys.exit(f"{LIST}: ids given twice: {', '.join(sorted(duplicates))}")
    return mutants


def run(command: list[str], cwd: Path, timeout: float, env: dict[str, str] | None = None) -> bool:
    """Runs ``command``; True when it exits 0. Output is kept in the log, not printed."""
    log = WORK / "last.log"
    with open(log, "w", encoding="utf-8") as out:
        try:
            done = subprocess.run(
                command, cwd=cwd, env=env, stdout=out, stderr=subprocess.STDOUT, timeout=timeout
            )
        except subprocess.TimeoutExpired:
            out.write(f"\n(timed out after {timeout:.0f} s)\n")
            return False
    return done.returncode == 0


# ---- the copy, its build and its package ------------------------------------------------------


def copy_tree() -> None:
    """The working tree's files (tracked and new, not ignored) into build/mutants/src."""
    listed = subprocess.run(
        ["git", "ls-files", "-co", "--exclude-standard", "-z"],
        cwd=ROOT,
        check=True,
        capture_output=True,
    ).stdout.decode("utf-8")
    wanted = {name for name in listed.split("\0") if name and (ROOT / name).is_file()}
    sync_into_copy(ROOT, wanted, keep_time=True)
    ORIGIN.write_text("working tree\n", encoding="utf-8")


def copy_commit(rev: str) -> str:
    """The tree of commit ``rev`` into build/mutants/src (git archive); returns the commit.

    `git archive` stamps every file with the commit's time, older than the copy's last build, so
    the archive is unpacked beside the copy and only files whose bytes differ are written, with
    the time of writing: make rebuilds what changed and nothing else. Nothing is unpacked while
    the copy already holds this commit."""
    commit = subprocess.run(
        ["git", "rev-parse", "--verify", f"{rev}^{{commit}}"],
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    if ORIGIN.exists() and ORIGIN.read_text(encoding="utf-8").strip() == commit:
        return commit
    incoming = WORK / "incoming"
    if incoming.exists():
        shutil.rmtree(incoming)
    incoming.mkdir(parents=True)
    archive = subprocess.Popen(["git", "archive", commit], cwd=ROOT, stdout=subprocess.PIPE)
    unpacked = subprocess.run(["tar", "-x", "-C", str(incoming)], stdin=archive.stdout, check=False)
    assert archive.stdout is not None
    archive.stdout.close()
    if archive.wait() != 0 or unpacked.returncode != 0:
        sys.exit(f"git archive {commit} could not be unpacked into {incoming}")
    wanted = {
        path.relative_to(incoming).as_posix()
        for path in incoming.rglob("*")
        if path.is_file() or path.is_symlink()
    }
    sync_into_copy(incoming, wanted, keep_time=False)
    shutil.rmtree(incoming)
    ORIGIN.write_text(commit + "\n", encoding="utf-8")
    return commit


def sync_into_copy(root: Path, wanted: set[str], keep_time: bool) -> None:
    """Makes the copy hold exactly ``wanted`` (paths under ``root``): files whose bytes differ
    are written, unchanged files keep their time (no needless rebuild), and files an earlier
    sync wrote that are no longer wanted are removed (a module moved away must not linger)."""
    for name in sorted(wanted):
        source = root / name
        target = SOURCE / name
        target.parent.mkdir(parents=True, exist_ok=True)
        if target.is_file() and target.read_bytes() == source.read_bytes():
            continue
        if keep_time:
            shutil.copy2(source, target)  # the working tree's time: newer than the last build
        else:
            shutil.copyfile(source, target)  # now: newer than the last build
            shutil.copymode(source, target)
    if MANIFEST.exists():
        for name in MANIFEST.read_text(encoding="utf-8").splitlines():
            if name and name not in wanted and (SOURCE / name).is_file():
                (SOURCE / name).unlink()
    MANIFEST.write_text("".join(f"{name}\n" for name in sorted(wanted)), encoding="utf-8")


def configure_and_build() -> None:
    pybind11_dir = subprocess.run(
        [sys.executable, "-m", "pybind11", "--cmakedir"], check=True, capture_output=True, text=True
    ).stdout.strip()
    if not (BUILD / "CMakeCache.txt").exists():
        configured = run(
            [
                "cmake",
                "-S",
                str(SOURCE),
                "-B",
                str(BUILD),
                "-DCMAKE_BUILD_TYPE=Release",
                "-DQA_BUILD_TESTS=ON",
                "-DQA_BUILD_PYTHON=ON",
                "-DQA_GENERATE_STUBS=OFF",
                f"-DPython_EXECUTABLE={sys.executable}",
                f"-Dpybind11_DIR={pybind11_dir}",
            ],
            ROOT,
            1800,
        )
        if not configured:
            sys.exit(f"cmake could not configure the copy: see {WORK / 'last.log'}")
    if not build():
        sys.exit(f"the unmutated copy does not build: see {WORK / 'last.log'}")


def build() -> bool:
    return run(
        ["cmake", "--build", str(BUILD), "-j", JOBS, "--target", "qa_core_tests", "_core"],
        ROOT,
        3600,
    )


def stage_package() -> None:
    """The copy's package with the copy's _core and data beside it, and the shim."""
    package = SOURCE / "python" / "qualityassess"
    for old in package.glob("_core*.so"):
        old.unlink()
    built = next(BUILD.rglob("_core*.so"))
    (package / built.name).symlink_to(built)
    data = package / "data"
    if not data.exists():
        shutil.copytree(SOURCE / "examples" / "data", data)
    SHIM.mkdir(parents=True, exist_ok=True)
    (SHIM / "sitecustomize.py").write_text(SITECUSTOMIZE, encoding="utf-8")


def python_env() -> dict[str, str]:
    env = dict(os.environ)
    path = [str(SHIM), str(SOURCE / "python")]
    env["PYTHONPATH"] = os.pathsep.join(path)
    env.pop("PYTHONUNBUFFERED", None)
    return env


def cpp_tests_pass() -> bool:
    binary = next(BUILD.rglob("qa_core_tests"))
    return run([str(binary), "--gtest_brief=1"], SOURCE, 900)


def python_tests_pass() -> bool:
    command = [sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider"]
    return run(command + PYTHON_TESTS, SOURCE, 1800, python_env())


def check_loads_the_copy() -> None:
    """The Python suites must test the copy, or every mutant would look alive."""
    probe = "import qualityassess as q, qualityassess._core as c; print(q.__file__, c.__file__)"
    done = subprocess.run(
        [sys.executable, "-c", probe], env=python_env(), capture_output=True, text=True, cwd=SOURCE
    )
    if done.returncode != 0 or str(SOURCE) not in done.stdout.split()[0]:
        sys.exit(f"the copy's package is not the one imported: {done.stdout}{done.stderr}")
    if str(BUILD) not in os.path.realpath(done.stdout.split()[1]):
        sys.exit(f"the copy's _core is not the one imported: {done.stdout}")


# ---- one mutant ---------------------------------------------------------------------------------


def apply(mutant: Mutant) -> str | None:
    """Mutates the copy; returns the original text, or None when the mutant no longer applies."""
    path = SOURCE / mutant.file
    if not path.exists():
        return None
    original = path.read_text(encoding="utf-8")
    if original.count(mutant.find) != 1:
        return None
    path.write_text(original.replace(mutant.find, mutant.replace), encoding="utf-8")
    return original


def applies_to(mutant: Mutant, rev: str | None) -> bool:
    """Whether the mutant's text occurs exactly once in the working tree's file (or REV's)."""
    if rev is None:
        path = ROOT / mutant.file
        text = path.read_text(encoding="utf-8") if path.is_file() else ""
    else:
        shown = subprocess.run(
            ["git", "show", f"{rev}:{mutant.file}"], cwd=ROOT, capture_output=True, text=True
        )
        text = shown.stdout if shown.returncode == 0 else ""
    return text.count(mutant.find) == 1


def restore(mutant: Mutant, original: str) -> None:
    (SOURCE / mutant.file).write_text(original, encoding="utf-8")


def judge(mutant: Mutant) -> str:
    original = apply(mutant)
    if original is None:
        return "stale"
    try:
        if mutant.compiled:
            if not build():
                return "killed (does not compile)"
            if not cpp_tests_pass():
                return "killed (C++ tests)"
        if not python_tests_pass():
            return "killed (Python tests)"
        return "alive"
    finally:
        restore(mutant, original)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", nargs="*", help="run only these mutant ids")
    parser.add_argument("--list", action="store_true", help="list the mutants and stop")
    parser.add_argument(
        "--from-git",
        metavar="REV",
        help="copy the tree of this commit (git archive) instead of the working tree",
    )
    args = parser.parse_args()
    mutants = load_mutants()
    if args.only:
        unknown = set(args.only) - {m.id for m in mutants}
        if unknown:
            sys.exit(f"unknown mutant ids: {', '.join(sorted(unknown))}")
        mutants = [m for m in mutants if m.id in args.only]
    if args.list:
        stale = 0
        for m in mutants:
            applies = applies_to(m, args.from_git)
            stale += not applies
            print(f"{m.id:32} {m.file:44} {'' if applies else 'STALE '}{m.rule}")
        return 1 if stale else 0

    WORK.mkdir(parents=True, exist_ok=True)
    if args.from_git:
        print(f"copying {args.from_git} to {SOURCE} and building it ...", flush=True)
        print(f"commit {copy_commit(args.from_git)}", flush=True)
    else:
        print(f"copying the working tree to {SOURCE} and building it ...", flush=True)
        copy_tree()
    configure_and_build()
    stage_package()
    check_loads_the_copy()
    print("the unmutated copy must pass the suites ...", flush=True)
    if not cpp_tests_pass() or not python_tests_pass():
        sys.exit(f"the suites fail without any mutant: see {WORK / 'last.log'}")

    verdicts: dict[str, str] = {}
    for mutant in mutants:
        started = time.monotonic()
        verdict = judge(mutant)
        if verdict == "alive" and mutant.equivalent:
            verdict = f"equivalent: {mutant.equivalent}"
        verdicts[mutant.id] = verdict
        print(
            f"{mutant.id:32} {verdict:28} {time.monotonic() - started:6.0f} s  {mutant.rule}",
            flush=True,
        )
    if any(m.compiled for m in mutants):
        build()  # leave the copy's build unmutated for the next run

    counted = [v for v in verdicts.values() if not v.startswith(("equivalent", "stale"))]
    killed = sum(v.startswith("killed") for v in counted)
    alive = [i for i, v in verdicts.items() if v == "alive"]
    stale = [i for i, v in verdicts.items() if v == "stale"]
    rate = 100.0 * killed / len(counted) if counted else 100.0
    print(f"\nkilled {killed} of {len(counted)} ({rate:.0f}%)", end="")
    equivalent = len(verdicts) - len(counted) - len(stale)
    print(f"; {equivalent} equivalent, explained in {LIST.name}" if equivalent else "")
    if alive:
        print(f"alive (no test pins the rule): {', '.join(alive)}")
    if stale:
        print(f"stale (text not found exactly once; update {LIST.name}): {', '.join(stale)}")
    return 1 if alive or stale else 0


if __name__ == "__main__":
    sys.exit(main())
