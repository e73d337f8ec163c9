# The two commands: `make run` and `make test`.  Both are idempotent.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(PY) -m pip --disable-pip-version-check -q

# Shared libraries Qt's xcb platform (a real window) loads, and Xvfb for the
# window tests.  The offscreen platform needs only the first line.
QT_DEBS := libegl1 libgl1 libglib2.0-0 libfontconfig1 libfreetype6 libdbus-1-3 libxkbcommon0 \
	libxkbcommon-x11-0 libx11-6 libx11-xcb1 libxcb1 libxcb-cursor0 libxcb-glx0 libxcb-icccm4 \
	libxcb-image0 libxcb-keysyms1 libxcb-randr0 libxcb-render0 libxcb-render-util0 libxcb-shape0 \
	libxcb-shm0 libxcb-sync1 libxcb-util1 libxcb-xfixes0 libxcb-xkb1 libxcb-xinerama0 xvfb xauth

.PHONY: run test lint bench system-deps fonts package clean

run: system-deps $(VENV)/.installed-run
	$(VENV)/bin/union-kiosk $(ARGS)

test: system-deps $(VENV)/.installed-test
	$(VENV)/bin/ruff check kiosk tests scripts bench
	$(VENV)/bin/mypy
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest $(PYTEST_ARGS)

lint: $(VENV)/.installed-test
	$(VENV)/bin/ruff check kiosk tests scripts bench
	$(VENV)/bin/ruff format --check kiosk tests scripts bench || true
	$(VENV)/bin/mypy

bench: $(VENV)/.installed-test
	$(PY) bench/run.py $(BENCH_ARGS)

fonts: $(VENV)/.installed-test
	$(PY) scripts/subset_fonts.py

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed-run: pyproject.toml | $(VENV)/bin/python
	$(PIP) install -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(VENV)/bin/python
	$(PIP) install -e '.[test]'
	touch $@ $(VENV)/.installed-run

# Installs what is missing, only where we may (root with apt-get); elsewhere it
# says what to install and carries on.
system-deps:
	@missing=""; for p in $(QT_DEBS); do \
		dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -z "$$missing" ]; then exit 0; fi; \
	if ! command -v apt-get >/dev/null 2>&1; then \
		echo "note: not a Debian system; Qt may need:$$missing"; exit 0; fi; \
	if [ "$$(id -u)" != 0 ]; then \
		echo "note: run as root or: sudo apt-get install$$missing"; exit 0; fi; \
	echo "installing system packages for Qt:$$missing"; \
	apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing >/dev/null

$(VENV)/.installed-package: pyproject.toml | $(VENV)/bin/python
	$(PIP) install -e '.[package]'
	touch $@ $(VENV)/.installed-run

# The frozen build (PyInstaller, see packaging/README.md): dist/union-kiosk/ and,
# on Debian/Ubuntu, dist/union-kiosk_<version>_<arch>.deb.  Trimming Qt's ICU
# data needs a C compiler (cc) and strip (binutils); without them the build is larger.
package: $(VENV)/.installed-package
	$(PY) packaging/build.py $(PACKAGE_ARGS)

clean:
	rm -rf build dist .pytest_cache .ruff_cache .mypy_cache
