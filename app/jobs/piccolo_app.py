"""Piccolo app of the job runner."""

from pathlib import Path

from piccolo.conf.apps import AppConfig

from app.jobs.tables import Job, OutgoingMail, RunnerBeat

APP_CONFIG = AppConfig(
    app_name="jobs",
    migrations_folder_path=str(Path(__file__).parent / "piccolo_migrations"),
    table_classes=[Job, RunnerBeat, OutgoingMail],
    migration_dependencies=[],
    commands=[],
)
