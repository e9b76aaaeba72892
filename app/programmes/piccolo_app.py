"""Piccolo app of the area programmes."""

from pathlib import Path

from piccolo.conf.apps import AppConfig

from app.programmes.tables import BudgetLine, Programme

APP_CONFIG = AppConfig(
    app_name="programmes",
    migrations_folder_path=str(Path(__file__).parent / "piccolo_migrations"),
    table_classes=[Programme, BudgetLine],
    migration_dependencies=["app.areas.piccolo_app"],
    commands=[],
)
