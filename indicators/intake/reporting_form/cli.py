"""`python -m indicators.intake.reporting_form`: write a province's empty form; publish filled forms received by mail.

Each filled form is its own change set. A bad form (any bad cell, or a file that is no form) is refused with one
line per problem naming the file, sheet, row and column, and nothing of it is stored; the good forms given with it
are still published (each office's form stands alone), and the exit status is 1 when any form was refused.
"""

import argparse
import os
import stat
import sys
from pathlib import Path

from indicators.domain.codes import ADMIN_VERSIONS
from indicators.domain.tables import Dataset
from indicators.intake.extraction.readers import MAX_UPLOAD_BYTES
from indicators.intake.reporting_form.layout import FORM_ADMIN_VERSION, FormError, FormProblem
from indicators.intake.reporting_form.publication import publish_form
from indicators.intake.reporting_form.reading import read_filled_form
from indicators.intake.reporting_form.template import build_template
from indicators.store.accounts import User
from indicators.store.database import StoreUnavailable
from indicators.store.published import load_published_dataset, open_store


class FileRefused(ValueError):
    """A path that is not a regular file of at most the upload limit (a FIFO, a device, a folder, too large)."""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m indicators.intake.reporting_form",
                                     description=__doc__.splitlines()[0],
                                     epilog=" ".join(__doc__.split("\n\n")[1].split()))
    commands = parser.add_subparsers(dest="command", required=True)
    template = commands.add_parser("template", help="write the empty form of one province")
    template.add_argument("--province", default="", help="the province's GSO code (required for vn34)")
    template.add_argument("--version", choices=ADMIN_VERSIONS, default=FORM_ADMIN_VERSION,
                          help="vn34: the 34 provinces and their communes (from July 2025); vn63: the years before")
    template.add_argument("--out", type=Path, required=True, help="the .xlsx file to write")
    publish = commands.add_parser("publish", help="check and publish filled forms, one change set per form")
    publish.add_argument("files", nargs="+", type=Path, metavar="FILE")
    publish.add_argument("--by", required=True,
                         help="the editor account publishing (python -m indicators.store.accounts)")
    publish.add_argument("--note", default="", help="why (default: the form's file name)")
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run one command on the store named by DATABASE_URL (default: SQLite data/store.sqlite)."""
    args = build_parser().parse_args(argv)
    try:
        engine = open_store()
        dataset = load_published_dataset(engine)
    except StoreUnavailable as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    if args.command == "template":
        return write_template(dataset, args.province.zfill(2) if args.province else "", args.version, args.out)
    refused = [path for path in args.files if not publish_file(engine, dataset, path, args.by, args.note)]
    return 1 if refused else 0


def write_template(dataset: Dataset, province: str, admin_version: str, out: Path) -> int:
    try:
        data = build_template(dataset, admin_version=admin_version, province_code=province)
        write_replacing(out, data)
    except (ValueError, OSError) as error:
        print(f"error: {out}: {error}", file=sys.stderr)
        return 1
    print(f"wrote {out} ({admin_version}{', province ' + province if province else ''}, {len(data) // 1024} kB)")
    return 0


def write_replacing(out: Path, data: bytes) -> None:
    """Write through a temporary file renamed into place; an existing path that is not a regular file (a symlink,
    a FIFO, a folder) is refused, never replaced."""
    if out.is_symlink() or (out.exists() and not out.is_file()):
        raise FileRefused("not a regular file: refusing to replace it")
    partial = out.with_name(f".{out.name}.partial")
    try:
        partial.write_bytes(data)
        os.replace(partial, out)
    finally:
        partial.unlink(missing_ok=True)


def publish_file(engine, dataset: Dataset, path: Path, by: str, note: str) -> bool:
    """Read, check and publish one filled form; print what was stored or one line per problem. Whether stored."""
    try:
        data = read_regular_file(path)
    except (FileRefused, OSError) as error:
        reason = error.strerror if isinstance(error, OSError) and error.strerror else str(error)
        print(f"{path}: {reason} (nothing stored)", file=sys.stderr)
        return False
    try:
        reading = read_filled_form(path.name, data, dataset, uploaded_by=by)
        counts = publish_form(engine, User(by, "editor"), reading, note or f"reporting form {path.name}")
    except FormError as error:
        for line in problem_lines(error):
            print(f"{path}: {line}", file=sys.stderr)
        return False
    except PermissionError:
        print(f"{path}: '{by}' is not an editor account "
              f"(python -m indicators.store.accounts create {by} --role editor) "
              "(nothing stored)", file=sys.stderr)
        return False
    except StoreUnavailable as error:
        print(f"{path}: {error}", file=sys.stderr)
        return False
    figures = counts["observations"]
    print(f"{path}: published {len(reading.rows)} figures of {reading.header.province_name} "
          f"({reading.header.admin_version}, source {reading.source_id}): "
          + ", ".join(f"{count} {change}" for change, count in figures.items()))
    return True


def problem_lines(error: FormError) -> list[str]:
    """One line per bad cell, or the file's one reason; each ends saying nothing was stored."""
    problems: list[FormProblem] = error.detail.get("problems", [])
    lines = [problem.describe() for problem in problems] or [str(error)]
    return [f"{line} (nothing stored)" for line in lines]


def read_regular_file(path: Path) -> bytes:
    """The bytes of a regular file of at most the upload limit, read no further than that limit."""
    with open(path, "rb", opener=lambda name, flags: os.open(name, flags | os.O_NONBLOCK)) as handle:
        status = os.fstat(handle.fileno())
        if not stat.S_ISREG(status.st_mode):
            raise FileRefused("not a regular file")
        if status.st_size > MAX_UPLOAD_BYTES:
            raise FileRefused(f"larger than the {MAX_UPLOAD_BYTES // 2**20} MB limit of a form")
        return handle.read(MAX_UPLOAD_BYTES + 1)
