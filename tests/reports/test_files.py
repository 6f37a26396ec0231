import pytest

from talentdesk.errors import UserError
from talentdesk.files import part_path, publish


def test_an_existing_file_is_replaced_only_when_the_new_one_is_complete(tmp_path):
    out = tmp_path / "sub" / "花名册.xlsx"
    tmp = part_path(out)
    assert tmp.parent.is_dir()

    def broken():
        tmp.write_bytes(b"half")
        raise OSError(28, "No space left on device")

    out.write_bytes(b"old")
    with pytest.raises(UserError, match="无法写入"):
        publish(tmp, out, broken)
    assert out.read_bytes() == b"old" and not tmp.exists()
    publish(tmp, out, lambda: tmp.write_bytes(b"new"))
    assert out.read_bytes() == b"new"
