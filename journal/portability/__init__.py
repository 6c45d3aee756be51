"""The journal out as a file and back in again, one module per job.

- export.py: the JSON export (everything) and the CSV (wins), streamed.
- read.py: the way in for an upload; it hands the text to
  import_json.py (our own export) or import_daylio.py (Daylio's CSV),
  which share parsed.py. Daylio's activities find their category through
  journal/categories.py, the one keyword table Today uses too.
- store.py: writing what a file holds, all or nothing, a chunk at a time with bulk operations.
- jobs.py: an import as a job for the task worker (`start_import`, the task `run_import`) and its progress.
- forms.py: the import form and its quick checks; the pages are journal/views/data.py.
"""
