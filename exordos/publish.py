#!/usr/bin/env python3
"""Publish the s3aas element into a local Exordos element repository (`make publish`).

    publish.py --repo DIR [--output DIR] [--repository URL] [--index-url URL] [--no-dist]

Lays the artifacts out the way `exordos ee install NAME --version V --repository URL` reads them
(../shared/reference/exordos-platform.md, 1.6):

    DIR/inventory.json                              {"elements": {name: {version: {...}}}}
    DIR/<name>/<version>/manifests/<name>.yaml      every element manifest of exordos.yaml
    DIR/<name>/<version>/images/<image>.<format>    the VM images `make images` built (if any)
    DIR/<name>/<version>/dist/s3aas-<version>.tar.gz  output/bin + output/lib (what S3AAS_INDEX_URL names)

name and version come from exordos/exordos.yaml. Manifests are copied from OUTPUT/manifests (as
`make build` rendered them), or rendered afresh with exordos/render.py when --repository is given
(so the image URLs in the manifest point at the repository being published to). The inventory is
merged: other elements and versions already in DIR stay listed. Missing images are reported, not
fatal: a repository without images still installs, but its nodes cannot boot.
"""
import argparse
import datetime
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tarfile

import yaml

HERE = os.path.dirname(os.path.abspath(__file__))


def sha256(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--repo", required=True, help="repository root directory (served as REPOSITORY)")
    p.add_argument("--output", default=os.path.join(HERE, "..", "output"), help="build output (default output/)")
    p.add_argument("--config", default=os.path.join(HERE, "exordos.yaml"))
    p.add_argument("--repository", default="", help="render the manifests for this repository URL")
    p.add_argument("--index-url", default="")
    p.add_argument("--no-dist", action="store_true", help="do not archive output/bin + output/lib")
    args = p.parse_args()

    with open(args.config, encoding="utf-8") as f:
        config = yaml.safe_load(f)
    name, version = config["name"], str(config["version"])
    repo = os.path.abspath(args.repo)
    output = os.path.abspath(args.output)
    base = os.path.join(repo, name, version)
    manifests_dir = os.path.join(base, "manifests")
    images_dir = os.path.join(base, "images")
    try:
        os.makedirs(manifests_dir, exist_ok=True)
        os.makedirs(images_dir, exist_ok=True)
    except PermissionError as e:
        sys.exit(f"publish: cannot write {e.filename}: choose another REPO=DIR (default /srv/exordos-local-repo/exordos-elements)")

    files = []  # paths relative to repo
    manifest_names = [os.path.basename(e["manifest"])[: -len(".j2")] for e in config["build"]["elements"]]
    if args.repository:
        cmd = [sys.executable, os.path.join(HERE, "render.py"), "--config", args.config,
               "--repository", args.repository, "--out", manifests_dir]
        if args.index_url:
            cmd += ["--index-url", args.index_url]
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
    else:
        for m in manifest_names:
            src = os.path.join(output, "manifests", m)
            if not os.path.isfile(src):
                sys.exit(f"publish: {src} is missing: run `make build` (or give REPOSITORY=URL to render it)")
            shutil.copyfile(src, os.path.join(manifests_dir, m))
    for m in manifest_names:
        files.append(os.path.join(name, version, "manifests", m))

    missing = []
    for element in config["build"]["elements"]:
        for image in element.get("images") or []:
            file_name = f"{image['name']}.{image['format']}"
            src = os.path.join(output, file_name)
            if os.path.isfile(src):
                shutil.copyfile(src, os.path.join(images_dir, file_name))
                files.append(os.path.join(name, version, "images", file_name))
            else:
                missing.append(file_name)
    if missing:
        print(f"publish: images not built, not published: {', '.join(missing)} (see `make images`)")

    if not args.no_dist and os.path.isdir(os.path.join(output, "bin")) and os.path.isdir(os.path.join(output, "lib")):
        dist_dir = os.path.join(base, "dist")
        os.makedirs(dist_dir, exist_ok=True)
        archive = os.path.join(dist_dir, f"s3aas-{version}.tar.gz")
        with tarfile.open(archive + ".tmp", "w:gz", compresslevel=1) as tar:
            for d in ("bin", "lib"):
                tar.add(os.path.join(output, d), arcname=os.path.join(f"s3aas-{version}", d))
        os.replace(archive + ".tmp", archive)
        files.append(os.path.join(name, version, "dist", os.path.basename(archive)))

    inventory_path = os.path.join(repo, "inventory.json")
    inventory = {}
    if os.path.isfile(inventory_path):
        with open(inventory_path, encoding="utf-8") as f:
            inventory = json.load(f)
    entry = {
        "name": name,
        "version": version,
        "manifest": os.path.join(name, version, "manifests", f"{name}.yaml"),
        "images": [f for f in files if f.split(os.sep)[2] == "images"],
        "files": {f: {"sha256": sha256(os.path.join(repo, f)), "size": os.path.getsize(os.path.join(repo, f))} for f in files},
        "published_at": datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0).isoformat(),
    }
    inventory.setdefault("elements", {}).setdefault(name, {})[version] = entry
    with open(inventory_path + ".tmp", "w", encoding="utf-8") as f:
        json.dump(inventory, f, indent=2, sort_keys=True)
        f.write("\n")
    os.replace(inventory_path + ".tmp", inventory_path)
    for f in files:
        print("published " + os.path.join(repo, f))
    print("published " + inventory_path)


if __name__ == "__main__":
    main()
