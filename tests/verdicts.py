"""Shared by the tests of helpers.checks: run a check and read the verdict it printed."""


def verdict_of(capsys, check, *answer):
    """Run ``check(*answer)``; it must print exactly one verdict, ✅ or ❌. Returns the output."""
    check(*answer)
    out = capsys.readouterr().out
    assert out.count("✅") + out.count("❌") == 1, out
    return out


def ok(capsys, check, *answer):
    out = verdict_of(capsys, check, *answer)
    assert "✅" in out, out
    return out


def wrong(capsys, check, *answer):
    out = verdict_of(capsys, check, *answer)
    assert "❌" in out, out
    return out
