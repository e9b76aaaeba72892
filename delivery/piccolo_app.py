"""Piccolo app of project delivery."""

from pathlib import Path

from piccolo.conf.apps import AppConfig

from delivery.tables import Milestone, Project, ProjectFollow, ProjectPhoto

APP_CONFIG = AppConfig(
    app_name="delivery",
    migrations_folder_path=str(Path(__file__).parent / "piccolo_migrations"),
    table_classes=[Project, Milestone, ProjectPhoto, ProjectFollow],
    migration_dependencies=["app.rounds.piccolo_app", "app.accounts.piccolo_app"],
    commands=[],
)
