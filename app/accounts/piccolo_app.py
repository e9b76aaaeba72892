"""Piccolo app of the accounts module."""

from pathlib import Path

from piccolo.conf.apps import AppConfig

from app.accounts.tables import EmailToken, LoginFailure, RoleGrant, User, UserSession

APP_CONFIG = AppConfig(
    app_name="accounts",
    migrations_folder_path=str(Path(__file__).parent / "piccolo_migrations"),
    table_classes=[User, RoleGrant, UserSession, EmailToken, LoginFailure],
    migration_dependencies=["app.audit.piccolo_app"],
    commands=[],
)
