"""``kefu serve``: the live classroom on the teacher's PC (see :mod:`simulator.server`)."""

from __future__ import annotations

import typer

from ..errors import KefuError
from ..exitcodes import Exit
from ..i18n import t
from .common import DbOption, emit_json, handles_errors, open_gradebook, scenario_bank
from .root import app
from .scenarios import ScenarioDirs

ALL_INTERFACES = ("0.0.0.0", "::", "")


def lan_address() -> str:
    """This PC's address on the LAN (the one students type), found without sending anything."""
    import socket

    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
            s.connect(("10.255.255.255", 1))  # UDP connect: picks the outgoing interface only
            return s.getsockname()[0]
    except OSError:
        return "127.0.0.1"


def _check_port(host: str, port: int) -> None:
    import socket

    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind((host, port))
        except OSError as exc:
            raise KefuError(t("serve.cannot_bind", host=host, port=port,
                              why=exc.strerror or str(exc)), Exit.CONFLICT) from None


@app.command("serve", help=t("serve.help"))
@handles_errors
def serve_cmd(
    host: str = typer.Option("0.0.0.0", "--host", help=t("opt.serve_host")),
    port: int = typer.Option(8765, "--port", min=1, max=65535, help=t("opt.serve_port")),
    exams: list[str] = typer.Option([], "--exam", metavar="EXAM.yaml", help=t("opt.serve_exam")),
    untimed: bool = typer.Option(False, "--untimed", help=t("opt.serve_untimed")),
    json_out: bool = typer.Option(False, "--json", help=t("opt.serve_json")),
    db: str = DbOption,
    dirs: list[str] = ScenarioDirs,
) -> None:
    import uvicorn

    from .. import ui
    from ..exam import load_exam
    from ..server.app import create_app
    from ..server.classroom import Classroom
    from ..server.pages import judge_url

    _check_port(host, port)
    bank = scenario_bank(dirs)
    loaded = [load_exam(f, bank=list(bank.values())) for f in exams]
    book = open_gradebook(db)
    try:
        room = Classroom(book, bank, loaded, untimed)
        shown = lan_address() if host in ALL_INTERFACES else host
        url = f"http://{shown}:{port}"
        info = {"url": url, "code": room.code, "teacher_token": room.teacher_token,
                "teacher_url": f"{url}/teacher#{room.teacher_token}", "board_url": f"{url}/board",
                "judge_url": judge_url(url, teacher=room.teacher_token),
                "host": host, "port": port, "exams": [e.id for e in loaded]}
        if json_out:
            emit_json(info)
        else:
            ui.info(t("serve.ready", url=url), "bold green")
            ui.info(t("serve.join_as", url=url, code=room.code), "bold")
            ui.info(t("serve.board", url=info["board_url"]))
            ui.info(t("serve.teacher", url=info["teacher_url"]))
            ui.info(t("serve.judge", url=info["judge_url"]))
            ui.info(t("serve.stop"), "dim")
        if host in ALL_INTERFACES:
            ui.warning(t("serve.lan_warning", port=port))
        import sys

        sys.stdout.flush()
        uvicorn.run(create_app(room), host=host, port=port, log_level="warning",
                    access_log=False, timeout_graceful_shutdown=2)
    finally:
        book.close()
