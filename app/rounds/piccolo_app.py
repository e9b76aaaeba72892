"""Piccolo app of the budget rounds."""

from pathlib import Path

from piccolo.conf.apps import AppConfig

from app.rounds.tables import Round

APP_CONFIG = AppConfig(
    app_name="rounds",
    migrations_folder_path=str(Path(__file__).parent / "piccolo_migrations"),
    table_classes=[Round],
    migration_dependencies=["app.programmes.piccolo_app"],
    commands=[],
)
