"""``make run`` in a folder of its own, on a free port, stopped as a reader of README would.

The recipe itself runs (migrate, the demo, the scheduler, the task worker and
runserver), with this interpreter's virtualenv and without reinstalling it.
Stopping sends Ctrl-C's SIGINT to make's process group, as a terminal does.
"""

import contextlib
import os
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from . import stack


class DevServer:
    def __init__(self, env, url, log_path, process):
        self.env, self.url, self.log_path, self.process = env, url, log_path, process

    def log(self, tail=4000):
        return self.log_path.read_text(errors="replace")[-tail:]

    def manage(self, *args, **environ):
        return stack.manage({**self.env, **environ}, *args)

    def wait_until_serving(self, timeout=300):
        deadline = time.monotonic() + timeout
        while True:
            assert self.process.poll() is None, "make run stopped:\n" + self.log()
            try:
                urllib.request.urlopen(self.url + "/admin/login/", timeout=5).close()  # noqa: S310
                return
            except OSError:
                assert time.monotonic() < deadline, "make run did not serve:\n" + self.log()
                time.sleep(0.5)

    def stop(self):
        """Ctrl-C; then the command lines of make run's processes still running (none, if well)."""
        group = self.process.pid
        if self.process.poll() is None:
            os.killpg(group, signal.SIGINT)
            try:
                self.process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                pass
        deadline = time.monotonic() + 15
        while (left := _members(group)) and time.monotonic() < deadline:
            time.sleep(0.2)
        if left:
            os.killpg(group, signal.SIGKILL)
            self.process.wait(timeout=10)
        return left


def _members(group):
    """Command lines of the live (not zombie) processes of process group ``group``."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
            cmdline = (stat.parent / "cmdline").read_bytes().replace(b"\0", b" ").decode()
        except OSError:
            continue
        state, pgrp = fields[0], int(fields[2])
        if pgrp == group and state != "Z":
            found.append(f"{cmdline.strip()} [{_signal_state(stat.parent)}]")
    return found


def _as_from_a_terminal():
    """Ctrl-C and the like reach ``make run`` as they do in a developer's terminal.

    A command a non-interactive shell starts in the background (``cmd &``, as
    CI runners and ``nohup … &`` start the suite) inherits SIGINT and SIGQUIT
    ignored, and a shell cannot trap a signal it was started ignoring: the
    test's Ctrl-C would reach no one, as it never does from a terminal.
    """
    for number in (signal.SIGINT, signal.SIGQUIT, signal.SIGHUP):
        signal.signal(number, signal.SIG_DFL)


def _signal_state(proc):
    """What a process left running does with signals, for the failure message."""
    try:
        status = (proc / "status").read_text().splitlines()
        wchan = (proc / "wchan").read_text()
    except OSError:
        return "gone"
    keep = ("State", "SigBlk", "SigIgn", "SigCgt", "Threads")
    return ", ".join(line for line in status if line.split(":")[0] in keep) + f", wchan {wchan}"


@contextlib.contextmanager
def make_run(folder, **environ):
    """``make run`` with its SQLite database, media and file cache in ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "newsroom.settings.dev",
        "DATABASE_URL": f"sqlite:///{folder / 'db.sqlite3'}",
        "MEDIA_ROOT": str(folder / "media"),
        "NEWSROOM_VAR_DIR": str(folder),
    }
    # What make run decides, not whatever the suite's environment says.
    for name in ("REDIS_URL", "TASKS_BACKEND", "DEBUG"):
        env.pop(name, None)
    env.update(environ)
    venv = Path(sys.executable).parent.parent
    port = stack.free_port()
    log_path = folder / "make-run.log"
    with open(log_path, "w") as log:
        process = subprocess.Popen(
            # -o: the virtualenv is this one, installed already; never reinstall it here.
            ["make", "run", f"VENV={venv}", "-o", f"{venv}/.installed", f"PORT={port}"],
            cwd=stack.REPO_ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            preexec_fn=_as_from_a_terminal,
        )
        server = DevServer(env, f"http://127.0.0.1:{port}", log_path, process)
        try:
            server.wait_until_serving()
            yield server
        finally:
            server.stop()
