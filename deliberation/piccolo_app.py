"""Piccolo app of the deliberation module."""

from pathlib import Path

from piccolo.conf.apps import AppConfig

from deliberation.tables import Comment, Follow, Meeting, Report, Support

APP_CONFIG = AppConfig(
    app_name="deliberation",
    migrations_folder_path=str(Path(__file__).parent / "piccolo_migrations"),
    table_classes=[Support, Comment, Report, Follow, Meeting],
    migration_dependencies=["proposals.piccolo_app"],
    commands=[],
)
