# syntax=docker/dockerfile:1

# ---- Builder: resolve the locked dependencies into /app/.venv --------------
FROM python:3.12-slim AS builder

ENV UV_PROJECT_ENVIRONMENT=/app/.venv \
    UV_PYTHON_DOWNLOADS=never \
    UV_COMPILE_BYTECODE=1 \
    UV_LINK_MODE=copy \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

RUN pip install uv==0.13.8

WORKDIR /app
COPY pyproject.toml uv.lock .python-version ./
RUN --mount=type=cache,target=/root/.cache/uv \
    uv sync --frozen --no-dev --no-install-project


# ---- Runtime ---------------------------------------------------------------
FROM python:3.12-slim

ENV PATH="/app/.venv/bin:$PATH" \
    DJANGO_SETTINGS_MODULE=config.settings \
    PYTHONUNBUFFERED=1 \
    PORT=8000 \
    HOST=0.0.0.0

RUN groupadd --system --gid 10001 app \
    && useradd --system --uid 10001 --gid app --home-dir /app --no-create-home \
       --shell /usr/sbin/nologin app

WORKDIR /app
COPY --from=builder /app/.venv /app/.venv

# Source stays owned by root: the app user can read it but not change it.
COPY manage.py ./
COPY config ./config
COPY accounts ./accounts
COPY journal ./journal
COPY allies ./allies
COPY crisis ./crisis
COPY offline ./offline
COPY templates ./templates
COPY static ./static

# Collect static files at build time. The throwaway key only satisfies
# settings; with no DATABASE_URL, settings point SQLite at /app/var, which
# collectstatic never opens. /app/var is the app user's only writable place.
RUN mkdir -p /app/var/media \
    && SECRET_KEY=collectstatic-only python manage.py collectstatic --noinput \
    && python -m compileall -q manage.py config crisis accounts journal allies offline \
    && chown app:app /app/var /app/var/media \
    && chmod 0700 /app/var /app/var/media

USER app
EXPOSE 8000

# /healthz checks the database too, so "unhealthy" means the journal cannot
# save anything right now (the static crisis page still answers).
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
    CMD ["python", "-c", "import os, urllib.request; urllib.request.urlopen('http://127.0.0.1:' + os.environ.get('PORT', '8000') + '/healthz', timeout=4)"]

CMD ["gunicorn", "-c", "config/gunicorn.py", "config.wsgi"]
