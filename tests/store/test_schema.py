import datetime as dt
import os
import subprocess
import sys
import warnings

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import text
from sqlalchemy.schema import CreateIndex
from sqlalchemy.exc import SAWarning

from mash_desktop.domain.errors import EnvironmentFault, UserError
from mash_desktop.store import name_search, queue_order, schema
from mash_desktop.store.database import Database, default_sqlite_path, resolve_url
from mash_desktop.store.models import Agency, Base
from mash_desktop.domain.codes import AgencyKind


def test_upgrade_creates_schema_and_is_harmless_twice(empty_db_url):
    db = Database(empty_db_url)
    assert not db.has_schema()
    before, after = schema.upgrade(db)
    assert before is None and after == schema.head_revision()
    assert schema.upgrade(db) == (after, after)
    assert schema.is_current(db)
    db.dispose()


def test_the_head_named_in_code_is_alembics_head():
    from alembic.script import ScriptDirectory

    assert ScriptDirectory.from_config(schema.alembic_config()).get_current_head() == schema.HEAD


def test_a_database_at_an_older_revision_is_not_current(db):
    with db.write() as s:
        s.execute(text("UPDATE alembic_version SET version_num = '0016'"))
    assert schema.current_revision(db) == "0016" and not schema.is_current(db)


def test_the_client_starts_without_loading_alembic():
    """Alembic and the migration scripts are only for upgrading; the client's start-up does not pay for them."""
    probe = "import sys, mash_desktop.gui.app, mash_desktop.services.enrolment.startup; print('alembic' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=120,
                          env=dict(os.environ, QT_QPA_PLATFORM="offscreen"))
    assert done.stdout.strip() == "False", done.stderr


def test_migrations_match_the_models(db):
    with db.engine.connect() as conn, warnings.catch_warnings():
        # SQLite's reflection cannot read an index on expressions (the queue's research
        # order), so there they are left out; PostgreSQL's are compared.
        warnings.filterwarnings("ignore", "Skipped unsupported reflection of expression-based index", SAWarning)
        warnings.filterwarnings("ignore", "autogenerate skipping metadata-specified expression-based index")
        diffs = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": False}), Base.metadata)
    # Alembic cannot compare an index on a CASE expression (the default order's, store/queue_order.py):
    # it reports each as removed and added again. Those are compared here by PostgreSQL's own definition:
    # the models' index, made under another name, must read exactly as the migration's.
    cased = (queue_order.BY_RAG, queue_order.BY_DUE, queue_order.MEMBER_BY_RAG, queue_order.MEMBER_BY_DUE,
             queue_order.STATUS_BY_DUE)
    if not db.is_sqlite:
        with db.engine.connect() as conn:
            for index in cased:
                ddl = str(CreateIndex(index).compile(dialect=conn.dialect))
                conn.execute(text(ddl.replace(f"INDEX {index.name} ", f"INDEX model_{index.name} ", 1)))
                found = dict(conn.execute(text("SELECT indexname, indexdef FROM pg_indexes WHERE indexname IN "
                                               "(:a, :b)"), {"a": index.name, "b": f"model_{index.name}"}).all())
                assert found[f"model_{index.name}"].replace("model_", "", 1) == found[index.name]
            conn.rollback()
        names = {index.name for index in cased}
        diffs = [d for d in diffs if not (d[0] in ("add_index", "remove_index") and d[1].name in names)]
    # The name search's index is the migration's alone (store/name_search.py says why): an FTS5 table and
    # its shadow tables on SQLite, a trigram index on PostgreSQL.
    diffs = [d for d in diffs if not _name_search_object(d)]
    assert diffs == []


def _name_search_object(diff) -> bool:
    if diff[0] == "remove_table":
        return diff[1].name == "referral_names" or diff[1].name.startswith("referral_names_")
    return diff[0] == "remove_index" and diff[1].name == name_search.PG_INDEX


def test_datetimes_come_back_aware_utc(db):
    moment = dt.datetime(2026, 3, 29, 1, 30, tzinfo=dt.timezone(dt.timedelta(hours=2)))
    with db.write() as s:
        s.add(Agency(code="POL", name="Police", kind=AgencyKind.POLICE, seats=1, created_at=moment))
    with db.read() as s:
        got = s.query(Agency).one().created_at
    assert got == moment and got.tzinfo == dt.timezone.utc


def test_naive_datetime_is_refused(db):
    with pytest.raises(Exception, match="naive"):
        with db.write() as s:
            s.add(Agency(code="POL", name="P", kind=AgencyKind.POLICE, created_at=dt.datetime(2026, 1, 1)))


def test_sqlite_connection_settings(tmp_path):
    db = Database(f"sqlite:///{tmp_path / 'x.db'}")
    with db.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 5000
    db.dispose()


def test_foreign_keys_enforced(db):
    with pytest.raises(Exception, match="(?i)foreign key"):
        with db.write() as s:
            s.execute(text("INSERT INTO user_roles (user_id, role) VALUES (999, 'officer')"))


def test_url_resolution(monkeypatch, tmp_path):
    monkeypatch.delenv("MASH_DATABASE_URL", raising=False)
    assert resolve_url() == f"sqlite:///{default_sqlite_path()}"
    assert str(default_sqlite_path()).startswith(os.environ["XDG_DATA_HOME"])
    monkeypatch.setenv("MASH_DATABASE_URL", "postgresql://hub@db.example/mash")
    assert resolve_url() == "postgresql+psycopg://hub@db.example/mash"
    assert resolve_url("sqlite:///x.db") == "sqlite:///x.db"


def test_unsupported_or_garbage_url():
    with pytest.raises(UserError):
        Database("mysql://x/y")
    with pytest.raises(UserError):
        Database("not a url")


def test_unreachable_postgres_is_an_environment_fault():
    db = Database("postgresql://nobody@127.0.0.1:1/none")
    with pytest.raises(EnvironmentFault, match="cannot be reached"):
        db.has_schema()


def test_missing_schema_is_explained(empty_db_url):
    db = Database(empty_db_url)
    with pytest.raises(EnvironmentFault, match="mash-admin init"):
        with db.read() as s:
            s.query(Agency).all()
    db.dispose()
