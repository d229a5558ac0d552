import re

import pytest

import detente.errors as errors


def _all_errors():
    return [getattr(errors, n) for n in errors.__all__]


@pytest.mark.parametrize("cls", _all_errors())
def test_errors_every_class_has_a_code_in_its_family(cls):
    assert re.fullmatch(r"D\d{3}", cls.code)
    assert issubclass(cls, errors.DetenteError)


def test_errors_codes_are_unique():
    codes = [cls.code for cls in _all_errors()]
    assert len(codes) == len(set(codes))


def test_errors_documented_in_module_docstring():
    for cls in _all_errors():
        assert cls.__name__ in errors.__doc__, cls.__name__


def test_errors_str_carries_origin_and_code():
    e = errors.MalformedRecord("invalid JSON", origin="wire.jsonl:7")
    assert str(e) == "wire.jsonl:7: D104 invalid JSON"
    assert e.to_dict() == {"code": "D104", "message": "invalid JSON", "origin": "wire.jsonl:7"}
