"""Piccolo app of residents' initiatives."""

from pathlib import Path

from piccolo.conf.apps import AppConfig

from initiatives.tables import (
    AuditDraw,
    CoInitiator,
    Fund,
    Initiative,
    InitiativeFile,
    Message,
    Payment,
    Reaction,
    Vote,
)

APP_CONFIG = AppConfig(
    app_name="initiatives",
    migrations_folder_path=str(Path(__file__).parent / "piccolo_migrations"),
    table_classes=[
        Fund,
        Initiative,
        CoInitiator,
        Reaction,
        Message,
        Vote,
        Payment,
        InitiativeFile,
        AuditDraw,
    ],
    migration_dependencies=["app.programmes.piccolo_app", "app.accounts.piccolo_app"],
    commands=[],
)
