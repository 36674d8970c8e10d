"""API test fixtures: a temporary SQLite store with a few entities, apps over it
(lifespan started), API keys, and a validator for the schemas of yente's published
OpenAPI document. Helpers reach test modules as fixtures (``load_snapshot``,
``make_person``, ``yente``), since tests are imported with ``--import-mode=importlib``.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from interdict.api.app import create_app
from interdict.api.settings import ApiSettings
from interdict.model import (
    Country,
    CountryRole,
    Entity,
    EntityBuilder,
    Identifier,
    IdentifierKind,
    Name,
    NameKind,
    PartialDate,
)
from interdict.settings import Settings
from interdict.storage.keys import ApiKeyStore
from interdict.storage.snapshots import SnapshotInfo, SnapshotStore

YENTE_OPENAPI = Path(__file__).parent.parent / "fixtures" / "yente_openapi.json"


def person(
    entity_id: str,
    list_name: str,
    name: str,
    *,
    aliases: Sequence[str] = (),
    birth: str | None = None,
    nationality: str | None = None,
    passport: str | None = None,
) -> Entity:
    builder = EntityBuilder(entity_id, "Person", list_name)
    builder.add_name(Name(name))
    for alias in aliases:
        builder.add_name(Name(alias, kind=NameKind.ALIAS))
    if birth:
        builder.add_birth_date(PartialDate(birth))
    if nationality:
        builder.add_country(Country(nationality, CountryRole.NATIONALITY))
    if passport:
        builder.add_identifier(Identifier(IdentifierKind.PASSPORT, passport))
    builder.add_property("programId", "SDGT")
    return builder.build()


def organization(
    entity_id: str, list_name: str, name: str, *, schema: str = "Organization", **kw: str
) -> Entity:
    builder = EntityBuilder(entity_id, schema, list_name)
    builder.add_name(Name(name))
    if "country" in kw:
        builder.add_country(Country(kw["country"], CountryRole.JURISDICTION))
    if "registration" in kw:
        builder.add_identifier(Identifier(IdentifierKind.REGISTRATION, kw["registration"]))
    if "imo" in kw:
        builder.add_identifier(Identifier(IdentifierKind.IMO, kw["imo"]))
    return builder.build()


SDN = [
    person(
        "ofac:1001",
        "ofac_sdn",
        "Ghassem DAMAVANDIAN",
        aliases=["Qasem Damavandian"],
        birth="1968-05-02",
        nationality="ir",
        passport="D9001234",
    ),
    person(
        "ofac:1002", "ofac_sdn", "Viktor Anatolyevich BOUT", birth="1967-01-13", nationality="ru"
    ),
    organization(
        "ofac:1003",
        "ofac_sdn",
        "BANK MELLI IRAN",
        schema="Company",
        country="ir",
        registration="123456",
    ),
    organization("ofac:1004", "ofac_sdn", "SEA STAR", schema="Vessel", imo="9187629"),
]
UN = [
    person(
        "un:QDi.001", "un", "Ayman Muhammed Rabi al-Zawahiri", birth="1951-06-19", nationality="eg"
    ),
    person("un:QDi.002", "un", "Viktor BOUT", birth="1967-01-13"),
]
EU = [organization("eu:55", "eu", "Global Trading Oil LLC", country="ae")]


def load(
    store: SnapshotStore, list_name: str, source: str, version: str, items: list[Entity]
) -> SnapshotInfo:
    """Store and activate a snapshot of ``items``."""
    info = store.save_snapshot(
        list_name=list_name,
        source=source,
        version=version,
        edition="test",
        published="2026-11-01",
        content_hash=version.ljust(64, "0")[:64],
        files=[],
        report={},
        items=[e.with_version(version) for e in items],
    )
    return store.activate(info.id)


def load_all(store: SnapshotStore) -> None:
    load(store, "ofac_sdn", "ofac", "v1", SDN)
    load(store, "un", "un", "v1", UN)
    load(store, "eu", "eu", "v1", EU)


def wait_ready(client: TestClient, timeout: float = 60.0) -> None:
    """Block until /readyz is 200 (the index loads in the background)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if client.get("/readyz").status_code == 200:
            return
        time.sleep(0.05)
    raise AssertionError("the API did not become ready")


def auth(key: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {key}"}


class YenteSchemas:
    """Validates JSON bodies against the component schemas of yente's OpenAPI document."""

    def __init__(self, path: Path) -> None:
        import jsonschema

        self.document = json.loads(path.read_text())
        self._jsonschema = jsonschema

    def validate(self, body: Any, component: str) -> None:
        schema = {
            "$ref": f"#/components/schemas/{component}",
            "components": self.document["components"],
        }
        resolver_doc = {**schema}
        self._jsonschema.validate(
            body,
            resolver_doc,
            cls=self._jsonschema.Draft202012Validator,
        )


@pytest.fixture()
def home(tmp_path: Path) -> Settings:
    return Settings(
        home=tmp_path / "home", database_url=f"sqlite:///{tmp_path / 'home' / 'db.sqlite'}"
    )


@pytest.fixture()
def store(home: Settings) -> Iterator[SnapshotStore]:
    home.home.mkdir(parents=True, exist_ok=True)
    store = SnapshotStore.open(home.database_url)
    yield store
    store.close()


@pytest.fixture()
def loaded_store(store: SnapshotStore) -> SnapshotStore:
    load_all(store)
    return store


@pytest.fixture()
def keys(store: SnapshotStore) -> dict[str, str]:
    """Plain keys by scope: ``screen``, ``admin`` and a revoked one."""
    key_store = ApiKeyStore(store.engine)
    _, screen = key_store.create("screener", "screen")
    _, admin = key_store.create("ops", "admin")
    _, revoked = key_store.create("old", "screen")
    key_store.revoke("old")
    return {"screen": screen, "admin": admin, "revoked": revoked}


MakeClient = Callable[..., TestClient]


@pytest.fixture()
def make_client(home: Settings, store: SnapshotStore) -> Iterator[MakeClient]:
    """Build a started app (lifespan run) over the test store; closed after the test."""
    clients: list[TestClient] = []

    def make(**overrides: Any) -> TestClient:
        settings = ApiSettings(
            store=home, refresh_seconds=overrides.pop("refresh_seconds", 0.2), **overrides
        )
        client = TestClient(create_app(settings, store=store))
        client.__enter__()
        clients.append(client)
        return client

    yield make
    for client in clients:
        client.__exit__(None, None, None)


@pytest.fixture()
def client(
    make_client: MakeClient, loaded_store: SnapshotStore, keys: dict[str, str]
) -> TestClient:
    """A ready app with auth on; send ``headers=auth(keys["screen"])``."""
    client = make_client()
    wait_ready(client)
    return client


@pytest.fixture(scope="session")
def yente() -> YenteSchemas:
    return YenteSchemas(YENTE_OPENAPI)


@pytest.fixture(scope="session")
def load_snapshot() -> Callable[..., SnapshotInfo]:
    """``load_snapshot(store, list_name, source, version, entities)``."""
    return load


@pytest.fixture(scope="session")
def make_person() -> Callable[..., Entity]:
    """``make_person(entity_id, list_name, name, aliases=..., birth=..., ...)``."""
    return person


@pytest.fixture(scope="session")
def ready() -> Callable[[TestClient], None]:
    """``ready(client)`` waits until /readyz answers 200."""
    return wait_ready


@pytest.fixture(scope="session")
def load_lists() -> Callable[[SnapshotStore], None]:
    """``load_lists(store)`` stores and activates the test lists (ofac_sdn, un, eu)."""
    return load_all


@pytest.fixture(params=["sqlite", "postgres"])
def any_store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[SnapshotStore]:
    """A fresh store on SQLite and, when INTERDICT_TEST_POSTGRES_URL is set, PostgreSQL."""
    import os
    import uuid

    import sqlalchemy as sa

    if request.param == "sqlite":
        store = SnapshotStore.open(f"sqlite:///{tmp_path / 'any.db'}")
        yield store
        store.close()
        return
    base = os.environ.get("INTERDICT_TEST_POSTGRES_URL")
    if not base:
        pytest.skip("INTERDICT_TEST_POSTGRES_URL is not set (CI sets it)")
    name = f"interdict_api_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    store = SnapshotStore.open(base.rsplit("/", 1)[0] + f"/{name}")
    try:
        yield store
    finally:
        store.close()
        with admin.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
