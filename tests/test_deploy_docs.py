"""The JupyterHub deployment docs: the Zero to JupyterHub values parse and keep the keys the guide
documents; the guide's YAML and Python snippets parse; its course link opens a notebook that exists."""

import re
import urllib.parse
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
GUIDE = ROOT / "docs" / "teaching-on-jupyterhub.md"
VALUES = ROOT / "docs" / "z2jh-values.yaml"


def dig(data, dotted):
    for key in dotted.split("."):
        assert isinstance(data, dict) and key in data, f"z2jh-values.yaml has no {dotted} (stopped at {key})"
        data = data[key]
    return data


def blocks(lang):
    return re.findall(rf"^```{lang}\n(.*?)^```", GUIDE.read_text(encoding="utf-8"), flags=re.S | re.M)


@pytest.fixture(scope="module")
def values():
    return yaml.safe_load(VALUES.read_text(encoding="utf-8"))


def test_values_have_the_documented_keys(values):
    """Image, environment, the hand-in volume mounted per learner, the admins' hook, the init container."""
    assert dig(values, "singleuser.image.name") and dig(values, "singleuser.image.tag")
    env = dig(values, "singleuser.extraEnv")
    assert env["READOUT_KIT_ROOT"] == "/home/jovyan/readout-kit"
    handin_dir = env["READOUT_KIT_HANDIN_DIR"]
    volumes = {v["name"]: v for v in dig(values, "singleuser.storage.extraVolumes")}
    assert volumes["handin"]["persistentVolumeClaim"]["claimName"]
    mounts = [m for m in dig(values, "singleuser.storage.extraVolumeMounts") if m["name"] == "handin"]
    assert mounts == [{"name": "handin", "mountPath": f"{handin_dir}/{{username}}", "subPath": "{username}"}]
    init = dig(values, "singleuser.initContainers")
    assert any(m["name"] == "handin" and m["subPath"] == "{username}" for c in init for m in c["volumeMounts"])


def test_values_hub_config_is_python_that_mounts_the_whole_volume_for_admins(values):
    code = dig(values, "hub.extraConfig.readout-kit-handin")
    compiled = compile(code, "hub.extraConfig", "exec")

    class Spawner:  # just enough of a KubeSpawner to run the hook
        def __init__(self, admin):
            self.user = type("User", (), {"admin": admin})()
            self.volume_mounts = [{"name": "home", "mountPath": "/home/jovyan"},
                                  {"name": "handin", "mountPath": "/srv/handin/{username}", "subPath": "{username}"}]

    config = type("C", (), {})()
    config.KubeSpawner = type("K", (), {})()
    exec(compiled, {"c": config})
    hook = config.KubeSpawner.pre_spawn_hook
    admin, learner = Spawner(True), Spawner(False)
    hook(admin)
    hook(learner)
    assert {"name": "handin", "mountPath": "/srv/handin"} in admin.volume_mounts
    assert not any(m.get("subPath") for m in admin.volume_mounts)
    assert learner.volume_mounts[1]["subPath"] == "{username}"
    assert dig(values, "hub.config.Authenticator.admin_users")


def test_guide_snippets_parse():
    """Every YAML block parses (and matches the values file); every Python block compiles."""
    assert blocks("yaml") and blocks("python")
    for text in blocks("yaml"):
        snippet = yaml.safe_load(text)
        full = yaml.safe_load(VALUES.read_text(encoding="utf-8"))
        assert snippet["singleuser"]["extraEnv"] == full["singleuser"]["extraEnv"]
        assert snippet["singleuser"]["storage"]["extraVolumeMounts"] == full["singleuser"]["storage"]["extraVolumeMounts"]
    for text in blocks("python"):
        compile(text, "guide", "exec")
    assert any("environment.yml" in b and "nbgitpuller" in b for b in blocks("dockerfile"))


def test_guide_course_link_opens_a_notebook_of_this_course():
    links = re.findall(r"https://\S+/hub/user-redirect/git-pull\?\S+", GUIDE.read_text(encoding="utf-8"))
    assert links
    for link in links:
        query = urllib.parse.parse_qs(urllib.parse.urlparse(link).query)
        assert query["branch"] == ["main"]
        folder = query["repo"][0].rstrip("/").split("/")[-1]
        assert folder == "readout-kit"
        urlpath = query["urlpath"][0]
        assert urlpath.startswith(f"lab/tree/{folder}/")
        assert (ROOT / urlpath.removeprefix(f"lab/tree/{folder}/")).is_file(), urlpath


def test_guide_names_the_settings_the_kit_reads():
    guide = GUIDE.read_text(encoding="utf-8")
    sources = (ROOT / "kit" / "paths.py").read_text() + (ROOT / "kit" / "answers" / "submit.py").read_text()
    for var in ("READOUT_KIT_ROOT", "READOUT_KIT_ANSWERS_DIR", "READOUT_KIT_HANDIN_DIR"):
        assert var in guide and var in sources
    for key in ("singleuser.image", "extraVolumes", "extraVolumeMounts", "kit submit", "kit grade", "latest.json"):
        assert key.split(".")[-1] in guide
