"""Shared fixtures: the CMS reference files, an imported database, PostgreSQL, the mock Slack API."""
from __future__ import annotations

import os
import uuid

import pytest

from tests.cms_files import cms_path
from tests.mock_slack_api import MockSlackApi


def pytest_configure(config):
    config.addinivalue_line("markers", "cms: needs ../shared/cms (set RVUBOT_SHARED to its parent folder)")
    config.addinivalue_line("markers", "postgres: needs RVUBOT_TEST_POSTGRES_URL")


def _cms_folder(name):
    path = cms_path(name)
    if path is None:
        pytest.skip(f"../shared/cms/{name} not available (set RVUBOT_SHARED to the folder holding cms/)")
    return path


@pytest.fixture(scope="session")
def rvu25d_dir():
    return _cms_folder("rvu25d")


@pytest.fixture(scope="session")
def rvu26a_dir():
    return _cms_folder("rvu26a")


@pytest.fixture(scope="session")
def imported_engine(tmp_path_factory, rvu25d_dir):
    """A SQLite database with the full RVU25D bundle imported (once per test session)."""
    from intents.importer.bundle import import_bundle
    from intents.storage import open_engine

    url = f"sqlite:///{tmp_path_factory.mktemp('db') / 'rvu25d.db'}"
    engine = open_engine(url)
    import_bundle(engine, rvu25d_dir)
    return engine


@pytest.fixture(scope="session")
def answerer_25d(imported_engine):
    from intents.answer import build_answerer

    return build_answerer(imported_engine)


@pytest.fixture
def pg_url():
    """A fresh schema-isolated PostgreSQL database URL, or skip when none is configured."""
    url = os.environ.get("RVUBOT_TEST_POSTGRES_URL")
    if not url:
        pytest.skip("PostgreSQL not configured (set RVUBOT_TEST_POSTGRES_URL, e.g. "
                    "postgresql+psycopg://postgres@127.0.0.1:5432/test)")
    from sqlalchemy import create_engine, text

    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(url)
    try:
        with admin.begin() as conn:
            conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    except Exception as exc:  # the server is configured but unreachable
        pytest.skip(f"PostgreSQL at {url} unreachable: {exc.__class__.__name__}")
    separator = "&" if "?" in url else "?"
    yield f"{url}{separator}options=-csearch_path%3D{schema}"
    with admin.begin() as conn:
        conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
    admin.dispose()


@pytest.fixture
def slack_api():
    server = MockSlackApi().start()
    yield server
    server.stop()
