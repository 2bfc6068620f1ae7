"""A file the system cannot open is reported in both languages, the usual reasons in Vietnamese too."""

from __future__ import annotations

import errno

import pytest

from antq_rules import InputError, PackError
from antq_rules.errors import cannot_read, os_reason
from antq_rules.inputs import read_input_file
from antq_rules.packs import load_pack


@pytest.mark.parametrize(
    ("code", "vi"),
    [
        (errno.ENOENT, "không có tệp hoặc thư mục này"),
        (errno.EACCES, "không có quyền đọc"),
        (errno.EISDIR, "đây là một thư mục, không phải tệp"),
    ],
)
def test_usual_reasons_are_said_in_vietnamese(code: int, vi: str) -> None:
    why = os_reason(OSError(code, "system words"))
    assert (why.vi, why.en) == (vi, "system words")


def test_other_reasons_keep_the_systems_words() -> None:
    why = cannot_read(OSError(errno.EIO, "Input/output error"))
    assert why.vi == "không đọc được tệp: lỗi của hệ điều hành: Input/output error"
    assert why.en == "cannot read the file: Input/output error"


def test_missing_input_and_pack_files_name_the_file() -> None:
    with pytest.raises(InputError) as err:
        read_input_file("khong-co.yaml")
    [problem] = err.value.problems
    assert problem.file == "khong-co.yaml" and problem.message.vi.endswith("không có tệp hoặc thư mục này")
    with pytest.raises(PackError) as perr:
        load_pack("khong-co-goi.yaml")
    assert "không có tệp hoặc thư mục này" in perr.value.problems[0].message.vi
