# Säker och trygg kommun. `make run` to try it, `make test` to test it.
SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c
PORT ?= 8000
HOST ?= 127.0.0.1

# uv from PATH, else a private copy installed with pip under var/tools.
UV := $(shell uv --version >/dev/null 2>&1 && command -v uv || echo $(CURDIR)/var/tools/bin/uv)
MANAGE := $(UV) run --frozen python manage.py
SYSTEM_PACKAGES := chromium libharfbuzz-subset0 gettext fonts-dejavu-core redis-server

.PHONY: bench backup restore faults two-servers run serve test test-search-sqlite lint format messages makemessages install system-deps uv-path help benchmark-report benchmark-markdown benchmark-uploads benchmark-est benchmark-mail coverage-html

help:
	@echo "make run     – demo på http://$(HOST):$(PORT)/ med SQLite och Borås demodata"
	@echo "make test    – hela testsviten mot en tillfällig PostgreSQL"
	@echo "make serve   – produktionslik start med gunicorn, DEBUG av"
	@echo "make lint    – ruff"
	@echo "make backup  – säkerhetskopia av databasen och filerna till var/backups/<tid>/ (BACKUP_DIR)"
	@echo "make faults  – felskripten: last, databasomstart, arbetarkrasch, Redis-omstart"
	@echo "make two-servers – två appservrar mot en databas och en Redis, och en läsreplik"
	@echo "make restore BACKUP=katalog – återställer en säkerhetskopia till en tom databas (FORCE=1 skriver över)"
	@echo "make bench   – hela portalen under last i skala 10 (ARGS=\"--scale 1\" för en snabb körning); skriver benchmarks/results.json"
	@echo "make benchmark-report – mäter årsuppföljningens PDF för ett år med 300 insatser, 40 möten och 20 nyckeltal (ARGS=\"--scale 10\": tio gånger större)"
	@echo "make benchmark-markdown – mäter Markdown-renderingens tid och minne på fientlig text (10k–40k tecken)"
	@echo "make benchmark-uploads – mäter tid och minne för uppladdningskontrollen på zip-bomber och stora bilder"
	@echo "make benchmark-mail – mäter påminnelser till 10 000 tjänstepersoner och nyheter till 50 000 prenumeranter mot en lokal SMTP-server"
	@echo "make benchmark-est – mäter EST-importen av 50 000 CSV-rader bland 500 000 rapporter (ARGS=\"--reports N\")"

uv-path: $(UV)
	@echo $(UV)

$(CURDIR)/var/tools/bin/uv:
	@echo "uv saknas; installerar uv med pip under var/tools/"
	python3 -m venv $(CURDIR)/var/tools
	$(CURDIR)/var/tools/bin/pip install --quiet uv

install: $(UV)
	$(UV) sync --frozen

messages: install
	$(MANAGE) compilemessages --ignore=.venv --ignore=var -v0

makemessages: install
	$(MANAGE) makemessages -l sv --ignore=.venv --ignore=var --ignore=node_modules

# Installs what the browser, PDF, translation and shared-cache (Redis) tests need, when we are
# root and it is missing.
system-deps:
	@missing=""; for p in $(SYSTEM_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [[ -n "$$missing" ]]; then \
	  if [[ "$$(id -u)" == "0" ]] && command -v apt-get >/dev/null; then \
	    echo "Installerar systempaket:$$missing"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	  else echo "OBS: systempaket saknas:$$missing (installera dem med apt-get)"; fi; \
	fi
	@# Node.js runs the local OpenID Provider of the single sign-on tests. Asked by command, not
	@# package: a Node.js from elsewhere (with its own npm) does as well as Debian's.
	@if ! { command -v node && command -v npm; } >/dev/null 2>&1; then \
	  if [[ "$$(id -u)" == "0" ]] && command -v apt-get >/dev/null; then \
	    echo "Installerar systempaket: nodejs npm"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm >/dev/null; \
	  else echo "OBS: Node.js saknas (installera nodejs och npm med apt-get)"; fi; \
	fi
	@# CI requires PostgreSQL: install the server when it is missing and we may.
	@if [[ "$${REQUIRE_POSTGRES:-0}" == "1" ]] && ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 \
	  && [[ "$$(id -u)" == "0" ]] && command -v apt-get >/dev/null; then \
	  echo "Installerar PostgreSQL-servern"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null; \
	fi

run: messages
	mkdir -p var/static
	$(MANAGE) migrate --no-input -v0
	$(MANAGE) createcachetable
	$(MANAGE) load_demo
	@echo
	@echo "Portalen körs på http://$(HOST):$(PORT)/  (avsluta med Ctrl+C)"
	@echo "Logga in på http://$(HOST):$(PORT)/konto/logga-in/ med ett demokonto ovan."
	@# The background worker prints the annual report's PDFs; it stops with the server.
	$(MANAGE) db_worker & worker=$$!; trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	  $(MANAGE) runserver $(HOST):$(PORT)

# Backups of the database named by DATABASE_URL and of DJANGO_MEDIA_ROOT (organisation/backup.py).
backup: install
	$(MANAGE) backup

restore: install
	@if [[ -z "$(BACKUP)" ]]; then echo "Ange katalogen: make restore BACKUP=var/backups/<tid>" >&2; exit 2; fi
	$(MANAGE) restore "$(BACKUP)" $(if $(filter 1,$(FORCE)),--force,)

# Fault scripts (scripts/fault_*.sh): each starts its own PostgreSQL, Redis and gunicorn on
# loopback and stops them on exit. Takes about ten minutes.
faults: install messages
	scripts/faults.sh

# Two gunicorn instances on one PostgreSQL and one Redis, and a streaming replica.
two-servers: install messages
	scripts/two_servers.sh

serve: messages
	mkdir -p var
	@if [[ -z "$${DJANGO_SECRET_KEY:-}" && ! -s var/secret_key ]]; then \
	  python3 -c "import secrets; print(secrets.token_urlsafe(50))" > var/secret_key; chmod 600 var/secret_key; \
	  echo "Skapade en hemlig nyckel i var/secret_key"; fi
	export DJANGO_DEBUG=0 DJANGO_HTTPS="$${DJANGO_HTTPS:-0}"; \
	export DJANGO_SECRET_KEY="$${DJANGO_SECRET_KEY:-$$(cat var/secret_key)}"; \
	export DJANGO_ALLOWED_HOSTS="$${DJANGO_ALLOWED_HOSTS:-127.0.0.1,localhost}"; \
	$(MANAGE) migrate --no-input -v0; \
	$(MANAGE) createcachetable; \
	$(MANAGE) collectstatic --no-input -v0; \
	echo "Portalen körs på http://$(HOST):$(PORT)/ med gunicorn (DEBUG av) och bakgrundsarbetaren db_worker"; \
	$(MANAGE) db_worker & worker=$$!; trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(UV) run --frozen gunicorn saker_trygg.wsgi --bind $(HOST):$(PORT) --workers $${WEB_CONCURRENCY:-3} --access-logfile -

# Two processes, one per core; each gets its own test database. TEST_WORKERS=0 runs in one.
TEST_WORKERS ?= 2
PYTEST := $(UV) run --frozen pytest --cov --cov-branch --cov-report=
# The whole suite in three passes (.ci/test-passes says why): what does not commit, in
# parallel; then what commits for real (browser tests, the slug race), whose flush empties
# the tables the migrations filled; and, beside the first, the search's tests on SQLite
# (`make run`), as the search must find the same on both. With PYTEST_ARGS, one run of what was asked.
SEARCH_TESTS := tests/residents/test_search.py
SQLITE_SEARCH := env -u DATABASE_URL $(PYTEST) --cov-append -p no:randomly $(SEARCH_TESTS)
# The modules of the access layer: every branch of them is run by the tests.
ACCESS_LAYER := */rules.py,organisation/roles.py,organisation/personnummer.py,organisation/publication.py,organisation/admin_access.py

# The local OpenID Provider's packages, from the committed lock, once.
OIDC_PROVIDER := tests/oidc_provider
$(OIDC_PROVIDER)/node_modules: $(OIDC_PROVIDER)/package-lock.json
	npm ci --prefix $(OIDC_PROVIDER) --no-audit --no-fund --loglevel=error
	touch $@

test: install system-deps messages $(OIDC_PROVIDER)/node_modules
	mkdir -p var/static
	rm -rf var/.coverage var/.coverage.* var/coverage-sqlite
ifeq ($(strip $(PYTEST_ARGS)),)
	DJANGO_ALLOW_ASYNC_UNSAFE=true .ci/with-postgres .ci/test-passes $(UV) $(TEST_WORKERS)
else
	DJANGO_ALLOW_ASYNC_UNSAFE=true .ci/with-postgres $(PYTEST) $(PYTEST_ARGS)
endif
	@$(UV) run --frozen coverage report --format=total | sed 's/^/Täckning (grenar inräknade), hela koden: /; s/$$/ %/'
	@if [[ -z "$(PYTEST_ARGS)" ]]; then \
	  echo "Täckning av åtkomstlagret (ska vara 100 %):"; \
	  $(UV) run --frozen coverage report --include="$(ACCESS_LAYER)" --fail-under=100; \
	fi

# The search's tests on SQLite alone (make test runs them on PostgreSQL and SQLite).
test-search-sqlite: install messages
	$(SQLITE_SEARCH)

coverage-html: ## after make test: var/coverage/index.html
	$(UV) run --frozen coverage html -d var/coverage

benchmark-report: install system-deps messages
	.ci/with-postgres $(UV) run --frozen python benchmarks/report.py $(ARGS)

benchmark-markdown: install
	$(UV) run --frozen python benchmarks/markdown.py

benchmark-uploads: install messages
	$(UV) run --frozen python benchmarks/uploads.py

# The whole portal under load (benchmarks/bench.py): wrk and a throwaway Redis, installed
# when we are root and they are missing. ARGS="--scale 1" for a quick run.
BENCH_PACKAGES := wrk redis-server
bench: install messages
	@missing=""; for p in $(BENCH_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [[ -n "$$missing" ]]; then \
	  if [[ "$$(id -u)" == "0" ]] && command -v apt-get >/dev/null; then \
	    echo "Installerar systempaket:$$missing"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	  else echo "OBS: systempaket saknas:$$missing (installera dem med apt-get)"; fi; \
	fi
	REQUIRE_POSTGRES=1 .ci/with-postgres $(UV) run --frozen python benchmarks/bench.py $(ARGS)

benchmark-est: install messages
	.ci/with-postgres $(UV) run --frozen python benchmarks/est.py $(ARGS)

benchmark-mail: install messages
	.ci/with-postgres $(UV) run --frozen python benchmarks/mail.py $(ARGS)

lint: install
	$(UV) run --frozen ruff check .
	$(UV) run --frozen ruff format --check .

format: install
	$(UV) run --frozen ruff format .
	$(UV) run --frozen ruff check --fix .
