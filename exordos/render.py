#!/usr/bin/env python3
"""Render the s3aas element manifests (Jinja2), as `exordos build` renders a plugin's.

    render.py [--repository URL] [--index-url URL] [--out DIR]

Variables: name and version from exordos/exordos.yaml, repository and index_url from its
manifest_vars unless given here. Undefined variables are errors, and the result must parse as YAML.
Writes <out>/<manifest name without .j2> for every element of exordos.yaml (default output/manifests).
"""
import argparse
import os
import sys

import jinja2
import yaml

HERE = os.path.dirname(os.path.abspath(__file__))


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--repository", default="")
    p.add_argument("--index-url", default="")
    p.add_argument("--out", default=os.path.join(HERE, "..", "output", "manifests"))
    p.add_argument("--config", default=os.path.join(HERE, "exordos.yaml"))
    args = p.parse_args()

    with open(args.config, encoding="utf-8") as f:
        config = yaml.safe_load(f)
    defaults = config.get("manifest_vars") or {}
    variables = {
        "name": config["name"],
        "version": str(config["version"]),
        "repository": (args.repository or defaults.get("repository") or "").rstrip("/"),
        "index_url": args.index_url or defaults.get("index_url") or "",
    }
    if not variables["repository"]:
        sys.exit("render.py: no repository (give --repository or manifest_vars.repository)")

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(os.path.dirname(args.config)),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
    )
    os.makedirs(args.out, exist_ok=True)
    for element in config["build"]["elements"]:
        template = element["manifest"]
        text = env.get_template(template).render(**variables)
        yaml.safe_load(text)  # refuse to write a manifest that is not YAML
        target = os.path.join(args.out, os.path.basename(template)[: -len(".j2")])
        with open(target, "w", encoding="utf-8") as f:
            f.write(text)
        print("rendered " + os.path.relpath(target))


if __name__ == "__main__":
    main()
