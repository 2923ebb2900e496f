"""The ``kit`` command: a thin edge over the core. Exit 0 success, 1 bad input, 2 usage error."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence

from . import paths
from .case import Case, load_case
from .errors import KitError
from .reference import reference_answers


def _cmd_validate(case: Case, args: argparse.Namespace) -> int:
    print(f"{case.id}: valid — {len(case.claims)} claims, every one verbatim in {case.source_path.name}, "
          f"tagged on {len(case.dimensions)} dimensions, {int((~case.links['optional']).sum())} links "
          f"(+{int(case.links['optional'].sum())} optional).")
    return 0


def _cmd_claims(case: Case, args: argparse.Namespace) -> int:
    frame = case.claims.reset_index()
    if args.format == "json":
        print(json.dumps(frame.astype({"start": int, "end": int}).to_dict(orient="records"), ensure_ascii=False, indent=1))
    elif args.format == "csv":
        sys.stdout.write(frame.to_csv(index=False))
    else:
        for row in frame.itertuples():
            print(f"{row.id:<4} {row.side:<8} {row.section[:28]:<28}  {row.text}")
    return 0


def _cmd_reference(case: Case, args: argparse.Namespace) -> int:
    print(json.dumps(reference_answers(case), ensure_ascii=False, indent=1))
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="kit", description="Readout Kit: compare two readouts of one event.")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def command(name: str, func: Callable[[Case, argparse.Namespace], int], help_: str) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help_, description=help_)
        p.add_argument("--case", default=paths.DEFAULT_CASE, help=f"case ID under data/cases/ (default: {paths.DEFAULT_CASE})")
        p.set_defaults(func=func)
        return p

    command("validate", _cmd_validate, "check a case: claims verbatim, IDs unique, reference complete, links valid")
    command("claims", _cmd_claims, "list the claims").add_argument("--format", choices=["table", "csv", "json"], default="table")
    command("reference", _cmd_reference, "print the reference answer as an answers file").add_argument("--format", choices=["json"], default="json")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)  # exits 2 on usage errors
    try:
        case = load_case(args.case)
        return int(args.func(case, args))
    except KitError as err:
        for line in err.problems:
            print(f"error: {line}", file=sys.stderr)
        return 1
    except BrokenPipeError:  # `kit claims | head`
        return 0
