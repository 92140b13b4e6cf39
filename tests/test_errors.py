"""The error tree: every class maps to one return code, and codes never collide."""

from __future__ import annotations

from gateway.errors import CartgateError, all_error_classes


def test_every_error_class_has_a_distinct_return_code() -> None:
    concrete = [cls for cls in all_error_classes() if "return_code" in cls.__dict__]
    codes = [cls.return_code for cls in concrete]
    assert len(codes) == len(set(codes)), codes
    assert all(code != 0 for code in codes)


def test_abstract_branches_inherit_a_code_and_message() -> None:
    for cls in all_error_classes():
        err = cls() if cls.__init__ is CartgateError.__init__ else cls("x")
        assert isinstance(err.return_code, int)
        assert err.message
