"""Say in one line how to start PostgreSQL when `make test` cannot reach it."""

import os
import sys

import dj_database_url
import psycopg


def main() -> int:
    url = os.environ.get("DATABASE_URL", "")
    config = dj_database_url.parse(url)
    if config["ENGINE"] != "django.db.backends.postgresql":
        print(f"The tests run on PostgreSQL; DATABASE_URL is not a postgres:// URL ({config['ENGINE']}).")
        return 1
    host, port = config.get("HOST") or "127.0.0.1", config.get("PORT") or 5432
    try:
        psycopg.connect(
            host=host,
            port=port,
            user=config.get("USER") or None,
            password=config.get("PASSWORD") or None,
            dbname="postgres",
            connect_timeout=3,
        ).close()
    except psycopg.OperationalError:
        print(
            f"PostgreSQL is not answering on {host}:{port}. Start it with: "
            "sudo pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start "
            "(or set DATABASE_URL to a server you have)."
        )
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
