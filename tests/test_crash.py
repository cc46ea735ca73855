"""Crash consistency: ``build`` and ``release`` killed (SIGKILL) at random and targeted moments.

After every kill the output is the complete old or the complete new folder (file lists and
SHA-256 compared with reference builds), no child of the killed process is left alive, and the
next run removes the leftovers and succeeds. The quick tests drive :func:`replace_folder` and
:func:`die_with_parent` directly; the kill test (``slow``) runs the CLI as a user would.
"""

from __future__ import annotations

import hashlib
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from mscexo_ld import constants as C
from mscexo_ld.cli import main
from mscexo_ld.rdf.write import clean_leftovers, replace_folder, switch_by_renames

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc; renameat2 and prctl")

Snapshot = dict[str, str]


def _snapshot(folder: Path) -> Snapshot:
    """Every file below ``folder`` (through a symlinked root too) -> its SHA-256."""
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def _alive(pid: int) -> bool:
    """True for a process that exists and is not a zombie."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rpartition(")")[2].split()[0] != "Z"


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                ppid = int((entry / "stat").read_text().rpartition(")")[2].split()[1])
            except (OSError, ValueError, IndexError):
                continue
            if ppid == pid:
                found.append(int(entry.name))
    return found


def _mentioning(marker: str) -> list[int]:
    """Live processes whose command line mentions ``marker`` (a forked child keeps its parent's)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit() and int(entry.name) != os.getpid():
            try:
                cmdline = (entry / "cmdline").read_bytes().decode("utf-8", "replace")
            except OSError:
                continue
            if marker in cmdline and _alive(int(entry.name)):
                found.append(int(entry.name))
    return found


def _assert_no_orphans(children: list[int], marker: str) -> None:
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        left = [p for p in children if _alive(p)] + _mentioning(marker)
        if not left:
            return
        time.sleep(0.02)
    raise AssertionError(f"processes left behind after the kill: {sorted(set(left))}")


# ----------------------------------------------------------------------------- quick tests


def test_replace_folder_switches_whole_and_keeps_other_entries(tmp_path: Path) -> None:
    target = tmp_path / "build"
    (target / "site" / "old").mkdir(parents=True)
    (target / "site" / "old" / "page.html").write_text("old page")
    (target / "mscexo.ttl").write_text("old")
    (target / "release" / "0.1.0").mkdir(parents=True)
    (target / "release" / "0.1.0" / "SHA256SUMS").write_text("sums")
    (target / "notes.txt").write_text("a user's notes")
    (target / ".tmp-build-ab12cd_9").mkdir()  # what earlier versions left behind
    (target / ".old-site-zz99aa00").mkdir()
    before = os.stat(target).st_ino

    def fill(stage: Path) -> str:
        (stage / "mscexo.ttl").write_text("new")
        (stage / "site").mkdir()
        (stage / "site" / "index.html").write_text("new index")
        return "filled"

    assert replace_folder(target, fill, carry=True) == "filled"
    assert _snapshot(target) == _snapshot_of(
        {
            "mscexo.ttl": "new",
            "site/index.html": "new index",
            "release/0.1.0/SHA256SUMS": "sums",
            "notes.txt": "a user's notes",
        }
    )
    assert sorted(p.name for p in target.iterdir()) == ["mscexo.ttl", "notes.txt", "release", "site"]
    assert os.stat(target).st_ino != before  # switched, not rewritten in place
    assert [p.name for p in tmp_path.iterdir()] == ["build"]

    def broken(stage: Path) -> None:
        (stage / "mscexo.ttl").write_text("half")
        raise RuntimeError("render failed")

    with pytest.raises(RuntimeError):
        replace_folder(target, broken, carry=True)
    assert (target / "mscexo.ttl").read_text() == "new"
    assert [p.name for p in tmp_path.iterdir()] == ["build"]
    (tmp_path / "file").write_text("x")
    with pytest.raises(FileExistsError):
        replace_folder(tmp_path / "file", fill)


def test_the_working_folder_is_updated_entry_by_entry(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """``--out .`` must not swap the user's working folder away: each entry switches on its own."""
    (tmp_path / "site").mkdir()
    (tmp_path / "site" / "stale.html").write_text("stale")
    (tmp_path / "mine.txt").write_text("mine")
    (tmp_path / ".mscexo-new-site-99-0123456789ab").mkdir()  # a killed run's leftover
    before = os.stat(tmp_path).st_ino
    monkeypatch.chdir(tmp_path)

    def fill(stage: Path) -> None:
        (stage / "site").mkdir()
        (stage / "site" / "index.html").write_text("new")
        (stage / "mscexo.ttl").write_text("new")

    replace_folder(Path("."), fill, carry=True)
    assert os.stat(tmp_path).st_ino == before
    assert _snapshot(tmp_path) == _snapshot_of({"mine.txt": "mine", "mscexo.ttl": "new", "site/index.html": "new"})
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mine.txt", "mscexo.ttl", "site"]


def _snapshot_of(files: dict[str, str]) -> Snapshot:
    return {name: hashlib.sha256(text.encode()).hexdigest() for name, text in sorted(files.items())}


def test_leftovers_of_dead_runs_go_and_a_live_runs_stay(tmp_path: Path) -> None:
    import fcntl

    (tmp_path / "build").mkdir()
    dead = tmp_path / ".mscexo-new-build-123-0123456789ab"
    live = tmp_path / ".mscexo-new-build-456-ba9876543210"
    other = tmp_path / ".mscexo-new-site-123-0123456789ab"
    user = tmp_path / ".mscexo-new-build-notes"
    for folder in (dead, live, other, user):
        folder.mkdir()
    fd = os.open(live, os.O_RDONLY)
    fcntl.flock(fd, fcntl.LOCK_EX)  # a run still writing holds its stage
    try:
        assert clean_leftovers(tmp_path, "build") == [dead]
    finally:
        os.close(fd)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["build", live.name, other.name, user.name])
    assert clean_leftovers(tmp_path, "build") == [live]


def test_a_switch_cut_between_two_renames_is_undone(tmp_path: Path) -> None:
    target, stage = tmp_path / "build", tmp_path / ".mscexo-new-build-1-0123456789ab"
    target.mkdir()
    (target / "a").write_text("old")
    stage.mkdir()
    (stage / "a").write_text("new")
    old = switch_by_renames(stage, target)
    assert (target / "a").read_text() == "new" and (old / "a").read_text() == "old"
    os.rename(target, stage)  # as if killed between the two renames: build/ absent
    assert clean_leftovers(tmp_path, "build") == [stage]
    assert (target / "a").read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["build"]


def test_a_worker_dies_with_its_parent(tmp_path: Path) -> None:
    marker = f"worker-of-{tmp_path.name}"
    script = (
        "import os, sys, time\n"
        "from mscexo_ld.children import die_with_parent\n"
        "parent = os.getpid()\n"
        "if os.fork() == 0:\n"
        "    die_with_parent(parent)\n"
        "    time.sleep(60)\n"
        "    os._exit(0)\n"
        "time.sleep(60)\n"
    )
    proc = subprocess.Popen([sys.executable, "-c", script, marker])
    deadline = time.monotonic() + 10
    while not _children(proc.pid) and time.monotonic() < deadline:
        time.sleep(0.02)
    children = _children(proc.pid)
    assert children, "the worker did not start"
    time.sleep(0.3)  # let it ask for the signal
    proc.kill()
    proc.wait()
    _assert_no_orphans(children, marker)


def test_release_after_an_earlier_versions_cut_release(tmp_path: Path) -> None:
    """Earlier versions left ``0.2.0/`` holding only a temp folder; the next release removes it and succeeds."""
    out = tmp_path / "rel"
    partial = out / "0.2.0" / ".tmp-build-k3j4l5m6"
    partial.mkdir(parents=True)
    (partial / C.GRAPH_TTL).write_text("half a file")
    args = ["release", "--version", "0.3.0", "--date", "2026-12-01", "--out", str(out)]
    assert main(args) == 0
    assert sorted(p.name for p in out.iterdir()) == ["0.3.0"]
    assert "first release" in (out / "0.3.0" / "CHANGES.md").read_text(encoding="utf-8")


# ----------------------------------------------------------------------------- kills


def _small_data(tmp_path: Path, name: str, findings: tuple[str, ...]) -> Path:
    """A copy of the curated input with only ``findings`` files: a quicker build, still valid."""
    data = tmp_path / name
    shutil.copytree(C.DATA_DIR, data)
    for path in (data / "findings").iterdir():
        if path.name not in findings:
            path.unlink()
    return data


def _cli(*args: str | Path) -> list[str]:
    return [sys.executable, "-m", "mscexo_ld", *map(str, args)]


def _run(args: list[str], cwd: Path) -> float:
    started = time.monotonic()
    done = subprocess.run(args, check=False, cwd=cwd, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    return time.monotonic() - started


def _others(parent: Path, name: str) -> list[str]:
    return sorted(p.name for p in parent.iterdir() if p.name != name)


def _kill(args: list[str], cwd: Path, when: float | str, watch: Path, name: str) -> tuple[list[int], str]:
    """Start ``args``; SIGKILL it after ``when`` seconds, or at a moment of the switch of ``watch/name``.

    ``"stage+<s>"``: <s> seconds after the first temporary folder appears (a new hidden entry
    beside or inside ``watch/name``); ``"switched"``: as soon as ``watch/name`` is another folder
    (the old content is being removed). Returns the children it had just before the kill and
    how the kill came (for messages).
    """
    target = watch / name
    before = os.stat(target).st_ino if target.exists() else None

    def hidden() -> set[str]:
        inside = {f"{name}/{n}" for n in os.listdir(target)} if target.is_dir() else set()
        return {n for n in {*os.listdir(watch), *inside} if n.rpartition("/")[2].startswith(".")}

    existing = hidden()
    proc = subprocess.Popen(args, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    try:
        if isinstance(when, float):
            time.sleep(when)
        elif when.startswith("stage+"):
            while proc.poll() is None and not hidden() - existing:
                assert time.monotonic() < deadline
                time.sleep(0.0005)
            time.sleep(float(when[len("stage+") :]))
        else:
            while proc.poll() is None:
                assert time.monotonic() < deadline
                time.sleep(0.0005)
                try:
                    if os.stat(target).st_ino != before:
                        break
                except FileNotFoundError:
                    continue
        children = _children(proc.pid)
        proc.send_signal(signal.SIGKILL)
    finally:
        proc.kill()
        proc.wait()
    return children, f"{when} (exit {proc.returncode})"


def _moments(duration: float, rng: random.Random, randoms: int, offsets: tuple[float, ...]) -> list[float | str]:
    moments: list[float | str] = [rng.uniform(0, duration * 1.1) for _ in range(randoms)]
    moments += [f"stage+{o}" for o in offsets] + ["switched"]
    rng.shuffle(moments)
    return moments


@pytest.mark.slow
def test_build_and_release_survive_sigkill_at_any_moment(tmp_path: Path) -> None:
    rng = random.Random(int(os.environ.get("MSCEXO_CRASH_SEED", "14")))
    data = {
        "a": _small_data(tmp_path, "data-a", ("pten.yaml",)),
        "b": _small_data(tmp_path, "data-b", ("pten.yaml", "liver.yaml")),
    }
    # release/ is kept by build (a version folder there must be a release: build checks it against its SHA256SUMS)
    user = {"notes.txt": b"a user's notes\n", "release/kept.txt": b"kept\n"}
    expected: dict[str, Snapshot] = {}
    durations = []
    for key, curated in data.items():
        ref = tmp_path / f"ref-{key}"
        durations.append(_run(_cli("build", "--curated", curated, "--out", ref), tmp_path))
        for rel, content in user.items():
            (ref / rel).parent.mkdir(parents=True, exist_ok=True)
            (ref / rel).write_bytes(content)
        expected[key] = _snapshot(ref)
    assert expected["a"] != expected["b"]

    # build: `out` holds one complete build; a run building the other is killed.
    parent = tmp_path / "work"
    parent.mkdir()
    out = parent / f"out-{rng.randrange(10**9)}"
    shutil.copytree(tmp_path / "ref-a", out)
    current, kills = "a", 0
    offsets = (0.0, 0.002, 0.01, 0.03, 0.06, 0.1, 0.2)
    outcomes = {"untouched": 0, "old, with leftovers": 0, "new": 0}
    for when in _moments(max(durations), rng, 22, offsets):
        new = "b" if current == "a" else "a"
        children, how = _kill(_cli("build", "--curated", data[new], "--out", out), tmp_path, when, parent, out.name)
        kills += 1
        _assert_no_orphans(children, str(out))
        state = _snapshot(out)
        assert state in (expected[current], expected[new]), f"mixed build after a kill at {how}"
        left = _others(parent, out.name)
        outcomes["new" if state == expected[new] else "old, with leftovers" if left else "untouched"] += 1
        if state == expected[current] and left == []:
            continue  # killed before it wrote anything: the state a normal build left
        assert all(n.startswith(".mscexo-") for n in left), how
        _run(_cli("build", "--curated", data[new], "--out", out), tmp_path)
        assert _snapshot(out) == expected[new] and _others(parent, out.name) == [], how
        current = new

    # release: 0.2.0 is absent or complete and verifies; another version can follow.
    root = tmp_path / "rel"
    release = ("release", "--date", "2026-12-01", "--out", root)
    started = time.monotonic()
    _run(_cli(*release, "--version", "0.1.0", "--curated", data["a"]), tmp_path)
    reference = tmp_path / "rel-ref"
    shutil.copytree(root, reference)
    _run(_cli(*release, "--version", "0.2.0", "--curated", data["b"], "--out", reference), tmp_path)
    wanted = _snapshot(reference / "0.2.0")
    for when in _moments(time.monotonic() - started, rng, 5, (0.0, 0.002, 0.01)):
        children, how = _kill(
            _cli(*release, "--version", "0.2.0", "--curated", data["b"]), tmp_path, when, root, "0.2.0"
        )
        kills += 1
        _assert_no_orphans(children, str(root))
        if (root / "0.2.0").exists():
            assert _snapshot(root / "0.2.0") == wanted, f"incomplete release after a kill at {how}"
            _verify_sums(root / "0.2.0")
        _run(_cli(*release, "--version", "0.3.0", "--curated", data["b"]), tmp_path)
        _verify_sums(root / "0.3.0")
        assert not [n for n in os.listdir(root) if n.startswith(".")], how
        shutil.rmtree(root / "0.2.0", ignore_errors=True)
    print(f"{kills} kills; builds after the kill: {outcomes}")
    assert kills >= 30


def _verify_sums(folder: Path) -> None:
    sums = dict(line.split("  ")[::-1] for line in (folder / "SHA256SUMS").read_text().splitlines())
    assert set(sums) == {p.name for p in folder.iterdir()} - {"SHA256SUMS"}
    for name, digest in sums.items():
        assert hashlib.sha256((folder / name).read_bytes()).hexdigest() == digest, name
