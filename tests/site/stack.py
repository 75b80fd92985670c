"""Real services on loopback for the stack tests: PostgreSQL, Redis, gunicorn, Varnish.

A ``Stack`` owns a temporary folder and every process it starts there, each on
a private port, and stops them (by the PID it started, newest first) when
closed. The app runs with ``newsroom.settings.stack``; ``Stack.env()`` is the
environment its processes share.
"""

import glob
import http.client
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
VENV_BIN = Path(sys.executable).parent
VCL_PATH = REPO_ROOT / "deploy" / "varnish" / "default.vcl"
SETTINGS_MODULE = "newsroom.settings.stack"


def postgres_bin():
    """The newest installed PostgreSQL server's bin folder, or None."""
    found = glob.glob("/usr/lib/postgresql/*/bin/initdb")
    if not found:
        return None
    newest = max(found, key=lambda path: int(Path(path).parent.parent.name))
    return Path(newest).parent


def missing_programs():
    """What this machine lacks to run the stack, for a skip message."""
    missing = []
    if postgres_bin() is None:
        missing.append("PostgreSQL server (apt-get install postgresql)")
    if shutil.which("redis-server") is None:
        missing.append("redis-server (apt-get install redis-server)")
    if _varnishd() is None:
        missing.append("varnishd (apt-get install varnish)")
    elif not vmod_installed("vsthrottle"):
        missing.append("Varnish's vsthrottle (apt-get install varnish-modules)")
    if not (VENV_BIN / "gunicorn").exists():
        missing.append("gunicorn (pip install -e '.[production]')")
    return missing


def vmod_installed(name):
    """Whether Varnish has the module ``name`` that deploy/varnish/default.vcl imports."""
    return any(Path("/usr/lib").glob(f"*/varnish/vmods/libvmod_{name}.so")) or any(
        Path("/usr/lib/varnish/vmods").glob(f"libvmod_{name}.so")
    )


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def manage(env, *args, timeout=300):
    """``manage.py *args`` in a subprocess with ``env``; its output, or the test fails with it."""
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def is_root():
    return os.geteuid() == 0


class StackError(RuntimeError):
    pass


class Stack:
    """Services started on demand; ``close()`` (or leaving ``with``) stops them all."""

    def __init__(self):
        self.root = Path(tempfile.mkdtemp(prefix="newsroom-stack-"))
        # PostgreSQL runs as its own user when we are root: it must reach the folder.
        self.root.chmod(0o755)
        (self.root / "var" / "static").mkdir(parents=True)
        self.secret_key = secrets.token_urlsafe(50)
        self.database_url = None
        self.redis_url = None
        self.apps = []  # gunicorn base URLs
        self.front = None  # Varnish's base URL
        self._stops = []
        self._logs = {}

    # Lifecycle ------------------------------------------------------------------

    def close(self):
        try:
            self._stop_down_to(0)
        finally:
            shutil.rmtree(self.root, ignore_errors=True)

    def _stop_down_to(self, mark):
        stops = self._stops[mark:][::-1]
        del self._stops[mark:]
        # Every server is asked to stop at once, then waited for, newest first.
        processes = [stop for stop in stops if isinstance(stop, tuple)]
        for process, stop_signal in processes:
            if process.poll() is None:
                process.send_signal(stop_signal)
        errors = []
        for process, _ in processes:
            try:
                process.wait(10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(10)
                errors.append(f"{process.args[0]} ignored its stop signal")
        for stop in stops:
            if not isinstance(stop, tuple):
                try:
                    stop()
                except Exception as error:  # noqa: BLE001 - stop everything else regardless
                    errors.append(error)
        if errors:
            raise StackError(f"Stopping the stack failed: {errors}")

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self.close()

    def env(self, **extra):
        """The environment of the app's processes; ``name=None`` removes a variable."""
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": SETTINGS_MODULE,
            "SECRET_KEY": self.secret_key,
            "NEWSROOM_VAR_DIR": str(self.root / "var"),
            "MEDIA_ROOT": str(self.root / "var" / "media"),
            "PYTHONPATH": os.pathsep.join(
                filter(None, [str(REPO_ROOT), os.environ.get("PYTHONPATH")])
            ),
            "PYTHONUNBUFFERED": "1",
            "PYTHONDONTWRITEBYTECODE": "1",
        }
        # The stack's own services only; and tasks (purges) run as the publish commits.
        for name in ("DATABASE_URL", "REDIS_URL", "VARNISH_URL", "TASKS_BACKEND"):
            env.pop(name, None)
        if self.database_url:
            env["DATABASE_URL"] = self.database_url
        if self.redis_url:
            env["REDIS_URL"] = self.redis_url
        for name, value in extra.items():
            if value is None:
                env.pop(name, None)
            else:
                env[name] = str(value)
        return env

    def log_tail(self, name, lines=40):
        path = self._logs.get(name)
        if path is None or not path.exists():
            return ""
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])

    def _spawn(self, name, args, *, stop_signal=signal.SIGTERM):
        log = self.root / f"{name}.log"
        self._logs[name] = log
        with log.open("ab") as out:
            process = subprocess.Popen(
                args,
                cwd=REPO_ROOT,
                env=self.env(),
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=subprocess.STDOUT,
            )
        self._stops.append((process, stop_signal))
        return process

    def _wait(self, name, ready, process=None, timeout=30):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if process is not None and process.poll() is not None:
                raise StackError(f"{name} exited with {process.returncode}:\n{self.log_tail(name)}")
            if ready():
                return
            time.sleep(0.05)
        raise StackError(f"{name} not ready after {timeout} s:\n{self.log_tail(name)}")

    # Services -------------------------------------------------------------------

    def start_postgres(self):
        pg_bin = postgres_bin()
        folder = self.root / "postgres"
        folder.mkdir()
        owner = []
        if is_root():
            shutil.chown(folder, "postgres", "postgres")
            owner = ["runuser", "-u", "postgres", "--"]
        port = free_port()
        data = folder / "data"
        self.run(
            [*owner, pg_bin / "initdb", "-D", data, "-U", "postgres", "--auth=trust"]
            + ["-E", "UTF8", "--locale=C.UTF-8"],
            name="initdb",
        )
        options = (
            f"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=off "
            "-c synchronous_commit=off -c full_page_writes=off -c max_connections=200"
        )
        pg_ctl = [*owner, pg_bin / "pg_ctl", "-D", data]
        self.run([*pg_ctl, "-l", folder / "log", "-w", "-o", options, "start"], name="pg_ctl")
        self._pg_ctl = [*pg_ctl, "-l", folder / "log"]
        # pg_ctl stops the server it started, by the PID in its own data folder.
        self._stops.append(
            lambda: subprocess.run(
                [*pg_ctl, "-m", "immediate", "stop"], capture_output=True, timeout=30, check=False
            )
        )
        self.run(
            [pg_bin / "psql", "-h", "127.0.0.1", "-p", str(port), "-U", "postgres"]
            + ["-qc", "create database newsroom"],
            name="createdb",
        )
        self.database_url = f"postgres://postgres@127.0.0.1:{port}/newsroom"
        return self.database_url

    def start_redis(self, *, port=None):
        port = port or free_port()
        # The deployment's own configuration (deploy/redis), on a port of the stack's.
        process = self._spawn(
            "redis",
            ["redis-server", str(REPO_ROOT / "deploy" / "redis" / "newsroom.conf")]
            + ["--port", str(port), "--bind", "127.0.0.1", "--daemonize", "no"]
            + ["--dir", str(self.root)],
        )
        self._wait("redis", lambda: _accepts(port), process)
        self._redis = process
        self.redis_url = f"redis://127.0.0.1:{port}/0"
        return self.redis_url

    def restart_postgres(self):
        """``pg_ctl restart -m fast``, as an operator would: open connections are cut."""
        self.run([*self._pg_ctl, "-m", "fast", "-w", "restart"], name="pg_ctl restart")

    def stop_redis(self):
        """Stop Redis (the app keeps ``redis_url``); ``start_redis(port=...)`` brings it back."""
        self._redis.terminate()
        self._redis.wait(10)
        return int(self.redis_url.rsplit(":", 1)[1].split("/")[0])

    def start_gunicorn(self, *, workers=2, name=None):
        port = free_port()
        name = name or f"gunicorn-{port}"
        process = self._spawn(
            name,
            [VENV_BIN / "gunicorn", "newsroom.wsgi:application", "--bind", f"127.0.0.1:{port}"]
            + ["--workers", str(workers), "--preload", "--no-control-socket"]
            # A quick shutdown: nothing is left to finish once a test is over.
            + ["--graceful-timeout", "1"],
            stop_signal=signal.SIGQUIT,
        )
        # robots.txt needs no database: the server can start while migrate runs.
        url = f"http://127.0.0.1:{port}"
        self._wait(name, lambda: _http_status(url + "/robots.txt"), process, 60)
        self.apps.append(url)
        return url

    def start_varnish(self, backend_url, *, port=None, edit_vcl=None):
        """Varnish with ``deploy/varnish/default.vcl``, pointed at ``backend_url``.

        ``edit_vcl`` takes the VCL's text and returns the one to run (a
        benchmark's comparison without one of its rules).
        """
        backend_port = backend_url.rsplit(":", 1)[1]
        vcl, count = re.subn(
            r'(\.port\s*=\s*)"\d+";', rf'\g<1>"{backend_port}";', VCL_PATH.read_text()
        )
        if count != 1:
            raise StackError(f"Expected one backend port in {VCL_PATH}, found {count}")
        if edit_vcl is not None:
            vcl = edit_vcl(vcl)
        vcl_path = self.root / "default.vcl"
        vcl_path.write_text(vcl)
        port = port or free_port()
        process = self._spawn(
            "varnish",
            [_varnishd(), "-F", "-a", f"127.0.0.1:{port}", "-f", vcl_path]
            + ["-n", self.root / "varnish", "-s", "malloc,64m"]
            # No jail: the stack runs as whoever runs the tests, root or not.
            + ["-j", "none"],
        )
        url = f"http://127.0.0.1:{port}"
        self._wait("varnish", lambda: _http_status(url + "/robots.txt"), process, 60)
        self.front = url
        return url

    # Commands -------------------------------------------------------------------

    def run(self, args, *, name, env=None, timeout=300):
        """Run a command to completion; its output, or a StackError with it."""
        completed = subprocess.run(
            [str(arg) for arg in args],
            cwd=REPO_ROOT,
            env=env or self.env(),
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
        if completed.returncode != 0:
            raise StackError(
                f"{name} failed ({completed.returncode}):\n{completed.stdout}\n{completed.stderr}"
            )
        return completed.stdout


def _varnishd():
    # Debian installs it in /usr/sbin, which a non-root PATH may lack.
    return shutil.which("varnishd", path=f"{os.environ.get('PATH', '')}:/usr/sbin")


def _accepts(port):
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5):
            return True
    except OSError:
        return False


def _http_status(url):
    """The status of a GET of ``url``, redirects not followed: any answer means the server is up.

    A redirect to the site's own address (the canonical-URL middleware's, when
    the server is asked under another port) may name a server not started yet.
    """
    parts = urllib.parse.urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=5)
    try:
        connection.request("GET", parts.path or "/")
        return connection.getresponse().status
    except OSError:
        return None
    finally:
        connection.close()
