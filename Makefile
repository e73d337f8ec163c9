# The two commands: `make run` and `make test`.  Both are idempotent.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(PY) -m pip --disable-pip-version-check -q

# Shared libraries Qt's xcb platform (a real window) loads; the offscreen
# platform needs only the first line.
RUN_DEBS := libegl1 libgl1 libglib2.0-0 libfontconfig1 libfreetype6 libdbus-1-3 libxkbcommon0 \
	libxkbcommon-x11-0 libx11-6 libx11-xcb1 libxcb1 libxcb-cursor0 libxcb-glx0 libxcb-icccm4 \
	libxcb-image0 libxcb-keysyms1 libxcb-randr0 libxcb-render0 libxcb-render-util0 libxcb-shape0 \
	libxcb-shm0 libxcb-sync1 libxcb-util1 libxcb-xfixes0 libxcb-xkb1 libxcb-xinerama0
# What the tests use besides: Xvfb for the real-window test, nginx for the content
# feed and the reports (tests/feed starts its own on 127.0.0.1), Chromium to open
# the fleet report, poppler to rasterise the PDF handout.
TEST_DEBS := $(RUN_DEBS) xvfb xauth xdotool nginx-light chromium poppler-utils

.PHONY: run test lint bench system-deps fonts segmenter-dict package clean

run: $(VENV)/.installed-run
	@$(MAKE) --no-print-directory system-deps DEBS="$(RUN_DEBS)"
	$(VENV)/bin/union-kiosk $(ARGS)

# Lint, formatting, types and the layer contracts all fail the build, then the tests.
test: $(VENV)/.installed-test
	@$(MAKE) --no-print-directory system-deps DEBS="$(TEST_DEBS)"
	$(VENV)/bin/ruff check kiosk tests scripts bench
	$(VENV)/bin/ruff format --check kiosk tests scripts bench
	$(VENV)/bin/mypy
	$(VENV)/bin/lint-imports
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest $(PYTEST_ARGS)

lint: $(VENV)/.installed-test
	$(VENV)/bin/ruff check kiosk tests scripts bench
	$(VENV)/bin/ruff format --check kiosk tests scripts bench
	$(VENV)/bin/mypy
	$(VENV)/bin/lint-imports

bench: $(VENV)/.installed-test
	$(PY) bench/run.py $(BENCH_ARGS)
	$(PY) bench/fleet.py

fonts: $(VENV)/.installed-test
	$(PY) scripts/subset_fonts.py

# The word list Chinese lines break by (resources/segmenter/words.txt), pruned from jieba's dictionary.
segmenter-dict: $(VENV)/.installed-test
	$(PY) scripts/build_segmenter_dict.py --report

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed-run: pyproject.toml | $(VENV)/bin/python
	$(PIP) install -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(VENV)/bin/python
	$(PIP) install -e '.[test]'
	touch $@ $(VENV)/.installed-run

# Installs what is missing of $(DEBS), only where we may (root with apt-get);
# elsewhere it says what to install and carries on.
DEBS ?= $(TEST_DEBS)
system-deps:
	@missing=""; for p in $(DEBS); do \
		dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -z "$$missing" ]; then exit 0; fi; \
	if ! command -v apt-get >/dev/null 2>&1; then \
		echo "note: not a Debian system; Qt may need:$$missing"; exit 0; fi; \
	if [ "$$(id -u)" != 0 ]; then \
		echo "note: run as root or: sudo apt-get install$$missing"; exit 0; fi; \
	echo "installing system packages:$$missing"; \
	apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
	case "$$missing" in *nginx*) (service nginx stop || nginx -s quit) >/dev/null 2>&1 || true;; esac

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
