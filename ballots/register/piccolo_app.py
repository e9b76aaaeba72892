"""Piccolo app of the voter register."""

from pathlib import Path

from piccolo.conf.apps import AppConfig

from ballots.register.tables import AccountBinding, RegisterEntry, RegisterSource

APP_CONFIG = AppConfig(
    app_name="voter_register",
    migrations_folder_path=str(Path(__file__).parent / "piccolo_migrations"),
    table_classes=[RegisterSource, RegisterEntry, AccountBinding],
    migration_dependencies=["ballots.box.piccolo_app"],
    commands=[],
)
