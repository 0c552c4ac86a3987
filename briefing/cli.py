"""The export command line: `python -m briefing.cli --view LINK --out FILE` writes what the matching button writes.

The file's extension chooses: .png/.svg (the image, `--size square` for 1080×1080), .csv/.xlsx (the view's data),
.pptx (the deck; `--appendix` adds the full tables), .html (the interactive map). `python -m components.snapshot`
and `python -m components.deck` are the same command.
"""

import argparse
import sys
from pathlib import Path

from briefing.content import strict
from briefing.exports import build_export, export_kind_of
from briefing.images import stop_kaleido_server
from briefing.inputs import load_view_inputs
from briefing.links import ViewError, cut, parse_view
from briefing.views import build_view_content
from indicators.safety import PathRefused, check_output_path, write_file_atomically

DECK_ONLY = (".pptx",)


def parse_args(argv: list[str] | None, prog: str, description: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog=prog, description=description)
    parser.add_argument("--view", required=True, help='dashboard link, e.g. "/province?province=11"')
    parser.add_argument("--out", required=True, type=Path, help="output file: .png .svg .csv .xlsx .pptx .html")
    parser.add_argument("--size", choices=("16:9", "square"), default="16:9", help="image size (png)")
    parser.add_argument("--appendix", action="store_true", help="deck (pptx): append the full tables (phụ lục bảng)")
    return parser.parse_args(argv)


def export_kind(out: Path, size: str, allowed: tuple[str, ...] | None, appendix: bool = False) -> str:
    """The export kind of the output file; ViewError for an extension this command does not write."""
    suffix = out.suffix.lower()
    kind = export_kind_of(suffix) if allowed is None or suffix in allowed else None
    if kind is None:
        extensions = ", ".join(allowed or (".png", ".svg", ".csv", ".xlsx", ".pptx", ".html"))
        raise ViewError(f"Unknown file extension '{cut(out.suffix)}'; use {extensions}")
    if kind == "pptx" and appendix:
        return "pptx_appendix"
    return "png_square" if kind == "png" and size == "square" else kind


def check_destination(out: Path) -> None:
    """ViewError when the file cannot be written there (a missing folder; a folder, link or pipe in its place)."""
    try:
        check_output_path(out)
    except PathRefused as error:
        raise ViewError(str(error)) from None


def write_atomically(out: Path, data: bytes) -> None:
    """The whole file or none: written beside the target, then renamed over it; ViewError when it cannot be."""
    try:
        write_file_atomically(out, lambda stream: stream.write(data))
    except PathRefused as error:
        raise ViewError(str(error)) from None


def export_view(link: str, out: Path, size: str = "16:9", allowed: tuple[str, ...] | None = None,
                appendix: bool = False) -> list[str]:
    """Write the export of a view; returns the warnings about the link (ignored parameters)."""
    kind = export_kind(out, size, allowed, appendix)
    check_destination(out)
    view = parse_view(link)
    inputs = load_view_inputs()
    content = strict(build_view_content(view, inputs))
    write_atomically(out, build_export(content, kind, inputs))
    return [f"ignored parameter {notice.name}={notice.shown_value!r} ({notice.kind.replace('_', ' ')})"
            for notice in view.notices]


def main(argv: list[str] | None = None, prog: str = "python -m briefing.cli",
         allowed: tuple[str, ...] | None = None) -> int:
    args = parse_args(argv, prog, __doc__)
    try:
        warnings = export_view(args.view, args.out, args.size, allowed, args.appendix)
    except ViewError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    finally:
        stop_kaleido_server()
    for warning in warnings:
        print(f"warning: {warning}", file=sys.stderr)
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
