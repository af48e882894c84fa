"""Settings, read from LINEAGE_* environment variables and an optional .env file.

Built once by the entry point (CLI or API factory) and passed down; nothing reads
them at import time.
"""

from __future__ import annotations

import os
from pathlib import Path

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="LINEAGE_", env_file=".env", extra="ignore")

    data_dir: Path = Field(default=Path("data"), description="Folder of the embedded engine's socket and files.")
    graph_name: str = Field(default="lineage", description="Graph name inside the embedded engine.")
    engine_port: int = Field(default=0, description="TCP port of the embedded engine; 0 keeps it on the socket only.")

    neo4j_uri: str | None = Field(default=None, description="Selects the Neo4j engine when set.")
    neo4j_user: str = "neo4j"
    neo4j_password: SecretStr = SecretStr("")
    neo4j_database: str = "neo4j"

    units_file: Path | None = Field(default=None, description="Extra unit aliases (TOML), added to the built-in table.")
    max_file_mb: float = Field(default=20.0, description="Largest document file the reader accepts.")
    roots: list[str] = Field(default_factory=lambda: ["59-NQ/TW", "56-CT/TW"])
    uploads_per_client: int = Field(default=2, description="Uploads one client may have being read at once.")
    max_depth: int = Field(default=8, description="Default depth limit of lineage walks.")

    api_key: SecretStr | None = Field(default=None, description="Required for writes through the API.")
    read_key: SecretStr | None = Field(default=None, description="When set, reads need it too.")
    users_file: Path | None = Field(
        default=None,
        description="Named accounts with roles (reader, editor, admin), a JSON file `lineage user add` writes; "
        "by default users.json in the data folder.",
    )
    session_secret: SecretStr | None = Field(
        default=None, description="Signs the pages' session cookies; by default a random one kept in the data folder."
    )
    host: str = "127.0.0.1"
    port: int = 8000
    workers: int = Field(
        default_factory=lambda: min(4, os.cpu_count() or 1),
        ge=1,
        description="Server processes: requests are answered side by side, one per core (at most 4 by default).",
    )
    page_node_limit: int = Field(default=400, description="Graph pages draw at most this many nodes.")

    @property
    def accounts_file(self) -> Path:
        return self.users_file or self.data_dir / "users.json"

    @property
    def engine(self) -> str:
        return "neo4j" if self.neo4j_uri else "falkordb"
