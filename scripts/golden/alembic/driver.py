"""Renders fixture revisions to SQL with real Alembic in offline mode (alembic upgrade --sql).

Usage: driver.py <case dir>. Modules beside the case's versions/ are importable by its
revisions (a project's own column types). Writes <case>/golden.sql (upgrade base:heads) and
<case>/golden-down.sql (downgrade heads:base). Only our own fixtures are run here, never
workspace code; the tests compare against the files this writes and need no Python.
"""
import io
import os
import sys
import tempfile

from alembic import command
from alembic.config import Config

ENV_PY = '''
from alembic import context
context.configure(url="postgresql://x/y", literal_binds=True, dialect_opts={"paramstyle": "named"})
with context.begin_transaction():
    context.run_migrations()
'''


def render(case, argv_command, *args):
    with tempfile.TemporaryDirectory() as script_dir:
        with open(os.path.join(script_dir, "env.py"), "w") as f:
            f.write(ENV_PY)
        out = io.StringIO()
        config = Config(output_buffer=out)
        config.set_main_option("script_location", script_dir)
        config.set_main_option("version_locations", os.path.join(case, "versions"))
        config.set_main_option("sqlalchemy.url", "postgresql://x/y")
        argv_command(config, *args, sql=True)
        return out.getvalue()


def main(case):
    case = os.path.abspath(case)
    # Fixtures may import modules of their own (a project's column types), kept beside versions/.
    sys.path.insert(0, case)
    with open(os.path.join(case, "golden.sql"), "w") as f:
        f.write(render(case, command.upgrade, "base:heads"))
    with open(os.path.join(case, "golden-down.sql"), "w") as f:
        f.write(render(case, command.downgrade, "heads:base"))


if __name__ == "__main__":
    for arg in sys.argv[1:]:
        main(arg)
