#!/usr/bin/env python3
"""Inspects the gateway's OCI image tarball (scripts/build-image.sh) for scripts/test-image.sh:

  oci_inspect.py IMAGE.tar POLICY_REVISION_FILE CONFIG_OUT.json

checks the layout (one manifest, tagged), every blob's digest and size, the runtime config
(entrypoint, non-root user, working dir, exposed ports), the three layers (base with the
runtime user and a JRE, dependencies, app) and the compiled policy in the app jar, whose
sha256 is the build's revision and the image's label. Writes the image config to CONFIG_OUT.
"""
import gzip
import hashlib
import io
import json
import sys
import tarfile
import zipfile

JAVA = "/usr/lib/jvm/java-17-openjdk-amd64/bin/java"
failures = []


def expect(ok, what):
    if not ok:
        failures.append(what)


def main(image, revision_file, config_out):
    with open(revision_file) as f:
        revision = f.read().strip()
    with tarfile.open(image) as outer:
        def blob(digest, size=None):
            algo, hexdigest = digest.split(":")
            data = outer.extractfile(f"./blobs/{algo}/{hexdigest}").read()
            expect(hashlib.sha256(data).hexdigest() == hexdigest, f"blob {digest} does not match its digest")
            expect(size is None or len(data) == size, f"blob {digest} is not {size} bytes")
            return data

        layout = json.load(outer.extractfile("./oci-layout"))
        expect(layout.get("imageLayoutVersion") == "1.0.0", "not an OCI image layout 1.0.0")
        index = json.load(outer.extractfile("./index.json"))
        expect(len(index["manifests"]) == 1, f"{len(index['manifests'])} manifests, expected 1")
        desc = index["manifests"][0]
        tag = desc.get("annotations", {}).get("org.opencontainers.image.ref.name")
        manifest = json.loads(blob(desc["digest"], desc["size"]))
        config_doc = json.loads(blob(manifest["config"]["digest"], manifest["config"]["size"]))
        config = config_doc["config"]

        expect(config_doc["os"] == "linux" and config_doc["architecture"] == "amd64", "not linux/amd64")
        expect(config.get("Entrypoint") == [JAVA, "-jar", "/deployments/quarkus-run.jar"],
               f"entrypoint {config.get('Entrypoint')}")
        user = config.get("User", "")
        uid, _, gid = user.partition(":")
        expect(uid.isdigit() and int(uid) != 0 and gid.isdigit() and int(gid) != 0,
               f"user {user!r} is not a numeric non-root uid:gid")
        expect(config.get("WorkingDir") == "/deployments", f"working dir {config.get('WorkingDir')}")
        expect({"8080/tcp", "9000/tcp"} <= set(config.get("ExposedPorts", {})), f"ports {config.get('ExposedPorts')}")
        labels = config.get("Labels", {})
        expect(labels.get("io.tiergate.policy.revision") == revision,
               f"policy label {labels.get('io.tiergate.policy.revision')} is not the build's {revision}")
        expect(labels.get("org.opencontainers.image.version") == tag, "version label is not the tag")

        layers = manifest["layers"]
        expect(len(layers) == 3, f"{len(layers)} layers, expected base, dependencies, app")
        expect(len(config_doc["rootfs"]["diff_ids"]) == len(layers), "diff_ids do not match the layers")
        members = []
        for layer, diff_id in zip(layers, config_doc["rootfs"]["diff_ids"]):
            expect(layer["mediaType"] == "application/vnd.oci.image.layer.v1.tar+gzip", f"layer {layer['mediaType']}")
            raw = gzip.decompress(blob(layer["digest"], layer["size"]))
            expect("sha256:" + hashlib.sha256(raw).hexdigest() == diff_id, f"diff_id of {layer['digest']}")
            members.append(tarfile.open(fileobj=io.BytesIO(raw)))

        base, deps, app = (members + [None, None, None])[:3]
        if base is not None:
            names = set(base.getnames())
            expect(f".{JAVA}" in names or JAVA.lstrip("/") in names, "no JRE in the base layer")
            passwd = base.extractfile("./etc/passwd").read().decode()
            expect(any(line.split(":")[2] == uid for line in passwd.splitlines()), f"uid {uid} not in /etc/passwd")
            expect(not any(m.isdev() for m in base.getmembers()), "device nodes in the base layer")
        for name, layer in (("dependencies", deps), ("app", app)):
            if layer is None:
                continue
            for m in layer.getmembers():
                expect(m.uid == 0 and not (m.mode & 0o022), f"{name} layer: {m.name} is writable by the runtime user")
        if deps is not None:
            expect(all(n in ("deployments", "deployments/lib") or n.startswith("deployments/lib/") for n in deps.getnames()), "the dependencies layer holds more than /deployments/lib")
        if app is not None:
            names = app.getnames()
            expect("deployments/quarkus-run.jar" in names, "no /deployments/quarkus-run.jar in the app layer")
            jars = [n for n in names if n.startswith("deployments/app/") and n.endswith(".jar")]
            expect(len(jars) == 1, f"app jars {jars}")
            if len(jars) == 1:
                with zipfile.ZipFile(io.BytesIO(app.extractfile(jars[0]).read())) as jar:
                    wasm = jar.read("policy/tiergate-policy.wasm")
                    expect(hashlib.sha256(wasm).hexdigest() == revision, "the policy in the image is not the build's")
                    expect(jar.read("policy/tiergate-policy.revision").decode() == revision, "revision file differs")
    with open(config_out, "w") as f:
        json.dump(config, f)
    if failures:
        sys.exit("image check failed:\n  " + "\n  ".join(failures))
    print(f"image {image}: tag {tag}, user {user}, {len(layers)} layers, policy {revision[:12]} inside")


if __name__ == "__main__":
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    main(*sys.argv[1:])
