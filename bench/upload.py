"""Memory of the web process while it accepts a large return through the API."""

import http.client
import os
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path

from bench.common import ROOT, Timer, start_gunicorn

BLOCK = 1024 * 1024


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _memory_kb(pid: int, field: str) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    raise RuntimeError(f"{field} not found for {pid}")


def _worker_pid(master: int) -> int:
    for _ in range(100):
        children = subprocess.run(
            ["pgrep", "-P", str(master)], capture_output=True, text=True
        ).stdout.split()
        if children:
            return int(children[0])
        time.sleep(0.1)
    raise RuntimeError("gunicorn started no worker")


def _big_file(path: Path, size_mb: int) -> None:
    row = (
        b"abc123,2024-03,Durham Constabulary,Durham Constabulary,-1.5,54.7,On or near Main "
        b"Street,E01012345,County Durham 001A,Burglary,Under investigation,\r\n"
    )
    header = (
        b"Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,"
        b"LSOA name,Crime type,Last outcome category,Context\r\n"
    )
    block = row * (BLOCK // len(row))
    with open(path, "wb") as f:
        f.write(header)
        for _ in range(size_mb):
            f.write(block)


def _token(role: str = "force_data_officer", username: str = "bench-upload") -> str:
    env = dict(os.environ)
    force = "Force.objects.get(slug='durham')" if role == "force_data_officer" else "None"
    code = (
        "from django.contrib.auth import get_user_model;"
        "from accounts.services import user_assign_role, token_create;"
        "from forces.models import Force;"
        f"u=get_user_model().objects.create(username='{username}');"
        f"user_assign_role(user=u, role='{role}', force={force});"
        "print(token_create(user=u)[1])"
    )
    out = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return out.strip().splitlines()[-1]


def _post(port: int, token: str, path: Path) -> tuple[int, float]:
    boundary = uuid.uuid4().hex
    head = "".join(
        f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'
        for k, v in (("dataset", "street_crime"), ("period", "2024-03"))
    ) + (
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.csv"\r\n'
        "Content-Type: text/csv\r\n\r\n"
    )
    tail = f"\r\n--{boundary}--\r\n".encode()
    length = len(head.encode()) + path.stat().st_size + len(tail)

    def body():
        yield head.encode()
        with open(path, "rb") as f:
            while block := f.read(BLOCK):
                yield block
        yield tail

    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=300)
    with Timer() as timer:
        conn.request(
            "POST",
            "/api/v1/returns/",
            body=body(),
            headers={
                "Authorization": f"Token {token}",
                "Content-Length": str(length),
                "Content-Type": f"multipart/form-data; boundary={boundary}",
            },
        )
        response = conn.getresponse()
        response.read()
    return response.status, timer.seconds


def measure_upload(*, size_mb: int, work: Path) -> None:
    path = work / "big-upload.csv"
    _big_file(path, size_mb)
    port = _free_port()
    env = {
        **os.environ,
        "RETURNS_DIR": str(work / "upload-returns"),
        "DEBUG": "true",
        "FILE_UPLOAD_TEMP_DIR": str(work),
    }
    token = _token()
    server = start_gunicorn(port, env)
    try:
        pid = _worker_pid(server.pid)
        for _ in range(100):  # wait until it answers, so the app is loaded before measuring
            try:
                c = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
                c.request("GET", "/api/v1/datasets/", headers={"Authorization": f"Token {token}"})
                c.getresponse().read()
                break
            except OSError:
                time.sleep(0.2)
        Path(f"/proc/{pid}/clear_refs").write_text("5")  # reset the peak (VmHWM) to now
        before = _memory_kb(pid, "VmRSS")
        status, seconds = _post(port, token, path)
        peak = _memory_kb(pid, "VmHWM")
    finally:
        server.terminate()
        server.wait(timeout=30)
    growth_mb = (peak - before) / 1024
    print(
        f"upload: {size_mb} MB through the API answered {status} in {seconds:.2f} s "
        f"(target under 5 s)"
    )
    print(
        f"upload: web process memory {before / 1024:.0f} MB before, peak {peak / 1024:.0f} MB, "
        f"growth {growth_mb:.1f} MB (target under 50 MB)"
    )
