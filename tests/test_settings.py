import pytest

from unspin import ConfigError, Settings


def test_from_toml_and_env(tmp_path):
    p = tmp_path / "u.toml"
    p.write_text("[unspin]\nmin_confidence = 0.7\ncandidates_k = 40\n")
    s = Settings.from_toml(p)
    assert s.min_confidence == 0.7 and s.candidates_k == 40
    assert Settings.from_env({"UNSPIN_RESCORE_K": "3", "OTHER": "x"}).rescore_k == 3


def test_unknown_or_badly_typed_settings_are_clear_errors(tmp_path):
    with pytest.raises(ConfigError, match="unknown setting"):
        Settings.from_mapping({"min_confidense": 0.3})
    with pytest.raises(ConfigError, match="not a float"):
        Settings.from_mapping({"min_confidence": "high"})
    bad = tmp_path / "bad.toml"
    bad.write_text("min_confidence = [")
    with pytest.raises(ConfigError, match="cannot read settings"):
        Settings.from_toml(bad)
