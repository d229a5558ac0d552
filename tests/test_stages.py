import pytest

from detente.errors import StageError
from detente.stages import check_order


class _S:
    def __init__(self, name, requires, assigns):
        self.name, self.requires, self.assigns = name, requires, assigns

    def __call__(self, analysis):
        return analysis


@pytest.mark.parametrize(
    "stages, ok",
    [
        ([_S("parse", ("article",), ("doc",)), _S("actors", ("doc",), ("mentions",))], True),
        ([_S("actors", ("doc",), ("mentions",)), _S("parse", ("article",), ("doc",))], False),
        ([_S("events", ("mentions",), ("events",))], False),
    ],
)
def test_stages_order_is_checked(stages, ok):
    if ok:
        check_order(stages)
    else:
        with pytest.raises(StageError) as info:
            check_order(stages)
        assert info.value.code == "D401"
