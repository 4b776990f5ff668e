"""``hifazat survey …`` and ``hifazat focus-group …``: instruments, links, results, sessions,
exports and the report, from the command line (acting as the system operator)."""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path
from typing import Annotated

import typer
import yaml

from hifazat.cli import app
from hifazat.cli.common import fail, reports_errors, runtime
from hifazat.domain import feedback_analysis as fa
from hifazat.domain.access import SYSTEM
from hifazat.services import feedback_report, surveys
from hifazat.services import focus_group_board as fg_board
from hifazat.services import focus_groups as fgs

survey_app = typer.Typer(help="Surveys: instruments, links, results.", no_args_is_help=True)
fg_app = typer.Typer(help="Focus-group sessions: export and report.", no_args_is_help=True)
app.add_typer(survey_app, name="survey")
app.add_typer(fg_app, name="focus-group")


def _echo_json(data: object) -> None:
    typer.echo(json.dumps(data, ensure_ascii=False, indent=2, default=str))


@survey_app.command("install")
@reports_errors
def survey_install(
    file: Annotated[Path | None, typer.Option(help="an instrument YAML file")] = None,
) -> None:
    """Install the built-in instruments, or one instrument file (a new version of a key)."""
    rt = runtime(with_detector=False)
    if file is not None:
        if not file.exists():
            raise fail(f"{file}: no such file", 2)
        rows = [surveys.install_instrument(rt, SYSTEM, yaml.safe_load(file.read_text("utf-8")))]
    else:
        rows = surveys.install_builtins(rt, SYSTEM)
    for r in rows:
        typer.echo(f"{r.key} v{r.version} installed (id {r.id})")


@survey_app.command("instruments")
@reports_errors
def survey_instruments() -> None:
    """List installed instruments and versions."""
    for r in surveys.list_instruments(runtime(with_detector=False), SYSTEM):
        typer.echo(f"{r.id}\t{r.key}\tv{r.version}\t{r.title.get('en', '')}")


@survey_app.command("campaign")
@reports_errors
def survey_campaign(
    name: Annotated[str, typer.Option()],
    region: Annotated[str, typer.Option(help="ISO country code, e.g. PK")],
    period: Annotated[str, typer.Option(help="YYYY-MM (joins with metrics)")],
    instrument: Annotated[str, typer.Option()] = "csm",
    mode: Annotated[str, typer.Option(help="open | personal")] = "open",
    wave: Annotated[str | None, typer.Option(help="pre | post")] = None,
    session: Annotated[int | None, typer.Option(help="focus-group session id")] = None,
    linked: Annotated[bool, typer.Option(help="allow consented links to creators")] = False,
) -> None:
    """Create a campaign; prints the open link (personal links come from `survey invite`)."""
    c = surveys.create_campaign(
        runtime(with_detector=False),
        SYSTEM,
        surveys.NewCampaign(
            name=name,
            instrument_key=instrument,
            region=region,
            period=period,
            mode=mode,
            anonymous=not linked,
            wave=wave,
            session_id=session,
        ),
    )
    typer.echo(f"campaign {c.id}" + (f"\t/s/{c.open_token}" if c.open_token else ""))


@survey_app.command("invite")
@reports_errors
def survey_invite(
    campaign: int,
    participant: Annotated[int | None, typer.Option(help="participant id")] = None,
    creator: Annotated[str | None, typer.Option(help="creator handle to link")] = None,
    consent: Annotated[bool, typer.Option(help="the creator consented to linking")] = False,
    count: Annotated[int, typer.Option(min=1, max=500)] = 1,
) -> None:
    """Issue personal links (one per line)."""
    rt = runtime(with_detector=False)
    for _ in range(count):
        inv = surveys.invite(
            rt,
            SYSTEM,
            campaign,
            participant_id=participant,
            creator_handle=creator,
            consent_to_link=consent,
        )
        typer.echo(f"/s/{inv.token}")


@survey_app.command("close")
@reports_errors
def survey_close(campaign: int) -> None:
    """Close a campaign: its links stop accepting answers."""
    surveys.close_campaign(runtime(with_detector=False), SYSTEM, campaign)
    typer.echo(f"campaign {campaign} closed")


@survey_app.command("results")
@reports_errors
def survey_results(
    campaign: int,
    as_json: Annotated[bool, typer.Option("--json", help="full distributions as JSON")] = False,
) -> None:
    """Per-item distributions of complete responses, with 95% intervals."""
    rt = runtime(with_detector=False)
    rows = [r for r in surveys.responses(rt, SYSTEM, campaign) if r.status == "complete"]
    partial = len(surveys.responses(rt, SYSTEM, campaign)) - len(rows)
    _, inst = surveys.campaign_instrument(rt, campaign)
    dists = [
        fa.distribution(i, [r.answers.get(i.id) for r in rows])
        for i in inst.items()
        if i.type in {"likert", "single", "multi"}
    ]
    if as_json:
        _echo_json({"complete": len(rows), "partial": partial, "items": [asdict(d) for d in dists]})
        return
    typer.echo(f"complete {len(rows)}, partial {partial}")
    for d in dists:
        if d.mean and d.mean.mean is not None:
            ci = f" [{d.mean.low:.2f}, {d.mean.high:.2f}]" if d.mean.low is not None else ""
            typer.echo(f"{d.item}\tn={d.n}\tmean {d.mean.mean:.2f}{ci}")
        else:
            top = max(d.options, key=lambda o: o[1].k, default=None)
            if top is not None:
                typer.echo(f"{d.item}\tn={d.n}\tmost common {top[0]} ({top[1].share:.0%})")


@fg_app.command("list")
@reports_errors
def fg_list() -> None:
    """Sessions, newest first."""
    for s in fgs.list_sessions(runtime(with_detector=False), SYSTEM):
        typer.echo(f"{s.id}\t{s.held_on}\t{s.city}\t{s.title}")


@fg_app.command("create")
@reports_errors
def fg_create(
    title: Annotated[str, typer.Option()],
    city: Annotated[str, typer.Option()],
    region: Annotated[str, typer.Option()],
    date: Annotated[str, typer.Option(help="YYYY-MM-DD")],
    facilitator: Annotated[str, typer.Option()],
    question: Annotated[str, typer.Option(help="the brainstorm's focused question")],
    partner: Annotated[str | None, typer.Option()] = None,
) -> None:
    """Create a session with the standard agenda (consent … post-survey)."""
    s = fgs.create_session(
        runtime(with_detector=False),
        SYSTEM,
        fgs.NewSession(title, city, region, date, facilitator, question, partner),
    )
    typer.echo(f"session {s.id}")


@fg_app.command("suggest")
@reports_errors
def fg_suggest(
    session: int,
    apply: Annotated[bool, typer.Option(help="create the clusters")] = False,
    threshold: Annotated[float, typer.Option(min=0.05, max=0.95)] = 0.3,
) -> None:
    """Suggest clusters for unclustered ideas (text similarity across languages)."""
    rt = runtime(with_detector=False)
    if apply:
        for c in fgs.apply_suggestions(rt, SYSTEM, session, threshold):
            typer.echo(f"cluster {c.id}\t{c.label}")
        return
    for label, ids in fgs.suggest_clusters(rt, SYSTEM, session, threshold):
        typer.echo(f"{label}\t{', '.join(str(i) for i in ids)}")


@fg_app.command("export")
@reports_errors
def fg_export(
    session: int,
    output: Annotated[Path | None, typer.Option(help="write JSON here instead of stdout")] = None,
) -> None:
    """The whole session as JSON (pseudonymous; ideas without authors)."""
    data = fg_board.export_session(runtime(with_detector=False), SYSTEM, session)
    text = json.dumps(data, ensure_ascii=False, indent=2, default=str)
    if output is None:
        typer.echo(text)
    else:
        output.write_text(text + "\n", encoding="utf-8")
        typer.echo(f"wrote {output}")


@fg_app.command("report")
@reports_errors
def fg_report(
    session: int,
    as_json: Annotated[bool, typer.Option("--json", help="the full report as JSON")] = False,
) -> None:
    """Did creators feel the improvement? The headline, comparisons and next steps."""
    r = feedback_report.build_report(runtime(with_detector=False), SYSTEM, session)
    if as_json:
        _echo_json(r)
        return
    typer.echo(f"{r['session']['title']} ({r['session']['city']}, {r['session']['date']})")
    p = r["participation"]
    typer.echo(
        f"{p['participants']} participants; {p['responses_pre']} before, "
        f"{p['responses_post']} after, {p['partial']} partial"
    )
    typer.echo(f"answer: {r['answer']}")
    for c in r["comparisons"]:
        typer.echo(f"  {c['statement']}")
    for a in r["perception_vs_metrics"]["associations"]:
        typer.echo(f"  {a['statement']}")
    typer.echo(f"  metrics source: {r['perception_vs_metrics']['source']}")
    for n, step in enumerate(r["next_steps"], 1):
        typer.echo(f"{n}. {step['text']}")
