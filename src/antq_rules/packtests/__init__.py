"""Pack tests as data: YAML test cases beside a pack, run by ``antq-rules test`` or by pytest (plugin).

A province writes cases for its pack without Python, runs the national cases against its overlay to see
which outcomes the overlay changes, and its CI runs them with plain ``pytest``.
"""

from antq_rules.packtests._run import (
    CaseResult,
    TestFile,
    find_test_files,
    is_test_file,
    load_test_file,
    render_results,
    run_cases,
    run_file,
)
from antq_rules.packtests._schema import TESTS_SCHEMA_ID, CaseModel, ExpectModel, TestFileModel

__all__ = [
    "TESTS_SCHEMA_ID",
    "CaseModel",
    "CaseResult",
    "ExpectModel",
    "TestFile",
    "TestFileModel",
    "find_test_files",
    "is_test_file",
    "load_test_file",
    "render_results",
    "run_cases",
    "run_file",
]
