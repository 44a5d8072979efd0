"""Shared pytest configuration: the explicit switch that rewrites golden files, and the
benchmark's evaluation module for the evaluation floors."""

from __future__ import annotations

import importlib.util
import os
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parent.parent


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


@pytest.fixture(scope="session")
def evaluate() -> ModuleType:
    """``benchmarks/evaluate.py`` as a module: the floors score with the benchmark's own code."""
    spec = importlib.util.spec_from_file_location("evaluate", ROOT / "benchmarks" / "evaluate.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["evaluate"] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module
