"""The Kubernetes files (deploy/kubernetes) agree with the tested deployment (deploy/jupyterhub).

No cluster is needed, and none has run these files: deploy/kubernetes says so at the top of each.
These tests parse them and hold them to the tested deployment's settings (classconfig.py, the
example class.toml, classctl.py and jupyterhub_config.py executed against the example class), and
run the shell and Python pieces that would run in the pods on stand-in folders.
"""

from __future__ import annotations

import ast
import os
import shlex
import subprocess
import sys
import types
from pathlib import Path

import pytest
import yaml
from conftest import example_class, run_hub_config
from traitlets.config import Config

ROOT = Path(__file__).resolve().parents[1]
KUBE = ROOT / "deploy" / "kubernetes"
DEPLOY = ROOT / "deploy" / "jupyterhub"
sys.path.insert(0, str(DEPLOY))

import classctl  # noqa: E402
from classconfig import LANDING, STUDENT_COPY, STUDENT_FOLDER, load  # noqa: E402

VALUES_FILE = KUBE / "values.yaml"
FORMGRADER_FILE = KUBE / "formgrader.yaml"
FILES = (VALUES_FILE, FORMGRADER_FILE)
EXAMPLE_FILE = DEPLOY / "class.example.toml"
EX = load(EXAMPLE_FILE)
EXCHANGE = "/srv/nbgrader/exchange"
IMAGE_COURSE = "/srv/bone-metastases-course"
#: What students must not get (classctl.configure_jupyter disables these for everyone; staff
#: and the grader account turn some back on).
STUDENT_LAB_OFF = (
    *classctl.LAB_STAFF_ONLY,
    classctl.LAB_COURSE_LIST,
    "@jupyterlab/apputils-extension:announcements",
)
STUDENT_SERVER_OFF = (classctl.SERVER_FORMGRADER, classctl.SERVER_COURSE_LIST)


def values() -> dict:
    return yaml.safe_load(VALUES_FILE.read_text())


def manifests() -> list[dict]:
    return [doc for doc in yaml.safe_load_all(FORMGRADER_FILE.read_text()) if doc]


def manifest(kind: str, name: str | None = None) -> dict:
    found = [d for d in manifests() if d["kind"] == kind and name in (None, d["metadata"]["name"])]
    assert len(found) == 1, f"formgrader.yaml: expected one {kind} {name or ''}, found {found}"
    return found[0]


def formgrader_pod() -> dict:
    return manifest("Deployment", "bone-metastases-formgrader")["spec"]["template"]


def formgrader_container() -> dict:
    (container,) = formgrader_pod()["spec"]["containers"]
    return container


def formgrader_env() -> dict:
    return {e["name"]: e.get("value", e.get("valueFrom")) for e in formgrader_container()["env"]}


def extra_files() -> dict[str, dict]:
    return values()["singleuser"]["extraFiles"]


def extra_file(mount_path: str) -> dict:
    found = [f for f in extra_files().values() if f["mountPath"] == mount_path]
    assert len(found) == 1, f"singleuser.extraFiles: one file at {mount_path}, found {found}"
    return found[0]


def extra_config_namespace() -> dict:
    """hub.extraConfig executed as the chart does (exec in jupyterhub_config.py's namespace)."""
    c = Config()
    c.KubeSpawner.environment = {}  # the chart sets it from singleuser.extraEnv
    namespace = {"c": c}
    snippets = values()["hub"]["extraConfig"]
    assert snippets, "hub.extraConfig is empty"
    for name, code in sorted(snippets.items()):
        exec(compile(code, name, "exec"), namespace)
    return namespace


class FakeSpawner:
    def __init__(self, user_id: int, name: str, groups: tuple[str, ...] = ()):
        self.user = types.SimpleNamespace(
            id=user_id, name=name, groups=[types.SimpleNamespace(name=g) for g in groups]
        )
        self.log = types.SimpleNamespace(info=lambda *args: None)


# --- the files -----------------------------------------------------------------------------------


def test_the_files_parse():
    v = values()
    assert {"hub", "singleuser", "cull", "proxy"} <= set(v)
    docs = manifests()
    kinds = sorted(d["kind"] for d in docs)
    assert kinds == [
        "ConfigMap",
        "Deployment",
        "NetworkPolicy",
        "PersistentVolumeClaim",
        "PersistentVolumeClaim",
        "Service",
    ]
    for doc in docs:
        assert doc["apiVersion"] and doc["metadata"]["name"]


def test_the_parametrized_collections_are_not_empty():
    assert FILES and STUDENT_COPY and STUDENT_LAB_OFF and STUDENT_SERVER_OFF


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_each_file_says_at_the_top_that_it_is_not_tested(path):
    lines = path.read_text().splitlines()
    assert lines[0].startswith("# NOT TESTED HERE"), lines[0]
    header = []
    for line in lines:
        if not line.startswith("#"):
            break
        header.append(line)
    text = " ".join(header).lower()
    for needed in ("no kubernetes cluster", "deploy/jupyterhub", "docs/deployment.md"):
        assert needed in text, f"{path.name}: the notice does not mention {needed!r}"
    # What to change before use.
    for needed in ("image", "storage class", "secret", "hostname", "proxy.https"):
        assert needed in text, f"{path.name}: the change list does not mention {needed!r}"


# --- the same class as deploy/jupyterhub ---------------------------------------------------------


@pytest.fixture
def tested_hub(tmp_path, monkeypatch) -> Config:
    """deploy/jupyterhub/jupyterhub_config.py executed against the example class."""
    example_class(tmp_path, monkeypatch)
    return run_hub_config()[0]


def test_the_formgrader_service_is_named_after_the_course():
    hub = values()["hub"]
    assert list(hub["services"]) == [EX.course_id]
    service = hub["services"][EX.course_id]
    assert "apiToken" not in service and "api_token" not in service  # generated by the chart
    env = formgrader_env()
    assert env["JUPYTERHUB_SERVICE_NAME"] == EX.course_id
    assert env["JUPYTERHUB_SERVICE_PREFIX"] == f"/services/{EX.course_id}/"
    assert env["JUPYTERHUB_OAUTH_ACCESS_SCOPES"] == f'["access:services!service={EX.course_id}"]'
    token = env["JUPYTERHUB_API_TOKEN"]["secretKeyRef"]
    assert token == {"name": "hub", "key": f"hub.services.{EX.course_id}.apiToken"}
    # The proxy reaches it through the Service at the URL the hub was given.
    svc = manifest("Service", "bone-metastases-formgrader")
    (port,) = svc["spec"]["ports"]
    assert service["url"] == f"http://{svc['metadata']['name']}:{port['port']}"
    (container_port,) = formgrader_container()["ports"]
    assert port["targetPort"] == container_port["name"]
    assert env["JUPYTERHUB_SERVICE_URL"] == f"http://0.0.0.0:{container_port['containerPort']}"
    labels = formgrader_pod()["metadata"]["labels"]
    assert svc["spec"]["selector"].items() <= labels.items()


def test_the_formgrader_runs_as_the_grader_account_of_the_course():
    env = formgrader_env()
    assert env["JUPYTERHUB_USER"] == EX.grader_account
    groups = values()["hub"]["config"]["JupyterHub"]["load_groups"]
    assert EX.grader_account in groups[EX.formgrade_group]["users"]
    assert formgrader_container()["image"] == "{name}:{tag}".format(
        **values()["singleuser"]["image"]
    )
    for init in formgrader_pod()["spec"]["initContainers"]:
        assert init["image"] == formgrader_container()["image"]


def test_everyone_lands_on_the_start_notebook_of_their_copy(tested_hub):
    url = values()["singleuser"]["defaultUrl"]
    assert url == f"/lab/tree/{STUDENT_FOLDER}/{LANDING}"
    assert url == tested_hub.Spawner.default_url


def test_the_hub_groups_are_those_of_the_tested_deployment():
    hub_config = values()["hub"]["config"]
    groups = hub_config["JupyterHub"]["load_groups"]
    assert set(groups) == {f"formgrade-{EX.course_id}", f"nbgrader-{EX.course_id}"}
    assert set(groups) == {EX.formgrade_group, EX.student_group}
    staff = set(groups[EX.formgrade_group]["users"]) - {EX.grader_account}
    students = set(groups[EX.student_group]["users"])
    assert staff and students and not staff & students
    auth = hub_config["Authenticator"]
    # Only the people log in, not the grader account; nobody is a hub admin.
    assert set(auth["allowed_users"]) == staff | students
    assert auth["allow_existing_users"] is False
    assert auth["admin_users"] == []


def test_the_roles_are_those_of_the_tested_deployment(tested_hub):
    roles = values()["hub"]["loadRoles"]
    tested = {r["name"]: r for r in tested_hub.JupyterHub.load_roles}
    assert f"access:services!service={EX.course_id}" in roles["course-staff"]["scopes"]
    assert roles["course-staff"]["groups"] == [EX.formgrade_group]
    assert roles["nbgrader-service"]["services"] == [EX.course_id]
    for name in ("course-staff", "nbgrader-service"):
        assert set(roles[name]["scopes"]) == set(tested[name]["scopes"]), name
    # Nobody else can open the formgrader.
    access = f"access:services!service={EX.course_id}"
    assert [n for n, r in roles.items() if access in r["scopes"]] == ["course-staff"]


def test_servers_get_the_token_scopes_and_culling_of_the_tested_deployment(tested_hub):
    spawner = values()["hub"]["config"]["KubeSpawner"]
    assert spawner["server_token_scopes"] == tested_hub.Spawner.server_token_scopes
    assert "read:users:groups!user" in spawner["server_token_scopes"]
    assert spawner["args"] == tested_hub.Spawner.args
    cull = values()["cull"]
    assert cull["enabled"] is True
    assert cull["timeout"] == EX.cull_idle_after
    assert f"--ServerApp.shutdown_no_activity_timeout={EX.cull_idle_after}" in spawner["args"]


def test_the_global_nbgrader_settings_are_those_of_classctl():
    entry = extra_file("/etc/jupyter/nbgrader_config.py")
    text = entry["stringData"]
    compile(text, "nbgrader_config.py", "exec")
    assert f'c.CourseDirectory.course_id = "{EX.course_id}"' in text
    assert f'c.Exchange.root = "{EXCHANGE}"' in text
    assert "c.Exchange.path_includes_course = True" in text
    assert "c.Authenticator.plugin_class = JupyterHubAuthPlugin" in text
    assert 'c.ExchangeFactory.submit = "course.grading.exchange.GroupOnlySubmit"' in text
    # The formgrader pod reads the same file from the chart's Secret.
    (key,) = [k for k, f in extra_files().items() if f is entry or f == entry]
    mounts = {m["mountPath"]: m for m in formgrader_container()["volumeMounts"]}
    mount = mounts["/etc/jupyter/nbgrader_config.py"]
    volumes = {v["name"]: v for v in formgrader_pod()["spec"]["volumes"]}
    secret = volumes[mount["name"]]["secret"]
    assert secret["secretName"] == "singleuser"
    assert [i["key"] for i in secret["items"]] == [key]
    assert mount["subPath"] == secret["items"][0]["path"]


def test_users_and_the_formgrader_share_one_readwritemany_exchange():
    storage = values()["singleuser"]["storage"]
    (volume,) = storage["extraVolumes"]
    (mount,) = storage["extraVolumeMounts"]
    assert mount == {"name": volume["name"], "mountPath": EXCHANGE}
    claim = volume["persistentVolumeClaim"]["claimName"]
    pvc = manifest("PersistentVolumeClaim", claim)
    assert pvc["spec"]["accessModes"] == ["ReadWriteMany"]
    pod_volumes = {v["name"]: v for v in formgrader_pod()["spec"]["volumes"]}
    exchange = [
        name
        for name, v in pod_volumes.items()
        if v.get("persistentVolumeClaim", {}).get("claimName") == claim
    ]
    assert len(exchange) == 1
    mounts = {m["mountPath"]: m["name"] for m in formgrader_container()["volumeMounts"]}
    assert mounts[EXCHANGE] == exchange[0]


@pytest.mark.parametrize("plugin", STUDENT_LAB_OFF)
def test_students_do_not_get_the_instructor_lab_plugins(plugin):
    disabled = extra_file("/etc/jupyter/class-student/labconfig/page_config.json")["data"]
    assert disabled["disabledExtensions"][plugin] is True


@pytest.mark.parametrize("extension", STUDENT_SERVER_OFF)
def test_students_do_not_get_the_instructor_server_extensions(extension):
    config = extra_file("/etc/jupyter/class-student/jupyter_server_config.json")["data"]
    assert config["ServerApp"]["jpserver_extensions"][extension] is False


def test_staff_get_the_course_list_and_the_formgrader_pod_its_tools():
    staff_lab = extra_file("/etc/jupyter/class-staff/labconfig/page_config.json")["data"]
    staff_server = extra_file("/etc/jupyter/class-staff/jupyter_server_config.json")["data"]
    assert staff_lab["disabledExtensions"][classctl.LAB_COURSE_LIST] is False
    for plugin in classctl.LAB_STAFF_ONLY:
        assert staff_lab["disabledExtensions"][plugin] is True
    assert staff_server["ServerApp"]["jpserver_extensions"][classctl.SERVER_COURSE_LIST] is True
    assert staff_server["ServerApp"]["jpserver_extensions"][classctl.SERVER_FORMGRADER] is False
    data = manifest("ConfigMap", "bone-metastases-formgrader-config")["data"]
    grader_server = yaml.safe_load(data["jupyter_server_config.json"])
    grader_lab = yaml.safe_load(data["page_config.json"])
    assert grader_server["ServerApp"]["jpserver_extensions"][classctl.SERVER_FORMGRADER] is True
    for plugin in classctl.LAB_STAFF_ONLY:
        assert grader_lab["disabledExtensions"][plugin] is False
    assert formgrader_env()["JUPYTER_CONFIG_PATH"].split(":")[0] == "/etc/jupyter/class-grader"


# --- the code that would run in the hub and in the pods ----------------------------------------


def test_each_user_runs_as_their_own_uid_never_the_formgraders():
    c = extra_config_namespace()["c"]
    uid = c.KubeSpawner.uid
    assert callable(uid)
    grader_uid = formgrader_pod()["spec"]["securityContext"]["runAsUser"]
    uids = [uid(FakeSpawner(user_id, f"user{user_id}")) for user_id in range(1, 500)]
    assert len(set(uids)) == len(uids)
    assert min(uids) > 10000 and grader_uid not in uids
    assert c.KubeSpawner.gid == values()["singleuser"]["fsGid"] == 100
    assert grader_uid != c.KubeSpawner.gid
    assert formgrader_pod()["spec"]["securityContext"]["runAsGroup"] != c.KubeSpawner.gid


def test_staff_and_students_read_their_own_jupyter_settings():
    c = extra_config_namespace()["c"]
    path_of = c.KubeSpawner.environment["JUPYTER_CONFIG_PATH"]
    staff = FakeSpawner(1, "instructor", (EX.formgrade_group,))
    student = FakeSpawner(2, "student1", (EX.student_group,))
    mounts = [f["mountPath"] for f in extra_files().values()]
    for spawner, role in ((staff, "class-staff"), (student, "class-student")):
        first, *rest = path_of(spawner).split(":")
        assert first == f"/etc/jupyter/{role}"
        assert rest == ["/etc/jupyter"]
        assert sum(m.startswith(first + "/") for m in mounts) == 2


def test_the_passwd_hook_names_the_uid_jovyan(monkeypatch, tmp_path):
    """The pod hook, with stand-in Kubernetes models, and its shell script on a stand-in passwd."""

    class Model:
        def __init__(self, **kwargs):
            self.__dict__.update(kwargs)

    models = types.ModuleType("kubernetes_asyncio.client.models")
    for name in (
        "V1Volume",
        "V1EmptyDirVolumeSource",
        "V1Container",
        "V1SecurityContext",
        "V1VolumeMount",
    ):
        setattr(models, name, type(name, (Model,), {}))
    client = types.ModuleType("kubernetes_asyncio.client")
    client.models = models
    package = types.ModuleType("kubernetes_asyncio")
    package.client = client
    monkeypatch.setitem(sys.modules, "kubernetes_asyncio", package)
    monkeypatch.setitem(sys.modules, "kubernetes_asyncio.client", client)
    monkeypatch.setitem(sys.modules, "kubernetes_asyncio.client.models", models)

    c = extra_config_namespace()["c"]
    notebook = Model(name="notebook", image="the-image:tag", volume_mounts=[Model(name="home")])
    pod = Model(spec=Model(containers=[notebook], init_containers=None, volumes=[]))
    pod = c.KubeSpawner.modify_pod_hook(FakeSpawner(7, "student1"), pod)
    (init,) = pod.spec.init_containers
    assert init.image == notebook.image
    assert init.security_context.run_as_user == 10007
    mount = notebook.volume_mounts[-1]
    assert (mount.mount_path, mount.sub_path, mount.read_only) == ("/etc/passwd", "passwd", True)
    assert mount.name == init.volume_mounts[0].name == pod.spec.volumes[-1].name

    # The init container's script, on a copy of this machine's passwd with a jovyan line.
    script = init.command[2]
    passwd = tmp_path / "passwd"
    passwd.write_text("root:x:0:0:root:/root:/bin/sh\njovyan:x:1000:1000::/home/jovyan:/bin/sh\n")
    out = tmp_path / "class-passwd"
    out.mkdir()
    script = script.replace("/etc/passwd", str(passwd)).replace("/class-passwd", str(out))
    subprocess.run(["sh", "-c", script], check=True)
    lines = (out / "passwd").read_text().splitlines()
    assert lines == ["root:x:0:0:root:/root:/bin/sh", "jovyan:x:10007:100::/home/jovyan:/bin/bash"]


def test_the_post_start_hook_adds_the_course_and_keeps_the_learners_work(tmp_path):
    command = values()["singleuser"]["lifecycleHooks"]["postStart"]["exec"]["command"]
    assert command[:2] == ["sh", "-c"]
    script = command[2]
    assert "cp -rn" in script
    words = shlex.split(script)
    copied = words[words.index("-rn") + 1 : words.index("||") - 1]
    assert copied == list(STUDENT_COPY)
    assert words[words.index("||") - 1] == f"$HOME/{STUDENT_FOLDER}/"
    # Run it with this repository standing in for the image's copy.
    script = script.replace(IMAGE_COURSE, str(ROOT))
    env = {**os.environ, "HOME": str(tmp_path)}
    subprocess.run(["sh", "-c", script], check=True, env=env)
    copy = tmp_path / STUDENT_FOLDER
    for top in STUDENT_COPY:
        assert (copy / top).exists(), top
    landing = copy / LANDING
    landing.write_text("my notes")
    (copy / "docs" / "instructor_guide.md").unlink()
    subprocess.run(["sh", "-c", script], check=True, env=env)
    assert landing.read_text() == "my notes"
    assert (copy / "docs" / "instructor_guide.md").exists()


def test_the_formgrader_course_folder_is_the_courses_quizzes_without_nbgrader_work(tmp_path):
    inits = {i["name"]: i for i in formgrader_pod()["spec"]["initContainers"]}
    init = inits["course-folder"]
    code = init["command"][2]
    work = [
        node.value
        for node in ast.walk(ast.parse(code))
        if isinstance(node, ast.Assign) and getattr(node.targets[0], "id", None) == "work"
    ]
    assert len(work) == 1 and ast.literal_eval(work[0]) == classctl.COURSE_WORK
    # Run it: this repository's quizzes/ stands in for the image's.
    dest = tmp_path / "course"
    code = code.replace(f"{IMAGE_COURSE}/quizzes", str(ROOT / "quizzes"))
    code = code.replace("/home/jovyan/course", str(dest))
    exec(compile(code, "course-folder", "exec"), {})
    original = (ROOT / "quizzes" / "nbgrader_config.py").read_text()
    assert (dest / "nbgrader_config.py").read_text() == original
    assert (dest / "source").is_dir()
    assert not {p.name for p in dest.iterdir()} & classctl.COURSE_WORK
    (dest / "nbgrader_config.py").write_text("# edited by the instructor\n")
    exec(compile(code, "course-folder", "exec"), {})
    assert (dest / "nbgrader_config.py").read_text() == "# edited by the instructor\n"


# --- who can reach what ------------------------------------------------------------------------


def test_only_the_proxy_and_the_hub_reach_the_formgrader_pod():
    policy = manifest("NetworkPolicy", "bone-metastases-formgrader")["spec"]
    labels = formgrader_pod()["metadata"]["labels"]
    assert policy["podSelector"]["matchLabels"].items() <= labels.items()
    assert policy["policyTypes"] == ["Ingress"]
    (rule,) = policy["ingress"]
    sources = [peer["podSelector"]["matchLabels"] for peer in rule["from"]]
    assert sources == [
        {"app": "jupyterhub", "component": "proxy"},
        {"app": "jupyterhub", "component": "hub"},
    ]
    (port,) = rule["ports"]
    assert port["port"] == formgrader_container()["ports"][0]["containerPort"]
    # The formgrader itself may call the hub's API (the chart's hub policy checks this label).
    assert labels["hub.jupyter.org/network-access-hub"] == "true"


def test_user_pods_reach_no_private_address():
    policy = values()["singleuser"]["networkPolicy"]
    assert policy["enabled"] is True
    assert policy["egressAllowRules"]["privateIPs"] is False
    assert policy["egressAllowRules"]["cloudMetadataServer"] is False


def test_user_pods_have_memory_and_cpu_placeholders():
    single = values()["singleuser"]
    assert single["memory"] == {"guarantee": "512M", "limit": "1G"}
    assert single["cpu"]["guarantee"] <= single["cpu"]["limit"]
