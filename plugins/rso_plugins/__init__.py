"""The RSO website's Pelican plugins, as one installable package.

Each plugin is a sub-package, ``rso_plugins/<name>/``, with an ``__init__.py`` that
exports ``register``; pelicanconf.py lists it in PLUGINS as ``"rso_plugins.<name>"``.
Plugins import each other by full name (``from rso_plugins.content_problems import
report_problem``). Private internals of Pelican, Python-Markdown and pelican-sitemap are
reached only through ``rso_plugins.internals``.
"""
