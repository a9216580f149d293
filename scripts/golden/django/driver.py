"""Prints every fixture migration with real Django's sqlmigrate (PostgreSQL), both ways.

Usage: driver.py <fixture dir>. The fixture dir holds Django apps (<app>/migrations/*.py);
writes <fixture dir>/golden/<app>/<migration>.sql (sqlmigrate) and <migration>.down.sql
(sqlmigrate --backwards). Only our own fixtures are run here, never workspace code; the
tests compare against the files this writes and need no Python.
"""
import io
import os
import sys

import django
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.db.migrations.loader import MigrationLoader


def main(fixtures):
    apps = sorted(
        name for name in os.listdir(fixtures)
        if os.path.isdir(os.path.join(fixtures, name, "migrations"))
    )
    sys.path.insert(0, fixtures)
    settings.configure(
        INSTALLED_APPS=["django.contrib.postgres", "django.contrib.contenttypes", "django.contrib.auth", *apps],
        DATABASES={"default": {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": "postgres", "USER": "postgres", "PASSWORD": "postgres",
            "HOST": "127.0.0.1", "PORT": os.environ["PGPORT"],
        }},
        USE_TZ=True,
        DEFAULT_AUTO_FIELD="django.db.models.BigAutoField",
    )
    django.setup()
    # Django finds what to drop on the way back (unique_together, a field's unique) by
    # introspecting the database, so each migration is applied between printing it forwards
    # (the database as the migrations before it leave it) and backwards (as it leaves it).
    graph = MigrationLoader(connection).graph
    plan = []
    for leaf in sorted(graph.leaf_nodes()):
        plan += [node for node in graph.forwards_plan(leaf) if node not in plan]
    # django.contrib's own migrations are applied with the fixtures' but printed by nobody.
    for app, name in plan:
        if app not in apps:
            continue
        out_dir = os.path.join(fixtures, "golden", app)
        os.makedirs(out_dir, exist_ok=True)
        write(os.path.join(out_dir, name + ".sql"), app, name, False)
        call_command("migrate", app, name, verbosity=0)
        write(os.path.join(out_dir, name + ".down.sql"), app, name, True)


def write(path, app, name, backwards):
    out = io.StringIO()
    call_command("sqlmigrate", app, name, backwards=backwards, stdout=out, no_color=True)
    with open(path, "w") as f:
        f.write(out.getvalue())


if __name__ == "__main__":
    main(os.path.abspath(sys.argv[1]))
