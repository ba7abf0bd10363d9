#!/usr/bin/env python3
"""Reads the rendered manifests (kustomize build k8s) for the manifest and image tests.

  k8s_render.py check RENDERED BUNDLE    the role split, the image and the policy bundle
  k8s_render.py env RENDERED KIND/NAME CONTAINER SECRETS.json
        the container's environment as the kubelet resolves it (envFrom, then env; ConfigMap
        and Secret references looked up; SECRETS.json stands in for the cluster's Secrets),
        one NAME=VALUE per line
  k8s_render.py file RENDERED CONFIGMAP KEY    a ConfigMap's data value (by name prefix)
"""
import base64
import json
import sys

import yaml


def load(path):
    with open(path) as f:
        return [d for d in yaml.safe_load_all(f) if d]


def find(docs, kind, name):
    hits = [d for d in docs if d["kind"] == kind and d["metadata"]["name"].startswith(name)]
    if len(hits) != 1:
        sys.exit(f"expected one {kind} {name}*, found {len(hits)}")
    return hits[0]


def container(docs, kind_name, cname):
    kind, name = kind_name.split("/", 1)
    spec = find(docs, kind, name)["spec"]["template"]["spec"]
    for c in spec["containers"]:
        if c["name"] == cname:
            return c
    sys.exit(f"{kind_name} has no container {cname}")


def resolved_env(docs, c, secrets):
    def configmap(name):
        return find(docs, "ConfigMap", name).get("data", {})

    env = {}
    for src in c.get("envFrom", []):
        if "configMapRef" in src:
            env.update(configmap(src["configMapRef"]["name"]))
        elif "secretRef" in src:
            env.update(secrets[src["secretRef"]["name"]])
    for e in c.get("env", []):
        if "value" in e:
            env[e["name"]] = e["value"]
        elif "configMapKeyRef" in e["valueFrom"]:
            ref = e["valueFrom"]["configMapKeyRef"]
            env[e["name"]] = configmap(ref["name"])[ref["key"]]
        else:
            ref = e["valueFrom"]["secretKeyRef"]
            env[e["name"]] = secrets[ref["name"]][ref["key"]]
    return env


def secret_names(c):
    names = {s["secretRef"]["name"] for s in c.get("envFrom", []) if "secretRef" in s}
    names |= {e["valueFrom"]["secretKeyRef"]["name"] for e in c.get("env", [])
              if "secretKeyRef" in e.get("valueFrom", {})}
    return names


def check(docs, bundle_path):
    failures = []
    gateway = container(docs, "Deployment/tiergate", "gateway")
    opa = container(docs, "Deployment/tiergate", "opa")
    migrate = container(docs, "Job/tiergate-migrate", "migrate")
    config = find(docs, "ConfigMap", "tiergate-config")["data"]

    # The owner's credentials reach the migration Job only.
    if "tiergate-migration-secrets" in secret_names(gateway):
        failures.append("the gateway reads the owner's Secret tiergate-migration-secrets")
    if secret_names(migrate) != {"tiergate-migration-secrets", "tiergate-secrets"}:
        failures.append(f"the Job reads the Secrets {sorted(secret_names(migrate))}")
    for e in migrate.get("env", []):
        ref = e.get("valueFrom", {}).get("secretKeyRef")
        if ref and ref["name"] == "tiergate-secrets" and ref["key"] != "QUARKUS_DATASOURCE_USERNAME":
            failures.append(f"the Job reads {ref['key']} of the gateway's Secret")
    if any(k.startswith("QUARKUS_FLYWAY_") and k != "QUARKUS_FLYWAY_MIGRATE_AT_START" for k in config):
        failures.append("tiergate-config carries Flyway credentials")
    if config.get("QUARKUS_FLYWAY_MIGRATE_AT_START") != "false":
        failures.append("the gateway would migrate at start (QUARKUS_FLYWAY_MIGRATE_AT_START is not false)")
    job_env = {e["name"]: e.get("value") for e in migrate.get("env", [])}
    if migrate.get("args") != ["migrate"] or job_env.get("QUARKUS_FLYWAY_MIGRATE_AT_START") != "true":
        failures.append("the Job does not migrate and exit")
    if migrate["image"] != gateway["image"]:
        failures.append(f"the Job runs {migrate['image']}, the gateway {gateway['image']}")

    # Health and metrics on the management port: probed there, never behind the Service.
    ports = {p["name"]: p["containerPort"] for p in gateway.get("ports", [])}
    for probe in ("startupProbe", "readinessProbe", "livenessProbe"):
        if gateway.get(probe, {}).get("httpGet", {}).get("port") != "management":
            failures.append(f"the gateway's {probe} is not on the management port")
    service = find(docs, "Service", "tiergate")
    if any(p.get("targetPort") in ("management", ports.get("management")) for p in service["spec"]["ports"]):
        failures.append("the Service exposes the management port (health, metrics)")
    if config.get("QUARKUS_MANAGEMENT_HOST") != "0.0.0.0":
        failures.append("the management interface listens on loopback only: the kubelet cannot probe it")

    # The sidecar loads the bundle file of the generated ConfigMap, and that is k8s/policy's bundle.
    args = opa["args"]
    if "--bundle" not in args:
        failures.append("the OPA sidecar loads no bundle")
    else:
        path = args[args.index("--bundle") + 1]
        mount = next((m for m in opa["volumeMounts"] if path.startswith(m["mountPath"] + "/")), None)
        volumes = find(docs, "Deployment", "tiergate")["spec"]["template"]["spec"]["volumes"]
        volume = next((v for v in volumes if mount and v["name"] == mount["name"]), None)
        if volume is None or "configMap" not in volume:
            failures.append(f"no ConfigMap volume holds {path}")
        else:
            cm = find(docs, "ConfigMap", volume["configMap"]["name"])
            key = path[len(mount["mountPath"]) + 1:]
            data = cm.get("binaryData", {}).get(key)
            with open(bundle_path, "rb") as f:
                if data is None or base64.b64decode(data) != f.read():
                    failures.append(f"ConfigMap {cm['metadata']['name']} key {key} is not {bundle_path}")
    if failures:
        sys.exit("manifest check failed:\n  " + "\n  ".join(failures))
    print(f"manifests: role split, image {gateway['image']} and policy bundle ok")


def main(argv):
    if len(argv) >= 3 and argv[1] == "check":
        check(load(argv[2]), argv[3])
    elif len(argv) == 6 and argv[1] == "env":
        docs = load(argv[2])
        with open(argv[5]) as f:
            secrets = json.load(f)
        for k, v in resolved_env(docs, container(docs, argv[3], argv[4]), secrets).items():
            print(f"{k}={v}")
    elif len(argv) == 5 and argv[1] == "file":
        sys.stdout.write(find(load(argv[2]), "ConfigMap", argv[3])["data"][argv[4]])
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main(sys.argv)
