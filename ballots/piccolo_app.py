"""Piccolo app of the ballots module."""

from pathlib import Path

from piccolo.conf.apps import AppConfig

from ballots.tables import BallotListConfirmation, BallotOption

APP_CONFIG = AppConfig(
    app_name="ballots",
    migrations_folder_path=str(Path(__file__).parent / "piccolo_migrations"),
    table_classes=[BallotOption, BallotListConfirmation],
    migration_dependencies=["proposals.piccolo_app"],
    commands=[],
)
