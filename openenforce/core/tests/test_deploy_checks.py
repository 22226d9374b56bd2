"""`check --deploy` says when production's static files were not collected."""

from openenforce.core.checks import check_static_collected


def test_collected_static_files_without_a_manifest_are_a_warning(settings, tmp_path):
    settings.STATIC_ROOT = tmp_path
    settings.STATIC_COLLECTED = True
    [warning] = check_static_collected()
    assert warning.id == "core.W002"
    assert "collectstatic" in warning.hint
    (tmp_path / "staticfiles.json").write_text("{}", encoding="utf-8")
    assert check_static_collected() == []


def test_static_files_from_the_apps_need_no_collectstatic(settings, tmp_path):
    settings.STATIC_ROOT = tmp_path
    settings.STATIC_COLLECTED = False
    assert check_static_collected() == []
