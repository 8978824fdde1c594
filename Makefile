# SEN1-2 Patch Builder: set-up, tests, demo, plugin zip, QGIS with the plugin.
# QGIS, GDAL, rasterio, numpy and Pillow come from Debian, for /usr/bin/python3; the venv sees them
# (--system-site-packages) and adds only pure-Python PyPI parts.

SHELL := /bin/bash
SYSTEM_PYTHON := /usr/bin/python3
VENV := .venv
PY := $(VENV)/bin/python
BUILD := build
DATA := sen12_plugin/data
TS := i18n/sen12_plugin_de.ts
QM := $(TS:.ts=.qm)
CORE_POT := i18n/sen12_core.pot
CORE_PO := i18n/sen12_core_de.po
PY_SOURCES := $(shell find sen12_plugin -name '*.py' -not -path '*/data/*' | sort)
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
APT_PACKAGES := qgis python3-qgis qgis-providers python3-rasterio python3-gdal python3-numpy python3-scipy \
	python3-pil python3-venv python3-pip gdal-bin xvfb xauth pyqt5-dev-tools qttools5-dev-tools gettext
export QT_QPA_PLATFORM ?= offscreen
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: setup system venv data test test-compat compat-system demo zip run lint bench bench-scale clean screenshots \
	translations bench-download ee-smoke screenshot-plan screenshots-dock screenshots-labels

setup: system venv data $(QM)

# Debian packages, installed only when missing (needs root or sudo).
system:
	@if ! $(SYSTEM_PYTHON) -c "import qgis.core, rasterio, PIL, scipy.ndimage" 2>/dev/null \
	   || ! command -v xvfb-run >/dev/null || ! command -v lrelease >/dev/null || ! command -v pylupdate5 >/dev/null; then \
	  $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends $(APT_PACKAGES); \
	fi
	@# npm fetches the land mask; a machine with Node.js from elsewhere already has it (Debian's npm would conflict).
	@command -v npm >/dev/null || { $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq npm; }

$(VENV)/.installed: requirements-dev.txt
	$(SYSTEM_PYTHON) -m venv --system-site-packages $(VENV)
	$(PY) -m pip install -q -r requirements-dev.txt
	touch $@

venv: system $(VENV)/.installed

# Mask data, fetched at build time from the registries (never committed):
# Natural Earth 1:50m land (npm world-atlas) and Natural Earth cities (PyPI geopandas 0.14.4).
data: $(DATA)/land-50m.json $(DATA)/naturalearth_cities/naturalearth_cities.shp

$(DATA)/land-50m.json:
	mkdir -p $(BUILD)/npm $(DATA)
	cd $(BUILD)/npm && npm pack --silent world-atlas@2.0.2 >/dev/null
	tar -xzf $(BUILD)/npm/world-atlas-2.0.2.tgz -C $(BUILD)/npm package/land-50m.json package/LICENSE
	cp $(BUILD)/npm/package/land-50m.json $@

$(DATA)/naturalearth_cities/naturalearth_cities.shp:
	mkdir -p $(BUILD)/pypi $(DATA)
	$(SYSTEM_PYTHON) -m pip download -q --no-deps --only-binary :all: -d $(BUILD)/pypi geopandas==0.14.4
	cd $(BUILD)/pypi && $(SYSTEM_PYTHON) -m zipfile -e geopandas-0.14.4-py3-none-any.whl unpacked
	rm -rf $(DATA)/naturalearth_cities
	cp -r $(BUILD)/pypi/unpacked/geopandas/datasets/naturalearth_cities $(DATA)/

# Translations: `make translations` refreshes the .ts from the code (Qt Linguist's pylupdate5) and
# fills the German strings it knows; lrelease compiles the .qm at set-up (not committed).
translations:
	pylupdate5 -noobsolete $(PY_SOURCES) -ts $(TS)
	$(SYSTEM_PYTHON) scripts/translate_de.py $(TS)
	@# The core's sentences: gettext (xgettext finds _(), N_(), ngettext()); new ones are translated in the .po.
	xgettext --language=Python --keyword=_ --keyword=N_ --keyword=ngettext:1,2 --from-code=UTF-8 \
	  --add-location=file --sort-by-file --package-name=sen12_plugin --msgid-bugs-address= -o $(CORE_POT) \
	  $(shell find sen12_plugin/core -name '*.py' | sort)
	sed -i -e 's/^#, python-format, python-brace-format/#, python-brace-format/' -e 's/charset=CHARSET/charset=UTF-8/' $(CORE_POT)
	msgmerge --quiet --update --backup=none --no-fuzzy-matching --no-wrap $(CORE_PO) $(CORE_POT)
	msgattrib --no-obsolete --no-wrap -o $(CORE_PO) $(CORE_PO)
	sed -i -e 's/^#, python-format, python-brace-format/#, python-brace-format/' $(CORE_PO)
	msgfmt --check -o /dev/null $(CORE_PO)

$(QM): $(TS)
	lrelease -silent $(TS) -qm $(QM)

test: setup
	$(PY) -m pytest tests -q

# The Python matrix: the core's unit tests on CPython 3.9 (QGIS 3.22-3.32 on Windows), 3.12 and 3.13
# (pyenv interpreters), each with Debian's GDAL (bindings and rasterio 1.4 built against libgdal-dev)
# and with PyPI's rasterio 1.4 wheel. Venvs are cached under build/compat/ and rebuilt only when
# their recipe changes. `make test-compat COMPAT_PYTHONS=3.9` runs one interpreter.
COMPAT_PYTHONS ?= 3.9 3.12 3.13

compat-system:
	@if ! command -v gdal-config >/dev/null || ! command -v g++ >/dev/null; then \
	  $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends libgdal-dev g++ gcc; \
	fi

test-compat: system data compat-system
	$(SYSTEM_PYTHON) scripts/compat_matrix.py $(foreach v,$(COMPAT_PYTHONS),--python $(v))

demo: setup
	$(PY) scripts/demo.py

bench: setup
	$(PY) scripts/bench.py $(if $(SIZE),--size $(SIZE)) $(if $(SIZES),--sizes $(SIZES)) $(if $(REPEATS),--repeats $(REPEATS)) $(if $(PAIRS),--pairs $(PAIRS))

# The index side at SEN1-2 size (282,384 rows): add-a-scene cost and whole-dataset steps.
bench-scale: setup
	$(PY) scripts/bench_scale.py $(if $(PAIRS),--pairs $(PAIRS))

# Download speed against the fake Earth Engine's latency model (see scripts/bench_download.py):
# prints time / ideal for one ROI pair and for 20 pairs, writes build/bench_download.json.
bench-download: venv
	$(PY) scripts/bench_download.py

# The only live check, for a person with credentials: one 256 px tile of each sensor from the
# real Earth Engine. make ee-smoke EE_PROJECT=<cloud project> [EE_KEY=<service-account key.json>]
ee-smoke: venv
	@test -n "$(EE_PROJECT)" || { echo "Usage: make ee-smoke EE_PROJECT=<cloud project> [EE_KEY=<key.json>]"; exit 2; }
	$(PY) scripts/ee_smoke.py --project "$(EE_PROJECT)" $(if $(EE_KEY),--key "$(EE_KEY)")

# An installable plugin zip (Plugins > Install from ZIP) with earthengine-api and its pure-Python
# dependencies bundled by qgis-plugin-dev-tools.
zip: setup
	rm -rf dist
	PYTHONPATH=$(CURDIR) $(VENV)/bin/qgis-plugin-dev-tools build
	@ls -l dist/*.zip

# QGIS desktop with the plugin enabled, in a throw-away profile.
run: setup
	profile=$$(mktemp -d) && mkdir -p $$profile/profiles/default/python/plugins $$profile/profiles/default/QGIS && \
	ln -s $(CURDIR)/sen12_plugin $$profile/profiles/default/python/plugins/sen12_plugin && \
	printf '[PythonPlugins]\nsen12_plugin=true\n' > $$profile/profiles/default/QGIS/QGIS3.ini && \
	QT_QPA_PLATFORM= PYTHONPATH=$(CURDIR) qgis --profiles-path $$profile --noversioncheck; rm -rf $$profile

lint: venv
	$(VENV)/bin/ruff check sen12_plugin tests scripts
	$(SYSTEM_PYTHON) scripts/lint_qt6.py sen12_plugin
	$(SYSTEM_PYTHON) scripts/lint_py39.py sen12_plugin

clean:
	rm -rf $(BUILD) dist $(DATA) $(VENV)

# Screenshots of real QGIS desktop (under xvfb-run) with the plugin and the demo's outputs; QGIS'
# Python gets the venv's pure-Python parts (earthengine-api), as the plugin zip bundles them.
SITE_PACKAGES = $(shell $(PY) -c "import sysconfig; print(sysconfig.get_paths()['purelib'])" 2>/dev/null)
QGIS_SHOT = profile=$$(mktemp -d) && mkdir -p $$profile/profiles/default/python/plugins $$profile/profiles/default/QGIS && \
	ln -s $(CURDIR)/sen12_plugin $$profile/profiles/default/python/plugins/sen12_plugin && \
	printf '[PythonPlugins]\nsen12_plugin=true\n[qgis]\ncheckVersion=false\n' > $$profile/profiles/default/QGIS/QGIS3.ini && \
	SEN12_ROOT=$(CURDIR) PYTHONPATH=$(SITE_PACKAGES) QT_QPA_PLATFORM= timeout 180 xvfb-run -a -s "-screen 0 1400x900x24" \
	  qgis.bin --profiles-path $$profile --nologo --noversioncheck --code

screenshots: demo screenshot-plan
	$(QGIS_SHOT) scripts/screenshot.py; rm -rf $$profile
	$(QGIS_SHOT) scripts/screenshot_labels.py; rm -rf $$profile
	@ls -l docs/*.png

# Labels through the dock (issue 21): the demo's own scenes and traced labels extracted from the
# dock, a scene with its styled label layer and review mode with the label patch.
screenshots-labels: demo
	$(QGIS_SHOT) scripts/screenshot_labels.py; rm -rf $$profile
	@ls -l docs/screenshot_labels.png docs/screenshot_review_labels.png

# The dock's plan and cost before a download, against the fake Earth Engine (needs no demo).
# The dock as an analyst meets it (issue 23): a download running, a drawn ROI on a web map, the
# German dock (a second run in a German profile), and the own scenes' pairing table with its scene
# numbers and the publish message (a third run).
screenshots-dock: venv
	$(QGIS_SHOT) scripts/screenshot_dock.py; rm -rf $$profile
	$(subst checkVersion=false\n,checkVersion=false\n[locale]\nuserLocale=de_DE\noverrideFlag=true\n,$(QGIS_SHOT)) \
	  scripts/screenshot_dock.py; rm -rf $$profile
	export SEN12_DOCK_SHOT=own; $(QGIS_SHOT) scripts/screenshot_dock.py; rm -rf $$profile

screenshot-plan: venv
	$(QGIS_SHOT) scripts/screenshot_plan.py; rm -rf $$profile
	@ls -l docs/screenshot_plan.png
