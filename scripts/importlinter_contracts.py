"""Custom import-linter contract: a package's `tables` module is private to that package."""

from __future__ import annotations

from grimp import ImportGraph
from importlinter import Contract, ContractCheck, fields, output

# Besides the owning package, these may import any tables module: other tables (foreign keys),
# each app's Piccolo config and its migrations.
ALLOWED_SUFFIXES = (".tables", ".piccolo_app")


def owner(module: str) -> str:
    """The package that owns a module: `ballots.box.tables` -> `ballots.box`."""
    return module.rpartition(".")[0]


def allowed(importer: str, imported: str) -> bool:
    """Whether the importer may import the tables module `imported`."""
    if owner(importer) == owner(imported) or ".piccolo_migrations." in importer:
        return True
    return importer.endswith(ALLOWED_SUFFIXES)


class PrivateTablesContract(Contract):
    """Only a module's own package (and other tables, Piccolo apps, migrations) import its tables.

    Configuration: `containers`, the root packages whose `*.tables` modules are checked;
    `ignore_imports`, optional "importer -> imported" pairs still allowed (each with its reason
    in a comment beside it).
    """

    type_name = "private_tables"

    containers = fields.ListField(subfield=fields.StringField())
    ignore_imports = fields.ListField(subfield=fields.StringField(), required=False)

    def check(self, graph: ImportGraph, verbose: bool) -> ContractCheck:
        """Collect every import of a tables module from outside its package."""
        roots = tuple(str(name) for name in self.containers)  # type: ignore[attr-defined]  # set at runtime
        ignored = {
            tuple(part.strip() for part in str(pair).split("->"))
            for pair in (self.ignore_imports or [])  # type: ignore[attr-defined]  # set at runtime
        }
        illegal = []
        for imported in sorted(graph.modules):
            if not imported.endswith(".tables") or not imported.startswith(roots):
                continue
            for importer in sorted(graph.find_modules_that_directly_import(imported)):
                if allowed(importer, imported) or (importer, imported) in ignored:
                    continue
                lines = [
                    detail["line_number"]
                    for detail in graph.get_import_details(importer=importer, imported=imported)
                ]
                illegal.append((importer, imported, lines))
        return ContractCheck(kept=not illegal, metadata={"illegal": illegal})

    def render_broken_contract(self, check: ContractCheck) -> None:
        """List each illegal import with its line numbers."""
        for importer, imported, lines in check.metadata["illegal"]:
            output.print_error(
                f"- {importer} -> {imported} (l.{', '.join(map(str, lines))})", bold=False
            )
            output.new_line()
