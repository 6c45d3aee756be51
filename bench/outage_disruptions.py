"""What the outage run does to the app mid-load: takes its database away, and kills a gunicorn worker."""

# A developer's tool that runs our own programs against localhost:
# ruff: noqa: S603
import os
import signal
import subprocess
import time

from bench.outage_db import DATABASE, admin_connection, cluster_version, wait_for_postgres
from bench.outage_load import Run
from bench.outage_server import Server


def take_database_away(run: Run, scenario: str, seconds: float) -> None:
    if scenario == "terminate":
        with admin_connection() as conn:
            run.events["outage_start"] = run.now()
            conn.execute(f"ALTER DATABASE {DATABASE} ALLOW_CONNECTIONS false")
            killed = conn.execute(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                "WHERE datname = %s AND pid <> pg_backend_pid()",
                [DATABASE],
            ).fetchone()[0]
            run.events["backends_terminated"] = killed
            time.sleep(seconds)
            conn.execute(f"ALTER DATABASE {DATABASE} ALLOW_CONNECTIONS true")
            run.events["outage_end"] = run.now()
    else:
        command = ["pg_ctlcluster", "--skip-systemctl-redirect", cluster_version(), "main"]
        run.events["outage_start"] = run.now()
        if seconds:
            subprocess.run([*command, "stop", "-m", "fast"], check=True)
            time.sleep(seconds)
            subprocess.run([*command, "start"], check=True)
        else:
            subprocess.run([*command, "restart"], check=True)
        wait_for_postgres()
        run.events["outage_end"] = run.now()


def kill_a_worker(run: Run, server: Server) -> None:
    workers = server.workers()
    victim = workers[0]
    os.kill(victim, signal.SIGKILL)
    run.events["worker_killed"] = {"at": run.now(), "pid": victim, "workers_before": workers}
    deadline = time.monotonic() + 30
    while victim in server.workers() or len(server.workers()) < len(workers):
        if time.monotonic() > deadline:
            break
        time.sleep(0.1)
    run.events["worker_replaced"] = {"at": run.now(), "workers_after": server.workers()}
