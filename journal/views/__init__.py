"""The journal's pages, one module per page family; journal/urls.py names the module for each address.

Each view answers a plain request with a whole page (forms post and redirect, so
everything works without JavaScript) and an HTMX request with just the region
that changed: a partial of the same page template.
"""
