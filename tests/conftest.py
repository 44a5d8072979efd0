"""Shared pytest configuration: the explicit switch that rewrites golden files."""

from __future__ import annotations

import os

import pytest


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-goldens",
        action="store_true",
        default=False,
        help="rewrite tests/fixtures/text/*.json from the parser's output "
        "(same as WIREPARSE_UPDATE_GOLDENS=1); read the diff before committing",
    )


@pytest.fixture(scope="session")
def update_goldens(request: pytest.FixtureRequest) -> bool:
    """True when golden files are to be rewritten instead of compared."""
    return bool(request.config.getoption("--update-goldens")) or (
        os.environ.get("WIREPARSE_UPDATE_GOLDENS") == "1"
    )
