"""Zero to JupyterHub, checked against the chart and the KubeSpawner it ships (chart 4.3.0,
kubespawner 7.0.0): docs/z2jh-values.yaml passes the chart's values schema, configures a real
authenticator, its admin hook works with the dict and the list form of volume_mounts, and the
learner's hand-in mount is where `kit submit` writes, whatever the login looks like."""

import asyncio
import copy
import inspect
import json
from pathlib import Path
from unittest.mock import Mock

import jsonschema
import pytest
import yaml

from kit.answers import submit as handin
from kit.answers.parse import Answers, save_answers
from kit.judge.grading import grade_paths
from kit.judge.roster import kubespawner_username

ROOT = Path(__file__).resolve().parent.parent
CHART = ROOT / "tests" / "fixtures" / "z2jh-4.3.0"
VALUES = yaml.safe_load((ROOT / "docs" / "z2jh-values.yaml").read_text(encoding="utf-8"))
NAMES = ["alice", "alice.smith", "1234567", "alice@uni.edu", "Zoë Ñúñez", "a--b",
         "a-very-long-learner-name-from-a-single-sign-on-system@students.example-university.edu"]

kubespawner = pytest.importorskip("kubespawner", reason="the test extra installs jupyterhub-kubespawner==7.0.0")


def merged(defaults, values):
    """Helm's merge of user values over the chart's defaults: maps merge, everything else is replaced."""
    out = copy.deepcopy(defaults)
    for key, value in values.items():
        out[key] = merged(out[key], value) if isinstance(value, dict) and isinstance(out.get(key), dict) else value
    return out


def test_values_pass_the_charts_schema():
    """The values, merged over chart 4.3.0's defaults, validate against its values schema (as helm does)."""
    schema = json.loads((CHART / "values.schema.json").read_text(encoding="utf-8"))
    defaults = yaml.safe_load((CHART / "values.yaml").read_text(encoding="utf-8"))
    jsonschema.Draft7Validator(schema).validate(merged(defaults, VALUES))
    with pytest.raises(jsonschema.ValidationError):  # the schema does bite: a misspelt key is refused
        jsonschema.Draft7Validator(schema).validate(merged(defaults, {"singleuser": {"extraEnvs": {}}}))


def test_values_configure_a_real_authenticator():
    """Not the chart's default "dummy" authenticator, and no allow_all beside an admin."""
    config = VALUES["hub"]["config"]
    assert config["JupyterHub"]["authenticator_class"] not in (None, "dummy", "null")
    assert not any(section.get("allow_all") for section in config.values() if isinstance(section, dict))
    assert config["Authenticator"]["admin_users"]


class _User(Mock):
    def __init__(self, name, admin):
        super().__init__()
        self.name, self.admin, self.id = name, admin, 1

    @property
    def escaped_name(self):
        return self.name

    @property
    def url(self):
        return f"/user/{self.name}/"


@pytest.fixture
def kubeconfig(tmp_path, monkeypatch):
    """A kubeconfig pointing nowhere: KubeSpawner loads one on start, and nothing here talks to it."""
    path = tmp_path / "kubeconfig"
    path.write_text("apiVersion: v1\nkind: Config\ncurrent-context: t\ncontexts: [{name: t, context: {cluster: t, user: t}}]\n"
                    "clusters: [{name: t, cluster: {server: 'https://127.0.0.1:9'}}]\nusers: [{name: t, user: {token: x}}]\n")
    import kubernetes_asyncio.config.kube_config as kube_config

    monkeypatch.setattr(kube_config, "KUBE_CONFIG_DEFAULT_LOCATION", str(path))  # read from $KUBECONFIG at import


def pod(name, admin=False, mounts_as="dict"):
    """The pod KubeSpawner 7.0.0 would make for this user from the values, configured as chart 4.3.0's
    jupyterhub_config.py does (home mount, then extraVolumeMounts as "<index>-<name>" keys), with the
    values' pre_spawn_hook run first. ``mounts_as="list"``: volume_mounts as a list (older charts)."""
    from traitlets.config import Config

    from kubespawner import KubeSpawner

    single = VALUES["singleuser"]
    mounts = {"volume-{username}": {"mountPath": "/home/jovyan", "name": "volume-{username}"}}
    mounts.update({f"{i}-{m['name']}": m for i, m in enumerate(single["storage"]["extraVolumeMounts"])})
    c = Config()
    c.KubeSpawner.environment = dict(single["extraEnv"])
    c.KubeSpawner.volume_mounts = mounts if mounts_as == "dict" else list(mounts.values())
    c.KubeSpawner.init_containers = single["initContainers"]
    exec(compile(VALUES["hub"]["extraConfig"]["readout-kit-handin"], "hub.extraConfig", "exec"), {"c": c})

    async def manifest():
        spawner = KubeSpawner(config=c, _mock=True, user=_User(name, admin), api_token="x", oauth_client_id="x")
        if inspect.isawaitable(ran := spawner.run_pre_spawn_hook()):
            await ran
        return await spawner.get_pod_manifest()

    made = asyncio.run(manifest())
    container = made.spec.containers[0]
    init = [m["subPath"] for c in made.spec.init_containers for m in c.volume_mounts  # the mounts stay the values' dicts
            if m["name"] == "handin"]
    return ({e.name: e.value for e in container.env if e.name.startswith("READOUT_KIT")},
            [(m.mount_path, m.sub_path) for m in container.volume_mounts if m.name == "handin"], init)


@pytest.mark.parametrize("mounts_as", ["dict", "list"])
def test_admins_get_the_whole_volume_learners_their_own(kubeconfig, mounts_as):
    """The hook works with both forms of volume_mounts: an admin mounts the whole hand-in volume at
    /srv/handin, a learner only their own subfolder."""
    assert [("/srv/handin", None)] == pod("instructor", admin=True, mounts_as=mounts_as)[1]
    _, mounts, init = pod("alice.smith", mounts_as=mounts_as)
    assert [("/srv/handin/alice-smith---63425827", "alice-smith---63425827")] == mounts
    assert ["alice-smith---63425827"] == init  # the init container hands that very folder to the learner


def test_kit_slug_is_kubespawners(kubeconfig):
    """kit.judge.roster.kubespawner_username (used to match a roster) is KubeSpawner's own {username}."""
    from kubespawner.slugs import safe_slug

    names = NAMES + ["x", "-lead", "trail-", "UPPER", "dot.", "9", "a" * 48, "a" * 49, "ab--", "" + "é" * 60]
    assert [safe_slug(n, max_length=48) for n in names] == [kubespawner_username(n) for n in names]
    env, _, _ = pod("alice@uni.edu")
    assert kubespawner_username("alice@uni.edu") == env["READOUT_KIT_LEARNER"]


@pytest.mark.parametrize("hub_name", NAMES)
def test_kit_submit_writes_into_the_learners_own_mount(kubeconfig, hub_name, tiny_case, answers_dir, tmp_path, monkeypatch):
    """With the pod's environment, `kit submit` writes HANDIN/<learner>/<case>/ inside the learner's
    mount (dots, digits first, e-mail logins, accents, long names), and the hand-in grades as that learner."""
    env, mounts, _ = pod(hub_name)
    [(mount_path, _)] = mounts
    cluster = tmp_path / "cluster"  # the pod's file system, as far as the hand-in goes
    mine = cluster / mount_path.lstrip("/")
    mine.mkdir(parents=True)  # what the mount and the init container give the learner
    monkeypatch.setenv("JUPYTERHUB_USER", hub_name)
    monkeypatch.setenv("READOUT_KIT_LEARNER", env["READOUT_KIT_LEARNER"])
    monkeypatch.setenv("READOUT_KIT_HANDIN_DIR", str(cluster / env["READOUT_KIT_HANDIN_DIR"].lstrip("/")))
    learner = handin.current_learner()
    save_answers(Answers("tiny", learner, {}), answers_dir / f"{learner}.tiny.json")
    done = handin.submit(tiny_case)
    assert mine / "tiny" / "latest.json" == done.latest
    batch = grade_paths(tiny_case, [cluster / "srv" / "handin"])
    assert ([learner], []) == ([g.learner for g in batch.graded], batch.failed)
