# s3aas: the two commands a newcomer needs are `make run` and `make test`.
SHELL := /bin/bash
MVN ?= mvn -B
OUT := output
S3AAS_HOME ?= $(HOME)/.s3aas
# The element's version, one source: exordos/exordos.yaml.
ELEMENT_VERSION := $(shell sed -n 's/^version: *"\{0,1\}\([^"]*\)"\{0,1\}/\1/p' exordos/exordos.yaml | head -n1)
REPOSITORY ?=
INDEX_URL ?=
RUSTFS_VERSION ?=
RUSTFS_SHA256 ?=
REPO ?= /srv/exordos-local-repo/exordos-elements
PYTHON ?= $(shell [ -x /usr/bin/python3 ] && echo /usr/bin/python3 || echo python3)

.PHONY: help bin build run test crds clean
.PHONY: manifests images check-packaging
.PHONY: publish functional
.PHONY: format lint typecheck conformance

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-16s %s\n", $$1, $$2}'

build: bin ## Build everything: output/bin, the release tarball, the element manifests and (with packer + qemu) the VM images
	mkdir -p $(OUT)/dist
	tar -czf $(OUT)/dist/s3aas-$(ELEMENT_VERSION).tar.gz -C $(OUT) bin lib
	@echo "built $(OUT)/dist/s3aas-$(ELEMENT_VERSION).tar.gz"
	$(MAKE) --no-print-directory manifests
	$(MAKE) --no-print-directory images

# `make run` needs only this part, so it works on a machine with nothing but Java and Maven.
# It rebuilds only when a main source, resource or pom is newer than output/bin/s3aas.
BIN_SOURCES := $(shell find pom.xml */pom.xml */src/main dist/src/main/sh -type f 2>/dev/null)
bin: $(OUT)/bin/s3aas ## Build output/bin/s3aas and output/bin/s3ctl (no tests; only when a source changed)

$(OUT)/bin/s3aas: $(BIN_SOURCES)
	@for p in /proc/[0-9]*; do \
	  [ "$${p#/proc/}" != "$$$$" ] || continue; \
	  if grep -qsaF "$(abspath $(OUT))/lib/" $$p/cmdline; then \
	    echo "bin: a process (pid $${p#/proc/}) runs from $(OUT)/lib; stop it before rebuilding (its jars would be replaced)" >&2; \
	    exit 1; \
	  fi; \
	done
	$(MVN) -q package -DskipTests
	rm -rf $(OUT)/bin $(OUT)/lib
	mkdir -p $(OUT)/bin $(OUT)/lib/s3aas $(OUT)/lib/cli
	cp dist/target/lib/*.jar dist/target/dist-*.jar $(OUT)/lib/s3aas/
	install -m 0755 dist/src/main/sh/s3aas $(OUT)/bin/s3aas
	install -m 0755 cli/target/s3ctl/bin/s3ctl $(OUT)/bin/s3ctl
	install -m 0644 cli/target/s3ctl/lib/*.jar $(OUT)/lib/cli/
	$(OUT)/bin/s3ctl --s3ctl-create-cds  # class-data-sharing archive: faster s3ctl start-up
	@echo "built $(OUT)/bin/s3aas $(OUT)/bin/s3ctl"

# Checked before building: a rebuild would replace the jars under the running one.
run: ## Run everything locally on an embedded PostgreSQL (Ctrl-C stops; state in S3AAS_HOME)
	@if read -r pid port 2>/dev/null < "$(S3AAS_HOME)/s3aas.pid" && kill -0 "$$pid" 2>/dev/null \
	    && { [ ! -r /proc/$$pid/cmdline ] || grep -qa s3aas /proc/$$pid/cmdline; }; then \
	  echo "make run: s3aas is already running on $(S3AAS_HOME) (pid $$pid, port $$port): stop it first, or set another S3AAS_HOME" >&2; \
	  exit 1; \
	fi
	@$(MAKE) --no-print-directory bin
	S3AAS_HOME=$(S3AAS_HOME) $(OUT)/bin/s3aas up

test: ## Run every test (installs/starts what they need: PostgreSQL on 127.0.0.1:5432, /usr/bin/aws, tmux, faketime, packer, shellcheck; kubectl v1.32 must be on PATH)
	scripts/test-prerequisites.sh
	$(MVN) verify
	$(MAKE) --no-print-directory check-packaging

format: ## Rewrite the Java sources in google-java-format (Google style, 100 columns)
	$(MVN) -q -Pfunctional spotless:apply

# lint and typecheck compile into target/lint and target/typecheck (Maven profiles of the same name), so
# target/classes is left alone; those directories are removed first so every file is checked every time.
lint: ## Check formatting (google-java-format) and run Error Prone over main and test code (fails on errors)
	$(MVN) -q -Pfunctional spotless:check
	rm -rf target/lint */target/lint
	$(MVN) -Pfunctional,lint test-compile

typecheck: ## Compile everything with javac -Werror (-Xlint:all) and NullAway null-safety checks
	rm -rf target/typecheck */target/typecheck
	$(MVN) -q -Pfunctional,typecheck test-compile

crds: ## Regenerate crds/ from the resource model
	$(MVN) -q -pl api-model process-classes
	cp api-model/target/classes/META-INF/fabric8/*.yml crds/

clean: ## Remove build output
	$(MVN) -q clean
	rm -rf $(OUT)

manifests: ## Render the element manifest into output/manifests (REPOSITORY=..., INDEX_URL=...)
	$(PYTHON) exordos/render.py --out $(OUT)/manifests $(if $(REPOSITORY),--repository $(REPOSITORY)) $(if $(INDEX_URL),--index-url $(INDEX_URL))

images: ## Build the data-plane and control-plane VM images (packer + qemu, RUSTFS_SHA256=...)
	@if ! command -v packer >/dev/null || ! command -v qemu-system-x86_64 >/dev/null; then \
	  echo "images: not built: packer and qemu-system-x86_64 are needed (apt-get install packer qemu-system-x86 qemu-utils xorriso zstd)"; \
	elif [ -z "$(RUSTFS_SHA256)" ]; then \
	  echo "images: not built: set RUSTFS_SHA256 to the SHA-256 of the RustFS release zip (its SHA256SUMS); see packer/README.md"; \
	else \
	  rm -rf $(OUT)/cp-dist && mkdir -p $(OUT)/cp-dist && cp -a $(OUT)/bin $(OUT)/lib $(OUT)/cp-dist/ && \
	  cd packer && \
	  packer build -var rustfs_sha256=$(RUSTFS_SHA256) $(if $(RUSTFS_VERSION),-var rustfs_version=$(RUSTFS_VERSION)) -var output_dir=../$(OUT) dp/rustfs-dp.pkr.hcl && \
	  packer build -var dist_dir=../$(OUT)/cp-dist -var output_dir=../$(OUT) cp/s3aas-cp.pkr.hcl; \
	fi

check-packaging: ## Check packer templates, scripts and units without building a VM
	packer/ci/check.sh

publish: ## Publish the element into REPO=DIR as Exordos reads it: s3aas/<version>/{manifests,images} + inventory.json
	$(PYTHON) exordos/publish.py --repo $(REPO) --output $(OUT) $(if $(REPOSITORY),--repository $(REPOSITORY)) $(if $(INDEX_URL),--index-url $(INDEX_URL)) $(PUBLISH_FLAGS)

conformance: bin ## Ceph's s3-tests against the RustFS node emulator (about 10 min; fails above 5 % of RGW's passes failed or on any 500; CONFORMANCE=DIR)
	scripts/conformance.sh

functional: ## Black-box suite (HTTP + AWS CLI) against the seed's EXORDOS_* variables, or local emulators if unset
	@if [ -z "$$EXORDOS_ENDPOINT" ] && [ ! -x $(OUT)/bin/s3aas ]; then $(MAKE) --no-print-directory bin; fi
	$(MVN) -Pfunctional -pl functional -am test
