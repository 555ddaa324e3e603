"""Settings resolve in one order and say where each value came from."""

import pytest

from watchfloor.errors import ConfigError
from watchfloor.settings import load_settings


def test_override_order(tmp_path):
    cfg = tmp_path / "watchfloor.toml"
    cfg.write_text('[watchfloor]\ntimeout_s = 7\nhost_delay_s = 3\nretries = 4\n')
    s = load_settings(cfg, overrides=["retries=9"], environ={"WATCHFLOOR_HOST_DELAY_S": "5"})
    assert (s.timeout_s, s.host_delay_s, s.retries) == (7.0, 5.0, 9)
    assert s.origin("timeout_s") == str(cfg)
    assert s.origin("host_delay_s") == "WATCHFLOOR_HOST_DELAY_S"
    assert s.origin("retries") == "--set"
    assert s.origin("max_bytes") == "default"


def test_secret_reference_to_missing_env_var_is_a_clear_error(tmp_path, monkeypatch):
    monkeypatch.delenv("TG_HASH", raising=False)
    cfg = tmp_path / "w.toml"
    cfg.write_text('telegram_api_hash = "$env:TG_HASH"\n')
    with pytest.raises(ConfigError, match="TG_HASH"):
        load_settings(cfg, environ={})


def test_masked_in_describe(tmp_path, monkeypatch):
    monkeypatch.setenv("TG_HASH", "s3cret")
    cfg = tmp_path / "w.toml"
    cfg.write_text('telegram_api_hash = "$env:TG_HASH"\n')
    s = load_settings(cfg)
    assert s.telegram_api_hash == "s3cret"
    shown = {name: value for name, value, _o, _h in s.describe()}
    assert shown["telegram_api_hash"] == "***"


def test_bad_values_name_the_setting(tmp_path):
    with pytest.raises(ConfigError, match="timeout_s"):
        load_settings(overrides=["timeout_s=soon"], environ={})
    with pytest.raises(ConfigError, match="unknown setting"):
        load_settings(overrides=["nope=1"], environ={})
    bad = tmp_path / "bad.toml"
    bad.write_text("timeout_s = [")
    with pytest.raises(ConfigError, match="not valid TOML"):
        load_settings(bad, environ={})
