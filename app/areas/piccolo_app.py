"""Piccolo app of the area tree."""

from pathlib import Path

from piccolo.conf.apps import AppConfig

from app.areas.tables import Area, PostcodeRange

APP_CONFIG = AppConfig(
    app_name="areas",
    migrations_folder_path=str(Path(__file__).parent / "piccolo_migrations"),
    table_classes=[Area, PostcodeRange],
    migration_dependencies=["app.audit.piccolo_app"],
    commands=[],
)
