"""Piccolo app of the ballot box."""

from pathlib import Path

from piccolo.conf.apps import AppConfig

from ballots.box.tables import (
    Ballot,
    CodeApproval,
    CodeFailure,
    CodePerson,
    DeskApproval,
    DeskRegistration,
    PaperBatch,
    PaperEntry,
    Participation,
    VotingCode,
)

APP_CONFIG = AppConfig(
    app_name="ballot_box",
    migrations_folder_path=str(Path(__file__).parent / "piccolo_migrations"),
    table_classes=[
        VotingCode,
        Participation,
        Ballot,
        CodeFailure,
        DeskRegistration,
        PaperBatch,
        PaperEntry,
        CodeApproval,
        DeskApproval,
        CodePerson,
    ],
    migration_dependencies=["ballots.piccolo_app"],
    commands=[],
)
