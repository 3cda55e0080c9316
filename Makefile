# 民政一键通 — the two commands a new user needs:
#   make run    set up (installs what is missing) and start the whole product on SQLite
#   make test   set up and run the whole test suite
#   make cluster  the cluster mode: PostgreSQL + Redis + nginx + several app workers + Rasa
#                 (README "Cluster mode"); make cluster-stop stops it
# Both are idempotent; the second run skips every install step that is up to date.

.PHONY: run test setup bench kb-check cluster cluster-stop cluster-status

run:
	bash .ci/product.sh

test:
	bash .ci/test.sh

cluster:
	bash .ci/cluster.sh start

cluster-stop:
	bash .ci/cluster.sh stop

cluster-status:
	bash .ci/cluster.sh status

setup:
	bash .ci/setup.sh

bench: setup
	. .ci/env.sh && python bench/search_speed.py && python bench/search_quality.py

kb-check: setup
	. .ci/env.sh && minzheng kb check && minzheng kb stats
