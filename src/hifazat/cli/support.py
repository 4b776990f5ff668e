"""helplines, helplines-check, guides, partners, evidence export/verify."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import typer

from hifazat.cli import app
from hifazat.cli.common import reports_errors, runtime, settings
from hifazat.db import migrate
from hifazat.domain.access import SYSTEM
from hifazat.domain.support.evidence import verify_bundle
from hifazat.domain.support.helplines import Helpline
from hifazat.services import escalations, evidence, guides
from hifazat.services.helplines import find_helplines, load_directory

partners_app = typer.Typer(
    help="Partner organisations that receive escalations.", no_args_is_help=True
)
evidence_app = typer.Typer(help="Evidence packs.", no_args_is_help=True)
guides_app = typer.Typer(help="Safety guides.", no_args_is_help=True)
app.add_typer(partners_app, name="partners")
app.add_typer(evidence_app, name="evidence")
app.add_typer(guides_app, name="guides")


def _line(h: Helpline) -> str:
    flags = []
    if h.emergency:
        flags.append("EMERGENCY")
    if not h.verified:
        flags.append("unverified")
    contact = "; ".join(
        f"{c.type} {c.value}" + (f" <{link}>" if link and link != c.value else "")
        for c, link in h.links()
    )
    where = h.country + (f"/{h.region}" if h.region else "")
    checked = h.last_human_check or "never checked by a person"
    head = f"{h.name} [{where}]" + (f" ({', '.join(flags)})" if flags else "")
    about = f"hours: {h.hours} · last checked: {checked} · source: {h.verified_from}"
    return f"{head}\n  {contact}\n  {about}"


@app.command("helplines")
@reports_errors
def helplines(
    country: str = typer.Option(..., help="ISO 3166-1 alpha-2 code, e.g. PK"),
    issue: str | None = typer.Option(None, help="e.g. sextortion, cyber_harassment, mental_health"),
    language: str | None = typer.Option(None, help="prefer lines that speak it: en, ur"),
    international: bool = typer.Option(True, help="include international services"),
    as_json: bool = typer.Option(False, "--json", help="one JSON object per line"),
) -> None:
    """Helplines for a country (and issue), emergency lines first; old numbers listed apart."""
    selection, directory = find_helplines(settings(), country, issue, language, international)
    for p in directory.problems:
        kind = "broken helpline entry" if p.severity == "error" else "helpline entry"
        typer.echo(f"warning: {kind} {p}", err=True)
    if as_json:
        for h in selection.current:
            typer.echo(
                json.dumps(
                    {
                        "id": h.id,
                        "name": h.name,
                        "country": h.country,
                        "emergency": h.emergency,
                        "verified": h.verified,
                        "channels": [
                            {"type": c.type, "value": c.value, "link": link}
                            for c, link in h.links()
                        ],
                        "last_human_check": h.last_human_check,
                    },
                    ensure_ascii=False,
                )
            )
        return
    for h in selection.current:
        typer.echo(_line(h))
    for h in selection.old_numbers:
        numbers = ", ".join(c.value for c in h.channels)
        typer.echo(f"NO LONGER IN USE: {h.name} ({numbers}) — use the current lines above")


@app.command("helplines-check")
def helplines_check() -> None:
    """Validate the helpline directory: every problem as entry: field: reason; exit 1 if any."""
    directory = load_directory(settings())
    for p in directory.problems:
        typer.echo(str(p))
    typer.echo(
        f"{len(directory.entries)} entries usable, {len(directory.broken)} broken, "
        f"{directory.leads} unverified leads hidden",
        err=True,
    )
    if any(p.severity == "error" for p in directory.problems):
        raise typer.Exit(1)


@guides_app.command("search")
@reports_errors
def guides_search(query: str = typer.Argument(...), lang: str = typer.Option("en")) -> None:
    """Search the safety guides (English or Urdu)."""
    for hit in guides.search_guides(query, lang):
        typer.echo(f"{hit.guide.id}\t{hit.score}\t{hit.guide.title}")


@partners_app.command("add")
@reports_errors
def partners_add(
    org_id: str = typer.Argument(..., help="organisation id (the partner users' subject)"),
    name: str = typer.Option(...),
    country: str = typer.Option("PK"),
    helpline: str | None = typer.Option(None, help="its entry id in the helpline directory"),
    sla_hours: int | None = typer.Option(None, help="first-response SLA (default setting)"),
) -> None:
    """Register a partner organisation."""
    rt = runtime(with_detector=False)
    migrate.upgrade(rt.settings.effective_database_url)
    org = escalations.add_partner(rt, SYSTEM, org_id, name, country, helpline, sla_hours)
    typer.echo(f"partner {org.id} added (first response within {org.sla_hours} h)")


@partners_app.command("list")
def partners_list() -> None:
    """Partner organisations."""
    rt = runtime(with_detector=False)
    for org in escalations.list_partners(rt):
        typer.echo(f"{org.id}\t{org.name}\t{org.country}\t{org.sla_hours} h")


@evidence_app.command("export")
@reports_errors
def evidence_export(
    pack_id: int = typer.Argument(...),
    output: Path = typer.Option(Path("-"), help="file to write (default stdout)"),
) -> None:
    """Write an evidence pack as JSON (recorded in its chain of custody as an admin export)."""
    rt = runtime(with_detector=False)
    pack = evidence.open_pack(rt, SYSTEM, pack_id, "exported_json")
    body = json.dumps({**pack.bundle, "custody": pack.custody}, ensure_ascii=False, indent=2)
    if str(output) == "-":
        sys.stdout.write(body + "\n")
    else:
        output.write_text(body + "\n", encoding="utf-8")
        typer.echo(f"pack {pack_id}: {pack.item_count} items, bundle sha256 {pack.bundle_sha256}")


@evidence_app.command("verify")
def evidence_verify(file: Path = typer.Argument(..., exists=True, dir_okay=False)) -> None:
    """Recompute every hash of an exported pack; exit 1 naming what was changed."""
    bundle = json.loads(file.read_text(encoding="utf-8"))
    problems = verify_bundle(bundle)
    for p in problems:
        typer.echo(p, err=True)
    if problems:
        raise typer.Exit(1)
    typer.echo(
        f"intact: {len(bundle.get('items', []))} items, bundle {bundle.get('bundle_sha256')}"
    )
