# IDK Portal: the two commands a new developer needs. See scripts/ for what each does.
.PHONY: run test bootstrap ci

run:        ## install what is missing, migrate, load demo data, start web + worker + beat
	scripts/run

test:       ## install what is missing, run the test suite (pass pytest args with ARGS="-k foo")
	scripts/test $(ARGS)

bootstrap:  ## system packages, .venv, translations (idempotent)
	scripts/bootstrap

ci:         ## what CI runs: SQLite pass, then PostgreSQL + Redis + browser pass
	bash .ci/run
