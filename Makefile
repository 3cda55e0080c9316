# 民政一键通 — the two commands a new user needs:
#   make run    set up (installs what is missing) and start the whole product on SQLite
#   make test   set up and run the whole test suite
# Both are idempotent; the second run skips every install step that is up to date.

.PHONY: run test setup bench kb-check

run:
	bash .ci/product.sh

test:
	bash .ci/test.sh

setup:
	bash .ci/setup.sh

bench: setup
	. .ci/env.sh && python bench/search_speed.py && python bench/search_quality.py

kb-check: setup
	. .ci/env.sh && minzheng kb check && minzheng kb stats
