#!/bin/sh
# The container's two roles, one image:
#   web     gunicorn, answering pages (the default)
#   worker  the background worker: every email, reminders, imports (python manage.py worker)
# Anything else runs as given, e.g. `python manage.py migrate`.
set -e
case "${1:-web}" in
  web) exec gunicorn -c config/gunicorn.py config.wsgi ;;
  worker) exec python manage.py worker ;;
  *) exec "$@" ;;
esac
