"""Piccolo app of the results module."""

from pathlib import Path

from piccolo.conf.apps import AppConfig

from ballots.results.tables import (
    Certificate,
    CertificateSignature,
    CertifierDecision,
    CountJob,
    RecountSlot,
    Result,
)

APP_CONFIG = AppConfig(
    app_name="results",
    migrations_folder_path=str(Path(__file__).parent / "piccolo_migrations"),
    table_classes=[
        CountJob,
        Result,
        CertifierDecision,
        Certificate,
        CertificateSignature,
        RecountSlot,
    ],
    migration_dependencies=["ballots.box.piccolo_app"],
    commands=[],
)
