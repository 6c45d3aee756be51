"""The benchmark's tooling, kept out of the product.

A Django app that config/settings.py installs only when BENCH_PROBES=1: the
ceiling probes under /_probe/ (probes.py, urls.py) and `manage.py seed_bulk`
(management/commands/seed_bulk.py, with its parts in seeding/). Beside it, the
scripts that drive a real server: run.py (`make bench`), mix.py (the realistic
mix run.py measures), explain.py (`make explain`), outage.py (`make outage`)
and cost.py. run.py's parts sit in dataset.py, server.py, visitor.py, wrk.py,
page_weight.py, mix_figures.py, machine.py, report.py and console.py; mix.py's
in mix_steps.py and mix_forms.py; outage.py's in outage_db.py,
outage_server.py, outage_load.py, outage_disruptions.py and outage_check.py.
"""
