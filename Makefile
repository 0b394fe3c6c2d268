# s3aas: the two commands a newcomer needs are `make run` and `make test`.
SHELL := /bin/bash
MVN ?= mvn -B
OUT := output
S3AAS_HOME ?= $(HOME)/.s3aas

.PHONY: help build run test crds clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-10s %s\n", $$1, $$2}'

build: ## Build output/bin/s3aas and output/bin/s3ctl (no tests)
	$(MVN) -q package -DskipTests
	rm -rf $(OUT)/bin $(OUT)/lib
	mkdir -p $(OUT)/bin $(OUT)/lib/s3aas $(OUT)/lib/cli
	cp dist/target/lib/*.jar dist/target/dist-*.jar $(OUT)/lib/s3aas/
	install -m 0755 dist/src/main/sh/s3aas $(OUT)/bin/s3aas
	if [ -f cli/src/main/sh/s3ctl ]; then \
	  cp cli/target/lib/*.jar cli/target/cli-*.jar $(OUT)/lib/cli/ && \
	  install -m 0755 cli/src/main/sh/s3ctl $(OUT)/bin/s3ctl && \
	  { [ ! -f cli/target/s3ctl.jsa ] || cp cli/target/s3ctl.jsa $(OUT)/lib/cli/; }; \
	fi
	@echo "built $(OUT)/bin/s3aas $(OUT)/bin/s3ctl"

run: build ## Run everything locally on an embedded PostgreSQL (Ctrl-C stops; state in S3AAS_HOME)
	S3AAS_HOME=$(S3AAS_HOME) $(OUT)/bin/s3aas up

test: ## Run every test (needs PostgreSQL on 127.0.0.1:5432, kubectl and /usr/bin/aws)
	$(MVN) verify

crds: ## Regenerate crds/ from the resource model
	$(MVN) -q -pl api-model process-classes
	cp api-model/target/classes/META-INF/fabric8/*.yml crds/

clean: ## Remove build output
	$(MVN) -q clean
	rm -rf $(OUT)
