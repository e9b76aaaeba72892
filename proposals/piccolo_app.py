"""Piccolo app of the proposals module."""

from pathlib import Path

from piccolo.conf.apps import AppConfig

from proposals.tables import Proposal, ProposalPhoto, ProposalStatusChange, ProposalVersion

APP_CONFIG = AppConfig(
    app_name="proposals",
    migrations_folder_path=str(Path(__file__).parent / "piccolo_migrations"),
    table_classes=[Proposal, ProposalVersion, ProposalStatusChange, ProposalPhoto],
    migration_dependencies=["app.rounds.piccolo_app", "app.accounts.piccolo_app"],
    commands=[],
)
